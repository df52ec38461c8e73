import CICUShim
import Foundation
import Testing

@testable import Khabar

/// The tokenizer's own splitting of common characters must give exactly what ICU alone gives:
/// the same tokens, kinds and sentences, on hostile generated text and on every fixture.
@Suite struct TextTokenizerFastPathTests {
  /// Tokens and sentences of `text` from ICU's iterators alone, as the tokenizer computed them
  /// before it had a fast path.
  static func icuOnly(_ text: NormalizedText) -> ([Token], [Sentence]) {
    let units = text.units
    guard !units.isEmpty else { return ([], []) }
    return units.withUnsafeBufferPointer { buffer in
      let count = Int32(buffer.count)
      func boundaries(_ kind: Int32, _ body: (Int32, Int32, Int32) -> Void) {
        guard let iterator = khabar_break_open(kind, buffer.baseAddress, count) else {
          Issue.record("ICU break iterators are unavailable")
          return
        }
        defer { khabar_break_close(iterator) }
        var previous: Int32 = 0
        while true {
          let boundary = khabar_break_next(iterator)
          if boundary < 0 { break }
          body(previous, boundary, khabar_break_rule_status(iterator))
          previous = boundary
        }
      }
      func isSpace(_ unit: UInt16) -> Bool { khabar_is_white_space(UInt32(unit)) != 0 }
      var sentences: [Sentence] = []
      boundaries(Int32(KHABAR_BREAK_SENTENCE)) { start, end, _ in
        var lower = start
        var upper = end
        while lower < upper && isSpace(buffer[Int(lower)]) { lower += 1 }
        while upper > lower && isSpace(buffer[Int(upper) - 1]) { upper -= 1 }
        if lower < upper { sentences.append(Sentence(start: lower, end: upper)) }
      }
      // Khabar's one departure from ICU's sentences, applied after either splitter.
      Tokenizer.joinAfterAbbreviations(buffer, &sentences)
      var tokens: [Token] = []
      var sentence = 0
      boundaries(Int32(KHABAR_BREAK_WORD)) { start, end, status in
        let kind: TokenKind
        if status >= 200 {
          kind = .word
        } else if status >= 100 {
          kind = .number
        } else {
          let first =
            String(decoding: buffer[Int(start)..<Int(end)], as: UTF16.self)
            .unicodeScalars.first?.value ?? 0
          if khabar_is_white_space(first) != 0 { return }
          switch khabar_char_type(first) {
          case 19...23, 28, 29: kind = .punctuation
          default: kind = .symbol
          }
        }
        while sentence < sentences.count - 1 && sentences[sentence].end <= start { sentence += 1 }
        tokens.append(Token(start: start, end: end, kind: kind, sentence: Int32(sentence)))
      }
      // And its one departure from ICU's words: a word glued after ة is a word of its own.
      Tokenizer.splitGluedWords(text, &tokens)
      return (tokens, sentences)
    }
  }

  /// Checks `text` and returns a description of the first difference, if any.
  static func difference(_ text: String, _ tokenizer: Tokenizer) -> String? {
    let normalized = Normalizer().normalize(text)
    let fast = tokenizer.tokenize(normalized)
    let (tokens, sentences) = icuOnly(normalized)
    if fast.sentences != sentences {
      return "sentences differ in \(text.debugDescription): \(fast.sentences) vs ICU \(sentences)"
    }
    if fast.tokens != tokens {
      let i =
        zip(fast.tokens, tokens).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(fast.tokens.count, tokens.count)
      return "token \(i) differs in \(text.debugDescription) (normalized "
        + "\(normalized.string.debugDescription)): \(fast.tokens.dropFirst(i).first.map { "\($0)" } ?? "none")"
        + " vs ICU \(tokens.dropFirst(i).first.map { "\($0)" } ?? "none")"
    }
    return nil
  }

