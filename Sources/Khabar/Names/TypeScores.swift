/// The weights of the features a token type gives itself and its neighbours, summed once per
/// type and kept across a worker's articles.
///
/// Most of a token's features are functions of its text and kind alone: the token, its stems
/// and core, affixes, shape, lists (`NameFeatures.emitOwnFirst`, `emitOwnSecond`), and what it
/// gives the tokens ±1 and ±2 around it (`emitAsNeighbour`). News repeats its words: summing
/// their weights once per type, rather than hashing and looking up some forty features per
/// token, is most of what keeps the model cheap. The rest (marks, evidence, article-level
/// features, bigrams) is summed per token.
///
/// Not safe to share between threads: each extractor owns one. The sums are a function of the
/// type, so what is cached never changes a result, only how soon it comes; the cache is emptied
/// before an article that would take it past `capacity` types.
final class TypeScores {
  /// Types kept at most, unless one article has more.
  ///
  /// 262,144 types take at most 42 MB of sums (160 bytes a type, reserved; only the pages of
  /// the types seen are touched) and 8 MB of index, per job (each extractor has its own). The
  /// reference corpus (4.5 million tokens, 190,000 types) fits whole: each type is summed once,
  /// and a one-job run's peak is 97 MB with the 8 MB of `pairSlots` (62 MB with 65,536 types and
  /// 1 MB of pairs, which summed the types dropped at each emptying anew: 4% slower).
  /// Past the capacity, the types used at least twice since the last time stay (at most half
  /// the capacity) and the rest are dropped, so that the words news repeats are not summed
  /// anew after every emptying.
  static let defaultCapacity = 1 << 18
  var capacity: Int { cache.capacity }
  /// Everything the sums keep, a value: the work is done in its mutating methods, where the
  /// compiler knows no one else reads it (a class's properties, read in the loops' closures,
  /// were checked for exclusive access at every read).
  private var cache: Cache

  init(capacity: Int = TypeScores.defaultCapacity) {
    cache = Cache(capacity: max(1, capacity))
  }

  /// The number of types cached.
  var count: Int { cache.types }

  /// The emission scores (`NameTag.count` per token) of `text`'s tokens given the gazetteer and
  /// rule `candidates`: the sums of the weights of `NameFeatures.rows`, up to the order of
  /// adding.
  func emissions(
    _ text: TokenizedText, candidates: [Candidate], features: NameFeatures, model: NameModel
  ) -> [Float] {
    cache.emissions(text, candidates: candidates, features: features, model: model)
  }

  /// The slot of offset -2, -1, +1, +2 among a type's sums.
  @inline(__always)
  static func slot(ofOffset offset: Int) -> Int { offset < 0 ? offset + 3 : offset + 2 }

  /// The index of a token kind in `TokenKind.allCases`, as the type key and the kind feature
  /// read it (`allCases` makes a new array each time it is read).
  @inline(__always)
  static func kindIndex(_ kind: TokenKind) -> UInt8 {
    switch kind {
    case .word: 0
    case .number: 1
    case .punctuation: 2
    case .symbol: 3
    }
  }

  static let slots = 5
  /// The neighbours' offsets, in the order of their slots.
  static let offsets = [-2, -1, 1, 2]
}

