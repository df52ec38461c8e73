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

@Suite struct TrieWordSetsTests {
  /// Every id of every set is found in its trie and in no other, whether the set is one word
  /// (compared) or several (bits, past the first 64 such sets), and -1 is in none.
  @Test func answersAsTheSetsDo() {
    let lexiconSize = 300
    var sets: [[Int32]] = [[], [5], [0]]
    for k in 0..<70 { sets.append([Int32(k), Int32(k + 100), Int32(299 - k)]) }
    sets.append([7])
    sets.append([])
    let words = RuleSet.TrieWordSets(sets, lexiconSize: lexiconSize)
    #expect(words.stride == 2)
    for (trie, set) in sets.enumerated() {
      for id in Int32(-1)..<Int32(lexiconSize) {
        #expect(words.contains(id, trie: trie) == set.contains(id), "trie \(trie), id \(id)")
      }
    }
  }

  @Test func noTriesNoBits() {
    let words = RuleSet.TrieWordSets([], lexiconSize: 10)
    #expect(words.bits.isEmpty && words.entries.isEmpty)
  }
}
