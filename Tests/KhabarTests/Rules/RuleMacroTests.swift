import Foundation
import Testing

@testable import Khabar

/// Named sub-patterns (`define NAME = PATTERN`, used as `%NAME`), continued lines (`\`), and
/// every error of a rule reported in one pass.
@Suite struct RuleMacroTests {
  static let stops: [(String, String)] = [("stops", "قال\nأن\nفي\n")]

  /// The (label, text) of each entity the rules find in `text`.
  static func found(_ rules: String, _ text: String) throws -> [String] {
    let set = try RuleLanguageTests.compile(rules, lists: stops)
    return try Extractor(gazetteer: TestGazetteer.gazetteer(), rules: set).extract(text).entities
      .map {
        "\($0.label.rawValue) \($0.text) \($0.source)"
      }
  }

  @Test func aMacroMatchesWhatItsBodyWrittenOutMatches() throws {
    let inline = """
      list ranks = "اللواء" | "الجنرال"
      rule r
        match rank:@ranks name:([word !@stops] ("بن" [word !@stops])?){1,3}
        emit PERSON name
      """
    let macro = """
      list ranks = "اللواء" | "الجنرال"
      define name-word = [word !@stops]
      define name-chain = (%name-word ("بن" %name-word)?){1,3}
      rule r
        match rank:@ranks name:%name-chain
        emit PERSON name
      """
    let text = "وقال اللواء محمد بن سلمان أن العالم"
    #expect(try RuleMacroTests.found(macro, text) == RuleMacroTests.found(inline, text))
    #expect(try RuleMacroTests.found(macro, text) == ["PERSON محمد بن سلمان rule:r"])
  }

  @Test func aContinuedLineReadsAsOneLine() throws {
    let oneLine = """
      list ranks = "اللواء" | "الجنرال"
      rule r
        match rank:@ranks name:[word !@stops]{1,3}
        emit TITLE rank
        emit PERSON name title=rank
      """
    let continued = """
      list ranks = "اللواء" \\
        | "الجنرال"   # a comment after the backslash
      rule r
        match rank:@ranks \\
          name:[word \\
            !@stops]{1,3}
        emit TITLE rank
        emit PERSON \\
          name title=rank
      """
    let text = "وقال الجنرال سيرغي شويغو أن"
    #expect(try RuleMacroTests.found(continued, text) == RuleMacroTests.found(oneLine, text))
    #expect(try RuleMacroTests.found(continued, text).count == 2)
  }

