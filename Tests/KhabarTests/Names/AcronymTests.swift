import Testing

@testable import Khabar

/// A model name made of Latin letter names takes in the letter names beside it
/// (`NameRecognizer.acronym`): the model cut acronyms spelled letter by letter.
@Suite struct AcronymTests {
  static func tokens(_ text: String) throws -> TokenizedText {
    try Tokenizer().tokenize(Normalizer().normalize(text))
  }

  /// The tokens: وقالت(0) قناة(1) إيه(2) بي(3) سي(4) في(5) تقرير(6).
  @Test func anAcronymIsTakenWholeButNotPastAWord() throws {
    let text = try Self.tokens("وقالت قناة إيه بي سي في تقرير")
    #expect(NameRecognizer.acronym(3..<5, text: text) == 2..<5)
    #expect(NameRecognizer.acronym(3..<4, text: text) == 2..<5)
    // `في` is a letter name (V) and the word "in": no name is widened over it.
    #expect(NameRecognizer.acronym(2..<5, text: text) == 2..<5)
    // A name with a word that is no letter name stays as it is.
    #expect(NameRecognizer.acronym(1..<3, text: text) == 1..<3)
  }

  /// An ambiguous letter name (`إن`) stays inside a name that has it; nothing crosses a
  /// sentence's end.
  ///
  /// The tokens: وذكرت(0) شبكة(1) إن(2) بي(3) سي(4), a full stop (5), بي(6).
  @Test func ambiguousLettersStayInsideAndSentencesBound() throws {
    let text = try Self.tokens("وذكرت شبكة إن بي سي. بي")
    #expect(NameRecognizer.acronym(3..<4, text: text) == 3..<5)
    #expect(NameRecognizer.acronym(2..<4, text: text) == 2..<5)
    #expect(text.tokens[6].sentence != text.tokens[4].sentence)
  }
}
