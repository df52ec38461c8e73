/// The learned name recognizer's weights: one row of tag weights per hashed feature, and the
/// weights of tag transitions, decoded with Viterbi under the BIO constraints.
///
/// Immutable once made: one model is shared by every extraction thread.
public final class NameModel: Sendable {
  /// The number of features with weights.
  public let featureCount: Int
  /// The transition weights, `(NameTag.count + 1) · NameTag.count` of them.
  ///
  /// Row 0 holds the weights of each tag at the start of a sentence, row `1 + p` those of each
  /// tag after tag `p`.
  let transitions: [Float]
  /// The transitions as the vectors `decode` reads (`rows(_:)` of them, -∞ where BIO forbids
  /// a pair).
  let maskedRows: [SIMD8<Float>]
  /// The features' hashes by open addressing: linear probing, a power of two long, at most
  /// 60% full; a slot of hash 0 is empty (a feature whose hash is 0 keeps its weights aside).
  ///
  /// Eight hashes to a cache line, so that a probe reads one line (1 MB for the bundled
  /// model), and the weights of the slot in `vectors`, one more line, only for a feature the
  /// model has: the slots of hash and weights side by side took 10 MB, and the look-ups of
  /// the run missed the processor's caches.
  private let keys: [UInt64]
  /// The weights of the feature in the same slot of `keys` (lane 7 at 0).
  private let vectors: [SIMD8<Float>]
  private let tableMask: Int
  private let zeroHash: Slot?

  struct Slot {
    var hash: UInt64 = 0
    var weights: (Float, Float, Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0, 0, 0)
  }

  /// One bit per value of a hash's top `presenceBits` bits, set when the model has a feature
  /// with those bits.
  ///
  /// Most features an article has (word pairs, rare words) are not in the
  /// model, and these 256 KB say so without a probe of the larger table.
  private let present: [UInt64]
  static let presenceBits = 21
  /// How many features ahead `add` asks for the table's slot it will read.
  static let ahead = 24

  /// The weights of every feature of a template below `smallTemplates` with a value below
  /// `smallValues`, looked up once here rather than hashed per token.
  ///
  /// Those are marks, evidence codes, list bits, article-level counts: small numbers. A hash value that small (the odds are
  /// 2⁻⁵⁷) reads the same weights either way.
  private let small: [SIMD8<Float>]
  static let smallTemplates = 64
  static let smallValues = 128

