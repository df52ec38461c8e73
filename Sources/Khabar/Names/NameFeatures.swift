/// The one feature extractor of the name model, used both to train and to run: for every token
/// of an article, the hashes of its features (and, for `--explain` and tests, their names).
///
/// Features of token i (templates numbered as in `Template`): the token as normalized, its stem
/// after each proclitic reading and its core (clitics and article off), prefixes and suffixes of
/// 1–4 letters, word shape, membership of the token and its stems in the word lists of
/// `Rules/lists/` (ranks, offices, honorifics, organization heads, given names, name particles,
/// name stops…) and in a small built-in list of verbs of saying, the gazetteer and rule
/// candidates over it (source kind, label, position; never a rule's name, which is only a label
/// a linguist may change), the article-level evidence (its core taken as a name of some label by a gazetteer or strong rule
/// elsewhere in the article), and the cores, lists and evidence of the tokens ±2 around it.
public final class NameFeatures: Sendable {
  /// The version of the templates: a model file records it, and a model made for other
  /// features is refused.
  static let version: UInt32 = 2

  /// The word lists whose membership is a feature, by bit.
  static let listNames = [
    "ranks", "offices", "honorifics", "org-heads", "given-names", "given-names-ambiguous",
    "name-particles", "name-stops", "name-stops-learned", "portfolios", "armed-branches",
    "event-heads", "months", "weekdays", "relative-dates", "document-heads",
  ]
  /// Verbs that introduce reported speech in news of every Arab country (masculine and feminine
  /// perfect, a few imperfect forms): a name often stands right after them.
  static let sayingVerbs = [
    "قال", "قالت", "يقول", "تقول", "أكد", "أكدت", "يؤكد", "تؤكد", "أعلن", "أعلنت", "أوضح",
    "أوضحت", "أضاف", "أضافت", "صرح", "صرحت", "ذكر", "ذكرت", "أشار", "أشارت", "شدد", "شددت",
    "لفت", "لفتت", "كشف", "كشفت", "نقل", "نقلت", "دعا", "دعت", "طالب", "أفاد", "أفادت",
  ]
  static let sayingBit = listNames.count

  enum Template: UInt8 {
    case bias = 0, token, stem, core, prefix, suffix, shape, kind, mark, list, evidence, rule
    case article, corePrefix, coreSuffix, neighbourToken
    case articleBefore = 60, articleLabels, articleRepeated
    case neighbourCore = 20, neighbourList = 30, neighbourEvidence = 40
    case coreBigramBefore = 50, coreBigramAfter
  }

  /// Word (normalized, hashed) → list bits.
  private let listBits: FeatureTable<UInt32>

  /// Builds the list look-up from `lists` (normally `RuleSet.lists`).
  public init(lists: [String: WordList]) {
    var items: [(text: String, bit: Int)] = []
    for (bit, name) in NameFeatures.listNames.enumerated() {
      for item in lists[name]?.items ?? [] { items.append((item.text, bit)) }
    }
    for verb in NameFeatures.sayingVerbs { items.append((verb, NameFeatures.sayingBit)) }
    listBits = FeatureTable(NameFeatures.listBits(of: items), empty: 0)
  }

  /// Word (the first of each item, normalized, hashed) → the bits of the lists that hold it.
  ///
  /// The items are normalized in one run, joined by newlines (which the normalizer keeps, so
  /// the result splits back item by item); ten thousand runs, one per item, were most of the
  /// model's start-up. `batched: false` runs once per item (for the test that they agree).
  static func listBits(of items: [(text: String, bit: Int)], batched: Bool = true)
    -> [UInt64: UInt32]
  {
    let normalizer = Normalizer()
    var normalized: [ArraySlice<UInt16>] = []
    if batched {
      let units = normalizer.normalize(items.map(\.text).joined(separator: "\n")).units
      normalized = units.split(separator: 0x0A, omittingEmptySubsequences: false)
    }
    if normalized.count != items.count {
      normalized = items.map { normalizer.normalize($0.text).units[...] }
    }
    var bits: [UInt64: UInt32] = [:]
    for (item, units) in zip(items, normalized) {
      // Multi-word items: their first word (وزير of وزير الخارجية).
      guard let word = units.split(separator: 0x20).first, !word.isEmpty else { continue }
      bits[FeatureHash.of(units: word), default: 0] |= 1 << UInt32(item.bit)
    }
    return bits
  }

