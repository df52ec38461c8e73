/// A map from feature hashes to values by open addressing with linear probing.
///
/// The keys are FNV-1a 64 hashes already (`FeatureHash`), well mixed: Swift's `Dictionary`
/// hashed every one again with SipHash, a tenth of the name model's time. Grows at half full.
struct FeatureTable<Value: Sendable>: Sendable {
  private var keys: [UInt64]
  private var values: [Value]
  private var used: [Bool]
  private var mask: Int
  /// The number of keys.
  private(set) var count = 0
  private let empty: Value

  /// An empty table; `empty` fills the unused slots (never returned).
  init(capacity: Int = 16, empty: Value) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    values = [Value](repeating: empty, count: size)
    used = [Bool](repeating: false, count: size)
    mask = size - 1
    self.empty = empty
  }

  /// The slot of `key`, or of the empty slot where it would go.
  @inline(__always)
  private func slot(of key: UInt64) -> Int {
    var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
    while used[slot] && keys[slot] != key { slot = (slot + 1) & mask }
    return slot
  }

  subscript(key: UInt64) -> Value? {
    let s = slot(of: key)
    return used[s] ? values[s] : nil
  }

  /// Changes the value of `key` (starting from `initial` when it has none).
  @inline(__always)
  mutating func update(_ key: UInt64, initial: Value, _ change: (inout Value) -> Void) {
    var s = slot(of: key)
    if !used[s] {
      if (count + 1) * 2 > keys.count {
        grow()
        s = slot(of: key)
      }
      used[s] = true
      keys[s] = key
      values[s] = initial
      count += 1
    }
    change(&values[s])
  }

  private mutating func grow() {
    var bigger = FeatureTable(capacity: keys.count, empty: empty)
    for s in keys.indices where used[s] {
      let value = values[s]
      bigger.update(keys[s], initial: value) { _ in }
    }
    self = bigger
  }
}

extension FeatureTable {
  /// The table of a dictionary's entries.
  init(_ dictionary: [UInt64: Value], empty: Value) {
    self.init(capacity: dictionary.count, empty: empty)
    for (key, value) in dictionary { update(key, initial: value) { _ in } }
  }
}
