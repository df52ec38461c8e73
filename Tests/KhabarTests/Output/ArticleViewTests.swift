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
    #expect(
      html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;قال&quot;"))
    #expect(html.contains("&lt;b&gt;id&lt;/b&gt;"))
    #expect(!html.contains("http://") && !html.contains("https://"))
    // Entities are marks with their label; nested ones inside their parents.
    #expect(html.contains("<mark class=\"LOCATION\""))
    #expect(html.contains("<sup dir=\"ltr\">PERSON</sup></mark>"))
    // Relations with their evidence highlighted.
    #expect(
      html.contains(
        "<span class=\"triple\" dir=\"ltr\">(<bdi>Recep Tayyip Erdoğan</bdi>, <bdi class=\"mono\" dir=\"ltr\">visited</bdi>, <bdi>Tehran</bdi>)</span>"
      ))
    #expect(html.contains("<blockquote>"))
  }

  @Test func terminalMarksEntitiesWithBracketsWithoutColor() throws {
    let out = try ArticleViewTests.view("وقال وزير الدفاع الروسي سيرغي شويغو إن").terminal(
      color: false)
    #expect(out.contains("[وزير الدفاع [الروسي]NORP]TITLE [سيرغي شويغو]PERSON"))
    #expect(!out.contains("\u{1B}["))
    #expect(out.contains("Relations ("))
    let colored = try ArticleViewTests.view("وقال وزير الدفاع الروسي سيرغي شويغو إن").terminal(
      color: true)
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
      contentsOf: TestPaths.root.appendingPathComponent("Fixtures/000_e13e31a73540851b.txt"),
      encoding: .utf8)
    return Array(repeating: seed.trimmingCharacters(in: .newlines), count: copies).joined(
      separator: "\n\n")
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
    #expect(
      reader.work <= 2 * (size + terminal.unicodeScalars.count),
      "terminal read \(reader.work) for \(size) scalars")
    reader = view.reader()
    let html = view.html(reading: &reader)
    #expect(
      reader.work <= 2 * (size + html.unicodeScalars.count),
      "html read \(reader.work) for \(size) scalars")
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
      if c == "\n" || c == "\t" || (c == "\r" && i + 1 < plain.count && plain[i + 1] == "\n") {
        return nil
      }
      return c
    }
  }

  // `inspect` printed the article's escape sequences to the terminal: a news text could set
  // the window title or the clipboard.
  @Test(arguments: [false, true]) func terminalShowsTheArticlesControlCharactersEscaped(color: Bool)
    throws
  {
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
    #expect(
      out.contains("\\e[2J") && out.contains("\\e]0;canonical\\u{7}") && out.contains("\\u{9B}2J"))
    #expect(out.contains("\\ec") && out.contains("key\\e=value\\u{85}\\n"))
    #expect(
      out.contains("\\u{7}") && out.contains("\\e]52;c;AA==\\u{7}") && out.contains("\\u{8}]"))
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
      #expect(
        unmarked == ArticleView.escapeTerminal(ArticleViewTests.hostile, keepingLineBreaks: true))
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

  // MARK: HTML layout of Arabic

  static let layoutArticle = """
    الأربعاء 20 سبتمبر 2023 - 09:50 بتوقيت طهران
    اللواء باقري: وثيقة التعاون طويل الامد بين ايران وروسيا قيد الصياغة
    أكد رئيس الأركان العامة للقوات المسلحة الايرانية اللواء محمد باقري أن الوضع مستقر.
    وقال وزير الدفاع الروسي سيرغي شويغو إن المناورة المشتركة بين إيران وروسيا ستجري في بحر العرب.
    """

  /// The rules of the page's style sheet as (selector, declarations).
  static func styleRules(of html: String) throws -> [(selector: String, body: String)] {
    let start = try #require(html.range(of: "<style>\n")).upperBound
    let end = try #require(html.range(of: "</style>")).lowerBound
    return html[start..<end].split(separator: "}").compactMap { rule in
      let parts = rule.split(separator: "{", maxSplits: 1)
      guard parts.count == 2 else { return nil }
      return (parts[0].trimmingCharacters(in: .whitespacesAndNewlines), String(parts[1]))
    }
  }

  /// Every match of `pattern` in `html`, as its first capture.
  static func captures(_ pattern: String, in html: String) throws -> [String] {
    try html.matches(of: Regex(pattern)).compactMap { $0.output[1].substring.map(String.init) }
  }

  // A triple with an Arabic object showed its closing bracket as `(`, and a Latin label after
  // a date's numbers took the numbers after the mark with it (`الأربعاء 20 سبتمبر 09:50 - 2023`).
  @Test func htmlIsolatesEachTriplePartAndEachLabel() throws {
    let view = try ArticleViewTests.view(ArticleViewTests.layoutArticle)
    let html = view.html()
    let part = "<bdi[^>]*>[^<]*</bdi>"
    let triples = try ArticleViewTests.captures(
      "<span class=\"triple\" dir=\"ltr\">(\\(\(part), \(part), \(part)\\))</span>", in: html)
    #expect(triples.count == view.extraction.relations.count)
    #expect(
      triples.contains { $0.contains("<bdi>رئيس الاركان العامة للقوات المسلحة الايرانية</bdi>)") })
    #expect(
      html.components(separatedBy: "class=\"triple\"").count - 1 == view.extraction.relations.count)
    // Every label is an isolated left-to-right run.
    let labels = html.components(separatedBy: "<sup").count - 1
    #expect(labels > 10)
    #expect(html.components(separatedBy: "<sup dir=\"ltr\">").count - 1 == labels)
    // A mark of whole words is isolated: the date keeps its numbers, the time stays outside.
    #expect(html.contains(">الأربعاء 20 سبتمبر 2023<sup dir=\"ltr\">DATE</sup></mark> - 09:50 "))
    #expect(html.contains("<mark class=\"DATE w\""))
    let rules = try ArticleViewTests.styleRules(of: html)
    #expect(rules.contains { $0.selector == "mark.w" && $0.body.contains("unicode-bidi:isolate") })
    #expect(
      rules.contains { $0.selector == "mark sup" && $0.body.contains("unicode-bidi:isolate") })
  }

  // `للقوات` showed as `ل لقوات`: the mark that starts after the proclitic had padding, which
  // cuts the word's shaping; a label tag inside a word would split it too.
  @Test func marksInsideAWordKeepItJoined() throws {
    let view = try ArticleViewTests.view(ArticleViewTests.layoutArticle)
    let html = view.html()
    #expect(html.contains("العامة ل<mark class=\"ORGANIZATION\" id="))
    #expect(html.contains("</mark> و<mark class=\"COUNTRY\" id="))
    // Nothing that applies to every mark may change the box: only whole-word marks (`w`) get
    // padding and isolation.
    let rules = try ArticleViewTests.styleRules(of: html)
    let everyMark =
      ["mark", "blockquote mark"] + EntityLabel.allCases.map { "mark.\($0.rawValue)" }
    for selector in everyMark {
      for rule in rules
      where rule.selector.split(separator: ",").contains(where: { $0 == selector }) {
        for breaking in [
          "padding", "margin", "border:", "border-width", "display", "unicode-bidi",
          "letter-spacing", "font",
        ] {
          #expect(!rule.body.contains(breaking), "\(selector) has \(breaking): \(rule.body)")
        }
      }
    }
    // An entity that ends inside a word has no label tag there.
    var extraction = view.extraction
    let scalars = Array(view.text.unicodeScalars)
    let word = Array("الايرانية".unicodeScalars)
    let start = try #require(
      (0...(scalars.count - word.count)).first { Array(scalars[$0..<$0 + word.count]) == word })
    extraction.entities = [
      Entity(
        id: "T1", label: .country, start: start + 2, end: start + 7, text: "ايران",
        canonical: "Iran",
        source: "test", attributes: [])
    ]
    extraction.relations = []
    let cut = ArticleView(id: "a", text: view.text, extraction: extraction).html()
    #expect(
      cut.contains(
        "ال<mark class=\"COUNTRY\" id=\"T1\" title=\"T1 · COUNTRY · Iran · test\">ايران</mark>ية"))
  }

  // Arabic in the monospace triple lines was letter-spaced.
  @Test func arabicIsNeverMonospaceNorLetterSpaced() throws {
    let view = try ArticleViewTests.view(ArticleViewTests.layoutArticle, id: "خبر-١")
    var extraction = view.extraction
    extraction.entities[0].source = "rule:قاعدة"
    extraction.relations[0].rule = "قاعدة.عربية"
    let html = ArticleView(id: view.id, text: view.text, extraction: extraction).html()
    #expect(!html.contains("letter-spacing"))
    let rules = try ArticleViewTests.styleRules(of: html)
    // Monospace only where the content is Khabar's own ASCII (labels, offsets) or checked ASCII.
    let monospace = Set(rules.filter { $0.body.contains("monospace") }.map(\.selector))
    #expect(
      monospace.isSubset(of: ["mark sup", ".mono", ".legend span", "td.num"]), "\(monospace)")
    for content in try ArticleViewTests.captures("class=\"mono\"[^>]*>([^<]*)<", in: html) {
      #expect(content.utf8.allSatisfy { $0 < 0x80 }, "monospace: \(content)")
    }
    #expect(html.contains("<bdi>rule:قاعدة</bdi>") && html.contains("<bdi>قاعدة.عربية</bdi>"))
    #expect(html.contains("<h1 dir=\"auto\">خبر-١</h1>"))
  }

  @Test func htmlEscapesEveryFieldOfTheExtraction() throws {
    let view = try ArticleViewTests.view(ArticleViewTests.layoutArticle)
    var extraction = view.extraction
    let hostile = "\"'><script>x</script>"
    extraction.entities[0].id += hostile
    extraction.entities[0].source += hostile
    extraction.entities[0].canonical += hostile
    extraction.relations[0].triple = extraction.relations[0].triple.map { $0 + hostile }
    extraction.relations[0].rule += hostile
    let html = ArticleView(id: hostile, text: view.text, extraction: extraction).html()
    #expect(!html.contains("<script>") && !html.contains("\"'>"))
  }
}
