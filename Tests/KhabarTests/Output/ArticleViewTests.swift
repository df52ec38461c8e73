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
    let plain = view.marked({ _, inner in inner }, escape: { $0 })
    #expect(plain == text)
  }
}
