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
    let units = text.text.units
    var names = TokenVocabulary()
    var canonicals: [String] = []
    func register(_ word: ArraySlice<UInt16>, _ canonical: String) {
      let id = Int(withUnits(word) { names.intern($0) })
      if id == canonicals.count { canonicals.append(canonical) }
    }
    // Read through a buffer by index: iterating the array would copy each entity, strings and all.
    entities.withUnsafeBufferPointer { entities in
      for e in entities.indices where entities[e].label == .organization {
        let tokens = entities[e].tokens
        if tokens.count == 1, entities[e].source.hasPrefix("rule:"),
          entities[e].attributes.contains(where: { $0.0 == "kind" && $0.1 == .string("club") })
        {
          register(units[entities[e].units], entities[e].canonical)
        } else if tokens.count == 2,
          units[text.tokens[tokens.lowerBound].range].elementsEqual(ClubLinker.club),
          case let name = text.tokens[tokens.lowerBound + 1].range,
          isDefinite(units[name])
        {
          register(
            units[name], text.text.displayForm(ofOriginal: text.text.originalRange(of: name)))
        }
      }
    }
    guard !canonicals.isEmpty else { return }
    var covered = [Bool](repeating: false, count: text.tokens.count)
    for e in entities.indices { for t in entities[e].tokens { covered[t] = true } }
    let tokens = text.tokens
    func definiteWord(_ i: Int, besides j: Int) -> Bool {
      i >= 0 && i < tokens.count && tokens[i].sentence == tokens[j].sentence
        && tokens[i].kind == .word && isDefinite(units[tokens[i].range])
    }
    for i in tokens.indices where !covered[i] && tokens[i].kind == .word {
      let range = tokens[i].range
      var found: (canonical: String, clitic: Int)?
      if let id = withUnits(units[range], { names.lookup($0) }) {
        found = (canonicals[Int(id)], 0)
      } else {
        let analyses = units.withUnsafeBufferPointer {
          Proclitics.analyses(of: UnsafeBufferPointer(rebasing: $0[range]))
        }
        for analysis in analyses {
          let stem = (range.lowerBound + analysis.cliticLength)..<range.upperBound
          let id = withUnits(units[stem]) { stem in
            names.lookup(prefix: analysis.restoredPrefix, stem)
          }
          if let id {
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
  private static func isDefinite(_ word: ArraySlice<UInt16>) -> Bool {
    word.count > 2 && word[word.startIndex] == Proclitics.alef
      && word[word.startIndex + 1] == Proclitics.lam
  }

  /// `body` over the units of `word` in contiguous memory.
  private static func withUnits<T>(
    _ word: ArraySlice<UInt16>, _ body: (UnsafeBufferPointer<UInt16>) -> T
  ) -> T {
    word.withUnsafeBufferPointer(body)
  }
}
