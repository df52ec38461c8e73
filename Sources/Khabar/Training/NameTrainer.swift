/// Trains the name model: a structured averaged perceptron over `NameFeatures`, on gold corpora
/// whose spans are projected onto Khabar's own tokens by character offsets.
///
/// Deterministic: the same corpora, data and options give the same model bytes (sentences are
/// shuffled with a fixed seed, features are numbered in reading order, the file is sorted by
/// hash, and no dictionary is ever iterated).
public struct NameTrainer {
  public struct Options: Sendable {
    public var iterations = 12
    /// The shuffling seed.
    public var seed: UInt64 = 0x4B48_4142_4152
    /// Features whose averaged weights are all below this (in absolute value) are left out of
    /// the model.
    public var prune: Float = 0.05
    public init() {}
  }

  /// One corpus document, ready to train on or to score.
  public struct Document: Sendable {
    /// Token i's features are `features[offsets[i]..<offsets[i + 1]]` (feature numbers).
    var features: [Int32]
    var offsets: [Int]
    var gold: [NameTag]
    /// Each Khabar token's sentence, and its original range (Unicode scalars, end exclusive).
    var sentence: [Int32]
    var ranges: [Range<Int>]
    /// The corpus document's tokens and gold spans (types as the corpus writes them).
    var corpusTokens: [Range<Int>]
    var corpusGold: [CoNLLCorpus.Span]
    /// The corpus document's text (for error listings).
    var text: String
  }

  /// The prepared documents and the hash of every feature number.
  public var documents: [Document] = []
  var hashes: [UInt64] = []
  private var numbers: [UInt64: Int32] = [:]
  /// Corpus tag → model label (PERS → PERSON …) and model label → corpus tag, for scoring.
  let labelOf: [String: EntityLabel]
  let tagOf: [EntityLabel: String]
  public let scoredTags: Set<String>

  /// A trainer for corpora tagged as `mapping` says (its PERSON, ORGANIZATION and LOCATION /
  /// COUNTRY tags become the model's labels; other tags are O).
  public init(mapping: LabelMapping, extraTags: [String: EntityLabel] = [:]) {
    var labelOf: [String: EntityLabel] = extraTags
    var tagOf: [EntityLabel: String] = [:]
    for label in EntityLabel.allCases {
      guard let tag = mapping.map[label] else { continue }
      let modelLabel: EntityLabel? =
        switch label {
        case .person: .person
        case .organization: .organization
        case .location, .country: .location
        default: nil
        }
      guard let modelLabel else { continue }
      labelOf[tag] = modelLabel
      if tagOf[modelLabel] == nil || label == modelLabel { tagOf[modelLabel] = tag }
    }
    self.labelOf = labelOf
    self.tagOf = tagOf
    scoredTags = Set(tagOf.values)
  }

  /// Adds the documents of `corpus`, analysed by `extractor` (whose gazetteer and rule
  /// candidates are features) and `features`.
  public mutating func add(_ corpus: CoNLLCorpus, extractor: Extractor, features: NameFeatures) {
    for document in corpus.documents {
      let (text, candidates) = extractor.nameEvidence(document.text)
      let rows = features.rows(text, candidates: candidates)
      var numbered: [Int32] = []
      numbered.reserveCapacity(rows.hashes.count)
      for hash in rows.hashes {
        if let k = numbers[hash] {
          numbered.append(k)
        } else {
          let k = Int32(hashes.count)
          numbers[hash] = k
          hashes.append(hash)
          numbered.append(k)
        }
      }
      let ranges = text.tokens.indices.map { text.originalRange(ofToken: $0) }
      documents.append(
        Document(
          features: numbered, offsets: rows.offsets,
          gold: project(document.gold, onto: ranges, sentences: text.tokens.map(\.sentence)),
          sentence: text.tokens.map(\.sentence), ranges: ranges, corpusTokens: document.tokens,
          corpusGold: document.gold, text: document.text))
    }
  }

