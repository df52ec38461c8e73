import Foundation
import Testing

@testable import Khabar

/// `khabar extract --format` and `khabar label-config`, end to end.
@Suite struct ExportCommandTests {
  /// Three records: an article, one that cannot be processed, an id that is no file name.
  static func input(in folder: URL) throws -> String {
    let path = folder.appendingPathComponent("in.jsonl").path
    try """
    {"id": "a", "text": "زار الرئيس رجب طيب أردوغان طهران"}
    {"id": "b", "text": 3}
    {"id": "x/y", "text": "بين إيران وروسيا"}
    {"id": "a", "text": "طهران"}

    """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func defaultFormatIsTheJSONLUnchanged() throws {
    let seed = "\(TestPaths.fixtures)/\(ExtractCommandTests.seed).txt"
    let plain = try runProcess(TestPaths.khabar, ["extract", seed, "--quiet"])
    let jsonl = try runProcess(TestPaths.khabar, ["extract", seed, "--format", "jsonl", "--quiet"])
    #expect(plain.status == 0 && jsonl.status == 0)
    #expect(jsonl.stdout == plain.stdout)
    let expected = try String(
      contentsOfFile: "\(TestPaths.fixtures)/\(ExtractCommandTests.seed).expected.jsonl",
      encoding: .utf8)
    #expect(
      String(decoding: plain.stdout, as: UTF8.self)
        == JSONWriter.string(try ExpectedFile.record(from: expected, file: "seed")) + "\n")
  }

