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
  /// One bit per value of a word hash's top `listFilterBits` bits, set when a listed word has
  /// them: most words and stems are in no list, and these 32 KB say so without a probe of
  /// `listBits` (a new type reads it for itself and each of its stems).
  private let listFilter: [UInt64]
  static let listFilterBits = 18

  /// What the word before a model name says of it (`Rules/lists/model-cues.txt`); no feature.
  let cues: ModelCues

  /// Builds the list look-up from `lists` (normally `RuleSet.lists`).
  public init(lists: [String: WordList]) {
    cues = ModelCues(lists: lists)
    var items: [(text: String, bit: Int)] = []
    for (bit, name) in NameFeatures.listNames.enumerated() {
      for item in lists[name]?.items ?? [] { items.append((item.text, bit)) }
    }
    for verb in NameFeatures.sayingVerbs { items.append((verb, NameFeatures.sayingBit)) }
    let bits = NameFeatures.listBits(of: items)
    listBits = FeatureTable(bits, empty: 0)
    var filter = [UInt64](repeating: 0, count: 1 << (NameFeatures.listFilterBits - 6))
    for hash in bits.keys {
      let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - NameFeatures.listFilterBits))
      filter[bit >> 6] |= 1 << UInt64(bit & 63)
    }
    listFilter = filter
  }

  /// The list bits of the word of hash `hash`; nil when no list holds it.
  @inline(__always)
  func lists(ofWord hash: UInt64) -> UInt32? {
    let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - NameFeatures.listFilterBits))
    guard listFilter.withUnsafeBufferPointer({ $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 })
    else { return nil }
    return listBits[hash]
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
  struct Rows: FeatureSink {
    var hashes: [UInt64] = []
    var offsets: [Int] = [0]
    /// The feature names, parallel to `hashes`, when asked for.
    var names: [String]?

    var wantsNames: Bool { names != nil }

    func features(of token: Int) -> ArraySlice<UInt64> {
      hashes[offsets[token]..<offsets[token + 1]]
    }

    /// Appends feature `value` of template `template` (and its name when names are kept).
    @inline(__always)
    mutating func emit(_ template: UInt8, _ value: UInt64, _ name: @autoclosure () -> String) {
      hashes.append(FeatureHash.feature(template, value))
      if names != nil { names?.append(name()) }
    }
  }

  /// What one token contributes to its own and its neighbours' features: a function of the
  /// token's text and kind alone.
  struct Atom {
    var token: UInt64 = 0
    var core: UInt64 = 0
    var lists: UInt32 = 0
  }

  /// A token's stems and core, kept beside its atom while its own features are emitted.
  ///
  /// Each is the first elements of an array that keeps its room from one token to the next
  /// (the count apart): emptying and refilling the arrays (`removeAll`, `append(contentsOf:)`,
  /// `removeFirst`) cost some three hundred instructions a new type.
  struct Analysis {
    /// The hashes of its stems, one per proclitic reading.
    var stems: ArraySlice<UInt64> { stemStore[..<stemCount] }
    /// Their texts (only when feature names are wanted).
    var stemTexts: [String] = []
    /// Its core: the stem the lists know or with the article, the article off.
    var core: ArraySlice<UInt16> { coreStore[..<coreCount] }
    private var stemStore: [UInt64] = []
    private var stemCount = 0
    private var coreStore: [UInt16] = []
    private var coreCount = 0

    /// Empties the stems, keeping their room.
    @inline(__always)
    mutating func reset() {
      stemCount = 0
      if !stemTexts.isEmpty { stemTexts.removeAll(keepingCapacity: true) }
    }

    /// Appends a stem's hash.
    @inline(__always)
    mutating func appendStem(_ hash: UInt64) {
      if stemCount == stemStore.count {
        stemStore.append(hash)
      } else {
        stemStore[stemCount] = hash
      }
      stemCount += 1
    }

    /// Makes the core an alef (when `alef`) followed by `units`.
    @inline(__always)
    mutating func setCore(alef: Bool, _ units: UnsafeBufferPointer<UInt16>.SubSequence) {
      let count = (alef ? 1 : 0) + units.count
      if coreStore.count < count {
        coreStore.append(contentsOf: repeatElement(0, count: count - coreStore.count))
      }
      coreStore.withUnsafeMutableBufferPointer { store in
        var k = 0
        if alef {
          store[0] = NameFeatures.arabicAlef
          k = 1
        }
        for u in units {
          store[k] = u
          k += 1
        }
      }
      coreCount = count
    }
  }

  /// The atom of `token`, its stems and core left in `analysis`.
  func analyze(
    _ token: UnsafeBufferPointer<UInt16>, kind: TokenKind, into analysis: inout Analysis,
    names: Bool
  ) -> Atom {
    analysis.reset()
    var atom = Atom()
    atom.token = FeatureHash.of(units: token)
    atom.lists = lists(ofWord: atom.token) ?? 0
    var core = token.count
    var coreStart = 0
    var coreRestores = false
    if kind == .word {
      for reading in Proclitics.analyses(of: token) {
        // The stem (an alef the clitic elided, then the rest of the token) read in place: a
        // scratch array cost two copies a reading.
        let rest = token[reading.cliticLength...]
        let alef = reading.restoresAlef
        var h = FeatureHash()
        if alef { h.add(NameFeatures.arabicAlef) }
        for u in rest { h.add(u) }
        let hash = h.value
        analysis.appendStem(hash)
        if names {
          analysis.stemTexts.append(
            (alef ? "\u{0627}" : "") + String(decoding: rest, as: UTF16.self))
        }
        let known = lists(ofWord: hash)
        atom.lists |= known ?? 0
        let count = (alef ? 1 : 0) + rest.count
        @inline(__always) func unit(_ k: Int) -> UInt16 {
          alef
            ? (k == 0 ? NameFeatures.arabicAlef : rest[rest.startIndex + k - 1])
            : rest[rest.startIndex + k]
        }
        let hasArticle =
          count > 3 && unit(0) == NameFeatures.arabicAlef && unit(1) == NameFeatures.arabicLam
        if known != nil || hasArticle {
          coreStart = reading.cliticLength
          coreRestores = alef
          core = token.count - coreStart
        }
      }
    }
    // The core, its article off when it has one and more than two letters after it.
    var units = token[coreStart..<(coreStart + core)]
    var alef = coreRestores
    let count = (alef ? 1 : 0) + units.count
    if count > 4 {
      let first = alef ? NameFeatures.arabicAlef : units[units.startIndex]
      let second = alef ? units[units.startIndex] : units[units.startIndex + 1]
      if first == NameFeatures.arabicAlef && second == NameFeatures.arabicLam {
        units = units.dropFirst(alef ? 1 : 2)
        alef = false
      }
    }
    analysis.setCore(alef: alef, units)
    var h = FeatureHash()
    if alef { h.add(NameFeatures.arabicAlef) }
    for u in units { h.add(u) }
    atom.core = h.value
    return atom
  }

  /// The first part of a token's own features, a function of its text and kind: bias, token,
  /// stems, core, affixes, shape, kind.
  func emitOwnFirst<Sink: FeatureSink>(
    _ token: UnsafeBufferPointer<UInt16>, kind: TokenKind, atom: Atom, analysis: Analysis,
    into sink: inout Sink
  ) {
    let names = sink.wantsNames
    sink.emit(.bias, 0, "bias")
    sink.emit(.token, atom.token, "token=\(String(decoding: token, as: UTF16.self))")
    for (k, stem) in analysis.stems.enumerated() {
      sink.emit(.stem, stem, "stem=\(names ? analysis.stemTexts[k] : "")")
    }
    let cu = analysis.core
    sink.emit(.core, atom.core, "core=\(String(decoding: cu, as: UTF16.self))")
    // The affixes' hashes, kept for the core's: a core is the end of its token (an alef
    // restored, or the article dropped, only at its front), so its suffixes of 1–4 letters
    // are the token's, and so are its prefixes when it is as long as the token and begins
    // with the same unit (it is the token then). Hashed once, not again for the core.
    var prefixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var suffixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    @inline(__always) func keep(
      _ hash: UInt64, _ k: Int, in hashes: inout (UInt64, UInt64, UInt64, UInt64)
    ) {
      switch k {
      case 1: hashes.0 = hash
      case 2: hashes.1 = hash
      case 3: hashes.2 = hash
      default: hashes.3 = hash
      }
    }
    @inline(__always) func kept(_ k: Int, in hashes: (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
      switch k {
      case 1: hashes.0
      case 2: hashes.1
      case 3: hashes.2
      default: hashes.3
      }
    }
    for k in 1...4 where k < token.count {
      var p = FeatureHash()
      p.add(byte: UInt8(k))
      for u in token[0..<k] { p.add(u) }
      keep(p.value, k, in: &prefixes)
      sink.emit(.prefix, p.value, "prefix=\(String(decoding: token[0..<k], as: UTF16.self))")
      var s = FeatureHash()
      s.add(byte: UInt8(k))
      for u in token[(token.count - k)...] { s.add(u) }
      keep(s.value, k, in: &suffixes)
      sink.emit(
        .suffix, s.value, "suffix=\(String(decoding: token[(token.count - k)...], as: UTF16.self))"
      )
    }
    if kind == .word {
      // The core's units by index: its slice's `prefix` and `suffix` cost more than their
      // hashes.
      let first = cu.startIndex
      let count = cu.count
      let isToken = count == token.count && count > 0 && cu[first] == token[0]
      // No core is longer than its token (an alef is restored only after a proclitic): the
      // token's suffixes of every k below the core's count were kept.
      let suffixesKept = count <= token.count
      for k in 1...4 where k < count {
        var p = FeatureHash()
        if isToken {
          p = FeatureHash(continuing: kept(k, in: prefixes))
        } else {
          p.add(byte: UInt8(k))
          for j in first..<(first + k) { p.add(cu[j]) }
        }
        sink.emit(
          .corePrefix, p.value, "core-prefix=\(String(decoding: cu.prefix(k), as: UTF16.self))")
        var s = FeatureHash(continuing: kept(k, in: suffixes))
        if !suffixesKept {
          s = FeatureHash()
          s.add(byte: UInt8(k))
          for j in (first + count - k)..<(first + count) { s.add(cu[j]) }
        }
        sink.emit(
          .coreSuffix, s.value, "core-suffix=\(String(decoding: cu.suffix(k), as: UTF16.self))")
      }
    }
    let shape = NameFeatures.shape(token)
    sink.emit(.shape, UInt64(shape), "shape=\(NameFeatures.describeShape(shape))")
    sink.emit(
      .kind, UInt64(TypeScores.kindIndex(kind)), "kind=\(kind.rawValue)")
  }

  /// The second part of a token's own features, a function of its text: hashtag, lists.
  func emitOwnSecond<Sink: FeatureSink>(
    _ token: UnsafeBufferPointer<UInt16>, atom: Atom, into sink: inout Sink
  ) {
    if token.first == 0x23 { sink.emit(.mark, 3, "hashtag") }
    sink.emitBits(Template.list.rawValue, atom.lists) { "list=\(NameFeatures.listName($0))" }
  }

  /// The features a token gives the token `offset` (±1, ±2) away from it in its sentence, a
  /// function of its text and kind: its core, its token (±1) and its lists.
  func emitAsNeighbour<Sink: FeatureSink>(
    _ token: UnsafeBufferPointer<UInt16>, atom: Atom, core: ArraySlice<UInt16>, offset: Int,
    into sink: inout Sink
  ) {
    let o = UInt8(truncatingIfNeeded: offset + 2)
    sink.emit(
      Template.neighbourCore.rawValue + o, atom.core,
      "core@\(offset)=\(String(decoding: core, as: UTF16.self))")
    if abs(offset) == 1 {
      sink.emit(
        Template.neighbourToken.rawValue + o, atom.token,
        "token@\(offset)=\(String(decoding: token, as: UTF16.self))")
    }
    sink.emitBits(Template.neighbourList.rawValue + o, atom.lists) {
      "list@\(offset)=\(NameFeatures.listName($0))"
    }
  }

  /// The neighbour feature of a place past the sentence's edge.
  func emitBoundary<Sink: FeatureSink>(offset: Int, into sink: inout Sink) {
    let o = UInt8(truncatingIfNeeded: offset + 2)
    sink.emit(
      Template.neighbourCore.rawValue + o, NameFeatures.boundary, "core@\(offset)=<boundary>")
  }

  static let boundary: UInt64 = 0x5EA7_0000_0000_0001

  /// Evidence codes: source kind (0 gazetteer, 1 strong rule, 2 weak rule) × label × position
  /// (0 first of several, 1 middle, 2 last of several, 3 alone).
  static func evidenceCode(kind: Int, label: EntityLabel, position: Int) -> Int {
    (kind * NameFeatures.labelCount + label.precedence) * 4 + position
  }

  static func describeEvidence(_ code: Int) -> String {
    let position = ["B", "I", "E", "U"][code % 4]
    let label = EntityLabel.allCases.first {
      $0.precedence == (code / 4) % EntityLabel.allCases.count
    }
    let kind = ["gazetteer", "rule", "weak-rule"][code / 4 / EntityLabel.allCases.count]
    return "\(kind):\(position)-\(label?.rawValue ?? "?")"
  }

  /// The entity labels by precedence (`allCases` makes a new array each time it is read).
  static let labels = EntityLabel.allCases.sorted { $0.precedence < $1.precedence }
  static let labelCount = labels.count

  static let arabicAlef: UInt16 = 0x0627
  static let arabicLam: UInt16 = 0x0644

  static func listName(_ bit: Int) -> String {
    bit < NameFeatures.listNames.count ? NameFeatures.listNames[bit] : "saying-verbs"
  }

  static let nameLabels: [EntityLabel] = [.person, .organization, .location, .country]

  /// The index of `label` in `nameLabels`, without reading the array (once per candidate
  /// token of every article).
  @inline(__always)
  static func nameLabelIndex(_ label: EntityLabel) -> Int? {
    switch label {
    case .person: 0
    case .organization: 1
    case .location: 2
    case .country: 3
    default: nil
    }
  }

  /// `source.hasPrefix(prefix)` for an ASCII `prefix`, its bytes compared first: a source
  /// whose bytes do not begin with the prefix's does not begin with it, and one whose next
  /// byte is ASCII (or that ends there) does; a non-ASCII scalar after the prefix (a combining
  /// mark would join its last character) is left to `hasPrefix`.
  ///
  /// The bytes are read in place where they are contiguous (a native string's are): through the
  /// string's iterator, the comparison cost some thirty instructions a byte, for every candidate
  /// of every article.
  @inline(__always)
  static func source(_ source: String, hasPrefix prefix: StaticString) -> Bool {
    let bytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
    // The byte after the prefix (0 at the end of the source), or -1 when the prefix differs.
    @inline(__always) func after<S: Sequence<UInt8>>(_ utf8: S) -> Int {
      var utf8 = utf8.makeIterator()
      for b in bytes {
        guard utf8.next() == b else { return -1 }
      }
      return utf8.next().map(Int.init) ?? 0
    }
    let next = source.utf8.withContiguousStorageIfAvailable(after) ?? after(source.utf8)
    guard next >= 0 else { return false }
    return next < 0x80 || source.hasPrefix(prefix.description)
  }

  /// What the gazetteers and rules say of an article's tokens and their cores.
  struct ArticleEvidence {
    /// Token i's evidence codes are `codes[start[i]..<start[i + 1]]`, ascending and without
    /// repeats (two rules over one token weigh once).
    var codes: [Int] = []
    var start: [Int]
    /// Per token, the index in `facts` of its core: every token's core is numbered once, in
    /// the order of first occurrence, so that reading a token's facts is an array read rather
    /// than a hash look-up (the table's look-ups were a tenth of the per-token sums).
    var coreOf: [Int32]
    /// Per core, what the article says of it.
    ///
    /// A core no word token has (a number's) holds no counts and emits nothing: the same as
    /// having no facts.
    var facts: [CoreFacts]
    /// Per token, its own share of `CoreFacts.counts`.
    var ownCounts: [SIMD4<Int32>]

    /// The arrays in place.
    struct Buffers {
      let codes: UnsafeBufferPointer<Int>
      let start: UnsafeBufferPointer<Int>
      let coreOf: UnsafeBufferPointer<Int32>
      let facts: UnsafeBufferPointer<CoreFacts>
      let ownCounts: UnsafeBufferPointer<SIMD4<Int32>>
    }

    /// Calls `body` with the arrays in place.
    @inline(__always)
    func withBuffers<R>(_ body: (Buffers) -> R) -> R {
      codes.withUnsafeBufferPointer { codes in
        start.withUnsafeBufferPointer { start in
          coreOf.withUnsafeBufferPointer { coreOf in
            facts.withUnsafeBufferPointer { facts in
              ownCounts.withUnsafeBufferPointer { ownCounts in
                body(
                  Buffers(
                    codes: codes, start: start, coreOf: coreOf, facts: facts,
                    ownCounts: ownCounts))
              }
            }
          }
        }
      }
    }

    /// What an article says of one core over all its occurrences.
    struct CoreFacts {
      /// The counts of the four name labels given by gazetteers and strong rules.
      var counts: SIMD4<Int32> = .zero
      /// The lists of the words before it.
      var before: UInt32 = 0
      /// The labels of any candidate over it (weak rules too), by precedence bit.
      var labels: UInt16 = 0
      /// How often it occurs.
      var occurrences: Int32 = 0
    }

    // Scratch kept from one article to the next by `fill`: the (token, code) pairs, and the
    // table that numbers the cores.
    private var pairs: [UInt64] = []
    private var coreKeys: [UInt64] = []
    private var coreIds: [Int32] = []

    /// No evidence, for `fill` to fill.
    init() {
      start = [0]
      coreOf = []
      facts = []
      ownCounts = []
    }

    /// The index of each token's core among the article's distinct cores, in order of first
    /// occurrence, and how many there are: open addressing over the cores' hashes, at most half
    /// full.
    static func numberCores(_ atoms: UnsafeBufferPointer<Atom>) -> (coreOf: [Int32], count: Int) {
      var keys: [UInt64] = []
      var ids: [Int32] = []
      var coreOf: [Int32] = []
      let count = numberCores(atoms, keys: &keys, ids: &ids, into: &coreOf)
      return (coreOf, count)
    }

    /// `numberCores(_:)` into `coreOf`, with `keys` and `ids` as its table (arrays whose room is
    /// kept for the next article); `each` hears every token i, its core's index, and whether
    /// the core is new there.
    @inline(__always)
    static func numberCores(
      _ atoms: UnsafeBufferPointer<Atom>, keys: inout [UInt64], ids: inout [Int32],
      into coreOf: inout [Int32],
      each: (_ i: Int, _ core: Int, _ new: Bool) -> Void = { _, _, _ in }
    ) -> Int {
      let n = atoms.count
      var size = 16
      while size < 2 * n { size <<= 1 }
      let mask = size - 1
      // A slot's key is read only once its id is set: the keys are not emptied first.
      TypeScores.Cache.resize(&keys, to: size, fill: 0)
      TypeScores.Cache.resize(&ids, to: size, fill: -1)
      TypeScores.Cache.resize(&coreOf, to: n, fill: 0)
      var count: Int32 = 0
      keys.withUnsafeMutableBufferPointer { keys in
        ids.withUnsafeMutableBufferPointer { ids in
          coreOf.withUnsafeMutableBufferPointer { coreOf in
            // Every slot empty (the table of the last article may have filled some).
            ids.update(repeating: -1)
            for i in 0..<n {
              let key = atoms[i].core
              var s = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
              while ids[s] >= 0 && keys[s] != key { s = (s + 1) & mask }
              let new = ids[s] < 0
              if new {
                keys[s] = key
                ids[s] = count
                count += 1
              }
              coreOf[i] = ids[s]
              each(i, Int(ids[s]), new)
            }
          }
        }
      }
      return Int(count)
    }

    init(_ tokens: [Token], atoms: [Atom], candidates: [Candidate]) {
      self.init()
      fill(tokens, atoms: atoms, candidates: candidates)
    }

    /// Makes this the evidence of `tokens` (their `atoms`, at least as many) given the
    /// `candidates`, its arrays' room kept from the article before.
    mutating func fill(_ tokens: [Token], atoms: [Atom], candidates: [Candidate]) {
      let n = tokens.count
      precondition(atoms.count >= n)
      // A core's facts are set where it is numbered, each word token's occurrence and the
      // lists before it counted there: a loop of their own over the tokens, after, cost 35
      // instructions a token (ArticleEvidence.fill 0.69 G instructions on the corpus).
      // A new array, room for a core a token, each core's facts made as it is numbered: filling
      // the kept array with `n` empty facts and dropping those past the cores cost more
      // (2,200 instructions an article) than the allocation.
      facts = [CoreFacts](unsafeUninitializedCapacity: n) { facts, initialized in
        // No room only without tokens, when `each` is never called (the cores still numbered,
        // none).
        let base = facts.baseAddress
        initialized = tokens.withUnsafeBufferPointer { tokens in
          atoms.withUnsafeBufferPointer { atoms in
            ArticleEvidence.numberCores(
              UnsafeBufferPointer(rebasing: atoms[0..<n]), keys: &coreKeys, ids: &coreIds,
              into: &coreOf
            ) { i, f, new in
              guard let base else { return }
              if new { (base + f).initialize(to: CoreFacts()) }
              guard tokens[i].kind == .word else { return }
              base[f].occurrences += 1
              if i > 0 && tokens[i - 1].sentence == tokens[i].sentence {
                base[f].before |= atoms[i - 1].lists
              }
            }
          }
        }
      }
      // Every token's own counts are 0 but those of the tokens in candidates, which `pairs` still
      // names from the article before: zeroed there, all are (appending `n` zero vectors cost
      // 9 instructions a token, filling them in place a `memset` of 16 bytes a token).
      ownCounts.withUnsafeMutableBufferPointer { ownCounts in
        for pair in pairs {
          let t = Int(pair >> 32)
          if t < ownCounts.count { ownCounts[t] = .zero }
        }
      }
      TypeScores.Cache.resize(&ownCounts, to: n, fill: .zero)
      pairs.removeAll(keepingCapacity: true)
      let labelCount = NameFeatures.labelCount
      // The codes collected as (token << 32 | code) and sorted: an array per token cost an
      // allocation each. Fields read through the buffer: a copy of each candidate retained its
      // strings. The facts and counts written through buffers too: a subscript store checked the
      // array's uniqueness each time.
      candidates.withUnsafeBufferPointer { candidates in
        tokens.withUnsafeBufferPointer { tokens in
          coreOf.withUnsafeBufferPointer { coreOf in
            facts.withUnsafeMutableBufferPointer { facts in
              ownCounts.withUnsafeMutableBufferPointer { ownCounts in
                for c in candidates.indices {
                  let kind: Int
                  if NameFeatures.source(candidates[c].source, hasPrefix: "gazetteer:") {
                    kind = 0
                  } else if NameFeatures.source(candidates[c].source, hasPrefix: "rule:") {
                    kind = candidates[c].evidence == .strong ? 1 : 2
                  } else {
                    continue
                  }
                  let label = candidates[c].label
                  let span = candidates[c].tokens
                  let l = NameFeatures.nameLabelIndex(label)
                  for t in span where t < n {
                    let position =
                      span.count == 1
                      ? 3 : t == span.lowerBound ? 0 : t == span.upperBound - 1 ? 2 : 1
                    let code = (kind * labelCount + label.precedence) * 4 + position
                    pairs.append(UInt64(t) << 32 | UInt64(code))
                    guard tokens[t].kind == .word else { continue }
                    let f = Int(coreOf[t])
                    // The labels of the token's codes (a repeated code sets the same bit).
                    facts[f].labels |= UInt16(1) << UInt16((code / 4) % labelCount)
                    if kind < 2, let l {
                      facts[f].counts[l] += 1
                      ownCounts[t][l] += 1
                    }
                  }
                }
              }
            }
          }
        }
      }
      // Each token's codes in order, their repeats dropped: the pairs sorted (a token's come
      // together, its codes ascending; an article has some fifty), then each token's first place
      // written in one pass over the tokens: placing the codes by counting, then sorting each
      // token's, took three passes over the tokens (`fill` 0.566 G instructions on the corpus,
      // 0.552 G so). Filled through raw buffers: array subscript stores cost a uniqueness check
      // each.
      pairs.sort()
      TypeScores.Cache.resize(&codes, to: pairs.count, fill: 0)
      TypeScores.Cache.resize(&start, to: n + 1, fill: 0)
      let kept = start.withUnsafeMutableBufferPointer { start in
        codes.withUnsafeMutableBufferPointer { codes in
          pairs.withUnsafeBufferPointer { pairs in
            var kept = 0
            // The first token whose start is not written yet.
            var t = 0
            var previous = UInt64.max
            for pair in pairs where pair != previous {
              previous = pair
              let token = Int(pair >> 32)
              while t <= token {
                start[t] = kept
                t += 1
              }
              codes[kept] = Int(pair & 0xFFFF_FFFF)
              kept += 1
            }
            while t <= n {
              start[t] = kept
              t += 1
            }
            return kept
          }
        }
      }
      codes.removeLast(codes.count - kept)
    }
  }

  /// Token i's marks, which read the token before it: sentence start, after a quote or a
  /// hashtag sign.
  @inline(__always)
  func emitMarks<Sink: FeatureSink>(
    _ i: Int, tokens: [Token], units: UnsafeBufferPointer<UInt16>, into sink: inout Sink
  ) {
    if i == 0 || tokens[i - 1].sentence != tokens[i].sentence {
      sink.emit(.mark, 1, "sentence-start")
    }
    if i > 0, tokens[i - 1].sentence == tokens[i].sentence {
      let before = units[tokens[i - 1].range]
      if before.count == 1, let q = before.first, NameFeatures.isQuote(q) {
        sink.emit(.mark, 2, "after-quote")
      }
      if before.count == 1, before.first == 0x23 { sink.emit(.mark, 3, "after-hashtag") }
    }
  }

  /// `emitMarks(_:tokens:units:into:)` given whether token i starts its sentence, and the tokens
  /// in place (the scores' loop knows the first, and reads the tokens for every token).
  @inline(__always)
  func emitMarks<Sink: FeatureSink>(
    _ i: Int, startsSentence: Bool, tokens: UnsafeBufferPointer<Token>,
    units: UnsafeBufferPointer<UInt16>, into sink: inout Sink
  ) {
    if startsSentence {
      sink.emit(.mark, 1, "sentence-start")
      return
    }
    let before = tokens[i - 1].range
    guard before.count == 1 else { return }
    let unit = units[before.lowerBound]
    if NameFeatures.isQuote(unit) { sink.emit(.mark, 2, "after-quote") }
    if unit == 0x23 { sink.emit(.mark, 3, "after-hashtag") }
  }

  /// Token i's evidence and article-level features.
  @inline(__always)
  func emitEvidence<Sink: FeatureSink>(
    _ i: Int, tokens: [Token], evidence: ArticleEvidence, into sink: inout Sink
  ) {
    evidence.withBuffers { evidence in
      emitEvidence(i, kind: tokens[i].kind, evidence: evidence, into: &sink)
    }
  }

  /// `emitEvidence(_:tokens:evidence:into:)` given token i's kind and the evidence's arrays in
  /// place (the scores' loop reads them for every token).
  @inline(__always)
  func emitEvidence<Sink: FeatureSink>(
    _ i: Int, kind: TokenKind, evidence: ArticleEvidence.Buffers, into sink: inout Sink
  ) {
    var k = evidence.start[i]
    while k < evidence.start[i + 1] {
      let code = evidence.codes[k]
      sink.emit(.evidence, UInt64(code), NameFeatures.describeEvidence(code))
      k += 1
    }
    let facts = evidence.facts[Int(evidence.coreOf[i])]
    // The counts of the core's other occurrences (never below 0: a token's own counts are
    // part of its core's), looked at one by one only when one is not 0, as few are.
    let others = facts.counts &- evidence.ownCounts[i]
    if others != .zero {
      for l in 0..<4 where others[l] > 0 {
        sink.emit(.article, UInt64(l), "article:\(NameFeatures.nameLabels[l].rawValue)")
      }
    }
    if kind == .word {
      sink.emitBits(Template.articleBefore.rawValue, facts.before) {
        "article-before=\(NameFeatures.listName($0))"
      }
      var labels = facts.labels
      while labels != 0 {
        let precedence = labels.trailingZeroBitCount
        sink.emit(
          .articleLabels, UInt64(precedence),
          "article-any:\(NameFeatures.labels[precedence].rawValue)")
        labels &= labels - 1
      }
      let count = Int(facts.occurrences)
      sink.emit(.articleRepeated, UInt64(min(count, 4)), "article-count=\(min(count, 4))")
    }
  }

  /// The evidence of the token `offset` away, as token i's neighbour feature.
  @inline(__always)
  func emitNeighbourEvidence<Sink: FeatureSink>(
    _ j: Int, offset: Int, evidence: ArticleEvidence, into sink: inout Sink
  ) {
    evidence.start.withUnsafeBufferPointer { start in
      evidence.codes.withUnsafeBufferPointer { codes in
        emitNeighbourEvidence(j, offset: offset, start: start, codes: codes, into: &sink)
      }
    }
  }

  /// `emitNeighbourEvidence(_:offset:evidence:into:)` given the evidence's `start` and `codes`
  /// in place (the scores' loop reads them for four neighbours of every token).
  @inline(__always)
  func emitNeighbourEvidence<Sink: FeatureSink>(
    _ j: Int, offset: Int, start: UnsafeBufferPointer<Int>, codes: UnsafeBufferPointer<Int>,
    into sink: inout Sink
  ) {
    let o = UInt8(truncatingIfNeeded: offset + 2)
    var k = start[j]
    while k < start[j + 1] {
      let code = codes[k]
      sink.emit(
        Template.neighbourEvidence.rawValue + o, UInt64(code),
        "\(NameFeatures.describeEvidence(code))@\(offset)")
      k += 1
    }
  }

  /// The hash of each pair of neighbouring cores, `pairs[k]` of tokens k and k + 1 (one less
  /// than the tokens): a pair is token k's bigram after and token k + 1's bigram before.
  static func corePairs(_ atoms: [Atom]) -> [UInt64] {
    guard atoms.count > 1 else { return [] }
    return (0..<(atoms.count - 1)).map { k in
      var h = FeatureHash()
      h.add(atoms[k].core)
      h.add(atoms[k + 1].core)
      return h.value
    }
  }

  /// The core bigrams of token i with the tokens before and after it in its sentence.
  func emitBigrams<Sink: FeatureSink>(
    _ i: Int, tokens: [Token], pairs: [UInt64], coreText: (Int) -> String, into sink: inout Sink
  ) {
    if i > 0, tokens[i - 1].sentence == tokens[i].sentence {
      sink.emit(
        .coreBigramBefore, pairs[i - 1], "core@-1+core=\(coreText(i - 1))+\(coreText(i))")
    }
    if i + 1 < tokens.count, tokens[i + 1].sentence == tokens[i].sentence {
      sink.emit(.coreBigramAfter, pairs[i], "core+core@1=\(coreText(i))+\(coreText(i + 1))")
    }
  }

  /// The features of `text`'s tokens given the `candidates` the gazetteers and rules proposed
  /// (what training reads, and `--explain`; extraction sums the same features through
  /// `TypeScores`).
  func rows(_ text: TokenizedText, candidates: [Candidate], names: Bool = false) -> Rows {
    let tokens = text.tokens
    let n = tokens.count
    var rows = Rows()
    rows.hashes.reserveCapacity(n * 40)
    rows.offsets.reserveCapacity(n + 1)
    if names { rows.names = [] }
    var atoms = [Atom](repeating: Atom(), count: n)
    var analyses = [Analysis](repeating: Analysis(), count: n)
    var analysis = Analysis()
    text.text.units.withUnsafeBufferPointer { units in
      for i in 0..<n {
        let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
        atoms[i] = analyze(token, kind: tokens[i].kind, into: &analysis, names: names)
        analyses[i] = analysis
      }
    }
    let evidence = ArticleEvidence(tokens, atoms: atoms, candidates: candidates)
    let coreText = { (i: Int) in names ? String(decoding: analyses[i].core, as: UTF16.self) : "" }
    let pairs = NameFeatures.corePairs(atoms)
    text.text.units.withUnsafeBufferPointer { units in
      for i in 0..<n {
        let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
        let atom = atoms[i]
        emitOwnFirst(token, kind: tokens[i].kind, atom: atom, analysis: analyses[i], into: &rows)
        emitMarks(i, tokens: tokens, units: units, into: &rows)
        emitOwnSecond(token, atom: atom, into: &rows)
        emitEvidence(i, tokens: tokens, evidence: evidence, into: &rows)
        for offset in [-2, -1, 1, 2] {
          let j = i + offset
          guard j >= 0, j < n, tokens[j].sentence == tokens[i].sentence else {
            emitBoundary(offset: offset, into: &rows)
            continue
          }
          emitAsNeighbour(
            UnsafeBufferPointer(rebasing: units[tokens[j].range]), atom: atoms[j],
            core: analyses[j].core, offset: offset, into: &rows)
          emitNeighbourEvidence(j, offset: offset, evidence: evidence, into: &rows)
        }
        emitBigrams(i, tokens: tokens, pairs: pairs, coreText: coreText, into: &rows)
        rows.offsets.append(rows.hashes.count)
      }
    }
    return rows
  }

  /// Opening and closing quotation marks (a name in quotes is often an organization or a
  /// work).
  static let quotes: Set<UInt16> = [0x22, 0x27, 0xAB, 0xBB, 0x201C, 0x201D, 0x2018, 0x2019]

  /// Whether `unit` is one of `quotes` (without hashing it).
  @inline(__always)
  static func isQuote(_ unit: UInt16) -> Bool {
    switch unit {
    case 0x22, 0x27, 0xAB, 0xBB, 0x201C, 0x201D, 0x2018, 0x2019: true
    default: false
    }
  }

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
  ///
  /// A token the word lists know whole keeps its letters (فيصل is a given name, though يصل is a
  /// verb of the rules), and a listed stem must have three letters at least (بدر is no ب + در).
  /// Of two readings the shorter proclitic wins (`Proclitics.analyses` lists them shortest
  /// first): وكريم is و + كريم, not وك + ريم (a name "like Reem" is rarer than "and Karim").
  func cliticLength(_ token: UnsafeBufferPointer<UInt16>) -> Int {
    if lists(ofWord: FeatureHash.of(units: token)) != nil { return 0 }
    for analysis in Proclitics.analyses(of: token) {
      // The stem (its restored prefix, then the rest of the token) read in place: a scratch
      // array cost an allocation a call, once per model span.
      let prefix = analysis.restoredPrefix
      let rest = token[analysis.cliticLength...]
      let count = prefix.count + rest.count
      @inline(__always) func unit(_ k: Int) -> UInt16 {
        k < prefix.count
          ? prefix[prefix.startIndex + k] : rest[rest.startIndex + k - prefix.count]
      }
      let hasArticle =
        count > 3 && unit(0) == NameFeatures.arabicAlef && unit(1) == NameFeatures.arabicLam
      @inline(__always) func stem() -> UInt64 {
        var h = FeatureHash()
        for u in prefix { h.add(u) }
        for u in rest { h.add(u) }
        return h.value
      }
      if hasArticle || (count >= 3 && lists(ofWord: stem()) != nil) {
        return analysis.cliticLength
      }
    }
    return 0
  }
}

/// Where the feature extractor puts the features it finds: the rows of training and
/// `--explain`, or the sums of their weights.
protocol FeatureSink {
  /// Whether the features' names are wanted (making them costs strings).
  var wantsNames: Bool { get }
  /// Takes feature `value` of template `template`; `name` is read only when names are wanted.
  mutating func emit(_ template: UInt8, _ value: UInt64, _ name: @autoclosure () -> String)
}

extension FeatureSink {
  @inline(__always)
  mutating func emit(
    _ template: NameFeatures.Template, _ value: UInt64, _ name: @autoclosure () -> String
  ) {
    emit(template.rawValue, value, name())
  }

  /// Emits one feature per set bit of `bits`, lowest first, valued by the bit's index.
  @inline(__always)
  mutating func emitBits(_ template: UInt8, _ bits: UInt32, _ name: (Int) -> String) {
    var rest = bits
    let names = wantsNames
    while rest != 0 {
      let bit = rest.trailingZeroBitCount
      emit(template, UInt64(bit), names ? name(bit) : "")
      rest &= rest - 1
    }
  }
}
