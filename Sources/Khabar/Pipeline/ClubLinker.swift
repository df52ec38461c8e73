/// Links the bare mentions of a club whose name is an ordinary word (الهلال "the crescent",
/// الوحدة "unity", الشباب "the youth") once the article has named it as a club: one sense per
/// article (Gale, Church and Yarowsky 1992), as `PersonLinker` does for family names.
///
/// A club is named where a rule read it from the game (`لاعب الهلال`, `الهلال والنصر`: a one-word
/// ORGANIZATION of `kind` `club`) or as `نادي` + its name (`نادي الوحدة`). Its other mentions in
/// the article that no entity covers, proclitics aside (`والوحدة`, `للوحدة`), become the club, except
/// beside a definite word: a definite word after it is an adjective that makes another name
/// (`الوحدة الوطنية`, `الاتحاد الآسيوي`), one before it makes it the adjective (`المنتخب الوطني`).
/// A club named after a place (نجران) stays the place where the gazetteer reads the place: the
/// mention is covered.
enum ClubLinker {
  /// نادي "club", in normalized units.
  static let club: [UInt16] = Array("نادي".utf16)
  static let source = "link:club"

  static func link(_ entities: inout [Candidate], text: TokenizedText) {
    text.text.units.withUnsafeBufferPointer { units in link(&entities, text: text, units: units) }
  }

  /// `link` with the text's units read in place: most articles name no club, and the others are
  /// scanned token by token, where an array slice per token cost a retain and a release.
  private static func link(
    _ entities: inout [Candidate], text: TokenizedText, units: UnsafeBufferPointer<UInt16>
  ) {
    let tokens = text.tokens
    func word(_ range: Range<Int>) -> UnsafeBufferPointer<UInt16> {
      UnsafeBufferPointer(rebasing: units[range])
    }
    // Made at the first club: most articles have none.
    var names: TokenVocabulary?
    var canonicals: [String] = []
    // A bit per value of a registered word's last unit (its low six bits): a token whose last
    // unit has no bit ends no reading of a club's name, and is passed before any look-up.
    var lastUnits: UInt64 = 0
    func register(_ name: UnsafeBufferPointer<UInt16>, _ canonical: () -> String) {
      if names == nil { names = TokenVocabulary() }
      guard let id = names?.intern(name) else { return }
      if Int(id) == canonicals.count { canonicals.append(canonical()) }
      lastUnits |= 1 << UInt64(name[name.count - 1] & 63)
    }
    // Read through a buffer by index: iterating the array would copy each entity, strings and all.
    entities.withUnsafeBufferPointer { entities in
      for e in entities.indices where entities[e].label == .organization {
        let span = entities[e].tokens
        if span.count == 1, entities[e].source.hasPrefix("rule:"),
          entities[e].attributes.contains(where: { $0.0 == "kind" && $0.1 == .string("club") })
        {
          register(word(entities[e].units)) { entities[e].canonical }
        } else if span.count == 2,
          word(tokens[span.lowerBound].range).elementsEqual(ClubLinker.club),
          case let name = tokens[span.lowerBound + 1].range,
          isDefinite(word(name))
        {
          register(word(name)) {
            text.text.displayForm(ofOriginal: text.text.originalRange(of: name))
          }
        }
      }
    }
    guard let names else { return }
    var covered = [Bool](repeating: false, count: tokens.count)
    for e in entities.indices { for t in entities[e].tokens { covered[t] = true } }
    func definiteWord(_ i: Int, besides j: Int) -> Bool {
      i >= 0 && i < tokens.count && tokens[i].sentence == tokens[j].sentence
        && tokens[i].kind == .word && isDefinite(word(tokens[i].range))
    }
    for i in tokens.indices where !covered[i] && tokens[i].kind == .word {
      let range = tokens[i].range
      guard lastUnits & 1 << UInt64(units[range.upperBound - 1] & 63) != 0 else { continue }
      let token = word(range)
      var found: (canonical: String, clitic: Int)?
      if let id = names.lookup(token) {
        found = (canonicals[Int(id)], 0)
      } else {
        for analysis in Proclitics.analyses(of: token) {
          let stem = UnsafeBufferPointer(rebasing: token[analysis.cliticLength...])
          if let id = names.lookup(prefix: analysis.restoredPrefix, stem) {
            // ل before the article drops its alef (للوحدة): the span leaves out the ل, as every
            // entity's does (لوحدة, like لقوات of للقوات).
            found = (canonicals[Int(id)], analysis.cliticLength)
            break
          }
        }
      }
      guard let (canonical, clitic) = found,
        !definiteWord(i - 1, besides: i), !definiteWord(i + 1, besides: i)
      else { continue }
      entities.append(
        Candidate(
          label: .organization, tokens: i..<(i + 1),
          units: (range.lowerBound + clitic)..<range.upperBound, canonical: canonical,
          source: ClubLinker.source, attributes: [("kind", .string("club"))], priority: 0,
          order: 0))
    }
  }

  /// Whether `word` begins with the article ال and has a letter after it.
  private static func isDefinite(_ word: UnsafeBufferPointer<UInt16>) -> Bool {
    word.count > 2 && word[0] == Proclitics.alef && word[1] == Proclitics.lam
  }
}
