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

  /// A quoted name takes the letter name that is also a word when that word alone is left
  /// before the quotation closes (`NameRecognizer.quoted`).
  ///
  /// The tokens: على(0) قناة(1) «(2) إم(3) تي(4) في(5) »(6) في(7) حفل(8).
  @Test func aQuotedNameEndsWhereItsQuotationDoes() throws {
    let text = try Self.tokens("على قناة «إم تي في» في حفل")
    #expect(text.tokens.count == 9)
    #expect(NameRecognizer.quoted(3..<5, text: text) == 3..<6)
    // Not a name that does not open the quotation, nor one that already reaches its end.
    #expect(NameRecognizer.quoted(4..<5, text: text) == 4..<5)
    #expect(NameRecognizer.quoted(3..<6, text: text) == 3..<6)
    // LinkedIn, in curly quotation marks.
    let linked = try Self.tokens("موقع “لينكد إن” المتخصص")
    #expect(NameRecognizer.quoted(2..<3, text: linked) == 2..<4)
  }

  /// No widening over a word that is no ambiguous letter name, nor up to a mark that does not
  /// close the one that opened, nor where more than one word is left.
  ///
  /// The tokens: قال(0) «(1) بول(2) تي(3) إن(4) "(5) …
  @Test func onlyALetterWordAloneBeforeTheMatchingMark() throws {
    let mismatched = try Self.tokens("قال «بول تي إن\" ثم")
    #expect(NameRecognizer.quoted(2..<4, text: mismatched) == 2..<4)
    let twoLeft = try Self.tokens("قال «بول تي في إن» ثم")
    #expect(NameRecognizer.quoted(2..<4, text: twoLeft) == 2..<4)
    let notALetter = try Self.tokens("قال «بول تي شبكة» ثم")
    #expect(NameRecognizer.quoted(2..<4, text: notALetter) == 2..<4)
  }

  /// A particle that is a letter name begins an acronym the quotation holds (NBC), not a name of
  /// other words, nor one the quotation does not close right after.
  ///
  /// The tokens: شبكة(0) «(1) إن(2) بي(3) سي(4) »(5) ثم(6).
  @Test func aQuotedAcronymBeginsWhereItsQuotationDoes() throws {
    let text = try Self.tokens("شبكة «إن بي سي» ثم")
    #expect(NameRecognizer.quoted(3..<5, text: text) == 2..<5)
    #expect(NameRecognizer.quoted(3..<4, text: text) == 3..<4)
    // «إن جاك …»: a quoted sentence that begins with إن.
    let sentence = try Self.tokens("قال «إن جاك» ثم")
    #expect(NameRecognizer.quoted(3..<4, text: sentence) == 3..<4)
  }
}
