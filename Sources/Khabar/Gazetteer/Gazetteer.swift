/// All gazetteer entries compiled into one matcher over normalized tokens.
///
/// Every form passes through the same `Normalizer` and `Tokenizer` as the text. Forms become
/// paths in a trie whose edges are token ids; the text is scanned once, and at each token the
/// trie is walked as far as the text allows. Matching costs O(n · L) token look-ups for n
/// tokens and L the longest form in tokens (a constant of the data: under 10), so it is linear
/// in the text, whatever the number of entries.
///
/// ## Match semantics
///
/// - **Leftmost-longest.** Scanning left to right, the longest form starting at the current
///   token wins and the scan resumes after it: with forms `الجمهورية الإسلامية الإيرانية` and
///   `الإيرانية`, the text `الجمهورية الإسلامية الإيرانية` gives one COUNTRY, not a COUNTRY and a
///   NORP; with `روسيا` and `روسيا الاتحادية`, `روسيا الاتحادية` gives one match.
/// - **Whole token first.** A proclitic is stripped only when the whole token begins no form:
///   `لبنان` is Lebanon, never ل + بنان; `بغداد` is never ب + غداد. Among the readings with
///   proclitics, the longest match wins, then the shorter proclitic.
/// - **Proclitics stay outside.** In `وروسيا` the entity is `روسيا`; in `للقوات` (ل + القوات with
///   the article's alef elided) the span starts at the article's ل.
/// - **Sentences.** A form never spans a sentence boundary.
/// - **Same tokens, different labels.** When forms of two labels cover the same tokens, the
///   label earlier in `EntityLabel`'s order wins (الكويت: COUNTRY before LOCATION).
public final class Gazetteer: Sendable {
  public let entries: [GazetteerEntry]
  /// For each entry, the output attributes (with `country` resolved to its canonical name).
  let outputAttributes: [[(String, String)]]
  /// The token ids of the forms (read by `Extractor` to share one look-up per token with the
  /// rules).
  let vocabulary: TokenVocabulary
  private let transitions: TransitionTable
  /// What the matcher needs of a trie node in one load: the entry it completes (-1: none) and
  /// whether any edge leaves it (a leaf ends the walk without probing `transitions`).
  private struct Node {
    var terminal: Int32
    var hasChildren: Bool
  }
  /// For each token id, the trie node its token leads to from the root (-1: none) with that
  /// node's facts: one load where the transition table probes a hash, for the edge every token
  /// of the text asks for.
  private struct RootEdge {
    var child: Int32
    var node: Node
  }
  private let rootEdges: [RootEdge]
  /// For each trie node, its facts.
  private let nodes: [Node]

  /// Compiles `entries`.
  ///
  /// Conflicts (one form, one label, two canonical names) and broken references (`country=` naming
  /// no COUNTRY) are errors, reported together.
  public init(entries: [GazetteerEntry]) throws(DataFileError) {
    let normalizer = Normalizer()
    guard let tokenizer = try? Tokenizer() else {
      throw DataFileError([
        Diagnostic(file: "ICU", line: 0, column: 0, message: "ICU break iterators are unavailable")
      ])
    }
    var diagnostics: [Diagnostic] = []
    var vocabulary = TokenVocabulary()
    var transitions = TransitionTable()
    var terminal: [Int32] = [-1]

    var countryNames: [String: String] = [:]
    for entry in entries where entry.label == .country {
      if let id = entry.attribute("id") { countryNames[id] = entry.canonical }
    }
    var outputAttributes: [[(String, String)]] = []
    for entry in entries {
      var attributes = entry.attributes
      if let index = attributes.firstIndex(where: { $0.0 == "country" }) {
        let id = attributes[index].1
        if let name = countryNames[id] {
          attributes[index] = ("country", name)
          attributes.append(("country_id", id))
        } else {
          diagnostics.append(
            Diagnostic(
              file: entry.file, line: entry.line, column: 1,
              message: "country '\(id)' is the id of no COUNTRY entry"))
        }
      }
      outputAttributes.append(attributes)
    }

    for (index, entry) in entries.enumerated() {
      for form in entry.forms {
        let tokens = tokenizer.tokenize(normalizer.normalize(form))
        guard !tokens.tokens.isEmpty else {
          diagnostics.append(
            Diagnostic(
              file: entry.file, line: entry.line, column: 1,
              message: "form '\(form)' has no characters left after normalization"))
          continue
        }
        var node: Int32 = 0
        for token in tokens.tokens {
          let id = vocabulary.intern(Array(tokens.text.units[token.range]))
          if let next = transitions[node, id] {
            node = next
          } else {
            let next = Int32(terminal.count)
            terminal.append(-1)
            transitions.insert(node: node, token: id, child: next)
            node = next
          }
        }
        let existing = Int(terminal[Int(node)])
        if existing < 0 {
          terminal[Int(node)] = Int32(index)
        } else if existing != index {
          let other = entries[existing]
          if other.label == entry.label && other.canonical != entry.canonical {
            diagnostics.append(
              Diagnostic(
                file: entry.file, line: entry.line, column: 1,
                message:
                  "form '\(form)' is also \(other.label.rawValue) '\(other.canonical)' at \(other.file):\(other.line)"
              ))
          } else if entry.label < other.label {
            terminal[Int(node)] = Int32(index)
          }
        }
      }
    }
    if diagnostics.contains(where: { $0.severity == .error }) { throw DataFileError(diagnostics) }
    self.entries = entries
    self.outputAttributes = outputAttributes
    self.vocabulary = vocabulary
    self.transitions = transitions
    var hasChildren = [Bool](repeating: false, count: terminal.count)
    for parent in transitions.parents { hasChildren[Int(parent)] = true }
    let nodes = terminal.indices.map { Node(terminal: terminal[$0], hasChildren: hasChildren[$0]) }
    self.nodes = nodes
    self.rootEdges = (0..<Int32(vocabulary.count)).map { id in
      let child = transitions[0, id] ?? -1
      return RootEdge(
        child: child, node: child >= 0 ? nodes[Int(child)] : Node(terminal: -1, hasChildren: false))
    }
  }

