/// Every match a rule matcher finds, in the order found: what tests compare between the
/// filtered and the reference mode (`RuleMatcher.Mode`).
///
/// A class: one trace collects the matches of every phase of an article, through the matcher
/// that holds it.
final class MatchTrace {
  /// One rule's longest match at one start token.
  struct Match: Hashable, Comparable, CustomStringConvertible {
    /// The phase's name (`RuleSpec.relationPhase` for relation rules).
    var phase: String
    /// The rule's name.
    var rule: String
    /// The rule's place in file order (`RuleSpec.order`).
    var order: Int
    /// The first token of the match (a token index, 0-based).
    var start: Int
    /// The token after the match (a token index, exclusive).
    var end: Int
    /// Per capture of the rule, in slot order: its start and end token (-1: not set).
    var captures: [Int32]
    /// Whether the match may produce something.
    ///
    /// Always for an entity rule; for a relation rule, when both captures of one of its
    /// `emit`s are set. The filtered mode does not run a relation rule where no match could
    /// (`CompiledRule.productiveEntryItems`), so the modes agree on these matches only.
    var mayProduce: Bool

    static func < (a: Match, b: Match) -> Bool {
      (a.phase, a.start, a.order, a.end) < (b.phase, b.start, b.order, b.end)
    }

    var description: String {
      "\(phase) \(rule) tokens \(start)..<\(end) captures \(captures)"
    }
  }

  private(set) var matches: [Match] = []

  func record(phase: String, rule: CompiledRule, start: Int, end: Int, captures: Captures) {
    let slots = 2 * rule.captureNames.count
    func isSet(_ name: String) -> Bool {
      guard let slot = rule.slot(name) else { return false }
      return captures[2 * slot] >= 0 && captures[2 * slot + 1] > captures[2 * slot]
    }
    let mayProduce =
      !rule.spec.isRelation
      || rule.spec.relations.contains { isSet($0.subject) && isSet($0.object) }
    matches.append(
      Match(
        phase: phase, rule: rule.spec.name, order: rule.spec.order, start: start, end: end,
        captures: (0..<slots).map { captures[$0] }, mayProduce: mayProduce))
  }
}
