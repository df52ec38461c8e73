extension NameRecognizer {
  /// The names of Latin letters as Arabic news spells an acronym (`بي بي سي`, `يو إس إيه`, `بي
  /// كيه كيه`), normalized, that are no Arabic word: not `في` (V, "in"), `أو` (O, "or"), `إن`
  /// (N), `أم` (M, "mother", "or"), `أي` (I, "which").
  static let letterNames: Set<[UInt16]> = Set(
    [
      "بي", "سي", "دي", "اف", "جي", "اتش", "جيه", "كيه", "ال", "اس", "تي", "يو", "دبليو", "اكس",
      "واي", "زد", "ايه", "كيو", "ار",
    ].map { Array($0.utf16) })

  /// The tokens of a model name made only of letter names, widened over the letter names beside
  /// it.
  ///
  /// The letter names right before and after it in its sentence join it: the model cuts
  /// acronyms spelled letter by letter (`إيه [بي سي]` is ABC, `[بي كيه] كيه` the PKK). A name
  /// with a word that is no letter name (ambiguous ones aside) stays as it is.
  static func acronym(_ tokens: Range<Int>, text: TokenizedText) -> Range<Int> {
    let all = text.tokens
    let units = text.text.units
    func isLetterName(_ k: Int) -> Bool {
      all[k].kind == .word && all[k].range.count <= 5
        && letterNames.contains(Array(units[all[k].range]))
    }
    func isAnyLetterName(_ k: Int) -> Bool {
      guard all[k].kind == .word, all[k].range.count <= 5 else { return false }
      let word = Array(units[all[k].range])
      return letterNames.contains(word) || ambiguousLetterNames.contains(word)
    }
    guard !tokens.isEmpty, tokens.allSatisfy(isAnyLetterName) else { return tokens }
    let sentence = all[tokens.lowerBound].sentence
    var first = tokens.lowerBound
    while first > 0 && all[first - 1].sentence == sentence && isLetterName(first - 1) { first -= 1 }
    var end = tokens.upperBound
    while end < all.count && all[end].sentence == sentence && isLetterName(end) { end += 1 }
    return first..<end
  }

  /// Letter names that are Arabic words too (`في`, `او`, `ان`, `ام`, `اي`): inside a model name
  /// of letter names they are letters, but no name is widened over one.
  static let ambiguousLetterNames: Set<[UInt16]> = Set(
    ["في", "او", "ان", "ام", "اي"].map { Array($0.utf16) })
}
