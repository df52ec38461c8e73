import Foundation
import Testing

@testable import Khabar

/// Bytes a data file may not hold are reported once, at their place, and cause no follow-on
/// errors.
@Suite struct DataFileHygieneTests {
  /// Writes `rules` as `t.rules` and `lists` as `lists/NAME.txt` (raw bytes) in a new folder.
  static func folder(rules: String, lists: [(String, [UInt8])]) throws -> URL {
    let folder = try TestPaths.temporaryFolder()
    try Data(rules.utf8).write(to: folder.appendingPathComponent("t.rules"))
    let listFolder = folder.appendingPathComponent("lists")
    try FileManager.default.createDirectory(at: listFolder, withIntermediateDirectories: true)
    for (name, bytes) in lists {
      try Data(bytes).write(to: listFolder.appendingPathComponent(name + ".txt"))
    }
    return folder
  }

  static func loadErrors(_ folder: URL) -> [String] {
    do {
      _ = try RuleSet.load(directory: folder.path)
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  /// One bad byte in a list used by many rules was one error for the byte and one "unknown word
  /// list" per use.
  @Test func invalidUTF8InAListIsOneErrorNotOnePerUse() throws {
    var rules = ""
    for i in 1...5 { rules += "rule r\(i)\n  match @ranks WORD\n  emit PERSON\n" }
    let list =
      Array("# ranks\nاللواء\tMajor General\n".utf8) + Array("الع".utf8) + [0xFF]
      + Array("قيد\tColonel\nالعميد\n".utf8)
    let folder = try Self.folder(rules: rules, lists: [("ranks", list)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("lists/ranks.txt").path
    // Line 3, after the three scalars ا ل ع.
    #expect(Self.loadErrors(folder) == ["\(path):3:4: error: invalid UTF-8 (byte 41)"])
  }

  /// Every line with a bad byte is reported, and a bad byte in a rule file does not also show
  /// as a syntax error of its line.
  @Test func everyInvalidLineOnceAndNoSyntaxErrorOnIt() throws {
    let rules =
      Array("rule a\n  match \"قال\" ".utf8) + [0xC3]
      + Array(" WORD\n  emit PERSON\nrule b\n  match @stops\n  emit PERSON\n".utf8)
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(rules).write(to: folder.appendingPathComponent("t.rules"))
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("lists"), withIntermediateDirectories: true)
    try Data([0x80, 0x0A] + Array("في\n".utf8) + [0xE0, 0x80]).write(
      to: folder.appendingPathComponent("lists/stops.txt"))
    let rulePath = folder.appendingPathComponent("t.rules").path
    let listPath = folder.appendingPathComponent("lists/stops.txt").path
    #expect(
      Self.loadErrors(folder) == [
        "\(rulePath):2:15: error: invalid UTF-8 (byte 24)",
        "\(listPath):1:1: error: invalid UTF-8 (byte 0)",
        "\(listPath):3:1: error: invalid UTF-8 (byte 7)",
      ])
  }

  @Test(arguments: [
    (
      "إير\u{0}ان\tCOUNTRY\tIran",
      "Gazetteers/x.tsv:1:4: error: control character U+0000 is not allowed"
    ),
    (
      "إيران | ايران\u{1B}\tCOUNTRY\tIran",
      "Gazetteers/x.tsv:1:14: error: control character U+001B is not allowed"
    ),
    (
      "إيران\tCOUNTRY\tIr\u{7F}an",
      "Gazetteers/x.tsv:1:17: error: control character U+007F is not allowed"
    ),
    (
      "# ok\nإيران\tCOUNTRY\tIran\tid=I\u{85}R",
      "Gazetteers/x.tsv:2:24: error: control character U+0085 is not allowed"
    ),
    (
      "إيران\u{D}ايران\tCOUNTRY\tIran",
      "Gazetteers/x.tsv:1:6: error: control character U+000D is not allowed"
    ),
  ])
  func controlCharactersInAGazetteerAreRefused(_ text: String, _ message: String) {
    var diagnostics: [Diagnostic] = []
    let entries = GazetteerFile.parse(
      text, file: "Gazetteers/x.tsv", source: "x", diagnostics: &diagnostics)
    #expect(entries.isEmpty)
    #expect(diagnostics.map(\.description) == [message])
  }

  /// Every line of a gazetteer file with invalid UTF-8 is reported, and the file's other
  /// problems too, in one pass.
  @Test func everyInvalidLineOfAGazetteerAndItsOtherProblems() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bytes =
      Array("إير".utf8) + [0xFF] + Array("ان\tCONTRY\tIran\nروسيا\tCONTRY\tRussia\nمصر".utf8) + [
        0xC0, 0x80,
      ]
      + Array("\tCOUNTRY\tEgypt\n".utf8)
    try Data(bytes).write(to: folder.appendingPathComponent("x.tsv"))
    let path = folder.appendingPathComponent("x.tsv").path
    var found: [String] = []
    do { _ = try GazetteerLoader.loadEntries(directory: folder.path) } catch {
      found = error.diagnostics.map(\.description)
    }
    #expect(
      found == [
        "\(path):1:4: error: invalid UTF-8 (byte 6)",
        "\(path):3:4: error: invalid UTF-8 (byte 55)",
        "\(path):2:7: error: unknown label 'CONTRY' (known: COUNTRY, NORP, ORGANIZATION, LOCATION, PERSON, TITLE, EVENT, DOCUMENT, DATE)",
      ])
  }

  @Test func controlCharactersInAListAreRefused() {
    let found = RuleLanguageTests.errors(
      "rule r\n  match @stops\n  emit PERSON\n", lists: [("stops", "في\nم\u{0}ن\n")])
    #expect(found == ["lists/stops.txt:2:2: error: control character U+0000 is not allowed"])
  }

  /// TAB separates fields, and CR LF ends lines: neither is refused.
  @Test func tabAndCRLFStayAllowed() {
    var diagnostics: [Diagnostic] = []
    let entries = GazetteerFile.parse(
      "إيران\tCOUNTRY\tIran\r\nروسيا\tCOUNTRY\tRussia\r\n", file: "x", source: "x",
      diagnostics: &diagnostics)
    #expect(entries.count == 2)
    #expect(diagnostics.isEmpty)
  }
}
