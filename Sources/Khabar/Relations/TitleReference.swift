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
/// `نائب الرئيس` is not `الرئيس`), or when a name stands next to it (in the two tokens after
/// it or the two before). Two mentions of one person (a full name and its linked short
/// mention) are one holder: people are told apart by canonical name.
///
/// A title that refers gets the attribute `refers_to` (the holder's canonical name), and the
/// relation rules run once more over its sentences with it standing for the holder, as a
/// PERSON: what they find there with the title as subject or object is the holder's
/// (`met_with`, `visited`, `signed` …; never `holds_title` or `affiliated_with`, which the title
/// would give itself).
enum TitleReference {
  /// ال, in normalized units.
  static let article: [UInt16] = [Proclitics.alef, Proclitics.lam]
  /// Whether a word is written with the article, behind its proclitics if any: `الوزراء`,
  /// `للمنظمة` (ل + ال), `والتعليم`, `بالمنطقة`.
  static func isDefinite(_ word: ArraySlice<UInt16>) -> Bool {
    var rest = word
    if let first = rest.first, first == Proclitics.waw || first == Proclitics.feh {
      rest = rest.dropFirst()
    }
    if rest.first == Proclitics.lam, rest.dropFirst().first == Proclitics.lam {
      return rest.count > 3
    }
    if let first = rest.first,
      first == Proclitics.beh || first == Proclitics.kaf || first == Proclitics.lam
    {
      if rest.dropFirst().starts(with: article) && rest.count > 4 { return true }
    }
    // A conjunction before the article leaves a word of its own (`والي`, a governor, is no
    // و + الي).
    return rest.count > (rest.count == word.count ? 2 : 3) && rest.starts(with: article)
  }

  /// The word filed after the office of a holder whose office is not known (`officeWords`):
  /// no word of a text is it.
  static let unknown: [UInt16] = [0x0001]
  /// A quote or bracket that may open the name an office is of: `رئيس «الفيفا»`, `(فيفا)`.
  static let openingMarks: Set<UInt16> = [0x22, 0x28, 0xAB, 0x201C]

