/// A bare title that refers back to the one person who holds it in the article: `ولي العهد`,
/// `الوزير`, `وزير الخارجية المصري` with no name next to it.
///
/// News names a person once with their title and then calls them by the title alone:
/// `وصل الرئيس الأمريكي باراك أوباما إلى كينيا … وتوجه الرئيس الأمريكي إلى نيروبي`. A TITLE
/// that holds no one (it is the object of no `holds_title`) refers to a person when the words of
/// its office, the article off the first (`الوزير` → `وزير`), begin the office of exactly one
/// person in the article: `الوزير` is `وزير الخارجية عادل الجبير` when he is the article's
/// only minister. It refers to no one when two people hold such an office (`الرئيس` in an
/// article with `الرئيس الأمريكي أوباما` and `الرئيس الكيني كينياتا`), when no one does, or when
/// its words are not the start of the holder's office (`ولي العهد` is not `ولي ولي العهد`;
/// `نائب الرئيس` is not `الرئيس`), or when a name stands next to it. Two mentions of one
/// person (a full name and its linked short mention) are one holder: people are told apart by
/// canonical name.
///
/// A title that refers gets the attribute `refers_to` (the holder's canonical name), and the
/// relation rules run once more over its sentences with it standing for the holder, as a
/// PERSON: what they find there with the title as subject or object is the holder's
/// (`met_with`, `visited`, `signed` …; never `holds_title` or `affiliated_with`, which the title
/// would give itself).
enum TitleReference {
  /// ال, in normalized units.
  static let article: [UInt16] = [0x0627, 0x0644]

  /// The predicates a title may take part in for its holder.
  static func carries(_ predicate: Predicate) -> Bool {
    switch predicate {
    case .holdsTitle, .affiliatedWith, .locatedIn: false
    case .metWith, .visited, .drafting, .negotiating, .signed, .participatesIn,
      .offersMediation:
      true
    }
  }

  /// Per bare title that refers (an index into `entities`), its holder's mention: the last one
  /// before the title that holds the office, else the first after it.
  static func resolve(
    _ relations: [RelationCandidate], entities: [Candidate], text: TokenizedText
  ) -> [(title: Int, holder: Int)] {
    var held = Set<Int>()
    var holders: [(person: Int, title: Int)] = []
    for r in relations where r.predicate == .holdsTitle {
      held.insert(r.object)
      holders.append((r.subject, r.object))
    }
    guard !holders.isEmpty else { return [] }
    let units = text.text.units
    /// The words of a title, the article off the first.
    func words(_ c: Candidate) -> [ArraySlice<UInt16>] {
      var result: [ArraySlice<UInt16>] = []
      for t in c.tokens {
        let range = text.tokens[t].range.clamped(to: c.units)
        guard !range.isEmpty, text.tokens[t].kind == .word else { continue }
        var word = units[range]
        if result.isEmpty && word.count > 3 && word.starts(with: TitleReference.article) {
          word = word.dropFirst(2)
        }
        result.append(word)
      }
      return result
    }
    var titleWords: [Int: [ArraySlice<UInt16>]] = [:]
    for (_, t) in holders where titleWords[t] == nil { titleWords[t] = words(entities[t]) }
    var result: [(title: Int, holder: Int)] = []
    for t in entities.indices where entities[t].label == .title && !held.contains(t) {
      let bare = words(entities[t])
      guard !bare.isEmpty else { continue }
      // A title inside a name is part of the name (`جامعة الملك خالد`); one with a name next
      // to it is that person's, though no rule tied them (`الرئيس الأميركي الأسبق جيمي كارتر`,
      // `صباح الأحمد، أمير دولة الكويت`): a person starting in the two tokens after it or
      // ending in the two before.
      let span = entities[t].tokens
      guard
        !entities.contains(where: {
          ($0.label != .title && $0.units.encloses(entities[t].units))
            || ($0.label == .person
              && ((span.upperBound...span.upperBound + 1).contains($0.tokens.lowerBound)
                || (span.lowerBound - 2..<span.lowerBound).contains($0.tokens.upperBound - 1)))
        })
      else { continue }
      var who: String?
      var ambiguous = false
      var before: Int?
      var after: Int?
      for (person, office) in holders {
        guard let w = titleWords[office], w.count >= bare.count,
          zip(bare, w).allSatisfy({ $0.elementsEqual($1) })
        else { continue }
        // One word refers to an office it begins only when the rest is definite (`الوزير` to
        // `وزير الحج`, `الرئيس` to `الرئيس الأوغندي`): not to one relative to someone else
        // (`رئيس بلاده`) or named by a bare proper noun (`رئيس بوروندي`).
        if bare.count == 1
          && !w.dropFirst().allSatisfy({ $0.count > 2 && $0.starts(with: TitleReference.article) })
        {
          continue
        }
        let name = entities[person].canonical
        if let who, who != name {
          ambiguous = true
          break
        }
        who = name
        if entities[person].units.lowerBound < entities[t].units.lowerBound {
          if before.map({ entities[$0].units.lowerBound < entities[person].units.lowerBound })
            ?? true
          {
            before = person
          }
        } else if after.map({ entities[$0].units.lowerBound > entities[person].units.lowerBound })
          ?? true
        {
          after = person
        }
      }
      guard !ambiguous, let holder = before ?? after else { continue }
      result.append((t, holder))
    }
    return result
  }

  /// The relations of `matcher`'s rules in which a title of `references` stands for its holder.
  ///
  /// The rules run over the sentences of those titles, the titles taken as PERSON, and each
  /// relation with such a title as subject or object (of a predicate it `carries`) is given to
  /// the holder. `entities` are the article's final candidates; the titles get `refers_to`.
  static func relations(
    _ references: [(title: Int, holder: Int)], phase: RuleSet.Phase, matcher: RuleMatcher,
    entities: inout [Candidate], work: inout WorkCount
  ) -> [RelationCandidate] {
    guard !references.isEmpty else { return [] }
    let tokens = matcher.text.tokens
    var sentences = Set<Int32>()
    for r in references { sentences.insert(tokens[entities[r.title].tokens.lowerBound].sentence) }
    // The entities of those sentences, the referring titles as people.
    var holderOf: [Int: Int] = [:]
    for r in references { holderOf[r.title] = r.holder }
    var local: [Candidate] = []
    var original: [Int] = []
    for (i, c) in entities.enumerated()
    where sentences.contains(tokens[c.tokens.lowerBound].sentence) {
      var c = c
      if holderOf[i] != nil { c.label = .person }
      local.append(c)
      original.append(i)
    }
    var result: [RelationCandidate] = []
    for var r in matcher.relations(phase: phase, all: local, work: &work)
    where carries(r.predicate) {
      let subject = original[r.subject]
      let object = original[r.object]
      guard holderOf[subject] != nil || holderOf[object] != nil else { continue }
      r.subject = holderOf[subject] ?? subject
      r.object = holderOf[object] ?? object
      guard r.subject != r.object else { continue }
      result.append(r)
    }
    for r in references {
      entities[r.title].attributes.append(("refers_to", .string(entities[r.holder].canonical)))
    }
    return result
  }
}