  init(hashes: [UInt64], weights: [Float], transitions: [Float]) {
    precondition(weights.count == hashes.count * NameTag.count)
    precondition(transitions.count == (NameTag.count + 1) * NameTag.count)
    precondition(NameTag.count == 7, "a Slot holds seven weights")
    let t = NameTag.count
    featureCount = hashes.count
    self.transitions = transitions
    let masked = transitions.withUnsafeBufferPointer { NameModel.masked($0) }
    self.maskedRows = masked.withUnsafeBufferPointer { NameModel.rows($0) }
    var size = 16
    while size * 3 < hashes.count * 5 { size <<= 1 }
    var keys = [UInt64](repeating: 0, count: size)
    var vectors = HugePages.array(repeating: SIMD8<Float>.zero, count: size)
    let mask = size - 1
    var zero: Slot?
    var present = [UInt64](repeating: 0, count: 1 << (NameModel.presenceBits - 6))
    for (row, hash) in hashes.enumerated() {
      // The row read in place: an array per row cost an allocation each, a tenth of loading.
      let slot = weights.withUnsafeBufferPointer { weights in
        let w = UnsafeBufferPointer(rebasing: weights[(row * t)..<(row * t + t)])
        return Slot(hash: hash, weights: (w[0], w[1], w[2], w[3], w[4], w[5], w[6]))
      }
      let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - NameModel.presenceBits))
      present[bit >> 6] |= 1 << UInt64(bit & 63)
      if hash == 0 {
        zero = slot
        continue
      }
      var s = Int(truncatingIfNeeded: hash) & mask
      while keys[s] != 0 { s = (s + 1) & mask }
      keys[s] = hash
      vectors[s] = NameModel.vector(slot.weights)
    }
    var small = [SIMD8<Float>](
      repeating: .zero, count: NameModel.smallTemplates * NameModel.smallValues)
    for template in 0..<NameModel.smallTemplates {
      for value in 0..<NameModel.smallValues {
        let hash = FeatureHash.feature(UInt8(template), UInt64(value))
        guard
          let slot = NameModel.slot(
            of: hash, keys: keys, vectors: vectors, mask: mask, present: present, zero: zero)
        else { continue }
        small[template * NameModel.smallValues + value] = NameModel.vector(slot.weights)
      }
    }
    self.keys = keys
    self.vectors = vectors
    self.tableMask = mask
    self.zeroHash = zero
    self.present = present
    self.small = small
  }

  /// Every feature's slot, by ascending hash (the file's order).
  func slotsByHash() -> [Slot] {
    var slots = zeroHash.map { [$0] } ?? []
    for (s, hash) in keys.enumerated() where hash != 0 {
      let v = vectors[s]
      slots.append(Slot(hash: hash, weights: (v[0], v[1], v[2], v[3], v[4], v[5], v[6])))
    }
    return slots.sorted { $0.hash < $1.hash }
  }

  @inline(__always)
  private static func slot(
    of hash: UInt64, keys: [UInt64], vectors: [SIMD8<Float>], mask: Int, present: [UInt64],
    zero: Slot?
  ) -> Slot? {
    let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - NameModel.presenceBits))
    guard present.withUnsafeBufferPointer({ $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 })
    else { return nil }
    if hash == 0 { return zero }
    guard let s = NameModel.index(of: hash, keys: keys, mask: mask) else { return nil }
    let v = vectors[s]
    return Slot(hash: hash, weights: (v[0], v[1], v[2], v[3], v[4], v[5], v[6]))
  }

  /// The slot of `hash` (not 0) in `keys`, or nil when it is not there.
  @inline(__always)
  private static func index(of hash: UInt64, keys: [UInt64], mask: Int) -> Int? {
    keys.withUnsafeBufferPointer { keys in
      var s = Int(truncatingIfNeeded: hash) & mask
      while true {
        let h = keys[s]
        if h == hash { return s }
        if h == 0 { return nil }
        s = (s + 1) & mask
      }
    }
  }

  /// The slot of feature `hash` (its weights), or nil when the model has no weight for it.
  @inline(__always)
  func slot(of hash: UInt64) -> Slot? {
    NameModel.slot(
      of: hash, keys: keys, vectors: vectors, mask: tableMask, present: present, zero: zeroHash)
  }

  /// Adds the weights of feature `value` of `template` to `scores` (`NameTag.count` of them).
  @inline(__always)
  func addScores(_ template: UInt8, _ value: UInt64, to scores: UnsafeMutablePointer<Float>) {
    if template < NameModel.smallTemplates && value < NameModel.smallValues {
      let w = small[Int(template) * NameModel.smallValues + Int(value)]
      for t in 0..<NameTag.count { scores[t] += w[t] }
      return
    }
    addScores(of: FeatureHash.feature(template, value), to: scores)
  }

  /// Adds the weights of feature `hash` to `scores` (`NameTag.count` of them).
  @inline(__always)
  func addScores(of hash: UInt64, to scores: UnsafeMutablePointer<Float>) {
    guard let w = slot(of: hash)?.weights else { return }
    scores[0] += w.0
    scores[1] += w.1
    scores[2] += w.2
    scores[3] += w.3
    scores[4] += w.4
    scores[5] += w.5
    scores[6] += w.6
  }

  /// The weights of a slot in the lanes of a vector, lane 7 at 0.
  @inline(__always)
  static func vector(_ w: (Float, Float, Float, Float, Float, Float, Float)) -> SIMD8<Float> {
    SIMD8(w.0, w.1, w.2, w.3, w.4, w.5, w.6, 0)
  }

  /// The weights of feature `value` of `template` in the lanes of a vector (lane 7 at 0); nil
  /// when the model has none.
  ///
  /// Adding it adds each tag's weight as `addScores` does, lane by lane: the same sums.
  @inline(__always)
  func vector(_ template: UInt8, _ value: UInt64) -> SIMD8<Float>? {
    if template < NameModel.smallTemplates && value < NameModel.smallValues {
      return small[Int(template) * NameModel.smallValues + Int(value)]
    }
    let hash = FeatureHash.feature(template, value)
    let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - NameModel.presenceBits))
    guard present.withUnsafeBufferPointer({ $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 })
    else { return nil }
    if hash == 0 { return zeroHash.map { NameModel.vector($0.weights) } }
    guard let s = NameModel.index(of: hash, keys: keys, mask: tableMask) else { return nil }
    return vectors[s]
  }

  /// A feature waiting for its weights: a hash to look up, or (`small`) an index into the
  /// small-value table, and the index of the vector of scores it adds to.
  struct Pending {
    var key: UInt64
    var destination: Int32
    var small: Bool
  }

  /// The pending entry of feature `value` of `template` adding to `destination`; nil when the
  /// presence bits say the model has no such feature (a feature of the small-value table is
  /// always kept).
  ///
  /// Most of a new type's features are not in the model: dropped here, they are neither kept
  /// nor read again, where a pass over all of them (the bits, then the probes) cost a third of
  /// the look-ups.
  @inline(__always)
  func pending(_ template: UInt8, _ value: UInt64, destination: Int32) -> Pending? {
    if template < NameModel.smallTemplates && value < NameModel.smallValues {
      let index = Int(template) * NameModel.smallValues + Int(value)
      return Pending(key: UInt64(index), destination: destination, small: true)
    }
    let hash = FeatureHash.feature(template, value)
    let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - NameModel.presenceBits))
    guard present.withUnsafeBufferPointer({ $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 })
    else { return nil }
    return Pending(key: hash, destination: destination, small: false)
  }

  /// Adds the weights of every pending feature the model has, in order, to its vector of
  /// `scores`: the sums `addScores` would make one feature at a time.
  ///
  /// The entries passed the presence bits (`pending(_:_:destination:)`); the table is probed
  /// for each, the slot of one a few on asked for first.
  func add(_ pending: UnsafeBufferPointer<Pending>, to scores: UnsafeMutablePointer<SIMD8<Float>>) {
    small.withUnsafeBufferPointer { small in
      keys.withUnsafeBufferPointer { keys in
        vectors.withUnsafeBufferPointer { vectors in
          for k in pending.indices {
            // The table's slot of a feature a few on, asked for now.
            if k + NameModel.ahead < pending.count && !pending[k + NameModel.ahead].small {
              let s = Int(truncatingIfNeeded: pending[k + NameModel.ahead].key) & tableMask
              prefetch(keys, s)
              prefetch(vectors, s)
            }
            let p = pending[k]
            if p.small {
              scores[Int(p.destination)] += small[Int(p.key)]
              continue
            }
            if p.key == 0 {
              guard let zero = zeroHash else { continue }
              scores[Int(p.destination)] += NameModel.vector(zero.weights)
              continue
            }
            var s = Int(truncatingIfNeeded: p.key) & tableMask
            while true {
              let h = keys[s]
              if h == p.key {
                scores[Int(p.destination)] += vectors[s]
                break
              }
              if h == 0 { break }
              s = (s + 1) & tableMask
            }
          }
        }
      }
    }
  }

  /// Where the weights of feature `hash` (a `FeatureHash.feature` of a value of `smallValues`
  /// or more) are, for `weights(atSlot:)`: its slot in the table, -2 for the feature of hash 0,
  /// -1 when the model has no such feature.
  @inline(__always)
  func slot(ofFeature hash: UInt64) -> Int32 {
    guard mayHave(feature: hash) else { return -1 }
    if hash == 0 { return zeroHash == nil ? -1 : -2 }
    guard let s = NameModel.index(of: hash, keys: keys, mask: tableMask) else { return -1 }
    return Int32(s)
  }

  /// Whether the presence bits let feature `hash` be in the model: when not, `slot(ofFeature:)`
  /// is -1 without a probe.
  @inline(__always)
  func mayHave(feature hash: UInt64) -> Bool {
    let bit = Int(truncatingIfNeeded: hash >> UInt64(64 - NameModel.presenceBits))
    return present.withUnsafeBufferPointer { $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }
  }

  /// Asks for the line of the table `slot(ofFeature:)` probes first for feature `hash`.
  @inline(__always)
  func prefetchSlot(ofFeature hash: UInt64) {
    keys.withUnsafeBufferPointer { prefetch($0, Int(truncatingIfNeeded: hash) & tableMask) }
  }

  /// The weights (lane 7 at 0) of the feature at `slot` (`slot(ofFeature:)`, not -1): the
  /// vector `vector(_:_:)` gives.
  @inline(__always)
  func weights(atSlot slot: Int32) -> SIMD8<Float> {
    if slot == -2, let zero = zeroHash { return NameModel.vector(zero.weights) }
    return vectors.withUnsafeBufferPointer { $0[Int(slot)] }
  }

  /// The weight of feature `hash` for `tag` (0 when the model does not know the feature).
  func weight(of hash: UInt64, tag: NameTag) -> Float {
    guard let slot = slot(of: hash) else { return 0 }
    return withUnsafeBytes(of: slot.weights) {
      $0.load(fromByteOffset: 4 * tag.rawValue, as: Float.self)
    }
  }

  /// The best tag sequence for `emissions` (`NameTag.count` scores per token) under
  /// `transitions`, never an I- tag without a B- or I- of its label before it.
  static func viterbi(
    emissions: UnsafeBufferPointer<Float>, transitions: UnsafeBufferPointer<Float>
  ) -> [NameTag] {
    let masked = NameModel.masked(transitions)
    return masked.withUnsafeBufferPointer { viterbi(emissions: emissions, masked: $0) }
  }

  /// The transitions with -∞ where BIO forbids the pair, as `viterbi(emissions:masked:)` reads
  /// them.
  static func masked(_ transitions: UnsafeBufferPointer<Float>) -> [Float] {
    let t = NameTag.count
    var masked = [Float](repeating: -.infinity, count: (t + 1) * t)
    for previous in 0...t {
      let before = previous == 0 ? nil : NameTag(rawValue: previous - 1)
      for tag in NameTag.allCases where NameTag.allows(before, then: tag) {
        masked[previous * t + tag.rawValue] = transitions[previous * t + tag.rawValue]
      }
    }
    return masked
  }

  /// `viterbi(emissions:transitions:)` given the transitions `masked`.
  static func viterbi(
    emissions: UnsafeBufferPointer<Float>, masked: UnsafeBufferPointer<Float>
  ) -> [NameTag] {
    let n = emissions.count / NameTag.count
    guard n > 0 else { return [] }
    let rows = NameModel.rows(masked)
    var result = [NameTag](repeating: .outside, count: n)
    var score = [SIMD8<Float>](repeating: .zero, count: n)
    rows.withUnsafeBufferPointer { rows in
      score.withUnsafeMutableBufferPointer { score in
        result.withUnsafeMutableBufferPointer { result in
          decode(emissions: emissions, rows: rows, score: score, into: result)
        }
      }
    }
    return result
  }

  /// The rows of `masked` in the lanes of vectors (lane 7 at -∞): row 0 the start's
  /// transitions, row `1 + p` those after tag `p`; then its columns, vector `1 + t + tag` the
  /// transitions into `tag`, from each previous tag in its lane.
  static func rows(_ masked: UnsafeBufferPointer<Float>) -> [SIMD8<Float>] {
    let t = NameTag.count
    var rows = [SIMD8<Float>](repeating: SIMD8(repeating: -.infinity), count: 2 * t + 1)
    for previous in 0...t {
      for tag in 0..<t { rows[previous][tag] = masked[previous * t + tag] }
    }
    for tag in 0..<t {
      for previous in 0..<t { rows[1 + t + tag][previous] = masked[(1 + previous) * t + tag] }
    }
    return rows
  }

  /// The best tags of `emissions` (`result.count` tokens) under `rows` (the masked
  /// transitions, as `rows(_:)` gives them), as `viterbi(emissions:masked:)` finds them, into
  /// `result`; `score` (as many vectors as tokens) is scratch.
  ///
  /// The transitions have -∞ where BIO forbids the pair (row 0: at the sentence's start), so
  /// that the best way into a tag is a plain maximum. A forbidden pair is never taken: -∞ is
  /// never above the best so far, and O, allowed after every tag, is finite.
  static func decode(
    emissions: UnsafeBufferPointer<Float>, rows: UnsafeBufferPointer<SIMD8<Float>>,
    score: UnsafeMutableBufferPointer<SIMD8<Float>>,
    into result: UnsafeMutableBufferPointer<NameTag>
  ) {
    let t = NameTag.count
    let n = result.count
    guard n > 0 else { return }
    // The tags side by side in the lanes of a vector (lane 7 at -∞): the best score of every
    // tag after token i is, over the previous tags p, the lane-wise maximum of score(p) plus
    // the transitions out of p. The maximum of the same sums, in any order, is the same number.
    @inline(__always) func emission(_ i: Int) -> SIMD8<Float> {
      var e = SIMD8<Float>()
      for tag in 0..<t { e[tag] = emissions[i * t + tag] }
      return e
    }
    @inline(__always) func larger(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
      a.replacing(with: b, where: b .> a)
    }
    @inline(__always) func larger4(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
      a.replacing(with: b, where: b .> a)
    }
    // The transitions out of each previous tag.
    let out = (rows[1], rows[2], rows[3], rows[4], rows[5], rows[6], rows[7])
    var current = rows[0] + emission(0)
    score[0] = current
    for i in 1..<max(n, 1) {
      // The seven ways in, their maximum taken as a tree: a chain of seven maxima, each
      // waiting for the one before, was the loop's length. The scores hold no NaN (no +∞ meets
      // a -∞), so the maximum is the same number whatever the order, but for the sign of a zero,
      // which no later sum or comparison tells apart.
      @inline(__always) func way(_ p: Int, _ row: SIMD8<Float>) -> SIMD8<Float> {
        SIMD8(repeating: current[p]) + row
      }
      let best = larger(
        larger(larger(way(0, out.0), way(1, out.1)), larger(way(2, out.2), way(3, out.3))),
        larger(larger(way(4, out.4), way(5, out.5)), way(6, out.6)))
      current = best + emission(i)
      score[i] = current
    }
    // Back from the best last tag (the first of equals), each step to the first previous tag
    // that reaches the best score: the back pointers, found for the chosen tags only. The ways
    // from every previous tag into `last` are added side by side (its column among `rows`), and
    // the first lane at their maximum is the first previous tag to reach it (all at -∞: lane
    // 0, the first tag, as when none passes -∞ one by one).
    var last = 0
    for tag in 1..<t where score[n - 1][tag] > score[n - 1][last] { last = tag }
    for i in stride(from: n - 1, to: 0, by: -1) {
      result[i] = NameTag.byRawValue[last]
      let ways = score[i - 1] + rows[1 + t + last]
      let half = larger4(ways.lowHalf, ways.highHalf)
      let quarter = half.lowHalf.replacing(
        with: half.highHalf, where: half.highHalf .> half.lowHalf)
      let best = quarter[1] > quarter[0] ? quarter[1] : quarter[0]
      var from = 0
      while from < t - 1 && ways[from] != best { from += 1 }
      last = from
    }
    result[0] = NameTag.byRawValue[last]
  }
}