  /// A match of one gazetteer entry.
  public struct Match: Sendable, Equatable {
    /// Token range (indices into `TokenizedText.tokens`), end exclusive.
    public var tokens: Range<Int>
    /// Normalized UTF-16 range of the matched text, proclitics excluded.
    public var units: Range<Int>
    /// Index into `entries`.
    public var entry: Int
    /// Normalized UTF-16 range of the stripped proclitics, if any.
    public var proclitic: Range<Int>?
  }

  /// The leftmost-longest matches in `text`, in text order, never overlapping.
  public func matches(in text: TokenizedText) -> [Match] {
    // Token ids, looked up once per token (-1: not in the vocabulary).
    let ids = text.text.units.withUnsafeBufferPointer { units in
      text.tokens.map { vocabulary.lookup(UnsafeBufferPointer(rebasing: units[$0.range])) ?? -1 }
    }
    let readings = Proclitics.readings(of: text) { prefix, stem in
      vocabulary.lookup(prefix: prefix, stem).map { ($0, -1) }
    }
    return matches(in: text, ids: ids, readings: readings)
  }

  /// The matches in `text` given each token's id in `vocabulary` (-1: none) and the proclitic
  /// readings of its tokens, for a caller that looked the tokens up already.
  func matches(in text: TokenizedText, ids: [Int32], readings: [Proclitics.Reading]) -> [Match] {
    var result: [Match] = []
    text.tokens.withUnsafeBufferPointer { tokens in
      ids.withUnsafeBufferPointer { ids in
        readings.withUnsafeBufferPointer { readings in
          text.text.units.withUnsafeBufferPointer { units in
            // The first reading of a token at or after `i`: readings are in token order.
            var next = 0
            var i = 0
            while i < tokens.count {
              var best: Found?
              if ids[i] >= 0, case let edge = rootEdges[Int(ids[i])], edge.child >= 0 {
                best = longest(from: edge, at: i, ids: ids, tokens: tokens)
              }
              while next < readings.count && Int(readings[next].token) < i { next += 1 }
              if best == nil {
                var r = next
                // Whether ل + the article + the rest is a known word (للحج: ل + الحج).
                var articleReadingKnown = false
                while r < readings.count && Int(readings[r].token) == i {
                  if readings[r].restoresAlef
                    && (readings[r].rule >= 0 || readings[r].gazetteer >= 0)
                  {
                    articleReadingKnown = true
                  }
                  r += 1
                }
                r = next
                while r < readings.count && Int(readings[r].token) == i {
                  let reading = readings[r]
                  r += 1
                  guard reading.gazetteer >= 0, case let edge = rootEdges[Int(reading.gazetteer)],
                    edge.child >= 0,
                    !(articleReadingKnown && !reading.restoresAlef
                      && isLamAfterLam(
                        at: i, cliticLength: Int(reading.cliticLength), tokens, units)),
                    var found = longest(from: edge, at: i, ids: ids, tokens: tokens),
                    isPlausible(
                      found, at: i, cliticLength: Int(reading.cliticLength), tokens: tokens,
                      units: units)
                  else { continue }
                  if found.end > (best?.end ?? 0) {
                    found.clitic = Int(reading.cliticLength)
                    best = found
                  }
                }
              }
              if let best {
                let start = Int(tokens[i].start)
                let cliticEnd = start + best.clitic
                result.append(
                  Match(
                    tokens: i..<best.end, units: cliticEnd..<Int(tokens[best.end - 1].end),
                    entry: Int(best.entry), proclitic: best.clitic > 0 ? start..<cliticEnd : nil))
                i = best.end
              } else {
                i += 1
              }
            }
          }
        }
      }
    }
    return result
  }

