import Testing

@testable import Khabar

/// The extractor's strings of spans answer exactly what building each string anew gives, from
/// the cache or not, full or emptied, on plain and hostile text.
@Suite struct SpanStringsTests {
  /// Texts whose display forms differ from their texts in every way `DisplayForm` knows:
  /// diacritics and tatweel, presentation forms (NFKC), a decomposed hamza, bidi marks, runs of
  /// white space, Latin, digits, an emoji; and the empty text.
  static let texts = [
    "وزير الخارجية عادل الجبير", "مُحَمَّدٌ بـــن سلمان", "ﻋﻠﻰ ﻻ", "جاءو\u{0654}ا",
    "\u{200F}الرياض\u{200E}",
    "خادم   الحرمين\nالشريفين", "FBI 2015", "٢٠١٥ 🇸🇦 إيران", "",
  ]

  static func answers(_ strings: SpanStrings, _ text: String) -> (String, String) {
    var text = text
    return text.withUTF8 { (strings.text($0), strings.display($0)) }
  }

  @Test func answersAreThoseOfTheStringsBuiltAnew() {
    let strings = SpanStrings()
    for _ in 0..<2 {
      for text in Self.texts {
        let (copy, display) = Self.answers(strings, text)
        #expect(copy == text && Array(copy.utf8) == Array(text.utf8))
        #expect(display == DisplayForm.of(text), "\(text)")
      }
    }
  }

  /// A cache of two spans and eight bytes empties itself again and again, and a span longer
  /// than it holds is built each time: every answer is still right.
  @Test func aSmallCacheEmptiesAndStaysRight() {
    let strings = SpanStrings(capacity: 2, byteCapacity: 8)
    for round in 0..<3 {
      for text in Self.texts + Self.texts.reversed() {
        let (copy, display) = Self.answers(strings, text)
        #expect(copy == text, "round \(round)")
        #expect(display == DisplayForm.of(text), "round \(round): \(text)")
      }
    }
  }

  /// Spans that differ only in their last bytes, or in length with the same bytes in front,
  /// are different spans.
  @Test func nearSpansAreNotConfused() {
    let strings = SpanStrings()
    let texts = [
      "أبوظبي", "أبوظبي ", "أبوظبيي", "أبوظب", "ابوظبي", "12345678", "123456789", "12345679",
    ]
    for text in texts + texts {
      #expect(Self.answers(strings, text).0 == text)
    }
  }
}
