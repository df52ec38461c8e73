/// Decides which candidates become entities.
///
/// ## Overlap semantics
///
/// Within a phase, candidates are taken leftmost first, then longest, then by higher rule
/// priority, then by file order. A candidate is dropped when an entity of the same label
/// already overlaps it, or when it crosses (overlaps without nesting) an entity of any label.
/// Entities of different labels may nest: `وزير الدفاع الروسي` is a TITLE holding the NORP
/// `الروسي`. Across phases the same order holds for one label: a later candidate that
/// strictly contains earlier entities of its own label replaces them (`وزير الدفاع` from one
/// rule, `وزير الدفاع الروسي` from a later one), unless that would cross another entity.
enum EntityResolver {
  static func order(_ a: Candidate, _ b: Candidate) -> Bool {
    (a.units.lowerBound, -a.length, -a.priority, a.order) < (b.units.lowerBound, -b.length, -b.priority, b.order)
  }

  /// `accepted` plus what survives of `proposed`. `decide` hears every decision on `proposed`.
  static func resolve(
    accepted: [Candidate], proposed: [Candidate], decide: ((Candidate, Bool, String) -> Void)? = nil
  ) -> [Candidate] {
    var result = accepted
    for candidate in proposed.sorted(by: order) {
      let sameLabel = result.indices.filter { result[$0].label == candidate.label && result[$0].overlaps(candidate) }
      if let twin = sameLabel.first(where: { result[$0].units == candidate.units }) {
        decide?(candidate, false, "same span as \(describe(result[twin]))")
        continue
      }
      let replaceable = !sameLabel.isEmpty && sameLabel.allSatisfy {
        candidate.contains(result[$0]) && candidate.length > result[$0].length && result[$0].source != candidate.source
      }
      if !sameLabel.isEmpty && !replaceable {
        let other = result[sameLabel[0]]
        let why = order(other, candidate) ? "leftmost-longest" : "earlier phase"
        decide?(candidate, false, "overlaps \(describe(other)) (\(why))")
        continue
      }
      let survivors = result.enumerated().filter { !(replaceable && sameLabel.contains($0.offset)) }.map(\.element)
      if let crossing = survivors.first(where: { $0.crosses(candidate) }) {
        decide?(candidate, false, "crosses \(describe(crossing))")
        continue
      }
      if replaceable {
        for i in sameLabel { decide?(result[i], false, "replaced by the longer \(describe(candidate))") }
      }
      result = survivors
      result.append(candidate)
      decide?(candidate, true, sameLabel.isEmpty ? "kept" : "kept (longer than an earlier \(candidate.label.rawValue))")
    }
    return result
  }

  static func describe(_ c: Candidate) -> String { "\(c.label.rawValue) '\(c.canonical)' from \(c.source)" }
}
