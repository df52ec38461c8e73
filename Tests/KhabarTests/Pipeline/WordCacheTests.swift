import Foundation
import Testing

@testable import Khabar

/// The word cache (`WordCache`) changes no result: an extractor that answers repeated words
/// from it gives the output of one that looks every token up, and so does one whose cache has
/// a single entry (every other word replaces the last).
@Suite struct WordCacheTests {
  @Test func fixturesGiveTheSameOutputWithAndWithoutTheCache() throws {
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let rules = try TestPaths.bundledRules.get()
    let cached = try Extractor(gazetteer: gazetteer, rules: rules)
    let tiny = try Extractor(gazetteer: gazetteer, rules: rules)
    let reference = try Extractor(gazetteer: gazetteer, rules: rules)
    tiny.wordCache = WordCache(capacity: 1)
    reference.wordCache = nil
    var compared = 0
    // Twice over: the second round reads the words the first left in the cache.
    for _ in 0..<2 {
      for name in try FixtureRunner.fixtureNames(in: TestPaths.fixtures) {
        let text = try String(contentsOfFile: "\(TestPaths.fixtures)/\(name).txt", encoding: .utf8)
        let article = Article(id: name, text: text)
        var lines: [[UInt8]] = []
        for extractor in [cached, tiny, reference] {
          var line: [UInt8] = []
          OutputRecord.writeResultLine(
            for: article, extractor.extract(text), explain: false, into: &line)
          lines.append(line)
        }
        if lines[0] != lines[2] { Issue.record("\(name): the word cache changes the output") }
        if lines[1] != lines[2] { Issue.record("\(name): a one-entry cache changes the output") }
        compared += 1
      }
    }
    #expect(compared > 0)
  }

  /// Words longer than the cache keeps, proclitic readings (with the elided alef put back) and
  /// the same word as a word and inside other tokens.
  @Test func readingsMatchTheUncachedLookUp() throws {
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let rules = try TestPaths.bundledRules.get()
    let cached = try Extractor(gazetteer: gazetteer, rules: rules)
    let reference = try Extractor(gazetteer: gazetteer, rules: rules)
    reference.wordCache = nil
    let text =
      "قال وزير الخارجية السعودي للقوات المسلحة وللمملكة العربية السعودية، وبالمملكة "
      + "والرياض وفالرياض بالرياض لللقوات الأمم المتحدة والاستثمارات 2015 م."
    for _ in 0..<3 {
      let a = cached.nameEvidence(text).candidates
      let b = reference.nameEvidence(text).candidates
      #expect(a.map(\.units) == b.map(\.units))
      #expect(a.map(\.canonical) == b.map(\.canonical))
      #expect(a.map(\.source) == b.map(\.source))
    }
  }
}
