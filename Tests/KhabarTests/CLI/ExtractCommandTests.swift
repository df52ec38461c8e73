import Foundation
import Testing

@testable import Khabar

/// The `khabar extract` binary, end to end.
@Suite struct ExtractCommandTests {
  static let seed = "000_e13e31a73540851b"

  @Test func seedFixtureMatchesItsReviewedOutput() throws {
    let result = try runProcess(
      TestPaths.khabar, ["extract", "\(TestPaths.fixtures)/\(Self.seed).txt"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutLines.count == 1)
    let actual = try JSONParser.parse(Array(result.stdout.dropLast()))
    let expectedPath = "\(TestPaths.fixtures)/\(Self.seed).expected.jsonl"
    let expected = try ExpectedFile.record(
      from: String(contentsOfFile: expectedPath, encoding: .utf8), file: expectedPath)
    #expect(FixtureRunner.compare(expected: expected, actual: actual) == [])
    // Ids and all: the reviewed file describes exactly the line khabar writes.
    #expect(Array((JSONWriter.string(expected) + "\n").utf8) == Array(result.stdout))
    // Same input, same bytes.
    let again = try runProcess(
      TestPaths.khabar, ["extract", "\(TestPaths.fixtures)/\(Self.seed).txt"])
    #expect(again.stdout == result.stdout)
  }

  @Test func everyInputRecordYieldsOneOutputRecordInOrder() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var jsonl = Data()
    jsonl.append(
      Data(#"{"id": "a", "text": "زار الرئيس طهران", "url": "http://x/1"}"#.utf8 + [0x0A]))
    jsonl.append(Data(#"{"id": "b", "text": "#.utf8 + [0x0A]))
    jsonl.append(Data(#"{"id": "c"}"#.utf8 + [0x0A]))
    jsonl.append(Data(#"{"id": "d", "text": "ab"#.utf8 + [0xFF] + #""}"#.utf8 + [0x0A]))
    jsonl.append(Data("   \n".utf8))
    jsonl.append(Data(#"["not an object"]"#.utf8 + [0x0A]))
    jsonl.append(Data(#"{"id": 7, "text": ""}"#.utf8))  // no final newline
    let path = folder.appendingPathComponent("in.jsonl").path
    try jsonl.write(to: URL(fileURLWithPath: path))

    let result = try runProcess(TestPaths.khabar, ["extract", path])
    #expect(result.status == 1)
    let records = try result.stdoutLines.map { try JSONParser.parse(Array($0.utf8)) }
    #expect(
      records.map { $0["id"]?.stringValue } == [
        "a", "\(path):2", "c", "\(path):4", "\(path):6", "7",
      ])
    #expect(records.map { $0["error"] == nil } == [true, false, false, false, false, true])
    #expect(records[0]["url"] == .string("http://x/1"))
    #expect(
      records[0]["entities"]?.arrayValue?.contains {
        $0["text"] == .string("طهران") && $0["type"] == .string("LOCATION")
      } == true)
    #expect(records[2]["error"]?.stringValue == #"\#(path):3:1: record 'c' has no "text""#)
    #expect(records[3]["error"]?.stringValue == "\(path):4:24: invalid JSON: invalid UTF-8")
    #expect(result.stderr.contains("\(path):2:"))
  }

  @Test func textFilesFoldersAndStandardInput() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "الصين".write(to: folder.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    try Data([0x61, 0xC0, 0x80]).write(to: folder.appendingPathComponent("a.txt"))
    try Data().write(to: folder.appendingPathComponent("c.txt"))
    try "ignored".write(
      to: folder.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
    let result = try runProcess(TestPaths.khabar, ["extract", folder.path])
    #expect(result.status == 1)
    let records = try result.stdoutLines.map { try JSONParser.parse(Array($0.utf8)) }
    #expect(records.map { $0["id"]?.stringValue } == ["a", "b", "c"])
    #expect(records[0]["error"]?.stringValue == "\(folder.path)/a.txt:1:2: invalid UTF-8 at byte 1")
    #expect(records[1]["entities"]?.arrayValue?.first?["canonical"] == .string("China"))
    #expect(records[2]["entities"] == .array([]))

    let piped = try runProcess(
      TestPaths.khabar, ["extract"], input: Data(#"{"id": "s", "text": "وروسيا"}"#.utf8))
    #expect(piped.status == 0)
    let record = try JSONParser.parse(Array(piped.stdout.dropLast()))
    let entity = record["entities"]?.arrayValue?.first
    #expect(entity?["text"] == .string("روسيا"))
    #expect(entity?["start"] == .number("1"))
  }

  @Test func outputFileOption() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out.jsonl").path
    let result = try runProcess(
      TestPaths.khabar, ["extract", "-", "-o", out],
      input: Data(#"{"id": "s", "text": "مصر"}"#.utf8))
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty)
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written.hasPrefix(#"{"entities":[{"attributes":{"id":"EG""#))
    #expect(written.hasSuffix("}\n"))
  }

  @Test func unusableInputsAndDataExitWithStatus2() throws {
    let missing = try runProcess(TestPaths.khabar, ["extract", "/nonexistent/x.jsonl"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "khabar: /nonexistent/x.jsonl: no such file or folder\n")
    // Offsets inside an article are 32-bit: a limit past 1 GiB is refused before anything runs.
    let huge = try runProcess(
      TestPaths.khabar, ["extract", "--max-article-bytes", "4000000000", "-"], input: Data())
    #expect(huge.status == 2)
    #expect(huge.stderr == "khabar: --max-article-bytes must be between 1 and 1073741824\n")

    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "إيران\tCOUNTRY\tIran\nروسيا\tCONTRY\tRussia\nx\n".write(
      to: folder.appendingPathComponent("bad.tsv"), atomically: true, encoding: .utf8)
    let broken = try runProcess(
      TestPaths.khabar, ["extract", "--gazetteers", folder.path, "-"], input: Data())
    #expect(broken.status == 2)
    #expect(broken.stdout.isEmpty)
    #expect(broken.stderr.contains("\(folder.path)/bad.tsv:2:7: error: unknown label 'CONTRY'"))
    #expect(broken.stderr.contains("\(folder.path)/bad.tsv:3:2: error: expected FORMS"))
  }

  @Test func helpExplainsInputsWithAnExample() throws {
    let help = try runProcess(TestPaths.khabar, ["extract", "--help"])
    let text = String(decoding: help.stdout, as: UTF8.self)
    #expect(text.contains("FILE.jsonl"))
    #expect(text.contains("khabar extract news.jsonl -o entities.jsonl"))
  }
}

/// `khabar test` and `khabar inspect`, end to end.
@Suite struct TestAndInspectCommandTests {
  @Test func testCommandPassesOnTheFixturesAndFailsWithADiffWhenDataBreaks() throws {
    let pass = try runProcess(TestPaths.khabar, ["test", TestPaths.fixtures])
    #expect(pass.status == 0, "\(String(decoding: pass.stdout, as: UTF8.self))")
    let out = String(decoding: pass.stdout, as: UTF8.self)
    #expect(out.contains("PASS 000_e13e31a73540851b"))
    #expect(out.hasSuffix("passed, 0 failed\n"))

    // A rule line changed: the officer's rank no longer opens a name chain.
    let rules = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: rules) }
    try FileManager.default.copyItem(
      atPath: "\(TestPaths.rules)/lists", toPath: rules.appendingPathComponent("lists").path)
    for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.rules)
    where name.hasSuffix(".rules") {
      var text = try String(contentsOfFile: "\(TestPaths.rules)/\(name)", encoding: .utf8)
      text = text.replacingOccurrences(
        of: "list ranks-before-any-name = \"اللواء\" | ", with: "list ranks-before-any-name = ")
      try text.write(to: rules.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let fail = try runProcess(
      TestPaths.khabar, ["test", TestPaths.fixtures, "--rules", rules.path])
    #expect(fail.status == 1)
    let diff = String(decoding: fail.stdout, as: UTF8.self)
    #expect(diff.contains("FAIL 000_e13e31a73540851b"))
    // The rank is gone; باقري is still Bagheri, now only through the full name's link.
    #expect(diff.contains("  missing TITLE 'اللواء' [14, 20) → اللواء"))
    #expect(
      diff.contains(
        "  changed PERSON 'باقري' [21, 26) → Mohammad Bagheri: source \"rule:person.after-unambiguous-rank\" → \"link:person\""
      ))
    #expect(diff.contains("label          TP   FP   FN   precision  recall   F1"))
  }

  @Test func inspectPicksARecordByIdAndWritesHTML() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let jsonl = folder.appendingPathComponent("in.jsonl")
    try
      (#"{"id": "a", "text": "زار الرئيس رجب طيب أردوغان طهران"}"# + "\n"
      + #"{"id": "b", "text": "<script>x</script> في القاهرة"}"# + "\n")
      .write(to: jsonl, atomically: true, encoding: .utf8)
    let terminal = try runProcess(TestPaths.khabar, ["inspect", jsonl.path, "--id", "a"])
    let text = String(decoding: terminal.stdout, as: UTF8.self)
    #expect(terminal.status == 0)
    #expect(text.contains("[طهران]LOCATION"))
    #expect(text.contains("(Recep Tayyip Erdoğan, visited, Tehran)"))
    let page = folder.appendingPathComponent("b.html").path
    let html = try runProcess(
      TestPaths.khabar, ["inspect", jsonl.path, "--id", "b", "--html", page])
    #expect(html.status == 0)
    let written = try String(contentsOfFile: page, encoding: .utf8)
    #expect(written.contains("&lt;script&gt;x&lt;/script&gt;"))
    #expect(!written.contains("<script>"))
    let missing = try runProcess(TestPaths.khabar, ["inspect", jsonl.path, "--id", "zzz"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no record with id 'zzz'"))
  }
}

@Suite struct ParallelExtractTests {
  @Test func jobsGiveTheSameBytesInInputOrder() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var lines: [String] = []
    let texts = [
      "زار الرئيس رجب طيب أردوغان طهران", "وقعت مصر والسودان اتفاقية التعاون الدفاعي", "",
      "اللواء محمد باقري",
    ]
    for i in 0..<300 {
      if i % 37 == 5 {
        lines.append(#"{"id": "bad\#(i)", "text": 5}"#)
      } else {
        lines.append(#"{"id": "r\#(i)", "text": "\#(texts[i % texts.count]) \#(i)"}"#)
      }
    }
    let path = folder.appendingPathComponent("many.jsonl").path
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    let one = try runProcess(TestPaths.khabar, ["extract", path, "--jobs", "1"])
    let three = try runProcess(TestPaths.khabar, ["extract", path, "--jobs", "3"])
    #expect(one.status == 1 && three.status == 1)
    #expect(one.stdout == three.stdout)
    let ids = try three.stdoutLines.map {
      try JSONParser.parse(Array($0.utf8))["id"]?.stringValue ?? ""
    }
    #expect(ids.count == 300)
    #expect(ids == (0..<300).map { $0 % 37 == 5 ? "bad\($0)" : "r\($0)" })
    #expect(three.stderr.contains("300 records, 8 errors"))
    let quiet = try runProcess(TestPaths.khabar, ["extract", path, "--jobs", "2", "--quiet"])
    #expect(!quiet.stderr.contains("records"))
  }
}

@Suite struct RecordWarningTests {
  @Test func missingIdsAreAssignedAndDuplicatesWarned() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("w.jsonl").path
    try """
    {"text": "زار الوفد مصر"}
    {"id": "x", "text": "الصين"}
    {"id": "x", "text": "روسيا"}
    {"id": "", "text": "إيران"}

    """.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try runProcess(TestPaths.khabar, ["extract", path, "--jobs", "2"])
    #expect(result.status == 0)
    let records = try result.stdoutLines.map { try JSONParser.parse(Array($0.utf8)) }
    #expect(records.map { $0["id"]?.stringValue } == ["\(path):1", "x", "x", "\(path):4"])
    // An empty id (found by fuzzing) names nothing: it is treated like a missing one.
    #expect(
      records[3]["warnings"]
        == .array([.string(#"\#(path):4: the record's "id" is empty; assigned id '\#(path):4'"#)]))
    #expect(
      records[0]["warnings"]
        == .array([.string(#"\#(path):1: the record has no "id"; assigned id '\#(path):1'"#)]))
    #expect(records[0]["entities"]?.arrayValue?.first?["canonical"] == .string("Egypt"))
    #expect(records[1]["warnings"] == nil)
    #expect(records[2]["warnings"] == .array([.string("duplicate id 'x'")]))
    #expect(result.stderr.contains("warning: duplicate id 'x'"))
    #expect(result.stderr.contains("4 records, 0 errors"))
  }
}

@Suite struct ResumeTests {
  @Test func resumeAfterAKilledRunGivesTheUninterruptedOutput() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    let texts = [
      "زار الرئيس رجب طيب أردوغان طهران", "وقعت مصر والسودان اتفاقية التعاون الدفاعي",
      "اللواء محمد باقري",
    ]
    try (0..<200).map { #"{"id": "r\#($0)", "text": "\#(texts[$0 % 3]) \#($0)"}"# }.joined(
      separator: "\n"
    )
    .write(toFile: input, atomically: true, encoding: .utf8)
    let full = folder.appendingPathComponent("full.jsonl").path
    #expect(
      try runProcess(TestPaths.khabar, ["extract", input, "-o", full, "--quiet"]).status == 0)
    let complete = try Data(contentsOf: URL(fileURLWithPath: full))

    // A run killed in the middle of line 121: 120 whole lines and part of the next.
    let lines = complete.split(separator: 0x0A, omittingEmptySubsequences: false)
    var partial = Data(lines.prefix(120).joined(separator: [0x0A]))
    partial.append(0x0A)
    partial.append(lines[120].prefix(17))
    let resumed = folder.appendingPathComponent("resumed.jsonl").path
    try partial.write(to: URL(fileURLWithPath: resumed))
    let run = try runProcess(
      TestPaths.khabar, ["extract", input, "-o", resumed, "--resume", "--jobs", "2"])
    #expect(run.status == 0)
    #expect(run.stderr.contains("resuming \(resumed): 120 records already written"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: resumed)) == complete)

    // Resuming a finished run adds nothing.
    #expect(
      try runProcess(TestPaths.khabar, ["extract", input, "-o", resumed, "--resume", "--quiet"])
        .status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: resumed)) == complete)
    #expect(try runProcess(TestPaths.khabar, ["extract", input, "--resume"]).status == 2)
  }
}

@Suite struct ArticleSizeLimitTests {
  @Test func overlongArticlesAreRefusedWithoutLosingTheRest() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let big = String(repeating: "زار الرئيس طهران ", count: 2000)  // about 30 KB
    let path = folder.appendingPathComponent("in.jsonl").path
    try
      (#"{"id": "a", "text": "مصر"}"# + "\n" + #"{"id": "big", "text": "\#(big)"}"# + "\n"
      + #"{"id": "c", "text": "روسيا"}"# + "\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
    try big.write(to: folder.appendingPathComponent("big.txt"), atomically: true, encoding: .utf8)
    let result = try runProcess(
      TestPaths.khabar,
      [
        "extract", path, folder.appendingPathComponent("big.txt").path, "--max-article-bytes",
        "1000",
      ])
    #expect(result.status == 1)
    let records = try result.stdoutLines.map { try JSONParser.parse(Array($0.utf8)) }
    #expect(records.map { $0["id"]?.stringValue } == ["a", "\(path):2", "c", "big"])
    #expect(
      records[1]["error"]?.stringValue?.contains(
        "over the limit of 1000 (raise it with --max-article-bytes)") == true)
    #expect(records[3]["error"]?.stringValue?.contains("the article is") == true)
    #expect(records[2]["entities"]?.arrayValue?.first?["canonical"] == .string("Russia"))
    // With room for it, the same article is processed.
    let fine = try runProcess(TestPaths.khabar, ["extract", path, "--quiet"])
    #expect(fine.status == 0)

    // A line longer than the read buffer (1 MiB) streams by without being held, even unended.
    let huge = String(repeating: "ا", count: 1_500_000)
    let hugePath = folder.appendingPathComponent("huge.jsonl").path
    try
      (#"{"id": "h", "text": "\#(huge)"}"# + "\n" + #"{"id": "d", "text": "الصين"}"# + "\n"
      + #"{"id": "tail", "text": "\#(huge)"}"#)
      .write(toFile: hugePath, atomically: true, encoding: .utf8)
    let streamed = try runProcess(
      TestPaths.khabar, ["extract", hugePath, "--max-article-bytes", "1000", "--quiet"])
    let streamedRecords = try streamed.stdoutLines.map { try JSONParser.parse(Array($0.utf8)) }
    #expect(
      streamedRecords.map { $0["id"]?.stringValue } == ["\(hugePath):1", "d", "\(hugePath):3"])
    #expect(
      streamedRecords[0]["error"]?.stringValue
        == "\(hugePath):1:1: the record is 3000023 bytes, over the limit of 1000 (raise it with --max-article-bytes)"
    )
  }
}

@Suite struct ByteOrderMarkTests {
  @Test func aByteOrderMarkBeforeTheFirstRecordIsSkipped() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("bom.jsonl").path
    try Data([0xEF, 0xBB, 0xBF] + Array(#"{"id": "a", "text": "مصر"}"#.utf8) + [0x0A]).write(
      to: URL(fileURLWithPath: path))
    let result = try runProcess(TestPaths.khabar, ["extract", path, "--quiet"])
    #expect(result.status == 0)
    #expect(try JSONParser.parse(Array(result.stdout.dropLast()))["id"] == .string("a"))
  }
}

@Suite struct JobsLimitTests {
  /// `--jobs 100000` on three records once grew to 23.7 GB: a thread and an extractor per job.
  ///
  /// Now the jobs are at most the cores, and under a 1 GB address-space limit (100,000 thread
  /// stacks of 8 MiB would need 800 GB) the run still succeeds.
  @Test func hugeJobCountsAreBoundedByTheCores() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("three.jsonl").path
    try (0..<3).map { #"{"id": "r\#($0)", "text": "زار الرئيس طهران"}"# }.joined(separator: "\n")
      .write(toFile: input, atomically: true, encoding: .utf8)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let result = try runProcess(
      "/bin/sh",
      [
        "-c", #"ulimit -v 1000000 && exec "$0" extract --jobs 100000 "$1""#, TestPaths.khabar,
        input,
      ],
      environment: ["SWIFT_BACKTRACE": "enable=no", "PATH": "/usr/bin:/bin"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutLines.count == 3)
    #expect(
      result.stderr.hasPrefix(
        "khabar: note: --jobs 100000 is more than the \(Wording.count(cores, "core")); using \(cores)\n"
      ))
    #expect(result.stderr.contains(", \(Wording.count(cores, "job")))\n"))
  }
}

/// What a new user tried first (issue 7): inputs, standard input, messages, help.
@Suite struct NewUserTests {
  @Test func foldersSkipReviewedOutputAndHiddenFilesAndExtensionsMatchInAnyCase() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in [
      "a.TXT", "b.ndjson", "c.json", "d.JSONL", "e.expected.jsonl", ".hidden.jsonl", "f.csv",
    ] {
      let content = name.hasSuffix("TXT") ? "مصر" : #"{"id": "\#(name)", "text": "روسيا"}"# + "\n"
      try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let result = try runProcess(TestPaths.khabar, ["extract", folder.path, "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    let ids = try result.stdoutLines.map { try JSONParser.parse(Array($0.utf8))["id"]?.stringValue }
    #expect(ids == ["a", "b.ndjson", "c.json", "d.JSONL"])
    // Named on the command line, a file is read whatever its name.
    let named = try runProcess(
      TestPaths.khabar,
      ["extract", folder.appendingPathComponent("e.expected.jsonl").path, "--quiet"])
    #expect(named.stdoutLines.count == 1)
    // The bundled fixtures: the articles only, not their reviewed output.
    let fixtures = try runProcess(TestPaths.khabar, ["extract", TestPaths.fixtures, "--quiet"])
    #expect(fixtures.status == 0, "\(fixtures.stderr)")
    let articles = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixtures).filter {
      $0.hasSuffix(".txt")
    }
    #expect(fixtures.stdoutLines.count == articles.count)
  }

  @Test func textOnStandardInputIsAnsweredWithHowToPassIt() throws {
    let result = try runProcess(
      TestPaths.khabar, ["extract", "--quiet"], input: Data("زار الرئيس طهران\nثم عاد\n".utf8))
    #expect(result.status == 1)
    let records = try result.stdoutLines.map { try JSONParser.parse(Array($0.utf8)) }
    #expect(records.count == 2)
    let first = try #require(records.first?["error"]?.stringValue)
    #expect(first.hasPrefix("<stdin>:1:1: invalid JSON: unexpected character"))
    #expect(first.contains("standard input is read as JSONL"))
    #expect(first.contains("khabar extract article.txt"))
    #expect(first.contains(#"jq -Rs '{id: "article", text: .}' article.txt | khabar extract"#))
    #expect(records[1]["error"]?.stringValue?.contains("standard input is read as JSONL") == false)
    #expect(result.stderr.contains("khabar: <stdin>:1:1: invalid JSON"))
  }

  @Test func recordErrorsNameLineAndColumn() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("in.jsonl").path
    try """
    {"id": "a", "text": 5}
      [1]
    {"id": {}, "text": "x"}
     {"id": "b"}

    """.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try runProcess(TestPaths.khabar, ["extract", path, "--quiet"])
    let errors = try result.stdoutLines.map {
      try JSONParser.parse(Array($0.utf8))["error"]?.stringValue
    }
    #expect(
      errors == [
        #"\#(path):1:21: record 'a': "text" must be a string, found a number"#,
        "\(path):2:3: expected a JSON object, found an array",
        #"\#(path):3:8: "id" must be a string or a number, found an object"#,
        #"\#(path):4:2: record 'b' has no "text""#,
      ])
  }

  @Test func messagesEscapeControlCharactersAndCountInEnglish() throws {
    let line = #"{"id": "a\u001b[31mX\nY", "text": 5}"#
    let result = try runProcess(
      TestPaths.khabar, ["extract", "--jobs", "1"], input: Data(line.utf8))
    #expect(
      result.stderr.hasPrefix(
        #"khabar: <stdin>:1:\#(35): record 'a\u{1B}[31mX\nY': "text" must be a string, found a number"#
          + "\nkhabar: 1 record, 1 error, "))
    #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B })
    #expect(result.stderr.hasSuffix("MB/s, 1 job)\n"))
    #expect(Wording.count(1, "record") == "1 record")
    #expect(Wording.count(0, "error") == "0 errors")
    #expect(
      Wording.escapingControls("a\u{1B}b\u{85}c\u{2028}d\te") == #"a\u{1B}b\u{85}c\u{2028}d\te"#)
  }

  @Test func versionAndHelp() throws {
    let version = try runProcess(TestPaths.khabar, ["--version"])
    #expect(version.status == 0)
    #expect(String(decoding: version.stdout, as: UTF8.self) == Version.current + "\n")
    let help = try runProcess(
      TestPaths.khabar, ["extract", "--help"], environment: ["COLUMNS": "80"])
    let text = String(decoding: help.stdout, as: UTF8.self)
    // --jobs states its default once (ArgumentParser added a second "(default: 2)").
    let jobs = try #require(text.range(of: "\n  --jobs <n>"))
    let jobsHelp = text[jobs.upperBound...].split(separator: "\n  -", maxSplits: 1).first ?? ""
    #expect(jobsHelp.components(separatedBy: "default").count == 2, "\(jobsHelp)")
    #expect(text.contains("3    the output cannot be opened or written"))
    // Paragraphs are wrapped by ArgumentParser, not by hand: no line is over 80 columns, and a
    // line of a paragraph ends only where the next word would not have fit (ArgumentParser keeps
    // lines under the width).
    for command in ["extract", "eval", "test"] {
      let help = try runProcess(
        TestPaths.khabar, [command, "--help"], environment: ["COLUMNS": "80"])
      let lines = String(decoding: help.stdout, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false)
      for line in lines where !line.hasPrefix("USAGE:") {
        #expect(line.count <= 80, "\(command): \(line)")
      }
      for (line, next) in zip(lines, lines.dropFirst())
      where !line.isEmpty && !next.isEmpty && !line.hasPrefix(" ") && !next.hasPrefix(" ")
        && !line.hasSuffix(":")
      {
        let word = next.split(separator: " ").first?.count ?? 0
        #expect(line.count + 1 + word >= 80, "\(command): ragged break after: \(line)")
      }
    }
  }
}
