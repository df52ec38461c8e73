import Foundation
import Testing

@testable import Khabar

/// `khabar fixture add` and the gold fixtures of `khabar test`, run as a user runs them.
@Suite struct FixtureCommandTests {
  @Test func addWritesTheFixtureFromABratPair() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try GoldFixtureTests.bratText.write(
      to: folder.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
    try GoldFixtureTests.bratAnn.write(
      to: folder.appendingPathComponent("x.ann"), atomically: true, encoding: .utf8)
    let gold = folder.appendingPathComponent("gold").path
    let result = try runProcess(
      TestPaths.khabar,
      [
        "fixture", "add", "visit", "--from", folder.appendingPathComponent("x.ann").path, "--into",
        gold,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("x.ann:4: skipped #1"))
    let written = try String(contentsOfFile: gold + "/visit.gold.json", encoding: .utf8)
    #expect(written == GoldFixtureTests.bratGoldFile)
    #expect(
      try String(contentsOfFile: gold + "/visit.txt", encoding: .utf8) == GoldFixtureTests.bratText)
  }

  @Test func aBadAnnotationExitsWithTwoAndWritesNothing() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let ann = folder.appendingPathComponent("x.ann")
    try GoldFixtureTests.bratText.write(
      to: folder.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
    try "T1\tPERSON 0 5;7 9\tx\n".write(to: ann, atomically: true, encoding: .utf8)
    let gold = folder.appendingPathComponent("gold").path
    let result = try runProcess(
      TestPaths.khabar, ["fixture", "add", "visit", "--from", ann.path, "--into", gold])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(ann.path):1:11: error: discontinuous span '0 5;7 9'"))
    #expect(!FileManager.default.fileExists(atPath: gold))
  }

  /// A Label Studio annotation whose result is null: exit 2, the task named, nothing written.
  @Test func anAnnotationWithANullResultExitsWithTwoAndWritesNothing() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let export = folder.appendingPathComponent("e.json")
    try
      #"[{"id": 7, "data": {"text": "زار باريس", "id": "a7"}, "annotations": [{"id": 3, "result": null}]}]"#
      .write(to: export, atomically: true, encoding: .utf8)
    let gold = folder.appendingPathComponent("gold").path
    let result = try runProcess(
      TestPaths.khabar, ["fixture", "add", "v", "--from", export.path, "--into", gold])
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "\(export.path): task 7 (data.id 'a7'), annotation 3: its result is null"))
    #expect(!FileManager.default.fileExists(atPath: gold))
  }

  /// Every problem with the arguments exits 2 and writes nothing, with its reason: a name that is
  /// no file name, --into naming a file, --task with a brat annotation, a --from that is missing.
  @Test func badArgumentsExitWithTwo() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try GoldFixtureTests.bratText.write(
      to: folder.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
    let ann = folder.appendingPathComponent("x.ann").path
    try GoldFixtureTests.bratAnn.write(toFile: ann, atomically: true, encoding: .utf8)
    let gold = folder.appendingPathComponent("gold").path
    for name in ["../escape", "a b/c", "", ".hidden"] {
      let result = try runProcess(
        TestPaths.khabar, ["fixture", "add", name, "--from", ann, "--into", gold])
      #expect(result.status == 2, "\(name)")
      #expect(result.stderr.contains("the name '\(name)' must be a file name"), "\(result.stderr)")
    }
    let file = folder.appendingPathComponent("x.txt").path
    let into = try runProcess(
      TestPaths.khabar, ["fixture", "add", "v", "--from", ann, "--into", file])
    #expect(into.status == 2)
    #expect(into.stderr.contains("\(file): not a folder (--into)"))
    let task = try runProcess(
      TestPaths.khabar, ["fixture", "add", "v", "--from", ann, "--task", "1", "--into", gold])
    #expect(task.status == 2)
    #expect(task.stderr.contains("\(ann): --task chooses a task of a Label Studio export"))
    let missing = folder.appendingPathComponent("y.ann").path
    let absent = try runProcess(
      TestPaths.khabar, ["fixture", "add", "v", "--from", missing, "--into", gold])
    #expect(absent.status == 2)
    #expect(absent.stderr.contains("\(missing): cannot read the brat annotation: no such file"))
    #expect(!FileManager.default.fileExists(atPath: gold))
  }

  /// `--from X.ANN` reads X.ANN and X.TXT as they are spelled.
  @Test func anUpperCaseExtensionIsReadAsItIsSpelled() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try GoldFixtureTests.bratText.write(
      to: folder.appendingPathComponent("X.TXT"), atomically: true, encoding: .utf8)
    let ann = folder.appendingPathComponent("X.ANN").path
    try GoldFixtureTests.bratAnn.write(toFile: ann, atomically: true, encoding: .utf8)
    let gold = folder.appendingPathComponent("gold").path
    let result = try runProcess(
      TestPaths.khabar, ["fixture", "add", "visit", "--from", ann, "--into", gold])
    #expect(result.status == 0, "\(result.stderr)")
    let written = try String(contentsOfFile: gold + "/visit.gold.json", encoding: .utf8)
    #expect(written == GoldFixtureTests.bratGoldFile)
  }

  /// gold_exercise held to F1 1.0 fails on the exercise it misses; with its own threshold it
  /// passes.
  @Test func testScoresGoldFixturesAgainstTheirThreshold() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = TestPaths.fixtures + "/gold/gold_exercise"
    let gold = folder.appendingPathComponent("gold")
    try FileManager.default.createDirectory(at: gold, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: source + ".txt", toPath: gold.appendingPathComponent("gold_exercise.txt").path)
    let json = try String(contentsOfFile: source + ".gold.json", encoding: .utf8)
    try json.write(
      to: gold.appendingPathComponent("gold_exercise.gold.json"), atomically: true, encoding: .utf8)
    let passing = try runProcess(TestPaths.khabar, ["test", folder.path])
    #expect(passing.status == 0, "\(String(decoding: passing.stdout, as: UTF8.self))")
    #expect(passing.stdoutLines.last == "0 passed, 0 failed; gold: 1 passed, 0 failed")
    // No snapshot fixtures: the output starts with the gold fixture, not a blank line.
    #expect(passing.stdoutLines.first?.hasPrefix("PASS gold ") == true, "\(passing.stdoutLines)")

    let strict = json.replacingOccurrences(
      of:
        #", "labels": {"EVENT": 0.0, "LOCATION": 0.8}, "predicates": {"located_in": 0.0, "participates_in": 0.0}"#,
      with: "")
    #expect(strict != json)
    try strict.write(
      to: gold.appendingPathComponent("gold_exercise.gold.json"), atomically: true, encoding: .utf8)
    let failing = try runProcess(TestPaths.khabar, ["test", folder.path])
    #expect(failing.status == 1)
    let lines = failing.stdoutLines
    #expect(
      lines.contains {
        $0.hasPrefix("FAIL gold ")
          && $0.hasSuffix("gold_exercise: entities F1 0.857, relations F1 0.000")
      })
    #expect(lines.contains("  miss  EVENT 'تمرين درع الخليج' [35, 51)"))
    #expect(
      lines.contains(
        "  miss  relation located_in: EVENT 'تمرين درع الخليج' [35, 51) → LOCATION 'المنطقة الشرقية' [65, 80)"
      ))
    #expect(lines.contains("  below the threshold: EVENT F1 0.000 < 1.0"))
    #expect(lines.last == "0 passed, 0 failed; gold: 0 passed, 1 failed")
  }
}
