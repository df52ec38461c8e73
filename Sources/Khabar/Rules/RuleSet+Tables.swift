extension RuleSet {
  /// The compiled token tests, read per token by `RuleMatcher.passes`.
  struct TestTable: Sendable {
    /// Every test's word, list, affix and written-form conditions in one flat array: test `i`'s
    /// are `conditions[starts[i]..<starts[i + 1]]` (read per token without reference counting).
    let conditions: [(negated: Bool, condition: CompiledTest.Condition)]
    let starts: [Int32]
    /// Per test, its kind, entity and proclitic conditions as masks (not in `conditions`).
    let masks: [TestMasks]
    /// The normalized texts (UTF-16 units) that `prefix=` and `suffix=` conditions name by
    /// index.
    let affixes: [[UInt16]]
    /// The texts that `written=` conditions name by index.
    let writtenForms: [WrittenForm]
  }

  /// The text of a `written=` condition (a display form), with its bytes: a plain token
  /// (`DisplayForm.isPlain`) is compared to a plain form by bytes.
  struct WrittenForm: Sendable {
    let text: String
    let utf8: [UInt8]
    let isPlain: Bool

    init(_ text: String) {
      self.text = text
      utf8 = Array(text.utf8)
      isPlain = utf8.withUnsafeBufferPointer { DisplayForm.isPlain(utf8: $0) }
    }
  }

  /// Every phrase trie (quoted phrases and word lists) in the layout the matcher reads.
  struct PhraseTable: Sendable {
    /// Per trie, its single-word phrases (for `[@list]` tests).
    let singles: TrieWordSets
    /// Per trie, the first words of its phrases: whether a phrase may start on a token, without
    /// walking the trie.
    let firsts: TrieWordSets
    /// Every trie's edges in one table, its nodes numbered across all tries (trie `i`'s root is
    /// `roots[i]`): walking a phrase reads one table instead of copying a trie struct per step.
    let edges: TransitionTable
    let roots: [Int32]
    /// Per node of `edges`: the value of the phrase ending there ("" when it has none), or nil.
    let values: [String?]
    /// Per node of `edges`: whether a phrase ends there.
    let ends: [Bool]
    /// Tries of lists that carry values, for `capture.value`.
    let valued: [Int]
  }

  /// A set of lexicon ids per trie, laid out for the cache: asked per token and trie by the
  /// machine and the start filters.
  ///
  /// Most tries are a rule's quoted phrase, with one first word: their set is that word,
  /// compared. Only the tries of several words (the word lists) get a bit in a row per lexicon
  /// id, a few words wide. (A row of every trie's bits per lexicon id, a trie per quoted phrase
  /// too, took kilobytes per word and megabytes in all: each question was a cache miss.)
  struct TrieWordSets: Sendable {
    /// Per trie: its one word (≥ 0), none (-1), or several: then its bit in `bits` is
    /// `-entry - 2`.
    let entries: [Int32]
    /// A row of `stride` words per lexicon id, with the bits of the tries of several words.
    let bits: [UInt64]
    let stride: Int

    /// The sets `sets` (one per trie, no id repeated) over lexicon ids below `lexiconSize`.
    init(_ sets: [[Int32]], lexiconSize: Int) {
      var entries: [Int32] = []
      entries.reserveCapacity(sets.count)
      var columns = 0
      for set in sets {
        if set.count <= 1 {
          entries.append(set.first ?? -1)
        } else {
          entries.append(Int32(-columns - 2))
          columns += 1
        }
      }
      let stride = (columns + 63) / 64
      var bits = [UInt64](repeating: 0, count: stride * lexiconSize)
      for (set, entry) in zip(sets, entries) where entry <= -2 {
        let column = Int(-entry - 2)
        for id in set { bits.setBit(column, row: Int(id) * stride) }
      }
      self.entries = entries
      self.bits = bits
      self.stride = stride
    }

    /// Whether lexicon id `id` (-1: none) is in trie `trie`'s set.
    @inline(__always)
    func contains(_ id: Int32, trie: Int) -> Bool {
      let entry = entries[trie]
      if entry >= -1 { return entry >= 0 && id == entry }
      return id >= 0 && bits.hasBit(-entry - 2, row: Int(id) * stride)
    }
  }

  /// What marks the tokens where a phase's rules may start, and the word requirements a token
  /// meets: looked up once per token when a matcher is made.
  struct StartKeys: Sendable {
    /// Per row, `stride` words side by side.
    ///
    /// A bit per phase (`Phase.bit`) in which some rule may start on the word, then `banks`
    /// words of a bit per word requirement (`Phase.requirementWordBits`) the word meets. Row 0
    /// is all zeros.
    ///
    /// One row per word: both are read for the same token, and in separate arrays as long as
    /// the lexicon each read was a cache miss of its own.
    let words: [UInt64]
    /// Per lexicon id, its row in `words`: 0 for the words that key no start and meet no
    /// requirement.
    ///
    /// Most lexicon words are such (2,400 of 13,000 have bits): a row per lexicon id made a
    /// table of 420 KB, read at random once per token, whose cache misses were two thirds of the
    /// time spent making a matcher (a perf profile of the corpus). The rows with bits and this
    /// index take 100 KB.
    let rowOf: [UInt16]
    /// Per token kind (`TokenKind.index`): a bit per phase in which some rule may start on it.
    let kindPhases: [UInt64]
    /// How many words of 64 requirement bits each lexicon word has.
    let banks: Int
    /// The words of one row of `words`.
    var stride: Int { 1 + banks }

    /// `perWord` (a row of `stride` words per lexicon id) with its all-zero rows folded into one.
    init(perWord: [UInt64], kindPhases: [UInt64], banks: Int) {
      let stride = 1 + banks
      let count = perWord.count / stride
      var rowOf = [UInt16](repeating: 0, count: count)
      var words = [UInt64](repeating: 0, count: stride)
      for id in 0..<count {
        let row = perWord[(id * stride)..<(id * stride + stride)]
        guard row.contains(where: { $0 != 0 }) else { continue }
        // A lexicon of more than 65,535 words with bits would need wider row numbers.
        precondition(words.count / stride <= Int(UInt16.max))
        rowOf[id] = UInt16(words.count / stride)
        words += row
      }
      self.words = words
      self.rowOf = rowOf
      self.kindPhases = kindPhases
      self.banks = banks
    }

    /// The row of lexicon id `id` (-1: none) in `words`.
    @inline(__always)
    func row(_ id: Int32) -> Int { id >= 0 ? Int(rowOf[Int(id)]) : 0 }
  }
}
