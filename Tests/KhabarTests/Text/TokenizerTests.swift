import Testing

@testable import Khabar

@Suite struct TokenizerTests {
  func tokenize(_ text: String) throws -> TokenizedText {
    try Tokenizer().tokenize(Normalizer().normalize(text))
  }

  /// The pieces of `text` that the original scalar ranges `ranges` cover.
  func pieces(_ text: String, _ ranges: [Range<Int>]) -> [String] {
    let scalars = Array(text.unicodeScalars)
    return ranges.map { String(String.UnicodeScalarView(scalars[$0])) }
  }

  /// The original text of each token of `text`.
  func tokenSlices(_ text: String) throws -> [String] {
    let t = try tokenize(text)
    return pieces(text, t.tokens.indices.map(t.originalRange(ofToken:)))
  }

  /// The original text of each sentence of `text`.
  func sentenceSlices(_ text: String) throws -> [String] {
    let t = try tokenize(text)
    return pieces(text, t.sentences.indices.map(t.originalRange(ofSentence:)))
  }

  @Test func kindsOfTokens() throws {
    let t = try tokenize("قال: إن إيران، وروسيا 2023 😀")
    let pairs = t.tokens.indices.map { (t.normalizedString(ofToken: $0), t.tokens[$0].kind) }
    #expect(pairs.map(\.0) == ["قال", ":", "ان", "ايران", "،", "وروسيا", "2023", "😀"])
    #expect(
      pairs.map(\.1) == [.word, .punctuation, .word, .word, .punctuation, .word, .number, .symbol])
  }

  @Test func tokensCarryOriginalSpans() throws {
    #expect(try tokenSlices("زار طهـــران ٢٠٢٣") == ["زار", "طهـــران", "٢٠٢٣"])
  }

  /// A letter after ة starts the next word (ة ends a word; a missing space glued them).
  ///
  /// The tokens still slice the original exactly, with a diacritic or a tatweel at the join; ة
  /// before a space, a digit, Latin or punctuation, and ه inside a word, split nothing.
  @Test func aLetterAfterTehMarbutaStartsAWord() throws {
    func slices(_ text: String) throws -> [String] { try tokenSlices(text) }
    #expect(try slices("وزير الخارجيةعادل الجبير") == ["وزير", "الخارجية", "عادل", "الجبير"])
    #expect(
      try slices("هيئةالمسح الجيولوجيةالأمريكية") == ["هيئة", "المسح", "الجيولوجية", "الأمريكية"])
    #expect(try slices("الخارجيةُعادل") == ["الخارجيةُ", "عادل"])
    // A tatweel is a segment of its own, between the two words: in neither.
    #expect(try slices("المدينةـالمنورة") == ["المدينة", "المنورة"])
    #expect(
      try slices("مدينة 2015 جدةX الرياضة، مهمة الله") == [
        "مدينة", "2015", "جدةX", "الرياضة", "،", "مهمة", "الله",
      ])
  }

  /// The glued title and name of news (`وزير الخارجيةعادل الجبير`) give the person and the
  /// office he holds, as with the space.
  @Test func aGluedTitleStillNamesItsHolder() throws {
    let extraction = try FixtureTests.bundledExtractor().extract(
      "وصل وزير الخارجيةعادل الجبير إلى القاهرة")
    let byID = Dictionary(uniqueKeysWithValues: extraction.entities.map { ($0.id, $0) })
    #expect(extraction.entities.contains { $0.label == .person && $0.text == "عادل الجبير" })
    #expect(
      extraction.relations.contains {
        $0.predicate == .holdsTitle && byID[$0.subject]?.text == "عادل الجبير"
          && byID[$0.object]?.text == "وزير الخارجية"
      })
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

  /// No sentence ends after a letter that abbreviates a form of address before a name.
  ///
  /// The letters are د م أ; a year's م does end one, and so does a line feed; any other letter
  /// is no abbreviation.
  @Test func noSentenceEndsAfterAnAbbreviatedTitle() throws {
    func sentences(_ text: String) throws -> [String] { try sentenceSlices(text) }
    #expect(
      try sentences("وقعها د. محمد العلي وم. سعد الحربي. ثم غادر أ. خالد.") == [
        "وقعها د. محمد العلي وم. سعد الحربي.", "ثم غادر أ. خالد.",
      ])
    #expect(try sentences("د. محمد العلي قال. انتهى") == ["د. محمد العلي قال.", "انتهى"])
    #expect(try sentences("في عام 2015 م. قال الوزير") == ["في عام 2015 م.", "قال الوزير"])
    #expect(try sentences("حضر د.\nمحمد") == ["حضر د.", "محمد"])
    #expect(try sentences("حرف ق. ثم") == ["حرف ق.", "ثم"])
    // Any white space before the letter, as the tokenizer reads white space (a tab here).
    #expect(try sentences("قال\tد. محمد العلي") == ["قال\tد. محمد العلي"])
    // The same with characters that send the paragraph to ICU (an emoji).
    #expect(try sentences("😀 وقعها د. محمد. ثم") == ["😀 وقعها د. محمد.", "ثم"])
  }

  @Test func emptyAndBlankTexts() throws {
    #expect(try tokenize("").tokens.isEmpty)
    #expect(try tokenize(" \n\t ").tokens.isEmpty)
    #expect(try tokenize(" \n\t ").sentences.isEmpty)
  }
}