  /// Whether a title carries exactly the event predicates (`Predicate.takesModality`), whose
  /// rules are `RuleSet.eventRelationPhase`.
  static let carriesEvents = Predicate.allCases.allSatisfy { carries($0) == $0.takesModality }

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
  ///
  /// Linear in the article: the neighbours and enclosing names are read from per-token marks,
  /// the holders are filed under every word prefix of their office, and each distinct title
  /// text is resolved once, from the holders filed under it (`work.titleSteps` counts the
  /// entities, prefixes and holders looked at).
  static func resolve(
    _ relations: [RelationCandidate], entities: [Candidate], text: TokenizedText,
    work: inout WorkCount
  ) -> [(title: Int, holder: Int)] {
    var holders: [(person: Int, title: Int)] = []
    // Read through a buffer: iterating the array copied each relation, its rule's name and all.
    relations.withUnsafeBufferPointer { relations in
      for r in relations.indices where relations[r].predicate == .holdsTitle {
        holders.append((relations[r].subject, relations[r].object))
      }
    }
    guard !holders.isEmpty else { return [] }
    // Made after the holders: most articles have none, and each array made costs a look-up of
    // its type's metadata.
    var held = [Bool](repeating: false, count: entities.count)
    for (_, title) in holders { held[title] = true }
    // The titles that hold no one: most articles with holders have none.
    let unheld = entities.withUnsafeBufferPointer { e in
      e.indices.filter { e[$0].label == .title && !held[$0] }
    }
    guard !unheld.isEmpty else { return [] }
    let units = text.text.units
    /// The words of a title, the article off the first.
    func words(_ c: Int, stripping: Bool = true) -> [ArraySlice<UInt16>] {
      var result: [ArraySlice<UInt16>] = []
      let span = entities[c].units
      for t in entities[c].tokens {
        let range = text.tokens[t].range.clamped(to: span)
        guard !range.isEmpty, text.tokens[t].kind == .word else { continue }
        var word = units[range]
        if stripping && result.isEmpty && word.count > 3
          && word.starts(with: TitleReference.article)
        {
          word = word.dropFirst(2)
        }
        result.append(word)
      }
      return result
    }
    /// Adds `word` to the hash of the words before it: the hash of a word prefix is a key of
    /// `byPrefix` and `resolved`, whose entries are checked word by word (a key of joined words
    /// cost an array and a pass of the hasher per prefix).
    func adding(_ word: ArraySlice<UInt16>, to hash: Int) -> Int {
      var h = Hasher()
      h.combine(hash)
      h.combine(word.count)
      word.withUnsafeBufferPointer { h.combine(bytes: UnsafeRawBufferPointer($0)) }
      return h.finalize()
    }
    func key(_ words: [ArraySlice<UInt16>]) -> Int {
      words.reduce(0) { adding($1, to: $0) }
    }
    // Per token (and two past the end, where a title's neighbours are looked at): a person
    // starts or ends there; a name (not a title) ends there; the furthest end of a name (not a
    // title) starting there or before; the longest organization, country or place starting
    // there (-1: none). One array: five made per article cost more than the work (each
    // allocation looks up its type's metadata, and each store checked the array's uniqueness).
    struct Marks {
      var personStarts = false
      var personEnds = false
      var nameEnds = false
      var reach: Int32 = -1
      var complementAt: Int32 = -1
    }
    let n = text.tokens.count
    var marks = [Marks](repeating: Marks(), count: n + 2)
    // Read through buffers: iterating the array copied each candidate, strings and all.
    entities.withUnsafeBufferPointer { e in
      marks.withUnsafeMutableBufferPointer { marks in
        for i in e.indices where !e[i].tokens.isEmpty {
          work.titleSteps += 1
          let tokens = e[i].tokens
          if e[i].label == .person {
            marks[tokens.lowerBound].personStarts = true
            marks[tokens.upperBound - 1].personEnds = true
          }
          if e[i].label != .title {
            marks[tokens.lowerBound].reach = max(
              marks[tokens.lowerBound].reach, Int32(tokens.upperBound))
            marks[tokens.upperBound - 1].nameEnds = true
          }
          if e[i].label == .organization || e[i].label == .country || e[i].label == .location {
            let first = tokens.lowerBound
            let known = Int(marks[first].complementAt)
            if known < 0 || e[known].tokens.count < tokens.count {
              marks[first].complementAt = Int32(i)
            }
          }
        }
        var furthest: Int32 = -1
        for t in 0..<n {
          furthest = max(furthest, marks[t].reach)
          marks[t].reach = furthest
        }
      }
    }
    /// The words of an office. A title whose last word lacks the article and ends no name
    /// (`رئيس`, `مدير`, `نائب رئيس`) is in construct with what follows it, which is part of its
    /// office: the organization, country or place after it (`رئيس الفيفا`, `رئيس «الفيفا»`, as
    /// `رئيس وزراء باكستان` holds its country), else the word after it (`رئيس قسم`, `رئيس
    /// البحوث`, `رئيس جديد`), so that `رئيس البحوث` is not the start of `رئيس الوزراء`. Before
    /// no word at all, the office is not known: nil. A title that ends in a definite word or a
    /// name is whole as it stands (`الرئيس`, `وزير الخارجية`, `رئيس الوزراء البريطاني`).
    func officeWords(_ c: Int) -> [ArraySlice<UInt16>]? {
      let w = words(c)
      let span = entities[c].tokens
      guard !span.isEmpty, span.upperBound <= n else { return w }
      let last = span.upperBound - 1
      guard text.tokens[last].kind == .word, !marks[last].nameEnds else { return w }
      if TitleReference.isDefinite(units[text.tokens[last].range.clamped(to: entities[c].units)]) {
        return w
      }
      let after = span.upperBound
      guard after < n else { return nil }
      // A name right after it is its holder's, not what the office is of (`رئيس محمد …`).
      if marks[after].personStarts { return w }
      var next = after
      if text.tokens[next].kind == .punctuation,
        let mark = units[text.tokens[next].range].first,
        TitleReference.openingMarks.contains(mark)
      {
        next += 1
      }
      let complement = Int(marks[next].complementAt)
      if complement >= 0 { return w + words(complement, stripping: false) }
      guard text.tokens[after].kind == .word else { return nil }
      return w + [units[text.tokens[after].range]]
    }
    // The holders by every word prefix of their office (an office has at most the 64 tokens of
    // a match): a title's candidates are read off its own words, not scanned for.
    var offices: [Int: [ArraySlice<UInt16>]] = [:]
    var byPrefix: [Int: [Int]] = [:]
    for (k, (_, office)) in holders.enumerated() {
      // A holder whose office is of something unknown is filed with a word no title has.
      if offices[office] == nil {
        offices[office] = officeWords(office) ?? (words(office) + [TitleReference.unknown[...]])
      }
      guard let w = offices[office] else { continue }
      var hash = 0
      for word in w {
        work.titleSteps += 1
        hash = adding(word, to: hash)
        byPrefix[hash, default: []].append(k)
      }
    }
    /// Per title text (by `key`, with its words): the mentions of its one holder, by position
    /// (nil: it refers to no one).
    var resolved: [Int: (words: [ArraySlice<UInt16>], mentions: [Int]?)] = [:]
    func mentions(of bare: [ArraySlice<UInt16>]) -> [Int]? {
      let k = key(bare)
      if let known = resolved[k], known.words == bare { return known.mentions }
      let result = holderMentions(of: bare, key: k)
      // Two title texts of one hash (never seen): the first keeps the entry.
      if resolved[k] == nil { resolved[k] = (bare, result) }
      return result
    }
    func holderMentions(of bare: [ArraySlice<UInt16>], key k: Int) -> [Int]? {
      var who: String?
      var found: [Int] = []
      for h in byPrefix[k] ?? [] {
        work.titleSteps += 1
        let (person, office) = holders[h]
        // Filed under this hash as a prefix of its office: the words themselves must agree.
        guard let w = offices[office], w.count >= bare.count,
          zip(w, bare).allSatisfy({ $0 == $1 })
        else { continue }
        // One word refers to an office it begins only when the rest is definite (`الوزير` to
        // `وزير الحج`, `الرئيس` to `الرئيس الأوغندي`, `المحافظ` to `محافظ الخرج`): not to one
        // relative to someone else (`رئيس بلاده`), of something not known, or of a name
        // written without the article (`رئيس بوروندي`).
        if bare.count == 1
          && !w.dropFirst().allSatisfy(TitleReference.isDefinite)
        {
          continue
        }
        let name = entities[person].canonical
        if let who, who != name { return nil }
        who = name
        found.append(person)
      }
      return found.isEmpty
        ? nil : found.sorted { entities[$0].units.lowerBound < entities[$1].units.lowerBound }
    }
    var result: [(title: Int, holder: Int)] = []
    for t in unheld {
      // A title inside a name is part of the name (`جامعة الملك خالد`, `الباجي قائد السبسي`);
      // one with a name next to it is that person's, though no rule tied them (`الرئيس
      // الأميركي الأسبق جيمي كارتر`, `صباح الأحمد، أمير دولة الكويت`): a person starting in
      // the two tokens after it or ending in the two before. Not three after: `خادم الحرمين
      // يبحث مع جعجع` is the headline's meeting.
      let span = entities[t].tokens
      guard !span.isEmpty, Int(marks[span.lowerBound].reach) < span.upperBound,
        !marks[span.upperBound].personStarts, !marks[span.upperBound + 1].personStarts,
        !(span.lowerBound >= 1 && marks[span.lowerBound - 1].personEnds),
        !(span.lowerBound >= 2 && marks[span.lowerBound - 2].personEnds)
      else { continue }
      guard let bare = officeWords(t), !bare.isEmpty, let found = mentions(of: bare) else {
        continue
      }
      // The last mention before the title, else the first after it.
      let position = entities[t].units.lowerBound
      var low = 0
      var high = found.count
      while low < high {
        let mid = (low + high) / 2
        if entities[found[mid]].units.lowerBound < position { low = mid + 1 } else { high = mid }
      }
      result.append((t, low > 0 ? found[low - 1] : found[0]))
    }
    return result
  }