extension TypeScores {
  struct Cache {
    let capacity: Int
    /// A type by the hash of its kind and text: open addressing, linear probing, at most half
    /// full; `type` -1 marks an empty slot.
    private var index: [Slot] = []
    private var indexMask = 0
    struct Slot {
      var key: UInt64 = 0
      var type: Int32 = -1
      /// How often the type was read since it came in or since the cache was last full.
      var uses: UInt32 = 0
    }
    var types = 0
    /// Per type, `slots` vectors of tag weights: its own features, then its features as the
    /// neighbour at -2, -1, +1 and +2.
    ///
    /// Lane 7 of the five holds what the article reads of the type's atom (`store`): read
    /// with the weights, it costs no look-up of its own.
    private var sums: [SIMD8<Float>] = []
    /// The model and features the sums are of: another model or other features (other word
    /// lists) empty the cache.
    private var owner: (model: ObjectIdentifier, features: ObjectIdentifier)?
    /// The boundary features (a neighbour past the sentence's edge) at -2, -1, +1 and +2.
    private var boundary: [SIMD8<Float>] = []
    // An article's working arrays, kept from one article to the next.
    private var typeOf: [Int32] = []
    private var articleAtoms: [NameFeatures.Atom] = []
    /// Per token, its type's `pairStart`.
    private var pairStarts: [UInt64] = []
    /// Per token, its key; then the tokens of new types.
    private var keys: [UInt64] = []
    private var fresh: [Int32] = []
    private var pending: [NameModel.Pending] = []
    /// The atoms of the new types, in the order of `fresh`.
    private var freshAtoms: [NameFeatures.Atom] = []
    private var analysis = NameFeatures.Analysis()
    /// The article's evidence, its arrays' room kept for the next.
    private var evidence = NameFeatures.ArticleEvidence()
    /// Per pair of neighbouring tokens k, k + 1: the weights of the pair's features as token
    /// k's bigram after, then as token k + 1's bigram before, and whether the model has them
    /// (1) or not (0; nor across a sentence's end).
    private var bigrams: [SIMD8<Float>] = []
    private var bigramFlags: [UInt8] = []
    /// The article's pairs not found in `pairSlots`, their features' hashes found and their
    /// lines in the model asked for, looked up after the loop over the pairs.
    private var missedPairs: [MissedPair] = []
    struct MissedPair {
      /// The pair's first token.
      var k: Int32
      /// The pair's place in `pairSlots`.
      var place: Int32
      var key: UInt64
      /// `FeatureHash.feature` of the bigram after, then before.
      var after: UInt64
      var before: UInt64
    }
    /// The bigram features' slots in the model (`NameModel.slot(ofFeature:)`) of recent pairs of
    /// types, by the two types: one place a pair, the last pair to land there kept.
    ///
    /// News repeats its word pairs (في المملكة، وزير الخارجية): a pair found here costs one
    /// read, where its features cost 24 bytes of hashing and two look-ups. 524,288 places
    /// (8 MB) keep the pairs of a worker's articles: with 65,536 (1 MB), pairs pushed out by
    /// others missed 73% of the time on the reference corpus, where 38% are first occurrences
    /// (the bigrams' loop 0.75 G instructions; 0.62 G with 524,288). A type's number changes
    /// when the cache makes room: the pairs are emptied then.
    private var pairSlots: [PairSlots] = []
    struct PairSlots {
      /// The first type's number, then the second's; `UInt64.max` for none.
      var key: UInt64 = .max
      var after: Int32 = -1
      var before: Int32 = -1
    }
    static let pairSlotBits = 19

    init(capacity: Int) {
      self.capacity = capacity
    }

    private mutating func clear() {
      index.removeAll(keepingCapacity: true)
      indexMask = 0
      types = 0
      sums.removeAll(keepingCapacity: true)
      forgetPairs()
    }

    /// Empties `pairSlots` (the types are numbered anew).
    private mutating func forgetPairs() {
      pairSlots.removeAll(keepingCapacity: true)
      pairSlots.append(contentsOf: repeatElement(PairSlots(), count: 1 << Cache.pairSlotBits))
    }

    /// Makes room for an article of `n` tokens: when the cache would pass its capacity, keeps
    /// the types used most since the last time (at least twice, at most half the capacity) and
    /// drops the rest; makes the index large enough for `n` more types.
    private mutating func makeRoom(for n: Int) {
      let row = TypeScores.slots
      if types + n > capacity {
        // The fewest uses a type needs to stay: at least 2, and at most half the capacity stay.
        var histogram = [Int](repeating: 0, count: 65)
        for slot in index where slot.type >= 0 { histogram[Int(min(slot.uses, 64))] += 1 }
        var threshold = 65
        var kept = 0
        while threshold > 2 && kept + histogram[threshold - 1] <= capacity / 2 {
          threshold -= 1
          kept += histogram[threshold]
        }
        let least: UInt32 = threshold > 64 || kept + n > capacity ? .max : UInt32(threshold)
        var remap = [Int32](repeating: -1, count: types)
        for slot in index where slot.type >= 0 && slot.uses >= least {
          remap[Int(slot.type)] = 0
        }
        var next = 0
        for type in 0..<types where remap[type] >= 0 {
          remap[type] = Int32(next)
          if next != type {
            for k in 0..<row { sums[next * row + k] = sums[type * row + k] }
          }
          next += 1
        }
        let old = index
        types = next
        sums.removeLast(sums.count - next * row)
        rebuildIndex(size: old.count, from: old, remap: remap)
        forgetPairs()
      }
      var size = max(16, index.count)
      while size < 2 * max(capacity, types + n) { size <<= 1 }
      if size != index.count {
        let old = index
        rebuildIndex(size: size, from: old, remap: nil)
      }
      if sums.capacity < capacity * row {
        sums.reserveCapacity(capacity * row)
        let stride = MemoryLayout<SIMD8<Float>>.stride
        sums.withUnsafeMutableBufferPointer { sums in
          // Only the whole pages past those the sums already fill.
          let filled = sums.count * stride
          HugePages.advise(
            UnsafeMutableRawPointer(sums.baseAddress).map { $0 + filled },
            bytes: capacity * row * stride - filled)
        }
      }
    }