  /// The BIO tags of Khabar tokens `ranges` under gold spans: a token is inside a span when it
  /// starts inside it; the outermost (longest) span wins where gold spans nest.
  func project(_ gold: [CoNLLCorpus.Span], onto ranges: [Range<Int>], sentences: [Int32])
    -> [NameTag]
  {
    var tags = [NameTag](repeating: .outside, count: ranges.count)
    var owner = [Int](repeating: -1, count: ranges.count)
    let spans = gold.enumerated().filter { labelOf[$0.element.type] != nil }.sorted {
      ($0.element.end - $0.element.start, -$0.offset) > (
        $1.element.end - $1.element.start, -$1.offset
      )
    }
    for (index, span) in spans {
      guard let label = labelOf[span.type] else { continue }
      for (i, r) in ranges.enumerated() where r.lowerBound >= span.start && r.lowerBound < span.end
      {
        guard owner[i] < 0 else { continue }
        owner[i] = index
        let continues = i > 0 && owner[i - 1] == index && sentences[i - 1] == sentences[i]
        tags[i] = (continues ? NameTag.inside(label) : NameTag.begin(label)) ?? .outside
      }
    }
    return tags
  }

  /// The averaged perceptron's state.
  struct Weights {
    var w: [Double]
    var u: [Double]
    var tw: [Double]
    var tu: [Double]
    var c: Double = 1

    init(features: Int) {
      w = [Double](repeating: 0, count: features * NameTag.count)
      u = w
      tw = [Double](repeating: 0, count: (NameTag.count + 1) * NameTag.count)
      tu = tw
    }

    func averaged() -> (weights: [Float], transitions: [Float]) {
      (
        zip(w, u).map { Float($0 - $1 / c) },
        zip(tw, tu).map { Float($0 - $1 / c) }
      )
    }
  }

