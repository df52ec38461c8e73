import Foundation
import Testing

@testable import Khabar

@Suite struct GazetteerFileTests {
  func diagnose(_ text: String) -> [String] {
    var diagnostics: [Diagnostic] = []
    _ = GazetteerFile.parse(text, file: "Gazetteers/x.tsv", source: "x", diagnostics: &diagnostics)
    return diagnostics.map(\.description)
  }

  @Test(arguments: [
    (
      "إيران\tCONTRY\tIran",
      "Gazetteers/x.tsv:1:7: error: unknown label 'CONTRY' (known: COUNTRY, NORP, ORGANIZATION, LOCATION, PERSON, TITLE, EVENT, DOCUMENT, DATE)"
    ),
    (
      "إيران\tCOUNTRY",
      "Gazetteers/x.tsv:1:14: error: expected FORMS<TAB>LABEL<TAB>CANONICAL, found 2 fields"
    ),
    ("إيران |  | ايران\tCOUNTRY\tIran", "Gazetteers/x.tsv:1:8: error: empty form"),
    ("إيران\tCOUNTRY\t ", "Gazetteers/x.tsv:1:15: error: empty canonical name"),
    (
      "الروسي\tNORP\tRussia",
      "Gazetteers/x.tsv:1:19: error: NORP entry needs country=ID or kind=group"
    ),
    (
      "إيران\tCOUNTRY\tIran\tiso=IR",
      "Gazetteers/x.tsv:1:20: error: unknown attribute 'iso' (known: country, form, id, kind, wikidata)"
    ),
    ("إيران\tCOUNTRY\tIran\tid", "Gazetteers/x.tsv:1:20: error: expected key=value, found 'id'"),
    (
      "إيران\tCOUNTRY\tIran\tid=IR\tid=IQ",
      "Gazetteers/x.tsv:1:26: error: attribute 'id' given twice"
    ),
    (
      "# comment\n\nإيران\tCOUNTRY\tIran\tid=", "Gazetteers/x.tsv:3:20: error: empty value for 'id'"
    ),
  ])
  func malformedLinesPointAtTheirPlace(_ line: String, _ message: String) {
    #expect(diagnose(line) == [message])
  }

