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
    let writtenForms: [String]
  }

  /// Every phrase trie (quoted phrases and word lists) in the layout the matcher reads.
  struct PhraseTable: Sendable {
    /// Per lexicon id, a bit set over tries: the tries with the word as a single-word phrase
    /// (for `[@list]` tests), bit `trie` of the `stride` words starting at `id * stride`.
    ///
    /// A row per word rather than per trie: a token is asked about many tries in a row, and
    /// their answers then share a cache line (rows per trie, as long as the lexicon, made
    /// each question a cache miss: a fifth of the machine's time).
    let singleWords: [UInt64]
    /// The words (of 64 bits) of one lexicon id's row in `singleWords` and `firstWords`.
    let stride: Int
    /// Per lexicon id, a bit set over the tries with a phrase that starts with the word (laid
    /// out like `singleWords`): whether a phrase may start on a token, without walking the
    /// trie.
    let firstWords: [UInt64]
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

  /// What marks the tokens where a phase's rules may start, and the word requirements a token
  /// meets: looked up once per token when a matcher is made.
  struct StartKeys: Sendable {
    /// Per lexicon id, what a token of that word keys (`WordKeys`).
    let words: [WordKeys]
    /// Per token kind (`TokenKind.index`): a bit per phase in which some rule may start on it.
    let kindPhases: [UInt64]
  }

  /// What one lexicon word keys: both read for the same token, so kept side by side (in two
  /// arrays as long as the lexicon, each read was a cache miss of its own).
  struct WordKeys: Sendable {
    /// A bit per phase (`Phase.bit`) in which some rule may start on the word.
    var phases: UInt64 = 0
    /// A bit per word requirement (`Phase.requirementWordBits`) the word meets.
    var requirements: UInt64 = 0
  }
}
