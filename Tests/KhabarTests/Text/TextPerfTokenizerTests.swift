import Testing

@testable import Khabar

/// The tokenizer's SIMD shortcuts against their scalar definitions, and long texts (where the
/// eight-unit blocks and the in-place token writer matter) against ICU alone.
@Suite struct TextPerfTokenizerTests {
  /// The shortcut is only sound if every unit it skips is a letter that neither splits a word
  /// nor ends a sentence.
  @Test func plainArabicLettersAreLettersForBothPasses() {
    for unit in Int(ArabicBlock.first)..<Int(ArabicBlock.first + ArabicBlock.count) {
      #expect(WordClass.table[unit] == WordClass.letter, "U+\(String(unit, radix: 16))")
      #expect(
        SentenceClass.table[unit] & SentenceClass.significant == 0, "U+\(String(unit, radix: 16))")
    }
    #expect(SentenceClass.table[0x20] & SentenceClass.significant == 0)
  }

  static func isPlainLetter(_ unit: UInt16) -> Bool { (0x0620...0x064A).contains(unit) }

  /// Units at and around every edge of the tests, and far away from them.
  static let edges: [UInt16] = [
    0x0000, 0x001F, 0x0020, 0x0021, 0x0041, 0x061F, 0x0620, 0x0621, 0x0640, 0x0649, 0x064A,
    0x064B, 0x0660, 0x06CC, 0x0A20, 0x2020, 0x7FFF, 0x8000, 0x8020, 0x8620, 0x864A, 0xD800,
    0xF9E0, 0xFFDF, 0xFFE0, 0xFFFF,
  ]

  @Test func blockTestsAgreeWithTheirDefinition() {
    var random = SplitMix64(seed: 0xB10C)
    var block = [UInt16](repeating: 0, count: 8)
    for round in 0..<20000 {
      for k in 0..<8 {
        switch random.next() % 4 {
        case 0:
          block[k] =
            TextPerfTokenizerTests.edges[
              Int(random.next() % UInt64(TextPerfTokenizerTests.edges.count))]
        case 1: block[k] = 0x20
        case 2: block[k] = UInt16(truncatingIfNeeded: random.next())
        default: block[k] = 0x0620 + UInt16(random.next() % 0x2B)
        }
      }
      // Bias toward long letter prefixes.
      if round % 3 == 0 { for k in 0..<Int(random.next() % 9) { block[k] = 0x0627 } }
      let prefix = block.prefix { TextPerfTokenizerTests.isPlainLetter($0) }.count
      let plain = block.allSatisfy { TextPerfTokenizerTests.isPlainLetter($0) || $0 == 0x20 }
      block.withUnsafeBufferPointer { units in
        guard let base = units.baseAddress else { return }
        #expect(ArabicBlock.letterPrefix(base) == prefix, "\(block.map { String($0, radix: 16) })")
        #expect(ArabicBlock.isPlain(base) == plain, "\(block.map { String($0, radix: 16) })")
      }
    }
  }

  /// Long texts of news-like pieces, with rare pieces at every share: runs of plain blocks
  /// broken at every offset, chunks that go to ICU between fast ones, and more tokens than any
  /// short text has.
  @Test(arguments: [0.0, 0.01, 0.1, 0.5])
  func longGeneratedTextTokenizesAsICUDoes(rareShare: Double) throws {
    let tokenizer = try Tokenizer()
    var random = SplitMix64(seed: UInt64(rareShare * 1000) + 99)
    for _ in 0..<60 {
      var text = ""
      for _ in 0..<Int.random(in: 1...30, using: &random) {
        text += TextTokenizerFastPathTests.hostileText(&random, rareShare: rareShare)
      }
      if let difference = TextTokenizerFastPathTests.difference(text, tokenizer) {
        Issue.record(Comment(rawValue: difference))
        return
      }
    }
  }

  /// Every length from 0 to 40 units of the same text, so that each block and run ends at
  /// every distance from the end of the buffer.
  @Test func everyPrefixOfAnArticleTokenizesAsICUDoes() throws {
    let tokenizer = try Tokenizer()
    let text = "قال وزير الخارجية، إن المملكة ترحب بالاتفاق. وأضاف: «نحن معكم» 2015!\nعاد الوفد"
    let scalars = Array(text.unicodeScalars)
    for length in 0...scalars.count {
      let prefix = String(String.UnicodeScalarView(scalars[..<length]))
      let difference = TextTokenizerFastPathTests.difference(prefix, tokenizer)
      #expect(difference == nil, "\(difference ?? "")")
    }
  }

  /// The token array is written in place with room for one token per unit: a text made only
  /// of one-unit tokens fills it, and the tokens stay exact.
  @Test func textOfOneUnitTokensFillsTheArray() throws {
    let tokenizer = try Tokenizer()
    for text in [
      ".", "..", "،.,؛", String(repeating: "(.)", count: 50), String(repeating: "!", count: 300),
    ] {
      let tokenized = tokenizer.tokenize(Normalizer().normalize(text))
      #expect(tokenized.tokens.count == tokenized.text.units.count)
      let difference = TextTokenizerFastPathTests.difference(text, tokenizer)
      #expect(difference == nil, "\(difference ?? "")")
    }
  }
}