  /// The features of every token: token i's are `hashes[offsets[i]..<offsets[i + 1]]`.
  struct Rows {
    var hashes: [UInt64] = []
    var offsets: [Int] = [0]
    /// The feature names, parallel to `hashes`, when asked for.
    var names: [String]?

    func features(of token: Int) -> ArraySlice<UInt64> {
      hashes[offsets[token]..<offsets[token + 1]]
    }

    /// Appends feature `value` of template `template` (and its name when names are kept).
    @inline(__always)
    mutating func emit(_ template: UInt8, _ value: UInt64, _ name: @autoclosure () -> String) {
      hashes.append(FeatureHash.feature(template, value))
      if names != nil { names?.append(name()) }
    }

    @inline(__always)
    mutating func emit(_ template: Template, _ value: UInt64, _ name: @autoclosure () -> String) {
      emit(template.rawValue, value, name())
    }

    /// Emits one feature per set bit of `bits`, lowest first, valued by the bit's index.
    @inline(__always)
    mutating func emitBits(
      _ template: UInt8, _ bits: UInt32, _ name: (Int) -> String
    ) {
      var rest = bits
      while rest != 0 {
        let bit = rest.trailingZeroBitCount
        emit(template, UInt64(bit), name(bit))
        rest &= rest - 1
      }
    }
  }

  /// What one token contributes to its own and its neighbours' features.
  private struct Atom {
    var token: UInt64 = 0
    var core: UInt64 = 0
    var lists: UInt32 = 0
    var coreText = ""
    /// Where the core's units are in the article's flat core buffer (for affix features).
    var coreStart: Int32 = 0
    var coreCount: Int32 = 0
  }

  /// Evidence codes: source kind (0 gazetteer, 1 strong rule, 2 weak rule) × label × position
  /// (0 first of several, 1 middle, 2 last of several, 3 alone).
  static func evidenceCode(kind: Int, label: EntityLabel, position: Int) -> Int {
    (kind * EntityLabel.allCases.count + label.precedence) * 4 + position
  }

  static func describeEvidence(_ code: Int) -> String {
    let position = ["B", "I", "E", "U"][code % 4]
    let label = EntityLabel.allCases.first {
      $0.precedence == (code / 4) % EntityLabel.allCases.count
    }
    let kind = ["gazetteer", "rule", "weak-rule"][code / 4 / EntityLabel.allCases.count]
    return "\(kind):\(position)-\(label?.rawValue ?? "?")"
  }

  static let arabicAlef: UInt16 = 0x0627
  static let arabicLam: UInt16 = 0x0644

  /// The features of `text`'s tokens given the `candidates` the gazetteers and rules proposed.
  func rows(_ text: TokenizedText, candidates: [Candidate], names: Bool = false) -> Rows {
    let tokens = text.tokens
    let n = tokens.count
    var rows = Rows()
    rows.hashes.reserveCapacity(n * 40)
    rows.offsets.reserveCapacity(n + 1)
    if names { rows.names = [] }
    var atoms = [Atom](repeating: Atom(), count: n)
    // Stems per token, in a flat array: token i's are stems[stemStart[i]..<stemStart[i + 1]].
    var stems: [UInt64] = []
    var stemTexts: [String] = []
    var stemStart = [Int](repeating: 0, count: n + 1)
    var scratch: [UInt16] = []
    // Every token's core, one after another: an array per token cost an allocation each.
    var coreBuffer: [UInt16] = []
    coreBuffer.reserveCapacity(text.text.units.count)
    text.text.units.withUnsafeBufferPointer { units in
      for i in 0..<n {
        stemStart[i] = stems.count
        let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
        var atom = Atom()
        atom.token = FeatureHash.of(units: token)
        atom.lists = listBits[atom.token] ?? 0
        var core = token.count
        var coreStart = 0
        var coreRestores = false
        if tokens[i].kind == .word {
          for analysis in Proclitics.analyses(of: token) {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: analysis.restoredPrefix)
            scratch.append(contentsOf: token[analysis.cliticLength...])
            let hash = FeatureHash.of(units: scratch)
            stems.append(hash)
            if names { stemTexts.append(String(decoding: scratch, as: UTF16.self)) }
            let known = listBits[hash]
            atom.lists |= known ?? 0
            let hasArticle =
              scratch.count > 3 && scratch[0] == NameFeatures.arabicAlef
              && scratch[1] == NameFeatures.arabicLam
            if known != nil || hasArticle {
              coreStart = analysis.cliticLength
              coreRestores = analysis.restoresAlef
              core = token.count - coreStart
            }
          }
        }
        scratch.removeAll(keepingCapacity: true)
        if coreRestores { scratch.append(NameFeatures.arabicAlef) }
        scratch.append(contentsOf: token[coreStart..<(coreStart + core)])
        if scratch.count > 4 && scratch[0] == NameFeatures.arabicAlef
          && scratch[1] == NameFeatures.arabicLam
        {
          scratch.removeFirst(2)
        }
        atom.core = FeatureHash.of(units: scratch)
        atom.coreStart = Int32(coreBuffer.count)
        atom.coreCount = Int32(scratch.count)
        coreBuffer.append(contentsOf: scratch)
        if names { atom.coreText = String(decoding: scratch, as: UTF16.self) }
        atoms[i] = atom
      }
      stemStart[n] = stems.count
    }