  @Test func macrosReachLaterFilesNotEarlierOnes() throws {
    let first = "define head = \"وزير\"\nrule a\n  match %head WORD\n  emit TITLE\n"
    let second = "rule b\n  match %head \"الدفاع\"\n  emit TITLE\n"
    _ = try RuleSet.compile(
      files: [("a.rules", first), ("b.rules", second)], lists: [], listDirectory: "lists")
    do {
      _ = try RuleSet.compile(
        files: [("a.rules", second), ("b.rules", first)], lists: [], listDirectory: "lists")
      Issue.record("a macro used before its file was read")
    } catch {
      #expect(
        error.diagnostics.map(\.description) == [
          "a.rules:2:9: error: unknown macro '%head' (define it before its first use)"
        ])
    }
  }

  @Test(arguments: [
    // An unknown macro, and one used before its definition.
    (
      "rule r\n  match %nope WORD\n  emit PERSON",
      ["t.rules:2:9: error: unknown macro '%nope' (define it before its first use)"]
    ),
    (
      "rule r\n  match %later\n  emit PERSON\ndefine later = WORD",
      ["t.rules:2:9: error: unknown macro '%later' (define it before its first use)"]
    ),
    // A cycle: only macros defined before may be used, so a macro can only name itself.
    (
      "define chain = WORD %chain?",
      ["t.rules:1:21: error: '%chain' uses itself (a macro may use only macros defined before it)"]
    ),
    (
      "define a = WORD\ndefine a = NUMBER",
      ["t.rules:2:8: error: '%a' is already defined at t.rules:1"]
    ),
    ("define = WORD", ["t.rules:1:8: error: expected 'define NAME = PATTERN'"]),
    // An error inside a macro body is reported once, at the body, however often it is used;
    // its uses raise nothing more.
    (
      "define name = [word !@stopz] PERSN\nrule r\n  match %name\n  emit PERSON\nrule s\n  match WORD %name\n  emit PERSON",
      [
        "t.rules:1:30: error: unknown label 'PERSN'",
        "t.rules:1:15: error: unknown word list 'stopz'",
      ]
    ),
    // An unknown list in a macro body that no rule uses, and in one used twice.
    ("define unused = @rankz", ["t.rules:1:17: error: unknown word list 'rankz'"]),
    (
      "define r = @rankz\nrule a\n  match %r\n  emit TITLE\nrule b\n  match %r WORD\n  emit TITLE",
      ["t.rules:1:12: error: unknown word list 'rankz'"]
    ),
    // Places on continued lines are those of the original file.
    (
      "define name = [word \\\n    !@stopz] \\\n  PERSN",
      [
        "t.rules:3:3: error: unknown label 'PERSN'",
        "t.rules:1:15: error: unknown word list 'stopz'",
      ]
    ),
    (
      "rule r\n  match WORD \\\n    WORD{3,1}\n  emit PERSON",
      ["t.rules:3:9: error: bad quantifier '{3,1}': minimum above maximum"]
    ),
    ("list a = \"x\" \\\n  | y", ["t.rules:2:5: error: expected a quoted item, found 'y'"]),
    // A line that cannot be read still continues: one message, not one more for the next line.
    (
      "list a = \"x\" | ق \\\n  | \"y\"",
      ["t.rules:1:16: error: unexpected 'ق' (Arabic words go in quotes: \"قال\")"]
    ),
    (
      "rule r\n  match WORD \\ WORD\n  emit PERSON",
      ["t.rules:2:14: error: '\\' continues a line only at its end"]
    ),
    (
      "rule r\n  match WORD \\\n\n  emit PERSON",
      ["t.rules:2:14: error: '\\' continues a line onto a blank line"]
    ),
    (
      "rule r\n  match WORD\n  emit PERSON \\",
      ["t.rules:3:15: error: '\\' continues the last line of the file"]
    ),
  ])
  func macroAndContinuationErrorsNameTheirPlace(_ text: String, _ messages: [String]) {
    #expect(RuleLanguageTests.errors(text, lists: RuleMacroTests.stops) == messages)
  }

  /// A rule with a bad label used to hide its unknown list and its bad emit line.
  @Test func everyErrorOfOneRuleIsReported() {
    let text = """
      rule r
        match rank:@rankz [word !@stops !lemma="x"] PERSN{3,1} name:WORD
        emit PERSON nam
        emit TITEL rank
      """
    #expect(
      RuleLanguageTests.errors(text, lists: RuleMacroTests.stops) == [
        "t.rules:2:36: error: unknown token test 'lemma'",
        "t.rules:2:47: error: unknown label 'PERSN'",
        "t.rules:2:52: error: bad quantifier '{3,1}': minimum above maximum",
        "t.rules:3:15: error: unknown capture 'nam'",
        "t.rules:4:8: error: unknown label 'TITEL'",
        "t.rules:2:14: error: unknown word list 'rankz'",
      ])
  }

  /// Long lines are what macros and `\` are for: every bundled rule file keeps to 120 columns.
  @Test func bundledRuleFileLinesFitIn120Columns() throws {
    let folder = TestPaths.root.appendingPathComponent("Rules")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasSuffix(".rules")
    }.sorted()
    #expect(!names.isEmpty)
    var long: [String] = []
    for name in names {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      where line.unicodeScalars.count > 120 {
        long.append("Rules/\(name):\(i + 1): \(line.unicodeScalars.count) characters")
      }
    }
    #expect(long == [])
  }
}
