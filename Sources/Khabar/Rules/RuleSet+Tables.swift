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
    /// Per trie, a bit set over lexicon ids of its single-word phrases (for `[@list]` tests):
    /// bit `id` of the `stride` words starting at `trie * stride`.
    let singleWords: [UInt64]
    /// The words (of 64 bits) of one trie's row in `singleWords` and `firstWords`.
    let stride: Int
    /// Per trie, a bit set over lexicon ids of its phrases' first words (laid out like
    /// `singleWords`): whether a phrase may start on a token, without walking the trie.
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
    /// Per lexicon id: a bit per phase (`Phase.bit`) in which some rule may start on that word.
    let wordPhases: [UInt64]
    /// Per token kind (`TokenKind.index`): a bit per phase in which some rule may start on it.
    let kindPhases: [UInt64]
    /// Per lexicon id: a bit per word requirement (`Phase.requirementWordBits`) the word meets.
    let requirementWords: [UInt64]
  }
}