  /// The relations of `matcher`'s rules in which a title of `references` stands for its holder.
  ///
  /// The rules run again with the entities of those titles' sentences only, the titles taken
  /// as PERSON (the matcher still walks the article, but a sentence with no entity meets few
  /// rules' requirements), and each relation with such a title as subject or object (of a
  /// predicate it `carries`) is given to the holder. `entities` are the article's final
  /// candidates; the titles get `refers_to`.
  static func relations(
    _ references: [(title: Int, holder: Int)], phase: RuleSet.Phase, matcher: RuleMatcher,
    entities: inout [Candidate], work: inout WorkCount
  ) -> [RelationCandidate] {
    guard !references.isEmpty else { return [] }
    let tokens = matcher.text.tokens
    // The titles' sentences as flags by sentence, their holders by entity (-1: none): a set and
    // a dictionary hashed every entity of the article (13,000 hashes on 1,000 articles).
    var sentences: [Bool] = []
    var holderOf = [Int](repeating: -1, count: entities.count)
    for r in references {
      let sentence = Int(tokens[entities[r.title].tokens.lowerBound].sentence)
      if sentence >= sentences.count {
        sentences += repeatElement(false, count: sentence + 1 - sentences.count)
      }
      sentences[sentence] = true
      holderOf[r.title] = r.holder
    }
    // The entities of those sentences, the referring titles as people.
    var local: [Candidate] = []
    var original: [Int] = []
    for i in entities.indices {
      let span = entities[i].tokens
      guard !span.isEmpty else { continue }
      let sentence = Int(tokens[span.lowerBound].sentence)
      guard sentence < sentences.count, sentences[sentence] else { continue }
      local.append(entities[i])
      if holderOf[i] >= 0 { local[local.count - 1].label = .person }
      original.append(i)
    }
    var result: [RelationCandidate] = []
    // Only the rules that may give a predicate kept here: the others' matches were all dropped.
    let events = TitleReference.carriesEvents ? matcher.rules.eventRelationPhase ?? phase : phase
    for var r in matcher.relations(phase: events, all: local, work: &work)
    where carries(r.predicate) {
      let subject = original[r.subject]
      let object = original[r.object]
      guard holderOf[subject] >= 0 || holderOf[object] >= 0 else { continue }
      r.subject = holderOf[subject] >= 0 ? holderOf[subject] : subject
      r.object = holderOf[object] >= 0 ? holderOf[object] : object
      guard r.subject != r.object else { continue }
      result.append(r)
    }
    for r in references {
      entities[r.title].attributes.append(("refers_to", .string(entities[r.holder].canonical)))
    }
    return result
  }
}