    /// Fills the index anew, `size` slots, with the types of `old` (renumbered by `remap`, those
    /// it maps to -1 left out; then with half their uses).
    private mutating func rebuildIndex(size: Int, from old: [Slot], remap: [Int32]?) {
      index = HugePages.array(repeating: Slot(), count: size)
      indexMask = size - 1
      index.withUnsafeMutableBufferPointer { index in
        for slot in old where slot.type >= 0 {
          let type = remap.map { $0[Int(slot.type)] } ?? slot.type
          guard type >= 0 else { continue }
          var s = Cache.start(of: slot.key, mask: indexMask)
          while index[s].type >= 0 { s = (s + 1) & indexMask }
          index[s] = Slot(key: slot.key, type: type, uses: remap == nil ? slot.uses : slot.uses / 2)
        }
      }
    }

    /// Writes what the article's loops read of `atom` in lane 7 of the `slots` vectors at
    /// `row`, once their weights are summed (a sum would change bits that read as a NaN): its
    /// core and lists, and `pairStart` of its core (its token's hash is read only with its
    /// features, when the type is new).
    @inline(__always)
    static func store(_ atom: NameFeatures.Atom, in row: UnsafeMutablePointer<SIMD8<Float>>) {
      let start = pairStart(atom.core)
      row[0][7] = Float(bitPattern: UInt32(truncatingIfNeeded: start))
      row[1][7] = Float(bitPattern: UInt32(truncatingIfNeeded: start >> 32))
      row[2][7] = Float(bitPattern: UInt32(truncatingIfNeeded: atom.core))
      row[3][7] = Float(bitPattern: UInt32(truncatingIfNeeded: atom.core >> 32))
      row[4][7] = Float(bitPattern: atom.lists)
    }

    /// The hash of a core pair (`NameFeatures.corePairs`) after its first core: a function of
    /// the type, kept with its sums, so that a pair hashes only the second core's bytes.
    @inline(__always)
    static func pairStart(_ core: UInt64) -> UInt64 {
      var h = FeatureHash()
      h.add(core)
      return h.value
    }

    /// The atom `store` wrote (its token's hash 0), and its `pairStart`, from the bits of lane 7
    /// of the five vectors.
    @inline(__always)
    static func atom(_ bits: (UInt32, UInt32, UInt32, UInt32, UInt32)) -> (
      atom: NameFeatures.Atom, pairStart: UInt64
    ) {
      (
        NameFeatures.Atom(token: 0, core: UInt64(bits.2) | UInt64(bits.3) << 32, lists: bits.4),
        UInt64(bits.0) | UInt64(bits.1) << 32
      )
    }

