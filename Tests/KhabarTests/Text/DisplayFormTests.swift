import Foundation
import Testing

@testable import Khabar

@Suite struct DisplayFormTests {
  /// The display form as first written, scalar by scalar, after NFKC (Foundation's): the
  /// byte-building one must agree.
  static func reference(_ text: String) -> String {
    let text = text.precomposedStringWithCompatibilityMapping
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x0640, 0x200B...0x200F, 0x202A...0x202E,
        0x2066...0x2069, 0x061C, 0xFEFF:
        continue
      case 0x0622, 0x0623, 0x0625, 0x0671:
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append("\u{0627}")
      case 0x20, 0x09, 0x0A, 0x0D, 0xA0:
        pendingSpace = !out.isEmpty
      default:
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(scalar)
      }
    }
    return String(out)
  }

  @Test(arguments: [
    ("إيران", "ايران"), ("  محمّد  بن\tسلمان ", "محمد بن سلمان"), ("طهـــران", "طهران"),
    ("\u{200F}آل\u{00A0}سعود\r\n", "ال سعود"), ("", ""), (" \n ", ""), ("NATO 😀 ٱ", "NATO 😀 ا"),
    // Presentation forms, ligatures and decomposed letters read as the letters they stand for.
    ("\u{FECB}\u{FEE0}\u{FEF0} \u{FECB}\u{FEAA}\u{FE93}", "على عدة"), ("\u{FEFB}", "لا"),
    ("\u{FDF2}", "الله"),
    ("و\u{0654}", "ؤ"), ("ي\u{0654}", "ئ"), ("ا\u{0653}", "ا"), ("ا\u{064E}\u{0654}", "ا"),
    ("e\u{0301}", "é"),
  ])
  func examples(_ text: String, _ expected: String) {
    #expect(DisplayForm.of(text) == expected)
  }

  @Test func equalsScalarByScalarReferenceOnGeneratedText() {
    let pieces: [String] = [
      "ا", "إ", "أ", "آ", "ٱ", "ة", "ى", "ئ", "م", "\u{064E}", "\u{0651}", "\u{0670}", "\u{06D6}",
      "ـ", "\u{200F}", "\u{2067}", "\u{061C}", "\u{FEFF}", " ", "\t", "\n", "\r", "\u{00A0}",
      "\u{2009}", "a", "Z", "é", "€", "😀", "𝐀", "ﷺ", "\u{FECB}", "\u{FEE0}", "\u{FEF0}", "\u{FEFB}",
      "\u{0654}",
      "\u{0653}", "و", "ي", "e", "\u{0301}", "ﬁ",
    ]
    var generator = SplitMix64(seed: 0xD15)
    for _ in 0..<2000 {
      var text = ""
      for _ in 0..<Int(generator.next() % 12) {
        text += pieces[Int(generator.next() % UInt64(pieces.count))]
      }
      #expect(DisplayForm.of(text) == DisplayFormTests.reference(text), "\(text.debugDescription)")
    }
  }

  /// `written=` compares a plain token's bytes to a plain form's: every plain scalar must be
  /// its own display form, and a text with any other scalar not plain.
  @Test func plainScalarsAreTheirOwnDisplayForm() {
    for value in UInt32(0)..<0x800 {
      guard let scalar = Unicode.Scalar(value) else { continue }
      var bytes = Array(String(scalar).utf8)
      let plain = bytes.withUnsafeBufferPointer { DisplayForm.isPlain(utf8: $0) }
      if plain {
        #expect(DisplayForm.of(String(scalar)) == String(scalar), "U+\(String(value, radix: 16))")
        #expect(scalar.properties.canonicalCombiningClass == .notReordered)
      }
      bytes = Array("على\(scalar)".utf8)
      #expect(bytes.withUnsafeBufferPointer { DisplayForm.isPlain(utf8: $0) } == plain)
    }
    for text in ["إلى", "على\u{064E}", "عل ى", "ؤ", "ـ", "NATO 😀"] {
      var text = text
      #expect(!text.withUTF8 { DisplayForm.isPlain(utf8: $0) }, "\(text)")
    }
  }
}

/// The display form of an original range, built from the original bytes, against the display
/// form of the original text as a `String`.
@Suite struct TextPerfDisplayFormTests {
  @Test func displayFormOfOriginalRangeEqualsDisplayFormOfOriginalText() {
    let pieces: [String] = [
      "ا", "إ", "أ", "آ", "ٱ", "ة", "ى", "ئ", "م", "\u{064E}", "\u{0651}", "\u{0670}", "\u{06D6}",
      "ـ", "\u{200F}", "\u{2067}", "\u{061C}", "\u{FEFF}", " ", "  ", "\t", "\n", "\r\n",
      "\u{00A0}",
      "\u{2009}", "a", "Z", "é", "€", "😀", "𝐀", "ﷺ", "\u{FDFA}", "e\u{0301}", "محمد بن سلمان",
    ]
    var generator = SplitMix64(seed: 0xD16)
    for _ in 0..<300 {
      var text = ""
      for _ in 0..<Int(generator.next() % 16) {
        text += pieces[Int(generator.next() % UInt64(pieces.count))]
      }
      let normalized = Normalizer().normalize(text)
      let count = normalized.originalScalarCount
      for start in 0...count {
        for end in start...count {
          let expected = DisplayForm.of(normalized.originalText(start..<end))
          #expect(normalized.displayForm(ofOriginal: start..<end) == expected)
          #expect(expected == DisplayFormTests.reference(normalized.originalText(start..<end)))
        }
      }
    }
  }
}