    // Evidence per token, flat: token i's codes are evidence[evidenceStart[i]..<…[i + 1]],
    // ascending and without repeats (two rules over one token weigh once). Collected as
    // (token << 32 | code) and sorted: an array per token cost an allocation each.
    var pairs: [UInt64] = []
    let nameLabels: [EntityLabel] = [.person, .organization, .location, .country]
    // Per core and per token, counts of the four name labels (no array made per entry).
    var articleCounts = FeatureTable<SIMD4<Int32>>(capacity: n, empty: .zero)
    var ownCounts = [SIMD4<Int32>](repeating: .zero, count: n)
    for c in candidates {
      let kind: Int
      if c.source.hasPrefix("gazetteer:") {
        kind = 0
      } else if c.source.hasPrefix("rule:") {
        kind = c.evidence == .strong ? 1 : 2
      } else {
        continue
      }
      for t in c.tokens where t < n {
        let position =
          c.tokens.count == 1
          ? 3 : t == c.tokens.lowerBound ? 0 : t == c.tokens.upperBound - 1 ? 2 : 1
        let code = NameFeatures.evidenceCode(kind: kind, label: c.label, position: position)
        pairs.append(UInt64(t) << 32 | UInt64(code))
        if kind < 2, let l = nameLabels.firstIndex(of: c.label), tokens[t].kind == .word {
          articleCounts.update(atoms[t].core, initial: .zero) { $0[l] += 1 }
          ownCounts[t][l] += 1
        }
      }
    }
    pairs.sort()
    var evidence: [Int] = []
    evidence.reserveCapacity(pairs.count)
    var evidenceStart = [Int](repeating: 0, count: n + 1)
    var k = 0
    for t in 0..<n {
      evidenceStart[t] = evidence.count
      var previous = UInt64.max
      while k < pairs.count && Int(pairs[k] >> 32) == t {
        if pairs[k] != previous { evidence.append(Int(pairs[k] & 0xFFFF_FFFF)) }
        previous = pairs[k]
        k += 1
      }
    }
    evidenceStart[n] = evidence.count
    // Per core, over all its occurrences in the article: the lists of the word before it, the
    // labels of any candidate over it (weak rules too), and how often it occurs.
    var articleBefore = FeatureTable<UInt32>(capacity: n, empty: 0)
    var articleLabels = FeatureTable<UInt16>(capacity: n, empty: 0)
    var articleCount = FeatureTable<Int>(capacity: n, empty: 0)
    for i in 0..<n where tokens[i].kind == .word {
      let core = atoms[i].core
      articleCount.update(core, initial: 0) { $0 += 1 }
      if i > 0 && tokens[i - 1].sentence == tokens[i].sentence {
        let lists = atoms[i - 1].lists
        articleBefore.update(core, initial: 0) { $0 |= lists }
      }
      for code in evidence[evidenceStart[i]..<evidenceStart[i + 1]] {
        let bit = UInt16(1) << UInt16((code / 4) % EntityLabel.allCases.count)
        articleLabels.update(core, initial: 0) { $0 |= bit }
      }
    }

