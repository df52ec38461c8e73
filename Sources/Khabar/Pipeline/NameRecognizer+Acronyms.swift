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
