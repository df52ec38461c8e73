extension NameRecognizer {
  /// The names of Latin letters as Arabic news spells an acronym (`بي بي سي`, `يو إس إيه`, `بي
  /// كيه كيه`), normalized, each with whether it is an Arabic word too: `في` (V, "in"), `أو` (O,
  /// "or"), `إن` (N), `أم` (M, "mother", "or"), `أي` (I, "which") are letters inside a model name
  /// of letter names, but no name is widened over one.
  ///
  /// A list compared with a token's units in place: a dictionary by `[UInt16]` made an array of
  /// each token asked about and hashed it, some 600 instructions a model span (`acronym` 29.7 M
  /// instructions on the corpus's first 3,000 articles).
  static let letterNames: [(units: [UInt16], isWord: Bool)] =
    [
      "بي", "سي", "دي", "اف", "جي", "اتش", "جيه", "كيه", "ال", "اس", "تي", "يو", "دبليو", "اكس",
      "واي", "زد", "ايه", "كيو", "ار",
    ].map { (Array($0.utf16), false) }
    + ["في", "او", "ان", "ام", "اي"].map { (Array($0.utf16), true) }

  /// Opening quotation marks and their closing ones, as the quoted-name check reads them.
  static let quotePairs: [(open: UInt16, close: UInt16)] = [
    (0x00AB, 0x00BB),  // « »
    (0x201C, 0x201D),  // “ ”
  ]

  /// The tokens of a model name that a quotation holds with one letter name that is also a
  /// word, widened over that word.
  ///
  /// Inside quotation marks that hold a name and nothing else, `في` or `إن` right before the
  /// closing mark ends the name (`«إم تي في»` is MTV, `«لينكد إن»` LinkedIn, `«إي إس بي إن»`
  /// ESPN), and right after the opening mark begins an acronym (`«إن بي سي»`, `«إن بي إيه»`): a
  /// quotation does not end on a preposition or a particle, nor a particle come alone before
  /// letters. `acronym` widens over such words nowhere else.
  static func quoted(_ tokens: Range<Int>, text: TokenizedText) -> Range<Int> {
    guard !tokens.isEmpty else { return tokens }
    let all = text.tokens
    let sentence = all[tokens.lowerBound].sentence
    let (first, end) = (tokens.lowerBound, tokens.upperBound)
    return text.text.units.withUnsafeBufferPointer { units in
      func inSentence(_ k: Int) -> Bool { k >= 0 && k < all.count && all[k].sentence == sentence }
      /// Whether tokens `open` and `close` are quotation marks of one pair.
      func pair(_ open: Int, _ close: Int) -> Bool {
        guard inSentence(open), inSentence(close),
          all[open].kind == .punctuation, all[open].range.count == 1,
          all[close].kind == .punctuation, all[close].range.count == 1
        else { return false }
        let (o, c) = (units[all[open].range.lowerBound], units[all[close].range.lowerBound])
        return quotePairs.contains { $0.open == o && $0.close == c }
      }
      if inSentence(end), letterName(end, text: text, units: units) == true,
        pair(first - 1, end + 1)
      {
        return first..<(end + 1)
      }
      if inSentence(first - 1), letterName(first - 1, text: text, units: units) == true,
        pair(first - 2, end), tokens.allSatisfy({ letterName($0, text: text, units: units) != nil })
      {
        return (first - 1)..<end
      }
      return tokens
    }
  }

  /// Whether token `k` is a letter name, and a word too (nil: no letter name).
  static func letterName(_ k: Int, text: TokenizedText, units: UnsafeBufferPointer<UInt16>)
    -> Bool?
  {
    let token = text.tokens[k]
    guard token.kind == .word, token.range.count <= 5 else { return nil }
    let word = units[token.range]
    for name in letterNames where name.units.count == word.count {
      if name.units.elementsEqual(word) { return name.isWord }
    }
    return nil
  }

  /// The tokens of a model name made only of letter names, widened over the letter names beside
  /// it.
  ///
  /// The letter names right before and after it in its sentence join it: the model cuts
  /// acronyms spelled letter by letter (`إيه [بي سي]` is ABC, `[بي كيه] كيه` the PKK). A name
  /// with a word that is no letter name stays as it is.
  static func acronym(_ tokens: Range<Int>, text: TokenizedText) -> Range<Int> {
    let all = text.tokens
    return text.text.units.withUnsafeBufferPointer { units in
      func letterName(_ k: Int) -> Bool? { NameRecognizer.letterName(k, text: text, units: units) }
      guard !tokens.isEmpty, tokens.allSatisfy({ letterName($0) != nil }) else { return tokens }
      let sentence = all[tokens.lowerBound].sentence
      var first = tokens.lowerBound
      while first > 0 && all[first - 1].sentence == sentence && letterName(first - 1) == false {
        first -= 1
      }
      var end = tokens.upperBound
      while end < all.count && all[end].sentence == sentence && letterName(end) == false {
        end += 1
      }
      return first..<end
    }
  }
}
