import Foundation
import Testing

@testable import Khabar

@Suite struct ArticleViewTests {
  static func view(_ text: String, id: String = "a") throws -> ArticleView {
    let extraction = try BundledRulesTests.extractor().extract(text)
    return ArticleView(id: id, text: text, extraction: extraction)
  }

  @Test func htmlIsRightToLeftAndEscapesTheArticle() throws {
    let text = "زار الرئيس رجب طيب أردوغان طهران <script>alert(\"x\")</script> & \"قال\""
    let html = try ArticleViewTests.view(text, id: "<b>id</b>").html()
    #expect(html.contains("<html lang=\"ar\" dir=\"rtl\">"))
    #expect(!html.contains("<script>"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;قال&quot;"))
    #expect(html.contains("&lt;b&gt;id&lt;/b&gt;"))
    #expect(!html.contains("http://") && !html.contains("https://"))
    // Entities are marks with their label; nested ones inside their parents.
    #expect(html.contains("<mark class=\"LOCATION\""))
    #expect(html.contains("<sup>PERSON</sup></mark>"))
    // Relations with their evidence highlighted.
    #expect(html.contains("<span class=\"triple\">(Recep Tayyip Erdoğan, visited, Tehran)</span>"))
    #expect(html.contains("<blockquote>"))
  }

  @Test func terminalMarksEntitiesWithBracketsWithoutColor() throws {
    let out = try ArticleViewTests.view("وقال وزير الدفاع الروسي سيرغي شويغو إن").terminal(color: false)
    #expect(out.contains("[وزير الدفاع [الروسي]NORP]TITLE [سيرغي شويغو]PERSON"))
    #expect(!out.contains("\u{1B}["))
    #expect(out.contains("Relations ("))
    let colored = try ArticleViewTests.view("وقال وزير الدفاع الروسي سيرغي شويغو إن").terminal(color: true)
    #expect(colored.contains("\u{1B}["))
  }

  @Test func markingKeepsEveryCharacter() throws {
    let text = "\u{200F}ایران و٢٠٢٣ 😀 إيـــران"
    let view = try ArticleViewTests.view(text)
    var reader = view.reader()
    let plain = view.marked(reading: &reader, { _, inner in inner }, escape: { $0 })
    #expect(plain == text)
  }

  /// The seed article, `copies` times, a blank line between copies.
  static func seedArticle(copies: Int) throws -> String {
    let seed = try String(
      contentsOf: TestPaths.root.appendingPathComponent("Fixtures/000_e13e31a73540851b.txt"), encoding: .utf8)
    return Array(repeating: seed.trimmingCharacters(in: .newlines), count: copies).joined(separator: "\n\n")
  }

  /// The marked text of a terminal view: between the rule under the id and the entity list.
  static func markedPart(ofTerminal out: String) -> Substring {
    let start = out.range(of: "─\n")?.upperBound ?? out.startIndex
    let end = out.range(of: "\n\nEntities (")?.lowerBound ?? out.endIndex
    return out[start..<end]
  }

  // `inspect` took 37 s on 512 KB of news (0.07 s to extract it): every slice of the text
  // decoded the whole text's scalars again, and every evidence scanned every sentence.
  @Test func renderingReadsTheTextALinearNumberOfTimes() throws {
    let view = try ArticleViewTests.view(try ArticleViewTests.seedArticle(copies: 8))
    #expect(view.extraction.entities.count > 500 && view.extraction.relations.count > 10)
    let size = view.scalars.count
    var reader = view.reader()
    let terminal = view.terminal(color: true, reading: &reader)
    #expect(reader.work <= 2 * (size + terminal.unicodeScalars.count), "terminal read \(reader.work) for \(size) scalars")
    reader = view.reader()
    let html = view.html(reading: &reader)
    #expect(reader.work <= 2 * (size + html.unicodeScalars.count), "html read \(reader.work) for \(size) scalars")
  }

  @Test func aLongArticleIsMarkedAsItsPartsAre() throws {
    let one = try ArticleViewTests.view(try ArticleViewTests.seedArticle(copies: 1))
    let eight = try ArticleViewTests.view(try ArticleViewTests.seedArticle(copies: 8))
    let part = ArticleViewTests.markedPart(ofTerminal: one.terminal(color: false))
    let whole = ArticleViewTests.markedPart(ofTerminal: eight.terminal(color: false))
    #expect(whole == Array(repeating: part, count: 8).joined(separator: "\n\n"))
    #expect(eight.extraction.relations.count >= one.extraction.relations.count)
  }

  /// An article that writes the window title (OSC 0) and the clipboard (OSC 52), with a C1
  /// CSI, NUL, DEL, BEL, backspace and a lone carriage return; the last line ends CR LF.
  static let hostile =
    "زار الرئيس رجب طيب أردوغان طهران \u{1B}]0;pwned\u{07} اليوم\n"
    + "\u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{9B}31m\u{0}\u{7F}\u{8}\rوقال الرئيس\r\n"

