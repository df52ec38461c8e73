/// Links short mentions of people to their full names (arabic-notes §4): after
/// `اللواء محمد باقري`, both `اللواء باقري` and a bare `باقري` are the same person with the same
/// canonical name.
///
/// A full name (a PERSON of two or more words) registers its last word. A one-word PERSON
/// whose word is registered takes the full name's canonical; a word that is in no entity and
/// equals a registered last word (proclitics aside) becomes a PERSON of its own. A last word
/// shared by two different people is ambiguous and links nothing. A one-word entity of another
/// name label that `relabels` lets go (the name model's, in the pass after it) and whose word is
/// registered becomes that person.
///
/// Only full names found with strong evidence register (a gazetteer, or a rule that does not
/// declare `evidence weak`: a rank, an honorific, a particle chain — not the bare given-name +
/// word heuristic, nor any word after a title), and never a word the rules know
/// as something else (a stop word, an office, a given name: `isRuleWord`), so that a name
/// ending in الحوار or علي does not turn every later الحوار or على into a person.
enum PersonLinker {
  /// عبد, the first word of a theophoric name, in normalized units.
  static let abd: [UInt16] = Array("عبد".utf16)
  /// الله, in normalized units.
  static let allah: [UInt16] = Array("الله".utf16)
  /// الدين "the religion", the second word of a compound given name (صلاح الدين، نور الدين).
  static let din: [UInt16] = Array("الدين".utf16)
  /// `isRuleWord` answers for a token index.
  static func link(
    _ entities: inout [Candidate], text: TokenizedText, isRuleWord: (Int) -> Bool = { _ in false },
    registers: (Candidate) -> Bool = { $0.evidence == .strong },
    relabels: (Candidate) -> Bool = { _ in false }
  ) {
    // Last words, interned by their normalized units; canonical per id (nil: two people share it).
    let units = text.text.units
    var lastWords = NameRegistry()
    // First names of full names, for one-word rule mentions (الملك سلمان after سلمان بن عبد العزيز).
    var firstWords = NameRegistry()
    // Entities are read through a buffer: iterating the array would copy each, strings and all.
    entities.withUnsafeBufferPointer { entities in
      for e in entities.indices where entities[e].label == .person && entities[e].tokens.count >= 2
      {
        guard registers(entities[e]) else { continue }
        let last = text.tokens[entities[e].tokens.upperBound - 1]
        // The second word of a theophoric name (عبد الله، عبد الرحمن، نصر الله، جار الله) or of a
        // compound in الدين (صلاح الدين، نور الدين) ends no family name: registered, every later
        // الله or الدين ("the religion": رجال الدين) would become the person.
        let theophoric =
          entities[e].tokens.count >= 2
          && (units[text.tokens[entities[e].tokens.upperBound - 2].range].elementsEqual(
            PersonLinker.abd) || units[last.range].elementsEqual(PersonLinker.allah)
            || units[last.range].elementsEqual(PersonLinker.din))
        if last.kind == .word, last.range.count >= 3, !theophoric,
          !isRuleWord(entities[e].tokens.upperBound - 1)
        {
          lastWords.register(Array(units[last.range]), entities[e].canonical)
        }
        let first = text.tokens[entities[e].tokens.lowerBound]
        if first.kind == .word, first.range.count >= 3 {
          firstWords.register(Array(units[first.range]), entities[e].canonical)
        }
      }
    }
    if lastWords.isEmpty && firstWords.isEmpty { return }
    units.withUnsafeBufferPointer { buffer in
      func canonical(_ range: Range<Int>) -> String? {
        lastWords.canonical(UnsafeBufferPointer(rebasing: buffer[range]))
      }
      for i in entities.indices where entities[i].tokens.count == 1 {
        guard entities[i].label == .person else {
          // A one-word name of another label that `relabels` lets go (the model's) is the
          // person whose family name it is: `بيغوفيتش` after `أسمير بيغوفيتش` is no place.
          if entities[i].label == .organization || entities[i].label == .location,
            relabels(entities[i]),
            let name = canonical(entities[i].units)
          {
            entities[i].label = .person
            entities[i].canonical = name
          }
          continue
        }
        if let name = canonical(entities[i].units) {
          entities[i].canonical = name
        } else if entities[i].source.hasPrefix("rule:"),
          let name = firstWords.canonical(UnsafeBufferPointer(rebasing: buffer[entities[i].units]))
        {
          // Only a one-word person a rule found (after a title) takes a first name's link; a
          // bare first name in the text stays unlinked: first names are shared by many.
          entities[i].canonical = name
        }
      }
      var covered = [Bool](repeating: false, count: text.tokens.count)
      entities.withUnsafeBufferPointer { entities in
        for e in entities.indices { for t in entities[e].tokens { covered[t] = true } }
      }
      // The tokens a registered word may end: every token of the article is passed here (twice
      // with the name model), so through buffers, with the cheap tests first.
      var ends: [Int] = []
      text.tokens.withUnsafeBufferPointer { tokens in
        covered.withUnsafeBufferPointer { covered in
          for i in tokens.indices {
            let token = tokens[i]
            // A registered word (of three units or more) ends the token (proclitics only come
            // first): most tokens end otherwise and are passed before any hashing.
            guard token.end &- token.start >= 3, !covered[i], token.kind == .word,
              lastWords.mayEnd(
                with: buffer[Int(token.end) &- 1], after: buffer[Int(token.end) &- 2])
            else { continue }
            ends.append(i)
          }
        }
      }
      for i in ends {
        let token = text.tokens[i]
        var found: (String, Int)?
        if let name = canonical(token.range) {
          found = (name, 0)
        } else {
          for analysis in Proclitics.analyses(
            of: UnsafeBufferPointer(rebasing: buffer[token.range]))
          where analysis.restoredPrefix.isEmpty {
            if let name = canonical((Int(token.start) + analysis.cliticLength)..<Int(token.end)) {
              found = (name, analysis.cliticLength)
              break
            }
          }
        }
        guard let (name, clitic) = found else { continue }
        entities.append(
          Candidate(
            label: .person, tokens: i..<(i + 1),
            units: (Int(token.start) + clitic)..<Int(token.end), canonical: name,
            source: "link:person", attributes: [], priority: 0, order: 0))
      }
    }
  }
}

