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

  /// The tokens of a model name that opens a quotation, widened over a letter name that is
  /// also a word when that word alone is left before the quotation closes.
  ///
  /// Inside quotation marks that hold a name and nothing else, `في` or `إن` before the closing
  /// mark ends the name (`«إم تي في»` is MTV, `«لينكد إن»` LinkedIn, `«إي إس بي إن»` ESPN); a
  /// quotation does not end on a preposition or a particle. `acronym` widens over such words
  /// nowhere else.
  static func quotedEnd(_ tokens: Range<Int>, text: TokenizedText) -> Range<Int> {
    let all = text.tokens
    let end = tokens.upperBound
    guard tokens.lowerBound > 0, end + 1 < all.count else { return tokens }
    let sentence = all[tokens.lowerBound].sentence
    guard all[tokens.lowerBound - 1].sentence == sentence, all[end].sentence == sentence,
      all[end + 1].sentence == sentence, all[end].kind == .word
    else { return tokens }
    return text.text.units.withUnsafeBufferPointer { units in
      /// The one unit of punctuation token `k` (nil: another kind, or longer).
      func mark(_ k: Int) -> UInt16? {
        all[k].kind == .punctuation && all[k].range.count == 1
          ? units[all[k].range.lowerBound] : nil
      }
      guard let open = mark(tokens.lowerBound - 1), let close = mark(end + 1),
        quotePairs.contains(where: { $0.open == open && $0.close == close })
      else { return tokens }
      let word = units[all[end].range]
      let isWordLetter = letterNames.contains { $0.isWord && $0.units.elementsEqual(word) }
      return isWordLetter ? tokens.lowerBound..<(end + 1) : tokens
    }
  }

  /// The tokens of a model name made only of letter names, widened over the letter names beside
  /// it.
  ///
  /// The letter names right before and after it in its sentence join it: the model cuts
  /// acronyms spelled letter by letter (`إيه [بي سي]` is ABC, `[بي كيه] كيه` the PKK). A name
  /// with a word that is no letter name stays as it is.
  static func acronym(_ tokens: Range<Int>, text: TokenizedText) -> Range<Int> {
    let all = text.tokens
    /// Whether token `k` is a letter name, and a word too (nil: no letter name).
    func letterName(_ k: Int) -> Bool? {
      guard all[k].kind == .word, all[k].range.count <= 5 else { return nil }
      return text.text.units.withUnsafeBufferPointer { units in
        let word = units[all[k].range]
        for name in letterNames where name.units.count == word.count {
          if name.units.elementsEqual(word) { return name.isWord }
        }
        return nil
      }
    }
    guard !tokens.isEmpty, tokens.allSatisfy({ letterName($0) != nil }) else { return tokens }
    let sentence = all[tokens.lowerBound].sentence
    var first = tokens.lowerBound
    while first > 0 && all[first - 1].sentence == sentence && letterName(first - 1) == false {
      first -= 1
    }
    var end = tokens.upperBound
    while end < all.count && all[end].sentence == sentence && letterName(end) == false { end += 1 }
    return first..<end
  }
}