  /// Whether the stem of a reading of token `i` begins with ل right after a clitic ending in ل.
  ///
  /// للحج read as ل + لحج (Lahij) is such a reading. Where ل + the article + the rest is a known
  /// word (الحج), that is the reading: after ل the article loses its alef, and a place that
  /// begins with ل (للبنان) keeps its reading only where no such word exists.
  private func isLamAfterLam(
    at i: Int, cliticLength: Int, _ tokens: UnsafeBufferPointer<Token>,
    _ units: UnsafeBufferPointer<UInt16>
  ) -> Bool {
    let stem = Int(tokens[i].start) + cliticLength
    return cliticLength > 0 && stem < Int(tokens[i].end) && units[stem] == Proclitics.lam
      && units[stem - 1] == Proclitics.lam
  }

  /// Whether a reading with the preposition ك ("like", "as") is one: ك stands before a definite
  /// noun (كالعراق، كالرياض), a state, a body or a person (كمصر، كداعش، كسعود الفيصل) or the
  /// plural of a people (كسعوديين). Before a place or a people's name without the article, the
  /// letters are more often the word's own: كاسيا is Casillas, not ك + آسيا; كسرت "broke", not ك
  /// + Sirte; كروس "Cross", كارمن "Carmen". Readings without ك are all plausible.
  private func isPlausible(
    _ found: Found, at i: Int, cliticLength: Int, tokens: UnsafeBufferPointer<Token>,
    units: UnsafeBufferPointer<UInt16>
  ) -> Bool {
    let start = Int(tokens[i].start)
    guard cliticLength > 0, units[start + cliticLength - 1] == Proclitics.kaf else { return true }
    let stem = start + cliticLength
    if stem + 2 < Int(tokens[i].end), units[stem] == Proclitics.alef,
      units[stem + 1] == Proclitics.lam
    {
      return true
    }
    switch entries[Int(found.entry)].label {
    case .location: return false
    case .norp:
      let end = Int(tokens[found.end - 1].end)
      return end - stem >= 4
        && (units[end - 2] == Gazetteer.yeh || units[end - 2] == Proclitics.waw)
        && units[end - 1] == Gazetteer.noon
    default: return true
    }
  }

  /// The letters of a plural's ending (ين، ون) besides و (`Proclitics.waw`).
  static let yeh: UInt16 = 0x064A
  static let noon: UInt16 = 0x0646

  /// A form found at a token: where it ends, which entry it is, how many units of proclitics
  /// its first token has.
  private struct Found {
    /// Token index (exclusive).
    var end: Int
    var entry: Int32
    /// UTF-16 units.
    var clitic = 0
  }

  /// The longest entry reachable through root edge `edge`, entered by token `start`.
  private func longest(
    from edge: RootEdge, at start: Int, ids: UnsafeBufferPointer<Int32>,
    tokens: UnsafeBufferPointer<Token>
  ) -> Found? {
    var node = edge.child
    var facts = edge.node
    var best: Found?
    if facts.terminal >= 0 { best = Found(end: start + 1, entry: facts.terminal) }
    var j = start + 1
    let sentence = tokens[start].sentence
    while facts.hasChildren && j < tokens.count && tokens[j].sentence == sentence && ids[j] >= 0 {
      guard let next = transitions[node, ids[j]] else { break }
      node = next
      facts = nodes[Int(node)]
      j += 1
      if facts.terminal >= 0 { best = Found(end: j, entry: facts.terminal) }
    }
    return best
  }
}
