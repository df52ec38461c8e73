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
}