    /// The key of a type: a hash of its kind and its text, read eight bytes at a time.
    ///
    /// A multiply-fold mix, as wyhash's, found for every token of every article. The key is the
    /// type's identity in the cache, no feature: FNV-1a, a byte at a time, cost a multiply per
    /// byte in one chain of dependent multiplies.
    @inline(__always)
    static func key(_ units: UnsafeBufferPointer<UInt16>, kind: UInt8) -> UInt64 {
      @inline(__always) func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
      }
      let count = units.count
      var h = Cache.keySeed ^ (UInt64(kind) << 56) ^ UInt64(truncatingIfNeeded: count)
      guard let base = units.baseAddress else { return mix(h ^ Cache.keyPrime0, Cache.keyPrime1) }
      let raw = UnsafeRawPointer(base)
      var k = 0
      while k + 4 <= count {
        let chunk = raw.loadUnaligned(fromByteOffset: 2 * k, as: UInt64.self)
        h = mix(h ^ Cache.keyPrime0, chunk ^ Cache.keyPrime1)
        k += 4
      }
      if k < count {
        var chunk: UInt64 = 0
        var shift: UInt64 = 0
        while k < count {
          chunk |= UInt64(base[k]) << shift
          shift += 16
          k += 1
        }
        h = mix(h ^ Cache.keyPrime0, chunk ^ Cache.keyPrime2)
      }
      return mix(h ^ Cache.keyPrime3, Cache.keyPrime1 ^ UInt64(truncatingIfNeeded: count))
    }
    static let keySeed: UInt64 = 0x243f_6a88_85a3_08d3
    static let keyPrime0: UInt64 = 0xa076_1d64_78bd_642f
    static let keyPrime1: UInt64 = 0xe703_7ed1_a0b4_28db
    static let keyPrime2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    static let keyPrime3: UInt64 = 0x5899_65cc_7537_4cc3

    /// Makes `array` `count` long, its first elements kept and any new ones `fill`: a scratch
    /// array whose every element read is first written (emptied and filled anew per article,
    /// the fill cost tens of instructions an element).
    @inline(__always)
    static func resize<T>(_ array: inout [T], to count: Int, fill: T) {
      if array.count > count {
        array.removeLast(array.count - count)
      } else if array.count < count {
        array.append(contentsOf: repeatElement(fill, count: count - array.count))
      }
    }

    /// Makes `array` at least `count` long, any new elements `fill`: a scratch array of an
    /// article's loops, which read only its first `count` elements, each written first.
    ///
    /// Never shortened: `resize` shortened it for a shorter article and filled it again for
    /// the next longer one, 0.05 G instructions on the corpus for the six arrays of the loops.
    @inline(__always)
    static func grow<T>(_ array: inout [T], to count: Int, fill: T) {
      if array.count < count {
        array.append(contentsOf: repeatElement(fill, count: count - array.count))
      }
    }

    /// Appends `count` zero vectors to `array`, copied from a block of zeros.
    static func appendZeros(_ array: inout [SIMD8<Float>], count: Int) {
      var left = count
      while left > 0 {
        let k = min(left, Cache.zeros.count)
        array.append(contentsOf: Cache.zeros[0..<k])
        left -= k
      }
    }
    private static let zeros = [SIMD8<Float>](repeating: .zero, count: 1024)

    /// How many tokens ahead the loops over the large tables ask for the lines they will read.
    static let ahead = 16
    /// How many tokens ahead the scores' loop, whose tokens take longer, asks for a row.
    static let scoresAhead = 6

    /// `scores` with token i's evidence and article-level features added
    /// (`NameFeatures.emitEvidence`), in a function of their own: called from the scores' loop
    /// (too large for the compiler to inline `emitEvidence` into), the loop's sink was a variable
    /// in memory, each feature's sum stored and loaded again; here it is a value in registers.
    @inline(never)
    static func addingEvidence(
      _ i: Int, kind: TokenKind, evidence: NameFeatures.ArticleEvidence.Buffers,
      to scores: SIMD8<Float>, features: NameFeatures, model: NameModel
    ) -> SIMD8<Float> {
      var sink = VectorSink(model: model, scores: scores)
      features.emitEvidence(i, kind: kind, evidence: evidence, into: &sink)
      return sink.scores
    }

    @inline(__always)
    private static func start(of key: UInt64, mask: Int) -> Int {
      Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
    }

