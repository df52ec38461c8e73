import Foundation
import Testing

@testable import Khabar

/// The expected files' layout (one entity and one relation per line, no ids) and the fixture
/// diff that ignores renumbering (issue 8).
@Suite struct ExpectedFileTests {
  /// An entity object as `Entity.json` makes it.
  static func entity(_ id: String, _ type: String, _ start: Int, _ end: Int, _ text: String)
    -> JSONValue
  {
    .object([
      ("id", .string(id)), ("type", .string(type)), ("start", .int(start)), ("end", .int(end)),
      ("text", .string(text)), ("canonical", .string(text)), ("source", .string("test")),
      ("attributes", .object([])),
    ])
  }

  static func relation(_ id: String, _ subject: String, _ object: String, _ triple: [String])
    -> JSONValue
  {
    .object([
      ("id", .string(id)), ("subject", .string(subject)), ("predicate", .string(triple[1])),
      ("object", .string(object)),
      ("triple", .array(triple.map { .string($0) })), ("rule", .string("r")),
      ("evidence", .object([("start", .int(10)), ("end", .int(30))])),
    ])
  }

  static func record(_ entities: [JSONValue], _ relations: [JSONValue]) -> JSONValue {
    .object([
      ("id", .string("a")), ("entities", .array(entities)), ("relations", .array(relations)),
    ])
  }

  /// Whether `new` is `old` with exactly one line added, as `git diff` would show it.
  static func isOneLineAdded(from old: String, to new: String) -> Bool {
    let o = old.split(separator: "\n", omittingEmptySubsequences: false)
    let n = new.split(separator: "\n", omittingEmptySubsequences: false)
    guard n.count == o.count + 1 else { return false }
    return n.indices.contains { i in Array(n[..<i] + n[(i + 1)...]) == o }
  }