  /// Pieces of hostile text: what news holds, and what ICU treats specially.
  static let common: [String] = [
    "محمد", "الرياض", "وزير", "ال", "ب", "لل", "ة", "ى", "إ", "ئ", "ؤ", "abc", "covid", "u", "s",
    "1", "2015", "٣", "۴", "0", " ", " ", " ", "\n", ".", ",", "،", "؛", "؟", "!", "?", ":", ";",
    "«", "»", "(", ")", "[", "]", "\"", "'", "’", "‘", "-", "–", "—", "/", "%", "٪", "*", "+",
    "=", "<", ">", "|", "&", "@", "#", "$", "×", "•", "“", "”", "۔", "٬", "...", "…",
  ]
  static let rare: [String] = [
    "ـ", "\u{064B}", "\u{0651}", "\u{0670}", "٫", "\u{066B}", "_", "\u{200D}", "\u{200C}",
    "\u{200F}", "\u{202B}", "\u{2066}", "\u{FEFF}", "\u{00A0}", "\t", "\r", "\r\n", "\u{2028}",
    "\u{0301}", "e\u{0301}", "😀", "👍🏽", "👨‍👩‍👧", "🇸🇦", "🇸", "1️⃣", "©", "™", "中文", "東京",
    "ひらがな", "カタカナ", "ภาษาไทย", "ສະບາຍ", "שלום", "ש\"ל", "Ω", "ß", "ǅ", "ＡＢＣ", "１２",
    "ﷺ", "ﻻ", "ﷲ", "A", "McDonald's", "U.S.", "1,000.5", "3.14", "٣٫٥", "١٬٠٠٠", "a_b", "x-y",
    "1-2", "e.g.", "i.e", "a:b", "1:30", "50%", "'s", "d'", "10,000", "٢٠١٥م", "A1", "1a",
    "\u{0654}", "\u{E000}", "\u{10FFFD}", "\u{1F1E6}\u{1F1E8}", "𝐀", "︐", "。", "！",
  ]

  static func hostileText(_ random: inout SplitMix64, rareShare: Double) -> String {
    var text = ""
    for _ in 0..<Int.random(in: 1...40, using: &random) {
      if Double.random(in: 0..<1, using: &random) < rareShare {
        text += rare.randomElement(using: &random) ?? ""
      } else {
        text += common.randomElement(using: &random) ?? ""
      }
    }
    return text
  }

  @Test(arguments: [0.0, 0.05, 0.3, 1.0])
  func generatedHostileTextTokenizesAsICUDoes(rareShare: Double) throws {
    let tokenizer = try Tokenizer()
    var random = SplitMix64(seed: UInt64(rareShare * 1000) + 7)
    for _ in 0..<4000 {
      let text = TextTokenizerFastPathTests.hostileText(&random, rareShare: rareShare)
      if let difference = TextTokenizerFastPathTests.difference(text, tokenizer) {
        Issue.record(Comment(rawValue: difference))
        return
      }
    }
  }

  @Test func fixturesTokenizeAsICUDoes() throws {
    let tokenizer = try Tokenizer()
    let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixtures)
      .filter { $0.hasSuffix(".txt") }
    #expect(!names.isEmpty)
    for name in names {
      let text = try String(contentsOfFile: TestPaths.fixtures + "/" + name, encoding: .utf8)
      let difference = TextTokenizerFastPathTests.difference(text, tokenizer)
      #expect(difference == nil, "\(name): \(difference ?? "")")
    }
  }

  /// A region handed to ICU starts and ends next to text the fast path splits itself.
  @Test(arguments: [
    "قال 😀 الوزير", "\u{0301}عاد", "عاد \u{0301}هنا", "ab 1,000 cd", "وصل. 3 ملايين",
    "U.S. officials",
    "a\u{200D}😀 b", "x 中文 y", " \t عاد", "عاد\r\nهنا", "1️⃣ و", "عاد ٣٫٥ مرة",
  ])
  func mixedRegionsTokenizeAsICUDoes(text: String) throws {
    let difference = TextTokenizerFastPathTests.difference(text, try Tokenizer())
    #expect(difference == nil, "\(difference ?? "")")
  }
}
