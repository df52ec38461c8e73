import Testing

@testable import Khabar

/// An index brought up to date after a phase (`EntityIndex.update`) answers every question as
/// an index built anew from the same entities, whether the phase only added entities or
/// replaced some.
@Suite struct EntityIndexTests {
  static let tokenCount = 12

  static func candidate(_ label: EntityLabel, _ tokens: Range<Int>, unit: Int = 0) -> Candidate {
    Candidate(
      label: label, tokens: tokens, units: (3 * tokens.lowerBound + unit)..<(3 * tokens.upperBound),
      canonical: "", source: "test", attributes: [], priority: 0, order: 0)
  }

  static let first = [
    candidate(.person, 0..<2), candidate(.title, 0..<3), candidate(.location, 5..<6),
  ]

  /// Everything the matcher asks an index, at every token and span.
  static func answers(_ index: EntityIndex) -> [String] {
    var answers: [String] = []
    for t in 0..<tokenCount {
      let ends = EntityLabel.allCases.map { index.end($0, at: t).map(String.init) ?? "-" }
      answers.append(
        "\(t): \(index.startsHere(t)) \(index.inside(t)) \(index.entityStart(t)) \(ends)")
      for end in (t + 1)...tokenCount {
        let spanning = index.entity(spanning: t..<end)
        let first = index.first(spanning: t..<end) { _ in true }
        if spanning != nil || first != nil {
          answers.append(
            "\(t)..<\(end): \(String(describing: spanning)) \(String(describing: first))")
        }
      }
    }
    return answers
  }

  @Test(arguments: [
    // Only added: a nested entity, one at a start already filed, one elsewhere.
    first + [candidate(.norp, 1..<2), candidate(.date, 0..<1), candidate(.event, 7..<10)],
    // Nothing added.
    first,
    // The location replaced by a longer one at the end.
    [first[0], first[1], candidate(.location, 5..<7)],
    // The first entity replaced: the others move up.
    [first[1], first[2], candidate(.person, 0..<3)],
    // Same spans and labels, another UTF-16 start (a proclitic stripped).
    [first[0], first[1], candidate(.location, 5..<6, unit: 1)],
    // Fewer entities than filed.
    [first[1]],
  ])
  func updateAnswersAsANewIndex(_ after: [Candidate]) {
    var index = EntityIndex(Self.first, tokenCount: Self.tokenCount)
    index.update(after)
    #expect(Self.answers(index) == Self.answers(EntityIndex(after, tokenCount: Self.tokenCount)))
  }
}