    func listName(_ bit: Int) -> String {
      bit < NameFeatures.listNames.count ? NameFeatures.listNames[bit] : "saying-verbs"
    }
    let boundary: UInt64 = 0x5EA7_0000_0000_0001

    text.text.units.withUnsafeBufferPointer { units in
      for i in 0..<n {
        let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
        let atom = atoms[i]
        let tokenText = names ? String(decoding: token, as: UTF16.self) : ""
        rows.emit(.bias, 0, "bias")
        rows.emit(.token, atom.token, "token=\(tokenText)")
        for s in stemStart[i]..<stemStart[i + 1] {
          rows.emit(.stem, stems[s], "stem=\(names ? stemTexts[s] : "")")
        }
        rows.emit(.core, atom.core, "core=\(atom.coreText)")
        for k in 1...4 where k < token.count {
          var p = FeatureHash()
          p.add(byte: UInt8(k))
          for u in token[0..<k] { p.add(u) }
          rows.emit(.prefix, p.value, "prefix=\(String(decoding: token[0..<k], as: UTF16.self))")
          var s = FeatureHash()
          s.add(byte: UInt8(k))
          for u in token[(token.count - k)...] { s.add(u) }
          rows.emit(
            .suffix, s.value,
            "suffix=\(String(decoding: token[(token.count - k)...], as: UTF16.self))")
        }
        let cu = coreBuffer[Int(atom.coreStart)..<Int(atom.coreStart + atom.coreCount)]
        if tokens[i].kind == .word {
          for k in 1...4 where k < cu.count {
            var p = FeatureHash()
            p.add(byte: UInt8(k))
            for u in cu.prefix(k) { p.add(u) }
            rows.emit(
              .corePrefix, p.value, "core-prefix=\(String(decoding: cu.prefix(k), as: UTF16.self))")
            var s = FeatureHash()
            s.add(byte: UInt8(k))
            for u in cu.suffix(k) { s.add(u) }
            rows.emit(
              .coreSuffix, s.value,
              "core-suffix=\(String(decoding: cu.suffix(k), as: UTF16.self))")
          }
        }
        let shape = NameFeatures.shape(token)
        rows.emit(.shape, UInt64(shape), "shape=\(NameFeatures.describeShape(shape))")
        let kind = UInt64(TokenKind.allCases.firstIndex(of: tokens[i].kind) ?? 0)
        rows.emit(.kind, kind, "kind=\(tokens[i].kind.rawValue)")
        if i == 0 || tokens[i - 1].sentence != tokens[i].sentence {
          rows.emit(.mark, 1, "sentence-start")
        }
        if i > 0, tokens[i - 1].sentence == tokens[i].sentence {
          let before = units[tokens[i - 1].range]
          if before.count == 1, let q = before.first, NameFeatures.quotes.contains(q) {
            rows.emit(.mark, 2, "after-quote")
          }
          if before.count == 1, before.first == 0x23 { rows.emit(.mark, 3, "after-hashtag") }
        }
        if token.first == 0x23 { rows.emit(.mark, 3, "hashtag") }
        rows.emitBits(Template.list.rawValue, atom.lists) { "list=\(listName($0))" }
        for code in evidence[evidenceStart[i]..<evidenceStart[i + 1]] {
          rows.emit(.evidence, UInt64(code), NameFeatures.describeEvidence(code))
        }
        if let counts = articleCounts[atom.core] {
          for l in 0..<4 where counts[l] - ownCounts[i][l] > 0 {
            rows.emit(.article, UInt64(l), "article:\(nameLabels[l].rawValue)")
          }
        }
        if tokens[i].kind == .word {
          rows.emitBits(Template.articleBefore.rawValue, articleBefore[atom.core] ?? 0) {
            "article-before=\(listName($0))"
          }
          let labels = articleLabels[atom.core] ?? 0
          for label in EntityLabel.allCases where labels & (1 << UInt16(label.precedence)) != 0 {
            rows.emit(.articleLabels, UInt64(label.precedence), "article-any:\(label.rawValue)")
          }
          let count = articleCount[atom.core] ?? 0
          rows.emit(.articleRepeated, UInt64(min(count, 4)), "article-count=\(min(count, 4))")
        }
        for offset in [-2, -1, 1, 2] {
          let j = i + offset
          let o = UInt8(truncatingIfNeeded: offset + 2)
          guard j >= 0, j < n, tokens[j].sentence == tokens[i].sentence else {
            rows.emit(Template.neighbourCore.rawValue + o, boundary, "core@\(offset)=<boundary>")
            continue
          }
          rows.emit(
            Template.neighbourCore.rawValue + o, atoms[j].core,
            "core@\(offset)=\(atoms[j].coreText)")
          if abs(offset) == 1 {
            rows.emit(
              Template.neighbourToken.rawValue + o, atoms[j].token,
              "token@\(offset)=\(names ? String(decoding: units[tokens[j].range], as: UTF16.self) : "")"
            )
          }
          rows.emitBits(Template.neighbourList.rawValue + o, atoms[j].lists) {
            "list@\(offset)=\(listName($0))"
          }
          for code in evidence[evidenceStart[j]..<evidenceStart[j + 1]] {
            rows.emit(
              Template.neighbourEvidence.rawValue + o, UInt64(code),
              "\(NameFeatures.describeEvidence(code))@\(offset)")
          }
        }
        if i > 0, tokens[i - 1].sentence == tokens[i].sentence {
          var h = FeatureHash()
          h.add(atoms[i - 1].core)
          h.add(atom.core)
          rows.emit(
            .coreBigramBefore, h.value, "core@-1+core=\(atoms[i - 1].coreText)+\(atom.coreText)")
        }
        if i + 1 < n, tokens[i + 1].sentence == tokens[i].sentence {
          var h = FeatureHash()
          h.add(atom.core)
          h.add(atoms[i + 1].core)
          rows.emit(
            .coreBigramAfter, h.value, "core+core@1=\(atom.coreText)+\(atoms[i + 1].coreText)")
        }
        rows.offsets.append(rows.hashes.count)
      }
    }
    return rows
  }

  /// Opening and closing quotation marks (a name in quotes is often an organization or a
  /// work).
  static let quotes: Set<UInt16> = [0x22, 0x27, 0xAB, 0xBB, 0x201C, 0x201D, 0x2018, 0x2019]

  /// The shape of a token: which scripts it has (bits 0–3: Arabic letters, Latin letters,
  /// digits, other) and its length class (bits 4–6).
  static func shape(_ token: UnsafeBufferPointer<UInt16>) -> Int {
    var bits = 0
    for u in token {
      switch u {
      case 0x0621...0x064A, 0x0671...0x06D3: bits |= 1
      case 0x41...0x5A, 0x61...0x7A: bits |= 2
      case 0x30...0x39: bits |= 4
      default: bits |= 8
      }
    }
    let n = token.count
    let length = n <= 2 ? n : n <= 4 ? 3 : n <= 6 ? 4 : n <= 9 ? 5 : 6
    return bits | length << 4
  }

  static func describeShape(_ shape: Int) -> String {
    let scripts = ["arabic", "latin", "digits", "other"].enumerated().filter {
      shape & (1 << $0.offset) != 0
    }.map(\.element)
    return scripts.joined(separator: "+") + "/len\(shape >> 4)"
  }
}

extension NameFeatures {
  /// The UTF-16 units of proclitics to leave outside a name that begins with `token`: those
  /// before the article (وال، بال، لل …) or before a stem the word lists know (و + محمد); 0 when
  /// the token may well begin with the letter (وليد، بدر).
  func cliticLength(_ token: UnsafeBufferPointer<UInt16>) -> Int {
    var best = 0
    var scratch: [UInt16] = []
    for analysis in Proclitics.analyses(of: token) {
      scratch.removeAll(keepingCapacity: true)
      scratch.append(contentsOf: analysis.restoredPrefix)
      scratch.append(contentsOf: token[analysis.cliticLength...])
      let hasArticle =
        scratch.count > 3 && scratch[0] == NameFeatures.arabicAlef
        && scratch[1] == NameFeatures.arabicLam
      if hasArticle || listBits[FeatureHash.of(units: scratch)] != nil {
        best = analysis.cliticLength
      }
    }
    return best
  }
}