  /// Sentence ranges (token indices) of a document.
  static func sentences(_ d: Document) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var start = 0
    while start < d.sentence.count {
      var end = start + 1
      while end < d.sentence.count && d.sentence[end] == d.sentence[start] { end += 1 }
      result.append(start..<end)
      start = end
    }
    return result
  }

  /// Decodes `range` of document `d` under `weights` (`NameTag.count` per feature number).
  static func decode(
    _ d: Document, _ range: Range<Int>, weights: UnsafeBufferPointer<Double>,
    transitions: UnsafeBufferPointer<Double>
  ) -> [NameTag] {
    let t = NameTag.count
    var emissions = [Float](repeating: 0, count: range.count * t)
    for (k, i) in range.enumerated() {
      for f in d.features[d.offsets[i]..<d.offsets[i + 1]] {
        let base = Int(f) * t
        for tag in 0..<t { emissions[k * t + tag] += Float(weights[base + tag]) }
      }
    }
    let floatTransitions = transitions.map(Float.init)
    return emissions.withUnsafeBufferPointer { e in
      floatTransitions.withUnsafeBufferPointer { NameModel.viterbi(emissions: e, transitions: $0) }
    }
  }

  /// Trains on the documents at `train` (indices into `documents`); after each iteration,
  /// `progress` hears the iteration and (when `heldOut` is not empty) the scores on `heldOut`.
  public func train(
    _ train: [Int], heldOut: [Int] = [], options: Options = Options(),
    progress: (Int, EvaluationScores?) -> Void = { _, _ in }
  ) -> NameModel {
    let t = NameTag.count
    var state = Weights(features: hashes.count)
    var order: [(Int, Range<Int>)] = []
    for d in train { for s in NameTrainer.sentences(documents[d]) { order.append((d, s)) } }
    var random = SplitMix64(seed: options.seed)
    for iteration in 1...max(1, options.iterations) {
      // Fisher–Yates with the fixed generator.
      for i in stride(from: order.count - 1, to: 0, by: -1) {
        let j = Int(random.next() % UInt64(i + 1))
        order.swapAt(i, j)
      }
      for (d, range) in order {
        let doc = documents[d]
        let predicted = state.w.withUnsafeBufferPointer { w in
          state.tw.withUnsafeBufferPointer {
            NameTrainer.decode(doc, range, weights: w, transitions: $0)
          }
        }
        let gold = Array(doc.gold[range])
        if predicted != gold {
          let c = state.c
          for (k, i) in range.enumerated() where predicted[k] != gold[k] {
            for f in doc.features[doc.offsets[i]..<doc.offsets[i + 1]] {
              let base = Int(f) * t
              state.w[base + gold[k].rawValue] += 1
              state.u[base + gold[k].rawValue] += c
              state.w[base + predicted[k].rawValue] -= 1
              state.u[base + predicted[k].rawValue] -= c
            }
          }
          for k in 0..<gold.count {
            let goldRow = k == 0 ? 0 : 1 + gold[k - 1].rawValue
            let predictedRow = k == 0 ? 0 : 1 + predicted[k - 1].rawValue
            if goldRow == predictedRow && gold[k] == predicted[k] { continue }
            state.tw[goldRow * t + gold[k].rawValue] += 1
            state.tu[goldRow * t + gold[k].rawValue] += c
            state.tw[predictedRow * t + predicted[k].rawValue] -= 1
            state.tu[predictedRow * t + predicted[k].rawValue] -= c
          }
        }
        state.c += 1
      }
      if heldOut.isEmpty {
        progress(iteration, nil)
      } else {
        let (w, tw) = state.averaged()
        progress(
          iteration, score(heldOut, weights: w.map(Double.init), transitions: tw.map(Double.init)))
      }
    }
    let (weights, transitions) = state.averaged()
    // Kept features, sorted by hash.
    var kept: [Int] = []
    for f in 0..<hashes.count {
      let row = weights[(f * t)..<(f * t + t)]
      if row.contains(where: { abs($0) >= options.prune }) { kept.append(f) }
    }
    kept.sort { hashes[$0] < hashes[$1] }
    var keptWeights: [Float] = []
    keptWeights.reserveCapacity(kept.count * t)
    for f in kept { keptWeights.append(contentsOf: weights[(f * t)..<(f * t + t)]) }
    return NameModel(
      hashes: kept.map { hashes[$0] }, weights: keptWeights, transitions: transitions)
  }

  /// Entity-level scores of the model `weights` on the documents `indices`, with gold spans
  /// and predictions widened to whole corpus tokens as `khabar eval` does.
  func score(
    _ indices: [Int], weights: [Double], transitions: [Double], oracle: Bool = false,
    mismatches: ((String) -> Void)? = nil
  ) -> EvaluationScores {
    var scores = EvaluationScores()
    for d in indices {
      let doc = documents[d]
      var tags: [NameTag] = []
      if oracle {
        tags = doc.gold
      } else {
        weights.withUnsafeBufferPointer { w in
          transitions.withUnsafeBufferPointer { tw in
            for s in NameTrainer.sentences(doc) {
              tags.append(contentsOf: NameTrainer.decode(doc, s, weights: w, transitions: tw))
            }
          }
        }
      }
      var predicted: [CoNLLCorpus.Span] = []
      var i = 0
      while i < tags.count {
        guard let label = tags[i].label, let tag = tagOf[label] else {
          i += 1
          continue
        }
        var end = i + 1
        while end < tags.count && tags[end].isInside && tags[end].label == label
          && doc.sentence[end] == doc.sentence[i]
        {
          end += 1
        }
        let start = doc.ranges[i].lowerBound
        let stop = doc.ranges[end - 1].upperBound
        let a = doc.corpusTokens.first { $0.contains(start) }?.lowerBound ?? start
        let b = doc.corpusTokens.first { $0.contains(stop - 1) }?.upperBound ?? stop
        predicted.append(CoNLLCorpus.Span(type: tag, start: a, end: b))
        i = end
      }
      scores.add(gold: doc.corpusGold, predicted: predicted, labels: scoredTags)
      if let mismatches {
        Evaluator.Mismatch.list(
          gold: doc.corpusGold, predicted: predicted, labels: scoredTags, text: doc.text
        ) { mismatches("\($0.kind)\t\($0.type)\t\($0.text)\t\($0.context)") }
      }
    }
    return scores
  }

  /// The scores of the gold tags projected onto Khabar's tokens, read back as predictions: the
  /// ceiling that the tokenization leaves to any model.
  public func projectionCeiling() -> EvaluationScores {
    score(Array(documents.indices), weights: [], transitions: [], oracle: true)
  }

  /// Scores of `model` (as loaded) on the documents `indices`; `mismatches` hears every missed
  /// and spurious entity as a TSV row (kind, type, text, context).
  public func score(
    _ indices: [Int], model: NameModel, mismatches: ((String) -> Void)? = nil
  ) -> EvaluationScores {
    let t = NameTag.count
    var weights = [Double](repeating: 0, count: hashes.count * t)
    for (f, hash) in hashes.enumerated() {
      for tag in NameTag.allCases {
        weights[f * t + tag.rawValue] = Double(model.weight(of: hash, tag: tag))
      }
    }
    return score(
      indices, weights: weights, transitions: model.transitions.map(Double.init),
      mismatches: mismatches)
  }
}