  /// A people or a group of states is a NORP with kind=group and no country; another kind does
  /// not stand in for the country.
  @Test func aGroupNeedsNoCountry() {
    #expect(diagnose("الأكراد | أكراد\tNORP\tKurds\tkind=group") == [])
    #expect(
      diagnose("الأكراد\tNORP\tKurds\tkind=people") == [
        "Gazetteers/x.tsv:1:19: error: NORP entry needs country=ID or kind=group"
      ])
  }

  /// Lines read as UTF-8 bytes (the fast path) must give what reading them Character by
  /// Character gives: every line of the bundled files and of the malformed cases above.
  @Test func scalarReadingEqualsCharacterReading() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../../Gazetteers").standardized
    var lines: [Substring] = [
      "إيران\tCONTRY\tIran", "إيران\tCOUNTRY", "إيران |  | ايران\tCOUNTRY\tIran",
      "إيران\tCOUNTRY\t ",
      "الروسي\tNORP\tRussia", "إيران\tCOUNTRY\tIran\tiso=IR", "إيران\tCOUNTRY\tIran\tid",
      "إيران\tCOUNTRY\tIran\tid=IR\tid=IQ", "إيران\tCOUNTRY\tIran\tid=", "  # comment", " \t", "",
    ]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
    where name.hasSuffix(".tsv") {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      lines += text.split(separator: "\n", omittingEmptySubsequences: false)
    }
    #expect(lines.count > 2000)
    for line in lines {
      var byScalar: [Diagnostic] = []
      var byCharacter: [Diagnostic] = []
      let bytes = Array(line.utf8)
      let a = bytes.withUnsafeBufferPointer {
        GazetteerFile.parseLine(
          UTF8Line($0, 0..<$0.count), file: "f", source: "s", line: 1, diagnostics: &byScalar)
      }
      let b = GazetteerFile.parseLine(
        line, file: "f", source: "s", line: 1, diagnostics: &byCharacter)
      #expect(a == b, "\(line)")
      #expect(byScalar == byCharacter, "\(line)")
    }
  }

  /// A mark after "|" joins it into another Character: the line is then read Character by
  /// Character, and "|" followed by a mark separates no forms.
  @Test func aMarkAfterTheSeparatorKeepsItInTheForm() {
    var diagnostics: [Diagnostic] = []
    let entries = GazetteerFile.parse(
      "إيران |\u{0651}ايران\tCOUNTRY\tIran\n", file: "f", source: "s", diagnostics: &diagnostics)
    #expect(diagnostics.isEmpty)
    #expect(entries.first?.forms == ["إيران |\u{0651}ايران"])
  }

  @Test func everyProblemOfAFileInOnePass() {
    let text = "إيران\tCOUNTRY\tIran\nx\tPERSN\ty\nروسيا\tCOUNTRY\tRussia\nz\n"
    let found = diagnose(text)
    #expect(found.count == 2)
    #expect(found[0].hasPrefix("Gazetteers/x.tsv:2:3: error: unknown label 'PERSN'"))
    #expect(found[1].hasPrefix("Gazetteers/x.tsv:4:2: error: expected FORMS"))
  }

  @Test func goodLinesParse() {
    var diagnostics: [Diagnostic] = []
    let entries = GazetteerFile.parse(
      "إيران | ايران\tCOUNTRY\tIran\tid=IR\twikidata=Q794\r\n", file: "f", source: "countries",
      diagnostics: &diagnostics)
    #expect(diagnostics.isEmpty)
    #expect(entries.count == 1)
    #expect(entries.first?.forms == ["إيران", "ايران"])
    #expect(entries.first?.attribute("wikidata") == "Q794")
    #expect(entries.first?.line == 1)
  }

  @Test func conflictingCanonicalNamesAreAnError() throws {
    var diagnostics: [Diagnostic] = []
    let entries = GazetteerFile.parse(
      "جورجيا\tCOUNTRY\tGeorgia\tid=GE\nجورجيا\tCOUNTRY\tGeorgia (US state)\tid=US-GA\n",
      file: "g.tsv", source: "g",
      diagnostics: &diagnostics)
    #expect(throws: DataFileError.self) { try Gazetteer(entries: entries) }
    do {
      _ = try Gazetteer(entries: entries)
    } catch {
      #expect(
        error.description == "g.tsv:2:1: error: form 'جورجيا' is also COUNTRY 'Georgia' at g.tsv:1")
    }
  }

  @Test func unknownCountryReferenceIsAnError() {
    var diagnostics: [Diagnostic] = []
    let entries = GazetteerFile.parse(
      "الروسي\tNORP\tRussia\tcountry=RU\n", file: "n.tsv", source: "n", diagnostics: &diagnostics)
    #expect(throws: DataFileError.self) { try Gazetteer(entries: entries) }
  }

  @Test func aBrokenFolderNeverHalfLoads() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "khabar-gaz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "إيران\tCOUNTRY\tIran\tid=IR\n".write(
      to: folder.appendingPathComponent("a.tsv"), atomically: true, encoding: .utf8)
    var bad = Array("روسيا\tCOUNTRY\tRussia\n".utf8)
    bad += [0x78, 0xFF, 0x0A]
    try Data(bad).write(to: folder.appendingPathComponent("b.tsv"))
    do {
      _ = try GazetteerLoader.load(directory: folder.path)
      Issue.record("a folder with an invalid file loaded")
    } catch {
      #expect(error.diagnostics.count == 1)
      #expect(
        error.diagnostics.first?.description
          == "\(folder.path)/b.tsv:2:2: error: invalid UTF-8 (byte 27)")
    }
  }
}
