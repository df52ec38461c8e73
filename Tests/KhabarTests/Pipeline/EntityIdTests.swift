import Testing

@testable import Khabar

/// Entity ids are T1, T2, … in reading order; the first 1,024 come from a table made once, the
/// rest are formatted: both must give the same sequence.
@Suite struct EntityIdTests {
  @Test func idsRunOnPastTheTable() throws {
    let extractor = try Extractor(gazetteer: TestPaths.bundledGazetteer.get())
    let text = Array(repeating: "زار الوفد مصر", count: 1_100).joined(separator: ". ")
    let ids = extractor.extract(text).entities.map(\.id)
    #expect(ids.count == 1_100)
    let expected = (1...max(ids.count, 1)).map { "T\($0)" }
    #expect(
      ids == expected,
      "first wrong id: \(zip(ids, expected).first { $0 != $1 }.map { "\($0.0) for \($0.1)" } ?? "none")"
    )
  }
}
