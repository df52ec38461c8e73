/// The learned name recognizer's weights: one row of tag weights per hashed feature, and the
/// weights of tag transitions, decoded with Viterbi under the BIO constraints.
///
/// Immutable once made: one model is shared by every extraction thread.
public final class NameModel: Sendable {
  /// The feature hashes, ascending (the file's order).
  let hashes: [UInt64]
  /// `NameTag.count` weights per feature, in the order of `hashes`.
  let weights: [Float]
  /// The transition weights, `(NameTag.count + 1) · NameTag.count` of them.
  ///
  /// Row 0 holds the weights of each tag at the start of a sentence, row `1 + p` those of each
  /// tag after tag `p`.
  let transitions: [Float]
  /// Open addressing over `hashes` (linear probing, a power of two long): the row of a
  /// feature, or -1 for an empty slot.
  private let slots: [Int32]
  private let slotMask: Int

  init(hashes: [UInt64], weights: [Float], transitions: [Float]) {
    precondition(weights.count == hashes.count * NameTag.count)
    precondition(transitions.count == (NameTag.count + 1) * NameTag.count)
    self.hashes = hashes
    self.weights = weights
    self.transitions = transitions
    var size = 16
    while size < hashes.count * 2 { size <<= 1 }
    var slots = [Int32](repeating: -1, count: size)
    let mask = size - 1
    for (row, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(row)
    }
    self.slots = slots
    self.slotMask = mask
  }

  /// The number of features with weights.
  public var featureCount: Int { hashes.count }

  /// The row of feature `hash`, or nil when the model has no weight for it.
  @inline(__always)
  func row(of hash: UInt64) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while true {
          let row = slots[slot]
          if row < 0 { return nil }
          if hashes[Int(row)] == hash { return Int(row) }
          slot = (slot + 1) & slotMask
        }
      }
    }
  }

  /// Adds the weights of `features` to `scores` (`NameTag.count` of them).
  @inline(__always)
  func addScores(of features: ArraySlice<UInt64>, to scores: UnsafeMutableBufferPointer<Float>) {
    weights.withUnsafeBufferPointer { weights in
      for hash in features {
        guard let row = row(of: hash) else { continue }
        let base = row * NameTag.count
        for t in 0..<NameTag.count { scores[t] += weights[base + t] }
      }
    }
  }

  /// The weight of feature `hash` for `tag` (0 when the model does not know the feature).
  func weight(of hash: UInt64, tag: NameTag) -> Float {
    row(of: hash).map { weights[$0 * NameTag.count + tag.rawValue] } ?? 0
  }

  /// `allowed[p · count + t]`: whether tag `t` may follow tag `p` (row `count`: at a sentence's
  /// start), the BIO constraint of `NameTag.allows` as a table.
  static let allowed: [Bool] = {
    let t = NameTag.count
    var table = [Bool](repeating: false, count: (t + 1) * t)
    for next in NameTag.allCases {
      for previous in NameTag.allCases {
        table[previous.rawValue * t + next.rawValue] = NameTag.allows(previous, then: next)
      }
      table[t * t + next.rawValue] = NameTag.allows(nil, then: next)
    }
    return table
  }()

  /// The best tag sequence for `emissions` (`NameTag.count` scores per token) under
  /// `transitions`, never an I- tag without a B- or I- of its label before it.
  static func viterbi(
    emissions: UnsafeBufferPointer<Float>, transitions: UnsafeBufferPointer<Float>
  ) -> [NameTag] {
    let t = NameTag.count
    let n = emissions.count / t
    guard n > 0 else { return [] }
    var score = [Float](repeating: -.infinity, count: n * t)
    var back = [Int8](repeating: 0, count: n * t)
    // The transitions with -∞ where BIO forbids the pair: the inner loop is a plain maximum.
    // (A forbidden pair is never taken: -∞ is never above the best so far, which starts at -∞.)
    var masked = [Float](repeating: -.infinity, count: (t + 1) * t)
    for previous in 0...t {
      let row = previous == 0 ? t : previous - 1
      for tag in 0..<t where NameModel.allowed[row * t + tag] {
        masked[previous * t + tag] = transitions[previous * t + tag]
      }
    }
    masked.withUnsafeBufferPointer { masked in
      score.withUnsafeMutableBufferPointer { score in
        back.withUnsafeMutableBufferPointer { back in
          for tag in 0..<t { score[tag] = masked[tag] + emissions[tag] }
          for i in 1..<max(n, 1) {
            let before = (i - 1) * t
            for tag in 0..<t {
              var best = -Float.infinity
              var from = 0
              for previous in 0..<t {
                let s = score[before + previous] + masked[(1 + previous) * t + tag]
                if s > best {
                  best = s
                  from = previous
                }
              }
              score[i * t + tag] = best + emissions[i * t + tag]
              back[i * t + tag] = Int8(from)
            }
          }
        }
      }
    }
    var last = 0
    for tag in 1..<t where score[(n - 1) * t + tag] > score[(n - 1) * t + last] { last = tag }
    var result = [NameTag](repeating: .outside, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
      result[i] = NameTag(rawValue: last) ?? .outside
      last = Int(back[i * t + last])
    }
    return result
  }
}