  @Test func conllWritesAnErrorRecordAsComments() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.input(in: folder)
    let result = try runProcess(
      TestPaths.khabar, ["extract", path, "--format", "conll", "--quiet"])
    #expect(result.status == 1)
    let out = String(decoding: result.stdout, as: UTF8.self)
    #expect(out.hasPrefix("# id = a\nزار O\nالرئيس B-TITLE\nرجب B-PERSON\n"))
    #expect(
      out.contains(
        "\n\n# id = b\n# error = \(path):2:21: record 'b': \"text\" must be a string, found a number\n\n# id = x/y\nبين O\nإيران B-COUNTRY\nوروسيا B-COUNTRY\n\n"
      ))
    #expect(result.stderr.contains("\(path):2:21"))
  }

  @Test func labelStudioIsOneJSONListWithAnItemPerRecord() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.input(in: folder)
    let result = try runProcess(
      TestPaths.khabar, ["extract", path, "--format", "label-studio", "--quiet"])
    #expect(result.status == 1)
    let tasks = try #require(try JSONParser.parse(Array(result.stdout)).arrayValue)
    #expect(tasks.map { $0["data"]?["id"]?.stringValue } == ["a", "b", "x/y", "a"])
    #expect(tasks[1]["data"]?["text"] == .string(""))
    #expect(tasks[1]["data"]?["error"]?.stringValue?.hasPrefix("\(path):2:21: ") == true)
    #expect(tasks[1]["predictions"] == .array([]))
    // الرئيس TITLE, the PERSON, طهران LOCATION; visited and holds_title.
    #expect(tasks[0]["predictions"]?.arrayValue?.first?["result"]?.arrayValue?.count == 5)
  }

  @Test func spacyWritesALinePerRecordWithTheErrorInMeta() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.input(in: folder)
    let result = try runProcess(
      TestPaths.khabar, ["extract", path, "--format", "spacy", "--quiet"])
    #expect(result.status == 1)
    let lines = try result.stdoutLines.map { try JSONParser.parse(Array($0.utf8)) }
    #expect(lines.count == 4)
    #expect(lines[1]["meta"]?["error"]?.stringValue?.hasPrefix("\(path):2:21: ") == true)
    #expect(lines[1]["spans"] == .array([]))
    #expect(lines[2]["text"] == .string("بين إيران وروسيا"))
  }

  @Test func bratWritesFilesPerRecordAndAnErrorFile() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.input(in: folder)
    let out = folder.appendingPathComponent("brat").path
    let result = try runProcess(
      TestPaths.khabar, ["extract", path, "--format", "brat", "-o", out, "--quiet"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(path):2:21"))
    #expect(result.stdout.isEmpty)
    let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(
      files == [
        "a.ann", "a.txt", "annotation.conf", "a~2.ann", "a~2.txt", "b.error", "x%2Fy.ann",
        "x%2Fy.txt",
      ])
    let error = try String(contentsOfFile: "\(out)/b.error", encoding: .utf8)
    #expect(error.hasPrefix("\(path):2:21: record 'b'"))
    let ann = try String(contentsOfFile: "\(out)/x%2Fy.ann", encoding: .utf8)
    #expect(ann == "T1\tCOUNTRY 4 9\tإيران\nT2\tCOUNTRY 11 16\tروسيا\n")
    #expect(try String(contentsOfFile: "\(out)/a~2.txt", encoding: .utf8) == "طهران")
  }

  @Test(arguments: [
    (["--format", "xml"], "unknown --format 'xml': expected one of jsonl, conll, brat"),
    (["--format", "conll", "--explain"], "--explain needs --format jsonl"),
    (["--format", "spacy", "-o", "/tmp/x.jsonl", "--resume"], "--resume needs --format jsonl"),
    (["--format", "brat"], "--format brat needs -o DIR"),
  ])
  func unusableFormatOptionsAreRefused(arguments: [String], message: String) throws {
    let seed = "\(TestPaths.fixtures)/\(ExtractCommandTests.seed).txt"
    let result = try runProcess(TestPaths.khabar, ["extract", seed] + arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message))
    #expect(result.stdout.isEmpty)
  }

  /// brat names its .txt files after ids, which are the names of .txt inputs: a folder that
  /// holds an input is refused before anything is written.
  @Test func bratRefusesTheFolderOfAnInput() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let article = folder.appendingPathComponent("a.txt").path
    try "زار الرئيس طهران".write(toFile: article, atomically: true, encoding: .utf8)
    let result = try runProcess(
      TestPaths.khabar, ["extract", article, "--format", "brat", "-o", folder.path + "/."])
    #expect(result.status == 2)
    #expect(result.stderr.contains("the folder holds the input \(article)"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
  }

  /// A second run into a folder of brat files is refused (they would mix: k.txt and k.ann of
  /// the first run beside the second's k.error); `--replace` first removes the files of the
  /// earlier run, `~2` copies included, and leaves other files alone.
  @Test func bratRefusesTheFilesOfAnEarlierRunUnlessReplaced() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = folder.appendingPathComponent("first.jsonl").path
    try """
    {"id": "k", "text": "زار أردوغان طهران"}
    {"id": "a", "text": "طهران"}
    {"id": "a", "text": "طهران"}

    """.write(toFile: first, atomically: true, encoding: .utf8)
    let second = folder.appendingPathComponent("second.jsonl").path
    try "{\"id\": \"k\"}\n".write(toFile: second, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("brat").path
    func files() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    }

    let made = try runProcess(
      TestPaths.khabar, ["extract", first, "--format", "brat", "-o", out, "--quiet"])
    #expect(made.status == 0, "\(made.stderr)")
    let firstFiles = [
      "a.ann", "a.txt", "annotation.conf", "a~2.ann", "a~2.txt", "k.ann", "k.txt",
    ]
    #expect(try files() == firstFiles)
    try "mine".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)

    let refused = try runProcess(
      TestPaths.khabar, ["extract", second, "--format", "brat", "-o", out, "--quiet"])
    #expect(refused.status == 2)
    #expect(
      refused.stderr
        == "khabar: \(out): the folder holds brat files of an earlier run (a.ann); pass --replace to remove them first, or write to another folder\n"
    )
    #expect(try files() == (firstFiles + ["notes.txt"]).sorted())

    let replaced = try runProcess(
      TestPaths.khabar,
      ["extract", second, "--format", "brat", "-o", out, "--replace", "--quiet"])
    #expect(replaced.status == 1)
    #expect(try files() == ["annotation.conf", "k.error", "notes.txt"])
    #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "mine")

    // A folder without .ann or .error files is written into as before.
    let plain = folder.appendingPathComponent("plain").path
    try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: false)
    try "x".write(toFile: plain + "/k.txt", atomically: true, encoding: .utf8)
    let into = try runProcess(
      TestPaths.khabar, ["extract", first, "--format", "brat", "-o", plain, "--quiet"])
    #expect(into.status == 0, "\(into.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: plain).sorted() == firstFiles)
    #expect(
      try String(contentsOfFile: plain + "/k.txt", encoding: .utf8) == "زار أردوغان طهران")

    let notBrat = try runProcess(
      TestPaths.khabar, ["extract", second, "--format", "jsonl", "--replace"])
    #expect(notBrat.status == 2)
    #expect(notBrat.stderr.contains("--replace needs --format brat"))
  }

  /// The README's round trip: `khabar eval` reads a `--format conll` export, its tags being
  /// Khabar's labels, with the identity mapping.
  @Test func evalReadsAConllExport() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    try """
    {"id": "a", "text": "زار الرئيس رجب طيب أردوغان طهران"}

    """.write(toFile: input, atomically: true, encoding: .utf8)
    let export = folder.appendingPathComponent("a.conll").path
    let extracted = try runProcess(
      TestPaths.khabar, ["extract", input, "--format", "conll", "-o", export, "--quiet"])
    #expect(extracted.status == 0, "\(extracted.stderr)")
    let result = try runProcess(TestPaths.khabar, ["eval", export])
    #expect(result.status == 0, "\(result.stderr)")
    let out = String(decoding: result.stdout, as: UTF8.self)
    #expect(
      out.contains(
        "mapping khabar (detected from the corpus's tags LOCATION, PERSON, TITLE): COUNTRY→COUNTRY "
      ))
    // الرئيس TITLE, رجب طيب أردوغان PERSON, طهران LOCATION: found again, the same.
    // The label column as wide as LOCATION, the longest label.
    #expect(out.contains("\nlabel     gold  pred   exact: P "))
    #expect(out.contains("\nLOCATION     1     1        100.0 100.0 100.0"))
    #expect(out.contains("\nmicro        3     3        100.0 100.0 100.0"))
  }

  /// `khabar eval --conll-out` is line for line with the corpus, whether or not the corpus ends
  /// with a blank line (Wojood's files do not).
  @Test(arguments: [false, true])
  func evalConllOutIsLineForLine(trailingBlank: Bool) throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let gold = folder.appendingPathComponent("gold.conll").path
    let text =
      "زار O\nالرئيس O\nطهران B-LOC\n\nوقال O\nمحمد B-PERS\n" + (trailingBlank ? "\n" : "")
    try text.write(toFile: gold, atomically: true, encoding: .utf8)
    let predicted = folder.appendingPathComponent("predicted.conll").path
    let result = try runProcess(
      TestPaths.khabar, ["eval", gold, "--map", "anercorp", "--conll-out", predicted])
    #expect(result.status == 0, "\(result.stderr)")
    let written = try String(contentsOfFile: predicted, encoding: .utf8)
    func tokens(_ s: String) -> [String] {
      s.split(separator: "\n", omittingEmptySubsequences: false).map {
        String($0.split(separator: " ").first ?? "")
      }
    }
    #expect(tokens(written) == tokens(text))
    #expect(written.hasSuffix("\n\n") == trailingBlank)
  }

  @Test func labelConfigPrintsTheConfiguration() throws {
    let result = try runProcess(TestPaths.khabar, ["label-config"])
    #expect(result.status == 0)
    #expect(
      String(decoding: result.stdout, as: UTF8.self) == LabelStudioExport.labelConfiguration())
  }

  /// The list stays one list whatever the batches: a separator before every record but the
  /// run's first, across batches of one record on two threads.
  @Test func labelStudioListAcrossManyBatches() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    try TestPaths.writeVisitRecords(30, to: input)
    let runner = BatchExtractor(
      gazetteer: try TestPaths.bundledGazetteer.get(), rules: try TestPaths.bundledRules.get(),
      jobs: 2, format: .labelStudio, batchRecords: 1, maximumJobs: 2)
    var out = Array(ExportFormat.labelStudio.header.utf8)
    _ = try runner.run(
      reader: ArticleReader(inputs: [.jsonlFile(input)]), write: { out += $0 }, report: { _ in })
    out += Array(ExportFormat.labelStudio.footer.utf8)
    let tasks = try #require(try JSONParser.parse(out).arrayValue)
    #expect(tasks.map { $0["data"]?["id"]?.stringValue } == (0..<30).map { "r\($0)" })
  }
}