    mutating func emissions(
      _ text: TokenizedText, candidates: [Candidate], features: NameFeatures, model: NameModel
    ) -> [Float] {
      let t = NameTag.count
      let tokens = text.tokens
      let n = tokens.count
      if owner?.model != ObjectIdentifier(model) || owner?.features != ObjectIdentifier(features) {
        clear()
        owner = (ObjectIdentifier(model), ObjectIdentifier(features))
        boundary = [-2, -1, 1, 2].map { offset in
          var sink = VectorSink(model: model, scores: .zero)
          features.emitBoundary(offset: offset, into: &sink)
          return sink.scores
        }
      }
      makeRoom(for: n)
      let row = TypeScores.slots
      Cache.grow(&typeOf, to: n, fill: 0)
      Cache.grow(&keys, to: n, fill: 0)
      fresh.removeAll(keepingCapacity: true)
      // The tokens' keys, then their types, then the sums of the new types, then each token's
      // atom from its sums (which brings them into the cache for the scores' loop, read in
      // place, not copied): each step a short loop whose reads of the large tables do not wait
      // for one another.
      keys.withUnsafeMutableBufferPointer { keys in
        text.text.units.withUnsafeBufferPointer { units in
          tokens.withUnsafeBufferPointer { tokens in
            for i in 0..<n {
              keys[i] = Cache.key(
                UnsafeBufferPointer(rebasing: units[tokens[i].range]),
                kind: TypeScores.kindIndex(tokens[i].kind))
            }
          }
        }
      }
      let mask = indexMask
      let known = types
      index.withUnsafeMutableBufferPointer { index in
        keys.withUnsafeBufferPointer { keys in
          typeOf.withUnsafeMutableBufferPointer { typeOf in
            for i in 0..<n {
              // The slot of the key a few tokens on, asked for now so that its cache miss
              // overlaps this probe's.
              if i + Cache.ahead < n {
                prefetch(index, Cache.start(of: keys[i + Cache.ahead], mask: mask))
              }
              let key = keys[i]
              var s = Cache.start(of: key, mask: mask)
              while index[s].type >= 0 && index[s].key != key { s = (s + 1) & mask }
              if index[s].type >= 0 {
                index[s].uses &+= 1
                typeOf[i] = index[s].type
              } else {
                index[s] = Slot(key: key, type: Int32(types), uses: 1)
                typeOf[i] = Int32(types)
                fresh.append(Int32(i))
                types += 1
              }
            }
          }
        }
      }
      // The new types: their features wait in `pending`, in the order they are emitted, and
      // are looked up together.
      Cache.appendZeros(&sums, count: (types - known) * row)
      freshAtoms.removeAll(keepingCapacity: true)
      var sink = PendingSink(model: model, entries: [])
      swap(&sink.entries, &pending)
      sink.entries.removeAll(keepingCapacity: true)
      text.text.units.withUnsafeBufferPointer { units in
        for i in fresh {
          let i = Int(i)
          let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
          let kind = tokens[i].kind
          let atom = features.analyze(token, kind: kind, into: &analysis, names: false)
          freshAtoms.append(atom)
          let base = Int(typeOf[i]) * row
          sink.destination = Int32(base)
          features.emitOwnFirst(token, kind: kind, atom: atom, analysis: analysis, into: &sink)
          features.emitOwnSecond(token, atom: atom, into: &sink)
          for offset in TypeScores.offsets {
            sink.destination = Int32(base + TypeScores.slot(ofOffset: offset))
            features.emitAsNeighbour(
              token, atom: atom, core: analysis.core, offset: offset, into: &sink)
          }
        }
      }
      swap(&sink.entries, &pending)
      pending.withUnsafeBufferPointer { pending in
        sums.withUnsafeMutableBufferPointer { sums in
          guard let base = sums.baseAddress else { return }
          model.add(pending, to: base)
        }
      }
      sums.withUnsafeMutableBufferPointer { sums in
        guard let base = sums.baseAddress else { return }
        for (k, i) in fresh.enumerated() {
          Cache.store(freshAtoms[k], in: base + Int(typeOf[Int(i)]) * row)
        }
      }
      // The atoms, from lane 7 of each token's sums; the weights are read in place below.
      Cache.grow(&articleAtoms, to: n, fill: NameFeatures.Atom())
      Cache.grow(&pairStarts, to: n, fill: 0)
      articleAtoms.withUnsafeMutableBufferPointer { articleAtoms in
        pairStarts.withUnsafeMutableBufferPointer { pairStarts in
          sums.withUnsafeBufferPointer { sums in
            typeOf.withUnsafeBufferPointer { typeOf in
              for i in 0..<n {
                // The row of the token a few on, its three cache lines asked for now.
                if i + Cache.ahead < n {
                  let next = Int(typeOf[i + Cache.ahead]) * row
                  prefetch(sums, next, lines: 3)
                }
                let from = Int(typeOf[i]) * row
                (articleAtoms[i], pairStarts[i]) = Cache.atom(
                  (
                    sums[from][7].bitPattern, sums[from + 1][7].bitPattern,
                    sums[from + 2][7].bitPattern, sums[from + 3][7].bitPattern,
                    sums[from + 4][7].bitPattern
                  ))
              }
            }
          }
        }
      }
      evidence.fill(tokens, atoms: articleAtoms, candidates: candidates)
      // The bigrams' weights, found before the tokens' sums (the same weights
      // `NameFeatures.emitBigrams` gives through `model.vector`): from `pairSlots` where the pair
      // of types is there, else hashed and looked up (and kept there). A pair across a
      // sentence's end has none.
      let pairCount = max(n - 1, 0)
      let after = NameFeatures.Template.coreBigramAfter.rawValue
      let before = NameFeatures.Template.coreBigramBefore.rawValue
      Cache.grow(&bigrams, to: 2 * pairCount, fill: .zero)
      Cache.grow(&bigramFlags, to: 2 * pairCount, fill: 0)
      if pairSlots.isEmpty { forgetPairs() }
      let pairMask = (1 << Cache.pairSlotBits) - 1
      // Room for every pair to miss, written in place (an append per miss, in the loop's
      // closures, checked the array's uniqueness each time).
      if missedPairs.count < pairCount {
        Cache.resize(
          &missedPairs, to: pairCount,
          fill: MissedPair(k: 0, place: 0, key: 0, after: 0, before: 0))
      }
      missedPairs.withUnsafeMutableBufferPointer { missedPairs in
        pairSlots.withUnsafeMutableBufferPointer { pairSlots in
          bigrams.withUnsafeMutableBufferPointer { bigrams in
            bigramFlags.withUnsafeMutableBufferPointer { flags in
              articleAtoms.withUnsafeBufferPointer { atoms in
                pairStarts.withUnsafeBufferPointer { starts in
                  typeOf.withUnsafeBufferPointer { typeOf in
                    tokens.withUnsafeBufferPointer { tokens in
                      @inline(__always) func place(_ key: UInt64) -> Int {
                        Int(truncatingIfNeeded: (key &* Cache.keyPrime0) >> 40) & pairMask
                      }
                      @inline(__always) func key(_ k: Int) -> UInt64 {
                        UInt64(UInt32(bitPattern: typeOf[k])) << 32
                          | UInt64(UInt32(bitPattern: typeOf[k + 1]))
                      }
                      @inline(__always) func set(_ k: Int, _ found: PairSlots) {
                        flags[2 * k] = found.after == -1 ? 0 : 1
                        if found.after != -1 { bigrams[2 * k] = model.weights(atSlot: found.after) }
                        flags[2 * k + 1] = found.before == -1 ? 0 : 1
                        if found.before != -1 {
                          bigrams[2 * k + 1] = model.weights(atSlot: found.before)
                        }
                      }
                      var missedCount = 0
                      for k in 0..<pairCount {
                        // The place of the pair a few on, asked for now: the places are read in
                        // no order, and a read that waits for memory was most of the loop.
                        if k + Cache.ahead < pairCount {
                          prefetch(UnsafeBufferPointer(pairSlots), place(key(k + Cache.ahead)))
                        }
                        guard tokens[k].sentence == tokens[k + 1].sentence else {
                          flags[2 * k] = 0
                          flags[2 * k + 1] = 0
                          continue
                        }
                        let key = key(k)
                        let place = place(key)
                        let found = pairSlots[place]
                        if found.key == key {
                          set(k, found)
                          continue
                        }
                        // `NameFeatures.corePairs`, from the first core's `pairStart`.
                        var h = FeatureHash(continuing: starts[k])
                        h.add(atoms[k + 1].core)
                        let pair = h.value
                        if pair < UInt64(NameModel.smallValues) {
                          // A pair hash that small (odds 2⁻⁵⁷) reads the small-value table.
                          for (d, template) in [(0, after), (1, before)] {
                            let w = model.vector(template, pair)
                            flags[2 * k + d] = w == nil ? 0 : 1
                            if let w { bigrams[2 * k + d] = w }
                          }
                          continue
                        }
                        let missed = MissedPair(
                          k: Int32(k), place: Int32(place), key: key,
                          after: FeatureHash.feature(after, pair),
                          before: FeatureHash.feature(before, pair))
                        // The presence bits (256 KB) rule out both features of most missed pairs
                        // (95% on the corpus's first 1,000 articles): kept here, without a probe.
                        // The others are looked up after the loop, the table's lines asked for
                        // now: the probes one after another waited for memory, most of the loop's
                        // time, and asking for the lines of every miss's features fetched lines
                        // of the 1 MB table mostly unread.
                        let mayAfter = model.mayHave(feature: missed.after)
                        let mayBefore = model.mayHave(feature: missed.before)
                        guard mayAfter || mayBefore else {
                          let found = PairSlots(key: key, after: -1, before: -1)
                          pairSlots[place] = found
                          set(k, found)
                          continue
                        }
                        if mayAfter { model.prefetchSlot(ofFeature: missed.after) }
                        if mayBefore { model.prefetchSlot(ofFeature: missed.before) }
                        missedPairs[missedCount] = missed
                        missedCount += 1
                      }
                      // A pair missed twice in the article is looked up twice, the same slots.
                      for missed in missedPairs[0..<missedCount] {
                        let found = PairSlots(
                          key: missed.key,
                          after: model.slot(ofFeature: missed.after),
                          before: model.slot(ofFeature: missed.before))
                        pairSlots[Int(missed.place)] = found
                        set(Int(missed.k), found)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      // Lane 7 of the sums holds the atom's bits, added with the weights as they are: lane 7
      // of the scores is never read (its store is overwritten by the next token's, or lands past
      // the scores), so whatever it holds (a NaN, a subnormal) changes no tag's score. Zeroing
      // it in each of the five vectors cost 28 instructions a token (the masks spilled).
      // Every score is written below, each token's seven: not filled with zeros first.
      return [Float](unsafeUninitializedCapacity: n * t + 1) { e, initialized in
        initialized = n * t
        guard let out = e.baseAddress else { return }
        sums.withUnsafeBufferPointer { sums in
          typeOf.withUnsafeBufferPointer { typeOf in
            boundary.withUnsafeBufferPointer { boundary in
              bigrams.withUnsafeBufferPointer { bigrams in
                bigramFlags.withUnsafeBufferPointer { flags in
                  text.text.units.withUnsafeBufferPointer { units in
                    tokens.withUnsafeBufferPointer { tokenBuffer in
                      evidence.withBuffers { buffers in
                        let start = buffers.start
                        let codes = buffers.codes
                        // One sink for every token, its scores set anew for each: a sink per
                        // token retained and released the model each time.
                        var sink = VectorSink(model: model, scores: .zero)
                        // A type's first vector, its sums' place: the arithmetic cannot overflow
                        // (a type is below the capacity of an array of vectors).
                        let row = TypeScores.slots
                        @inline(__always) func first(_ j: Int) -> Int { Int(typeOf[j]) &* row }
                        // The tokens of token i's sentence, `sentenceStart..<sentenceEnd` (a
                        // sentence's tokens follow one another): a neighbour is in the sentence
                        // when it is in that range, without reading its token.
                        var sentenceStart = 0
                        var sentenceEnd = 0
                        for i in 0..<n {
                          if i == sentenceEnd {
                            sentenceStart = i
                            sentenceEnd = i + 1
                            while sentenceEnd < n
                              && tokenBuffer[sentenceEnd].sentence == tokenBuffer[i].sentence
                            {
                              sentenceEnd += 1
                            }
                          }
                          // The row of the token a few on (read as its own and its neighbours'
                          // sums), asked for again: the work since the atoms' loop may have
                          // pushed it out of the cache.
                          if i + Cache.scoresAhead < n {
                            prefetch(sums, first(i + Cache.scoresAhead), lines: 3)
                          }
                          // Each tag's score in a lane: the same additions, in the same order, as
                          // one tag at a time.
                          sink.scores = sums[first(i)]
                          features.emitMarks(
                            i, startsSentence: i == sentenceStart, tokens: tokenBuffer,
                            units: units, into: &sink)
                          // Most tokens are words with no codes whose core no candidate
                          // labelled anywhere: their evidence is the lists before the core and
                          // its count (`emitEvidence`'s last two steps; with no codes, the token's
                          // own counts are 0 and the others' are the core's), added here; the
                          // rest call `addingEvidence` (a call for every token: the loop and its
                          // calls took 1.03 G instructions on the corpus, 1.00 G so).
                          let kind = tokenBuffer[i].kind
                          let facts = buffers.facts[Int(buffers.coreOf[i])]
                          if kind == .word && start[i] == start[i + 1] && facts.counts == .zero
                            && facts.labels == 0
                          {
                            sink.emitBits(
                              NameFeatures.Template.articleBefore.rawValue, facts.before
                            ) { _ in "" }
                            sink.emit(
                              .articleRepeated, UInt64(min(Int(facts.occurrences), 4)), "")
                          } else {
                            sink.scores = Cache.addingEvidence(
                              i, kind: kind, evidence: buffers, to: sink.scores,
                              features: features, model: model)
                          }
                          // The neighbours at -2, -1, +1, +2, in that order (`b` their place among
                          // `boundary`), each offset a constant once inlined.
                          @inline(__always) func neighbour(
                            _ b: Int, _ offset: Int, into sink: inout VectorSink
                          ) {
                            let j = i + offset
                            guard offset < 0 ? j >= sentenceStart : j < sentenceEnd else {
                              sink.scores += boundary[b]
                              return
                            }
                            sink.scores += sums[first(j) &+ TypeScores.slot(ofOffset: offset)]
                            features.emitNeighbourEvidence(
                              j, offset: offset, start: start, codes: codes, into: &sink)
                          }
                          neighbour(0, -2, into: &sink)
                          neighbour(1, -1, into: &sink)
                          neighbour(2, 1, into: &sink)
                          neighbour(3, 2, into: &sink)
                          // The bigram before, then after (`NameFeatures.emitBigrams`).
                          if i > 0 && flags[2 * i - 1] != 0 { sink.scores += bigrams[2 * i - 1] }
                          if i + 1 < n && flags[2 * i] != 0 { sink.scores += bigrams[2 * i] }
                          // The eight lanes in one store: lane 7 lands on the next token's
                          // first score, written after (the array has room for one more).
                          UnsafeMutableRawPointer(out + i * t).storeBytes(
                            of: sink.scores, as: SIMD8<Float>.self)
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// A feature sink that adds each feature's weights to the tags' scores in the lanes of a
/// vector.
struct VectorSink: FeatureSink {
  let model: NameModel
  var scores: SIMD8<Float>

  var wantsNames: Bool { false }

  @inline(__always)
  mutating func emit(_ template: UInt8, _ value: UInt64, _ name: @autoclosure () -> String) {
    if let w = model.vector(template, value) { scores += w }
  }
}

/// A feature sink that keeps each feature the model may have (its presence bits set), to be
/// looked up later, adding to the scores at `destination`.
struct PendingSink: FeatureSink {
  let model: NameModel
  var entries: [NameModel.Pending]
  var destination: Int32 = 0

  init(model: NameModel, entries: [NameModel.Pending]) {
    self.model = model
    self.entries = entries
  }

  var wantsNames: Bool { false }

  @inline(__always)
  mutating func emit(_ template: UInt8, _ value: UInt64, _ name: @autoclosure () -> String) {
    if let entry = model.pending(template, value, destination: destination) {
      entries.append(entry)
    }
  }
}

/// A feature sink that adds each feature's weights to `NameTag.count` scores.
struct WeightSink: FeatureSink {
  let model: NameModel
  let scores: UnsafeMutablePointer<Float>

  var wantsNames: Bool { false }

  @inline(__always)
  mutating func emit(_ template: UInt8, _ value: UInt64, _ name: @autoclosure () -> String) {
    model.addScores(template, value, to: scores)
  }
}