/// Name words (normalized units) and the canonical name each stands for; a word registered for
/// two different names stands for none.
struct NameRegistry {
  private var words = TokenVocabulary()
  private var names: [String?] = []
  /// The last two units of the registered words, by their low 6 bits each: a 4,096-bit filter
  /// (a word whose bit is clear is surely not registered).
  ///
  /// Registered words have at least three units.
  private var endings = [UInt64](repeating: 0, count: 64)

  private static func ending(_ last: UInt16, after secondLast: UInt16) -> Int {
    Int(last & 63) << 6 | Int(secondLast & 63)
  }

  var isEmpty: Bool { names.isEmpty }

  mutating func register(_ word: [UInt16], _ canonical: String) {
    if word.count >= 2 {
      let key = NameRegistry.ending(word[word.count - 1], after: word[word.count - 2])
      endings[key >> 6] |= 1 << UInt64(key & 63)
    }
    let id = Int(words.intern(word))
    if id == names.count {
      names.append(canonical)
    } else if names[id] != canonical {
      names[id] = nil
    }
  }

  /// Whether a registered word may end with `secondLast`, `last` (false: none does).
  func mayEnd(with last: UInt16, after secondLast: UInt16) -> Bool {
    let key = NameRegistry.ending(last, after: secondLast)
    return endings[key >> 6] & (1 << UInt64(key & 63)) != 0
  }

  func canonical(_ word: UnsafeBufferPointer<UInt16>) -> String? {
    guard let id = words.lookup(prefix: [], word) else { return nil }
    return names[Int(id)]
  }
}