  @Test func anEntityInsertedBeforeOthersIsOneUnexpectedEntityAndNoRenumbering() {
    // مصر (T1) and السودان (T2) with a relation between them; then an entity inserted before
    // both makes them T2 and T3.
    let before = Self.record(
      [
        Self.entity("T1", "COUNTRY", 10, 13, "مصر"),
        Self.entity("T2", "COUNTRY", 20, 27, "السودان"),
      ],
      [Self.relation("R1", "T1", "T2", ["Egypt", "signed", "Sudan"])])
    let after = Self.record(
      [
        Self.entity("T1", "LOCATION", 0, 5, "القاهرة"), Self.entity("T2", "COUNTRY", 10, 13, "مصر"),
        Self.entity("T3", "COUNTRY", 20, 27, "السودان"),
      ],
      [Self.relation("R1", "T2", "T3", ["Egypt", "signed", "Sudan"])])
    #expect(
      FixtureRunner.compare(expected: before, actual: after) == [
        "unexpected LOCATION 'القاهرة' [0, 5) → القاهرة"
      ])
    // A moved endpoint is still a difference, named by type and span.
    let moved = Self.record(
      [
        Self.entity("T1", "COUNTRY", 10, 13, "مصر"),
        Self.entity("T2", "COUNTRY", 21, 27, "السودان"),
      ],
      [Self.relation("R1", "T1", "T2", ["Egypt", "signed", "Sudan"])])
    #expect(
      FixtureRunner.compare(expected: before, actual: moved) == [
        "missing COUNTRY 'السودان' [20, 27) → السودان",
        "unexpected COUNTRY 'السودان' [21, 27) → السودان",
        "changed relation (Egypt, signed, Sudan): object COUNTRY [20, 27) → COUNTRY [21, 27)",
      ])
    // The files of the two records differ by one added line.
    #expect(
      Self.isOneLineAdded(from: ExpectedFile.text(for: before), to: ExpectedFile.text(for: after)))
  }

  @Test func updateAfterAnInsertedEntityAddsExactlyOneLineToTheFile() throws {
    // A copy of 010_gulf_summit whose reviewed file lacks its first entity (الرياض, T1, in no
    // relation): the rules now "insert" it before all the others.
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let name = "010_gulf_summit"
    try FileManager.default.copyItem(
      atPath: "\(TestPaths.fixtures)/\(name).txt",
      toPath: folder.appendingPathComponent("\(name).txt").path)
    let reviewed = try String(
      contentsOfFile: "\(TestPaths.fixtures)/\(name).expected.jsonl", encoding: .utf8)
    var lines = reviewed.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[1].hasPrefix(#"{"start":0,"end":6,"type":"LOCATION","text":"الرياض""#))
    lines.remove(at: 1)
    let old = lines.joined(separator: "\n")
    let path = folder.appendingPathComponent("\(name).expected.jsonl").path
    try old.write(toFile: path, atomically: true, encoding: .utf8)

    let extractor = try Extractor(
      gazetteer: TestPaths.bundledGazetteer.get(), rules: TestPaths.bundledRules.get())
    let outcome = try FixtureRunner(extractor: extractor).run(name, in: folder.path)
    #expect(outcome.differences == ["unexpected LOCATION 'الرياض' [0, 6) → Riyadh"])

    try FixtureRunner.update(outcome, in: folder.path)
    let new = try String(contentsOfFile: path, encoding: .utf8)
    #expect(new == reviewed)
    #expect(Self.isOneLineAdded(from: old, to: new))
    #expect(try FixtureRunner(extractor: extractor).run(name, in: folder.path).passed)
  }

  @Test(arguments: FixtureTests.names)
  func everyExpectedFileRoundTripsAndIsTheRecordKhabarWrites(_ name: String) throws {
    let path = "\(TestPaths.fixtures)/\(name).expected.jsonl"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let record = try ExpectedFile.record(from: text, file: path)
    #expect(
      ExpectedFile.text(for: record) == text,
      "\(name): not laid out one entity and relation per line; `khabar test --update` rewrites it")
    // With its ids numbered back, the record is byte for byte the line `khabar extract` writes
    // for the article (what the files held, one line each, before this layout).
    let extractor = try Extractor(
      gazetteer: TestPaths.bundledGazetteer.get(), rules: TestPaths.bundledRules.get())
    extractor.names = try TestPaths.bundledNames.get()
    let outcome = try FixtureRunner(extractor: extractor).run(name, in: TestPaths.fixtures)
    #expect(JSONWriter.string(record) == outcome.actual)
    #expect(outcome.fileIsCurrent)
  }

  @Test func aFileInTheEarlierOneLineLayoutIsReadAndRewritten() throws {
    let record = Self.record(
      [
        Self.entity("T1", "COUNTRY", 10, 13, "مصر"),
        Self.entity("T2", "COUNTRY", 20, 27, "السودان"),
      ],
      [Self.relation("R1", "T1", "T2", ["Egypt", "signed", "Sudan"])])
    let line = JSONWriter.string(record)
    let read = try ExpectedFile.record(from: line + "\n", file: "x.expected.jsonl")
    #expect(JSONWriter.string(read) == line)
    let text = ExpectedFile.text(for: read)
    #expect(text.split(separator: "\n").count == 4)
    #expect(
      JSONWriter.string(try ExpectedFile.record(from: text, file: "x.expected.jsonl")) == line)
    // An error record is one line in both layouts.
    let error = OutputRecord.error(id: "b", message: "no text")
    #expect(ExpectedFile.text(for: error) == JSONWriter.string(error) + "\n")
    #expect(try ExpectedFile.record(from: ExpectedFile.text(for: error), file: "x") == error)
  }

  @Test func problemsAreReportedAtTheirLinesInOnePass() {
    let text = """
      {"id":"a"}
      {"start":0,"end":3,"type":"COUNTRY","text":"مصر"}
      {"subject":{"start":0,"end":3,"type":"COUNTRY"},"predicate":"p","object":{"start":5,"end":9,"type":"COUNTRY"}}
      {"id":"T2","start":5,"end":9,"type":"COUNTRY"}
      not json

      """
    #expect(throws: DataFileError.self) {
      try ExpectedFile.record(from: text, file: "x.expected.jsonl")
    }
    do {
      _ = try ExpectedFile.record(from: text, file: "x.expected.jsonl")
    } catch {
      // A line that is no JSON stops the file there: the others are checked when it parses.
      #expect(error.diagnostics.count == 1)
      #expect(
        error.diagnostics.first?.description.hasPrefix(
          "x.expected.jsonl:5:1: error: invalid JSON: ") == true)
    }
    let valid = text.replacingOccurrences(of: "not json\n", with: "")
    do {
      _ = try ExpectedFile.record(from: valid, file: "x.expected.jsonl")
      Issue.record("expected an error")
    } catch {
      #expect(
        error.diagnostics.map(\.description) == [
          #"x.expected.jsonl:3:1: error: object {"end":9,"start":5,"type":"COUNTRY"} is no entity line of the file (start, end and type)"#,
          "x.expected.jsonl:4:1: error: 'id' on an entity or relation line: ids come from line order",
        ])
    }
  }
}
