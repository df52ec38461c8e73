import Testing

@testable import Khabar

@Suite struct TokenizerTests {
  func tokenize(_ text: String) throws -> TokenizedText {
    try Tokenizer().tokenize(Normalizer().normalize(text))
  }

  @Test func kindsOfTokens() throws {
    let t = try tokenize("قال: إن إيران، وروسيا 2023 😀")
    let pairs = t.tokens.indices.map { (t.normalizedString(ofToken: $0), t.tokens[$0].kind) }
    #expect(pairs.map(\.0) == ["قال", ":", "ان", "ايران", "،", "وروسيا", "2023", "😀"])
    #expect(
      pairs.map(\.1) == [.word, .punctuation, .word, .word, .punctuation, .word, .number, .symbol])
  }

  @Test func tokensCarryOriginalSpans() throws {
    let text = "زار طهـــران ٢٠٢٣"
    let t = try tokenize(text)
    let scalars = Array(text.unicodeScalars)
    let slices = t.tokens.indices.map { i -> String in
      let r = t.originalRange(ofToken: i)
      return String(String.UnicodeScalarView(scalars[r]))
    }
    #expect(slices == ["زار", "طهـــران", "٢٠٢٣"])
  }

  @Test func sentencesEndAtStopsAndLineBreaksNotCommas() throws {
    let text = "وصل الوزير، ثم غادر. هل عاد؟ نعم\nالعنوان الثاني"
    let t = try tokenize(text)
    let scalars = Array(text.unicodeScalars)
    let sentences = t.sentences.indices.map {
      String(String.UnicodeScalarView(scalars[t.originalRange(ofSentence: $0)]))
    }
    #expect(sentences == ["وصل الوزير، ثم غادر.", "هل عاد؟", "نعم", "العنوان الثاني"])
    #expect(t.tokens.map(\.sentence) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 3])
  }

  @Test func emptyAndBlankTexts() throws {
    #expect(try tokenize("").tokens.isEmpty)
    #expect(try tokenize(" \n\t ").tokens.isEmpty)
    #expect(try tokenize(" \n\t ").sentences.isEmpty)
  }
}
