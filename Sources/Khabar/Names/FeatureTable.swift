/// A map from feature hashes to values by open addressing with linear probing.
///
/// The keys are FNV-1a 64 hashes already (`FeatureHash`), well mixed: Swift's `Dictionary`
/// hashed every one again with SipHash, a tenth of the name model's time. Key, value and mark
/// of a slot sit side by side, so a look-up touches one cache line, not three. Grows at half
/// full.
struct FeatureTable<Value: Sendable>: Sendable {
  private struct Slot: Sendable {
    var key: UInt64
    var used: Bool
    var value: Value
  }
  private var slots: [Slot]
  private var mask: Int
  /// The number of keys.
  private(set) var count = 0
  private let empty: Value

  /// An empty table; `empty` fills the unused slots (never returned).
  init(capacity: Int = 16, empty: Value) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Slot](repeating: Slot(key: 0, used: false, value: empty), count: size)
    mask = size - 1
    self.empty = empty
  }

  /// The slot of `key`, or of the empty slot where it would go.
  @inline(__always)
  private func slot(of key: UInt64) -> Int {
    slots.withUnsafeBufferPointer { slots in
      var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
      while slots[slot].used && slots[slot].key != key { slot = (slot + 1) & mask }
      return slot
    }
  }

  subscript(key: UInt64) -> Value? {
    let s = slot(of: key)
    return slots[s].used ? slots[s].value : nil
  }

  /// Changes the value of `key` (starting from `initial` when it has none).
  @inline(__always)
  mutating func update(_ key: UInt64, initial: Value, _ change: (inout Value) -> Void) {
    var s = slot(of: key)
    let used = slots.withUnsafeBufferPointer { $0[s].used }
    if !used {
      if (count + 1) * 2 > slots.count {
        grow()
        s = slot(of: key)
      }
      count += 1
    }
    // One uniqueness check for the whole change, not one per access.
    slots.withUnsafeMutableBufferPointer { slots in
      if !used { slots[s] = Slot(key: key, used: true, value: initial) }
      change(&slots[s].value)
    }
  }

  private mutating func grow() {
    var bigger = FeatureTable(capacity: slots.count, empty: empty)
    for slot in slots where slot.used {
      bigger.update(slot.key, initial: slot.value) { _ in }
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
