import Foundation
import Testing

@testable import Khabar

/// Rule names are labels in the data, nothing more: how sure a rule is of its matches is
/// declared in its header (`evidence weak`), and the code reads that, never a name.
@Suite struct RuleEvidenceTests {
  @Test(arguments: [
    ("rule r evidence weak\n  match WORD\n  emit PERSON", Evidence.weak),
    ("rule r priority 10 evidence weak\n  match WORD\n  emit PERSON", .weak),
    ("rule r priority 10 evidence strong\n  match WORD\n  emit PERSON", .strong),
    ("rule r priority 10\n  match WORD\n  emit PERSON", .strong),
  ])
  func headerDeclaresEvidence(_ text: String, _ evidence: Evidence) throws {
    let set = try RuleLanguageTests.compile(text)
    #expect(set.phases.flatMap(\.rules).map(\.spec.evidence) == [evidence])
  }

  @Test(arguments: [
    (
      "rule r priority 10 evidence wek\n  match WORD\n  emit PERSON",
      "t.rules:1:29: error: unknown evidence 'wek' (expected 'strong' or 'weak')"
    ),
    (
      "rule r evidence 3\n  match WORD\n  emit PERSON",
      "t.rules:1:17: error: unknown evidence '3' (expected 'strong' or 'weak')"
    ),
    (
      "rule r evidence\n  match WORD\n  emit PERSON",
      "t.rules:1:16: error: expected 'strong' or 'weak' after 'evidence'"
    ),
    (
      "rule r evidence weak priority 3\n  match WORD\n  emit PERSON",
      "t.rules:1:22: error: expected 'rule NAME [priority N] [evidence strong|weak] [replaces LABEL …]'"
    ),
    (
      "relation r evidence weak\n  match PERSON TITLE\n  emit holds_title 1 2",
      "t.rules:1:12: error: expected 'relation NAME [priority N]'"
    ),
  ])
  func badEvidenceIsAnErrorAtItsPlace(_ text: String, _ message: String) {
    #expect(RuleLanguageTests.errors(text).first == message)
  }

  /// A fixture's output with every rule name blanked: `source` of entities, `rule` of
  /// relations (`explain` is off).
  static func withoutRuleNames(_ json: String) -> String {
    json.replacing(/"source":"rule:[^"]*"/, with: "\"source\":\"rule:\"")
      .replacing(/"rule":"[^"]*"/, with: "\"rule\":\"\"")
  }

  /// Regression: PersonLinker named `person.given-family` and `person.after-title` in code, so
  /// renaming them in the data made fixtures 013, 014 and 024 gain `link:person` entities.
  @Test func renamingEveryRuleChangesOnlyTheNamesInTheOutput() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fm = FileManager.default
    try fm.createDirectory(
      at: folder.appendingPathComponent("lists"), withIntermediateDirectories: true)
    for name in try fm.contentsOfDirectory(atPath: "\(TestPaths.rules)/lists")
    where name.hasSuffix(".txt") {
      try fm.copyItem(
        atPath: "\(TestPaths.rules)/lists/\(name)",
        toPath: folder.appendingPathComponent("lists/\(name)").path)
    }
    var renamed = 0
    for name in try fm.contentsOfDirectory(atPath: TestPaths.rules) where name.hasSuffix(".rules") {
      let text = try String(contentsOfFile: "\(TestPaths.rules)/\(name)", encoding: .utf8)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
        line -> Substring in
        for keyword in ["rule ", "relation "] where line.hasPrefix(keyword) {
          renamed += 1
          return Substring(keyword + "x." + line.dropFirst(keyword.count))
        }
        return line
      }
      try lines.joined(separator: "\n").write(
        to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    #expect(renamed > 50)
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let bundled = FixtureRunner(
      extractor: try Extractor(gazetteer: gazetteer, rules: TestPaths.bundledRules.get()))
    let renamedRules = FixtureRunner(
      extractor: try Extractor(gazetteer: gazetteer, rules: RuleSet.load(directory: folder.path)))
    for name in try FixtureRunner.fixtureNames(in: TestPaths.fixtures) {
      let before = try bundled.run(name, in: TestPaths.fixtures).actual
      let after = try renamedRules.run(name, in: TestPaths.fixtures).actual
      #expect(
        after.contains("\"source\":\"rule:x.") == before.contains("\"source\":\"rule:"), "\(name)")
      #expect(
        RuleEvidenceTests.withoutRuleNames(after) == RuleEvidenceTests.withoutRuleNames(before),
        "\(name)")
    }
  }
}
