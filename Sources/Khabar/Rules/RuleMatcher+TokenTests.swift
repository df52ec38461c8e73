/// Token tests (`[word !clitic @list …]`): whether one token passes a compiled test.
extension RuleMatcher {
  /// Whether the token at `position` passes test `test`.
  ///
  /// Answered from `testMemo` when the same test was last asked at the same token in the same
  /// pass over the phase: the start filters and the machine ask again what they asked at the
  /// same start, and the copies of a repetition (`[!PUNCT !PERSON]{0,12}`) share one test.
  ///
  /// A token of a kind the test does not allow is refused first, without the memo: half the
  /// questions end there.
  @inline(__always)
  func passes(_ test: Int, at position: Int, _ entities: EntityIndex) -> Bool {
    guard rules.tests.masks[test].kinds & (1 << UInt8(text.tokens[position].kind.index)) != 0
    else { return false }
    let memo = testMemo
    guard memo.generation != 0 else { return evaluate(test, at: position, entities) }
    let tag = memo.generation << 32 | UInt64(position) << 1
    let entry = memo.entries[test]
    if entry & ~1 == tag { return entry & 1 != 0 }
    let result = evaluate(test, at: position, entities)
    memo.entries[test] = tag | (result ? 1 : 0)
    return result
  }

  /// Per test, its last answer (`passes`): the pass's generation, the token and the answer
  /// in one word, so that a new pass (other entities) forgets every answer at once.
  ///
  /// A class with a raw buffer: read for every token test of every rule.
  final class TestMemo {
    /// 0 while no pass uses the memo (`Mode.reference`: every test evaluated).
    private(set) var generation: UInt64 = 0
    private(set) var entries: UnsafeMutablePointer<UInt64>
    private var count = 0

    init() { entries = .allocate(capacity: 0) }

    deinit { entries.deallocate() }

    /// Starts a pass over one phase's entities with `tests` tests: earlier answers no longer
    /// count.
    func begin(tests: Int) {
      if count < tests {
        entries.deallocate()
        entries = .allocate(capacity: tests)
        entries.initialize(repeating: 0, count: tests)
        count = tests
      }
      generation += 1
    }
  }

  /// Whether the token at `position` passes test `test`, evaluated.
  private func evaluate(_ test: Int, at position: Int, _ entities: EntityIndex) -> Bool {
    let token = text.tokens[position]
    let masks = rules.tests.masks[test]
    let inside = entities.inside(position)
    let hasClitic = clitic[position] > 0
    guard masks.kinds & (1 << UInt8(token.kind.index)) != 0, inside & masks.insideForbidden == 0,
      inside & masks.insideRequired == masks.insideRequired, !(masks.cliticRequired && !hasClitic),
      !(masks.cliticForbidden && hasClitic)
    else { return false }
    for c in Int(rules.tests.starts[test])..<Int(rules.tests.starts[test + 1]) {
      let (negated, condition) = rules.tests.conditions[c]
      let holds: Bool
      switch condition {
      case .kind(let kind): holds = token.kind == kind
      case .anyToken: holds = true
      case .word(let id): holds = whole[position] == id || stem[position] == id
      case .list(let index):
        holds =
          rules.phrases.singles.contains(whole[position], trie: index)
          || rules.phrases.singles.contains(stem[position], trie: index)
      case .prefix(let affix):
        holds = matchesAffix(position, rules.tests.affixes[affix], prefix: true)
      case .suffix(let affix):
        holds = matchesAffix(position, rules.tests.affixes[affix], prefix: false)
      case .written(let form): holds = writtenForm(at: position) == form
      case .clitic: holds = clitic[position] > 0
      case .proclitic(let affix):
        holds = proclitics(at: position, entities) == rules.tests.affixes[affix][...]
      case .inside(let label): holds = inside & (1 << UInt16(label.precedence)) != 0
      }
      if holds == negated { return false }
    }
    return true
  }

  /// The index in `RuleSet.TestTable.writtenForms` of the form the stem of the token at `position`
  /// reads as in display form (`DisplayForm`), or -1.
  ///
  /// Computed once per token: the original text is read and its display form built only the first
  /// time a rule asks. A plain text (`DisplayForm.isPlain`, nearly every token) is its own
  /// display form and is compared to plain forms by bytes: building the form as a String and
  /// comparing Strings (canonical equivalence, a slow path for Arabic) cost five times more.
  private func writtenForm(at position: Int) -> Int {
    let known = writtenForms[position]
    if known != RuleMatcher.unknownForm { return Int(known) }
    let token = text.tokens[position]
    let units = (Int(token.start) + Int(clitic[position]))..<Int(token.end)
    var found = -1
    if !units.isEmpty {
      let range = text.text.originalRange(of: units)
      let forms = rules.tests.writtenForms
      let plain = text.text.withOriginalUTF8(of: range) { bytes -> Int? in
        guard DisplayForm.isPlain(utf8: bytes) else { return nil }
        for (index, form) in forms.enumerated() {
          if form.isPlain {
            if bytes.count == form.utf8.count && bytes.elementsEqual(form.utf8) { return index }
          } else if String(decoding: bytes, as: UTF8.self) == form.text {
            return index
          }
        }
        return -1
      }
      if let plain {
        found = plain
      } else {
        let shown = text.text.displayForm(ofOriginal: range)
        found = forms.firstIndex { $0.text == shown } ?? -1
      }
    }
    writtenForms[position] = Int32(found)
    return found
  }

  /// The proclitics of the token at `position` (UTF-16 units; empty when none): those before
  /// the entity that starts on it (a gazetteer strips its own: بالأحساء), else those the rule
  /// lexicon stripped.
  private func proclitics(at position: Int, _ entities: EntityIndex) -> ArraySlice<UInt16> {
    let start = Int(text.tokens[position].start)
    let entityStart = Int(entities.entityStart(position))
    let stem = entityStart >= start ? entityStart : start + Int(clitic[position])
    return text.text.units[start..<stem]
  }

  private func matchesAffix(_ position: Int, _ affix: [UInt16], prefix: Bool) -> Bool {
    let token = text.tokens[position]
    let units = text.text.units[(Int(token.start) + Int(clitic[position]))..<Int(token.end)]
    guard units.count > affix.count else { return false }
    return prefix ? units.starts(with: affix) : units.reversed().starts(with: affix.reversed())
  }

}
