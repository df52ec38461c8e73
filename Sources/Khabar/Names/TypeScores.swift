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
  /// 65,536 types take about 16 MB. On the
  /// reference corpus (4.5 million tokens, 190,000 types) about one token in nine is summed
  /// anew; twice the capacity halved that but took 20 MB more and was no faster (the larger
  /// tables miss the processor's caches).
  static let defaultCapacity = 1 << 16
  let capacity: Int
  /// A type's atom and where its sums are, by the hash of its kind and text.
  private var index: FeatureTable<Entry>
  struct Entry {
    var type: Int32
    var atom: NameFeatures.Atom
  }
  private var types = 0
  /// Per type, `slots · NameTag.count` weights: its own features, then its features as the
  /// neighbour at -2, -1, +1 and +2.
  private var sums: [Float] = []
  static let slots = 5
  /// The model and features the sums are of: another model or other features (other word
  /// lists) empty the cache.
  private var owner: (model: ObjectIdentifier, features: ObjectIdentifier)?
  /// The boundary features (a neighbour past the sentence's edge) at -2, -1, +1 and +2.
  private var boundary: [Float] = []

  init(capacity: Int = TypeScores.defaultCapacity) {
    self.capacity = max(1, capacity)
    index = FeatureTable(capacity: 1024, empty: Entry(type: -1, atom: .init()))
  }

  /// The number of types cached.
  var count: Int { types }

  private func clear() {
    index = FeatureTable(capacity: 1024, empty: Entry(type: -1, atom: .init()))
    types = 0
    sums.removeAll(keepingCapacity: true)
  }

  /// The slot of offset -2, -1, +1, +2 among a type's sums.
  @inline(__always)
  static func slot(ofOffset offset: Int) -> Int { offset < 0 ? offset + 3 : offset + 2 }

  /// The emission scores (`NameTag.count` per token) of `text`'s tokens given the gazetteer and
  /// rule `candidates`: the sums of the weights of `NameFeatures.rows`, up to the order of
  /// adding.
  func emissions(
    _ text: TokenizedText, candidates: [Candidate], features: NameFeatures, model: NameModel
  ) -> [Float] {
    let t = NameTag.count
    let tokens = text.tokens
    let n = tokens.count
    if owner?.model != ObjectIdentifier(model) || owner?.features != ObjectIdentifier(features) {
      clear()
      owner = (ObjectIdentifier(model), ObjectIdentifier(features))
      boundary = [Float](repeating: 0, count: 4 * t)
      boundary.withUnsafeMutableBufferPointer { b in
        guard let base = b.baseAddress else { return }
        for (k, offset) in [-2, -1, 1, 2].enumerated() {
          var sink = WeightSink(model: model, scores: base + k * t)
          features.emitBoundary(offset: offset, into: &sink)
        }
      }
    }
    if count + n > capacity { clear() }
    var typeOf = [Int32](repeating: 0, count: n)
    var articleAtoms = [NameFeatures.Atom](repeating: NameFeatures.Atom(), count: n)
    var analysis = NameFeatures.Analysis()
    let kinds = TokenKind.allCases
    text.text.units.withUnsafeBufferPointer { units in
      for i in 0..<n {
        let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
        var key = FeatureHash()
        key.add(byte: UInt8(truncatingIfNeeded: kinds.firstIndex(of: tokens[i].kind) ?? 0))
        for u in token { key.add(u) }
        if let entry = index[key.value] {
          typeOf[i] = entry.type
          articleAtoms[i] = entry.atom
          continue
        }
        let atom = features.analyze(token, kind: tokens[i].kind, into: &analysis, names: false)
        let type = Int32(types)
        types += 1
        index.update(key.value, initial: Entry(type: type, atom: atom)) { _ in }
        sums.append(contentsOf: repeatElement(0, count: TypeScores.slots * t))
        sums.withUnsafeMutableBufferPointer { sums in
          guard let start = sums.baseAddress else { return }
          let base = start + Int(type) * TypeScores.slots * t
          var own = WeightSink(model: model, scores: base)
          features.emitOwnFirst(
            token, kind: tokens[i].kind, atom: atom, analysis: analysis, into: &own)
          features.emitOwnSecond(token, atom: atom, into: &own)
          for offset in [-2, -1, 1, 2] {
            var sink = WeightSink(
              model: model, scores: base + TypeScores.slot(ofOffset: offset) * t)
            features.emitAsNeighbour(
              token, atom: atom, core: analysis.core, offset: offset, into: &sink)
          }
        }
        typeOf[i] = type
        articleAtoms[i] = atom
      }
    }
    let evidence = NameFeatures.ArticleEvidence(
      tokens, atoms: articleAtoms, candidates: candidates)
    let pairs = NameFeatures.corePairs(articleAtoms)
    var emissions = [Float](repeating: 0, count: n * t)
    let row = TypeScores.slots * t
    emissions.withUnsafeMutableBufferPointer { e in
      guard let first = e.baseAddress else { return }
      sums.withUnsafeBufferPointer { sums in
        boundary.withUnsafeBufferPointer { boundary in
          text.text.units.withUnsafeBufferPointer { units in
            for i in 0..<n {
              let scores = first + i * t
              let own = Int(typeOf[i]) * row
              for k in 0..<t { scores[k] = sums[own + k] }
              var sink = WeightSink(model: model, scores: scores)
              features.emitMarks(i, tokens: tokens, units: units, into: &sink)
              features.emitEvidence(
                i, tokens: tokens, atom: articleAtoms[i], evidence: evidence, into: &sink)
              for b in 0..<4 {
                let offset = b < 2 ? b - 2 : b - 1
                let j = i + offset
                guard j >= 0, j < n, tokens[j].sentence == tokens[i].sentence else {
                  for k in 0..<t { scores[k] += boundary[b * t + k] }
                  continue
                }
                let from = Int(typeOf[j]) * row + TypeScores.slot(ofOffset: offset) * t
                for k in 0..<t { scores[k] += sums[from + k] }
                features.emitNeighbourEvidence(j, offset: offset, evidence: evidence, into: &sink)
              }
              features.emitBigrams(
                i, tokens: tokens, pairs: pairs, coreText: { _ in "" }, into: &sink)
            }
          }
        }
      }
    }
    return emissions
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
