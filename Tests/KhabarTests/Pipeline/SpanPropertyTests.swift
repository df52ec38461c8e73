import Foundation
import Testing

@testable import Khabar

/// For any input, every reported span slices the original text to the reported `text`.
@Suite struct SpanPropertyTests {
  /// Pieces that hostile and real text are made of.
  static let pieces: [String] = [
    "إيران", "وروسيا", "لإيران", "بالقاهرة", "للقوات المسلحة", "الروسي", "طهران", "الكويت",
    "الجمهورية الإسلامية الإيرانية", "جمهورية روسيا الاتحادية", "والصين", "لبنان", "وزير",
    "\u{064E}", "\u{0651}", "\u{0670}", "ـــ", "\u{200F}", "\u{200E}", "\u{202B}", "\u{2067}",
    "\u{FEFF}",
    "\u{200D}", "😀", "👩‍👩‍👧", "🇮🇷", "e\u{0301}", "\u{FEFB}", "\u{FDF2}", "\u{FDFA}", "ی", "ک",
    "١٧", "۲۰۲۳", " ", "  ", "\n", "\r\n", "\t", "،", ".", "؟", "!", "«", "»", "(", ")", "-",
    "NATO", "Iran", "ß", "İ", "ﬁ", "\u{0000}", "\u{FFFD}", "\u{1D400}", "\u{E000}", "ا\u{0653}",
    "و\u{0654}",
  ]

  static let hostile: [String] = [
    "", " ", "\u{064E}", "\u{064E}إيران\u{064E}", "إيرانَ", "و\u{200F}روسيا", "إ\u{200D}يران",
    "طهـــــــــران", String(repeating: "\u{0651}", count: 50), "\u{FDFA}إيران", "😀إيران😀",
    "إيران\u{0000}روسيا", "للل", "و", "ولل", "بال", "\u{202E}نارﻳﺇ\u{202C}",
  ]

  /// Checks the invariant on one text; returns the number of entities found.
  @discardableResult
  static func check(_ text: String, _ extractor: Extractor) -> Int {
    let scalars = Array(text.unicodeScalars)
    let extraction = extractor.extract(text)
    let n = extraction.tokens.text
    for i in 0..<n.units.count {
      #expect(n.sourceStart[i] < n.sourceEnd[i])
      #expect(Int(n.sourceEnd[i]) <= scalars.count)
      if i > 0 { #expect(n.sourceStart[i - 1] <= n.sourceStart[i]) }
    }
    for entity in extraction.entities {
      #expect(entity.start < entity.end)
      #expect(entity.end <= scalars.count)
      guard entity.start < entity.end, entity.end <= scalars.count else { continue }
      #expect(String(String.UnicodeScalarView(scalars[entity.start..<entity.end])) == entity.text)
    }
    return extraction.entities.count
  }

  @Test func hostileStrings() throws {
    let extractor = try Extractor(gazetteer: TestGazetteer.gazetteer())
    for text in SpanPropertyTests.hostile { SpanPropertyTests.check(text, extractor) }
    // Names behind marks and tatweel are still found, and their spans cover the marks.
    let found = extractor.extract("\u{064E}إيـــرانَ و\u{200F}روسيا").entities
    #expect(found.map(\.text) == ["إيـــرانَ", "روسيا"])
  }

  @Test func generatedStrings() throws {
    let extractor = try Extractor(gazetteer: TestGazetteer.gazetteer())
    var rng = SplitMix64(seed: 0x6b686162)
    var entities = 0
    for _ in 0..<3000 {
      let count = Int(rng.next() % 30)
      var text = ""
      for _ in 0..<count {
        text += SpanPropertyTests.pieces[Int(rng.next() % UInt64(SpanPropertyTests.pieces.count))]
      }
      entities += SpanPropertyTests.check(text, extractor)
    }
    // The generator mixes many names in: a run that finds none is not testing spans.
    #expect(entities > 1000)
  }
}

/// The same invariant on real news with the bundled gazetteers, when the shared corpus is
/// beside the checkout (it is not part of the repository).
@Suite struct RealTextSpanTests {
  static let corpus = TestPaths.root.appendingPathComponent(
    "../shared/data/news/saudinewsnet-2015-07.jsonl"
  ).standardized.path

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: corpus),
      "the shared news corpus is not beside the checkout"))
  func firstThousandNewsArticles() throws {
    let extractor = try Extractor(gazetteer: TestPaths.bundledGazetteer.get())
    let reader = ArticleReader(inputs: [.jsonlFile(RealTextSpanTests.corpus)])
    var articles = 0
    var entities = 0
    while articles < 1000, let record = reader.next() {
      guard case .article(let article) = record else {
        Issue.record("unreadable record \(record.id)")
        continue
      }
      articles += 1
      entities += SpanPropertyTests.check(article.text, extractor)
    }
    #expect(articles == 1000)
    #expect(entities > 5000)
  }

  /// One word of 70,000 letters as a full name's last word: the person linker registers it
  /// (a vocabulary key past 16 bits of length, which once stopped the process) and links the
  /// later mention of it; every span is still its slice.
  @Test func aWordLongerThanSixteenBitsOfUnits() throws {
    let word = String(repeating: "م", count: 70_000)
    let text = "وقال الأمير محمد بن \(word) إن. وقال \(word) ذلك."
    let extractor = try BundledRulesTests.extractor()
    _ = SpanPropertyTests.check(text, extractor)
    let people = extractor.extract(text).entities.filter { $0.label == .person }
    #expect(people.contains { $0.text == word && $0.source == "link:person" })
  }

  @Test func hostileTextWithTheBundledGazetteers() throws {
    let extractor = try Extractor(gazetteer: TestPaths.bundledGazetteer.get())
    var rng = SplitMix64(seed: 42)
    for text in SpanPropertyTests.hostile { SpanPropertyTests.check(text, extractor) }
    for _ in 0..<1000 {
      var text = ""
      for _ in 0..<Int(rng.next() % 40) {
        text += SpanPropertyTests.pieces[Int(rng.next() % UInt64(SpanPropertyTests.pieces.count))]
      }
      SpanPropertyTests.check(text, extractor)
    }
  }
}
