/// Links short mentions of people to their full names (arabic-notes §4): after
/// `اللواء محمد باقري`, both `اللواء باقري` and a bare `باقري` are the same person with the same
/// canonical name.
///
/// A full name (a PERSON of two or more words) registers its last word. A one-word PERSON
/// whose word is registered takes the full name's canonical; a word that is in no entity and
/// equals a registered last word (proclitics aside) becomes a PERSON of its own. A last word
/// shared by two different people is ambiguous and links nothing.
///
/// Only full names found with strong evidence register (a gazetteer, a title, a rank, a
/// particle chain — not the bare given-name + word heuristic), and never a word the rules know
/// as something else (a stop word, an office, a given name: `isRuleWord`), so that a name
/// ending in الحوار or علي does not turn every later الحوار or على into a person.
enum PersonLinker {
  /// Sources whose full names do not register.
  static let weakSources: Set<String> = ["rule:person.given-family"]

  static func link(_ entities: inout [Candidate], text: TokenizedText, isRuleWord: (Range<Int>) -> Bool = { _ in false }) {
    var registry: [String: String?] = [:]
    func key(_ range: Range<Int>) -> String { String(decoding: text.text.units[range], as: UTF16.self) }
    for e in entities where e.label == .person && e.tokens.count >= 2 && !weakSources.contains(e.source) {
      let last = text.tokens[e.tokens.upperBound - 1]
      guard last.kind == .word, last.range.count >= 3, !isRuleWord(last.range) else { continue }
      let k = key(last.range)
      if let existing = registry[k], existing != e.canonical { registry[k] = .some(nil) } else { registry[k] = e.canonical }
    }
    if registry.isEmpty { return }
    for i in entities.indices where entities[i].label == .person && entities[i].tokens.count == 1 {
      let k = key(entities[i].units)
      if let canonical = registry[k] ?? nil { entities[i].canonical = canonical }
    }
    var covered = [Bool](repeating: false, count: text.tokens.count)
    for e in entities { for t in e.tokens { covered[t] = true } }
    text.text.units.withUnsafeBufferPointer { units in
      for (i, token) in text.tokens.enumerated() where !covered[i] && token.kind == .word {
        let buffer = UnsafeBufferPointer(rebasing: units[token.range])
        var found: (String, Int)?
        if let canonical = registry[key(token.range)] ?? nil {
          found = (canonical, 0)
        } else {
          for analysis in Proclitics.analyses(of: buffer) where analysis.restoredPrefix.isEmpty {
            let rest = key((Int(token.start) + analysis.cliticLength)..<Int(token.end))
            if let canonical = registry[rest] ?? nil {
              found = (canonical, analysis.cliticLength)
              break
            }
          }
        }
        guard let (canonical, clitic) = found else { continue }
        entities.append(
          Candidate(
            label: .person, tokens: i..<(i + 1), units: (Int(token.start) + clitic)..<Int(token.end), canonical: canonical,
            source: "link:person", attributes: [], priority: 0, order: 0))
      }
    }
  }
}
