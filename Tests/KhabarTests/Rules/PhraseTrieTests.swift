import Testing

@testable import Khabar

@Suite struct PhraseTrieTests {
  /// Each first word and each single-word phrase is listed once, in the order first inserted,
  /// however often phrases repeat or share a first word, and a phrase that only begins with
  /// a word does not make it a single.
  @Test func listsFirstAndSingleWordsOnce() {
    var trie = PhraseTrie()
    trie.insert([7, 8], value: nil)
    trie.insert([7], value: "seven")
    trie.insert([7, 9, 10], value: nil)
    trie.insert([7], value: "again")
    trie.insert([5], value: nil)
    trie.insert([5, 7], value: nil)
    trie.insert([3, 7], value: nil)
    trie.insert([5], value: nil)
    #expect(trie.firsts == [7, 5, 3])
    #expect(trie.singles == [7, 5])
    // The first value of a phrase stays (node 1 is the root's child along 7).
    #expect(trie.terminal[1] == "seven")
    #expect(!trie.terminal.contains("again"))
  }

  @Test func anEmptyTrieListsNothing() {
    var trie = PhraseTrie()
    #expect(trie.firsts.isEmpty && trie.singles.isEmpty)
    trie.insert([4, 2], value: nil)
    #expect(trie.firsts == [4])
    #expect(trie.singles.isEmpty)
  }
}