  /// Whether `out`, once Khabar's own color codes are taken out, holds any control character
  /// other than a line feed, a tab or a carriage return before a line feed.
  static func controls(in out: String) throws -> [Unicode.Scalar] {
    let plain = Array(out.replacing(try Regex("\u{1B}\\[[0-9;]*m"), with: "").unicodeScalars)
    return plain.indices.compactMap { i in
      let c = plain[i]
      guard c.value < 0x20 || (0x7F...0x9F).contains(c.value) else { return nil }
      if c == "\n" || c == "\t" || (c == "\r" && i + 1 < plain.count && plain[i + 1] == "\n") { return nil }
      return c
    }
  }

  // `inspect` printed the article's escape sequences to the terminal: a news text could set
  // the window title or the clipboard.
  @Test(arguments: [false, true]) func terminalShowsTheArticlesControlCharactersEscaped(color: Bool) throws {
    let view = try ArticleViewTests.view(ArticleViewTests.hostile, id: "a\u{1B}]0;id\u{07}")
    var extraction = view.extraction
    #expect(!extraction.entities.isEmpty && !extraction.relations.isEmpty)
    // Every field of the extraction that the terminal shows, with a control in it.
    extraction.entities[0].id += "\u{1B}[2J"
    extraction.entities[0].canonical += "\u{1B}]0;canonical\u{07}"
    extraction.entities[0].source += "\u{9B}2J"
    extraction.entities[0].text += "\u{1B}c"
    extraction.entities[0].attributes.append(("key\u{1B}", .string("value\u{85}\n")))
    extraction.relations[0].id += "\u{7}"
    extraction.relations[0].subject += "\u{1B}"
    extraction.relations[0].object += "\u{1B}"
    extraction.relations[0].triple[2] += "\u{1B}]52;c;AA==\u{07}"
    extraction.relations[0].rule += "\u{8}"
    let hostile = ArticleView(id: view.id, text: view.text, extraction: extraction)
    let out = hostile.terminal(color: color)
    #expect(try ArticleViewTests.controls(in: out) == [])
    #expect(out.contains("a\\e]0;id\\u{7}\n"))
    #expect(out.contains("\\e]0;pwned\\u{7} "))
    #expect(out.contains("\\e]52;c;cm0gLXJmIH4=\\u{7}\\u{9B}31m\\u{0}\\u{7F}\\u{8}\\rوقال"))
    #expect(out.contains("\\e[2J") && out.contains("\\e]0;canonical\\u{7}") && out.contains("\\u{9B}2J"))
    #expect(out.contains("\\ec") && out.contains("key\\e=value\\u{85}\\n"))
    #expect(out.contains("\\u{7}") && out.contains("\\e]52;c;AA==\\u{7}") && out.contains("\\u{8}]"))
    // The evidence sentence is shown escaped too.
    #expect(out.contains("evidence 0–") && out.contains("طهران \\e]0;pwned\\u{7} اليوم"))
    if color {
      #expect(out.contains(ArticleView.ansi[.location] ?? "?"))
    } else {
      // Marks stay where they were: without the brackets, the marked text is the article,
      // escaped; the entity lines keep the original offsets.
      let marked = ArticleViewTests.markedPart(ofTerminal: out)
      #expect(marked.contains("[طهران]LOCATION \\e]0;pwned"))
      let unmarked = marked.replacing(try Regex("\\]([A-Z]+)"), with: "").replacing("[", with: "")
      #expect(unmarked == ArticleView.escapeTerminal(ArticleViewTests.hostile, keepingLineBreaks: true))
      let tehran = try #require(view.extraction.entities.first { $0.text == "طهران" })
      #expect(out.contains("LOCATION      \(tehran.start)–\(tehran.end)"))
      let scalars = Array(ArticleViewTests.hostile.unicodeScalars)
      #expect(String(String.UnicodeScalarView(scalars[tehran.start..<tehran.end])) == "طهران")
    }
  }

  @Test(arguments: [
    ("plain عربي", false, "plain عربي"),
    ("\u{1B}]0;t\u{07}", false, "\\e]0;t\\u{7}"),
    ("a\tb\nc\r\nd\re", false, "a\\tb\\nc\\r\\nd\\re"),
    ("a\tb\nc\r\nd\re", true, "a\tb\nc\r\nd\\re"),
    ("\u{0}\u{1F}\u{7F}\u{80}\u{9F}\u{A0}", true, "\\u{0}\\u{1F}\\u{7F}\\u{80}\\u{9F}\u{A0}"),
  ])
  func escapeTerminal(_ text: String, keepingLineBreaks: Bool, shown: String) {
    #expect(ArticleView.escapeTerminal(text, keepingLineBreaks: keepingLineBreaks) == shown)
  }
}
