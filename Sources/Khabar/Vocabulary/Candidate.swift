/// An entity proposed by a gazetteer or a rule, before overlap resolution.
struct Candidate: Sendable {
  var label: EntityLabel
  /// Token indices, end exclusive.
  var tokens: Range<Int>
  /// Normalized UTF-16 range, proclitics excluded.
  var units: Range<Int>
  var canonical: String
  var source: String
  var attributes: [(String, JSONValue)]
  var priority: Int
  /// Position of the rule among all rules (0 for gazetteers): the last tie-breaker.
  var order: Int
  /// The evidence its rule declared (gazetteer matches are strong).
  var evidence = Evidence.strong
  /// The labels of the entity of exactly its span it takes the place of (its rule's `replaces`),
  /// a bit per label's precedence.
  var replaces: UInt16 = 0

  var length: Int { units.count }

  func overlaps(_ other: Candidate) -> Bool { units.overlaps(other.units) }

  func contains(_ other: Candidate) -> Bool { units.encloses(other.units) }

  /// Overlap without nesting.
  func crosses(_ other: Candidate) -> Bool { units.crosses(other.units) }
}

extension Range where Bound == Int {
  /// Whether `other` lies within this range (an empty range at either end too).
  func encloses(_ other: Range<Int>) -> Bool {
    lowerBound <= other.lowerBound && other.upperBound <= upperBound
  }

  /// Overlap without nesting.
  func crosses(_ other: Range<Int>) -> Bool {
    overlaps(other) && !encloses(other) && !other.encloses(self)
  }
}
