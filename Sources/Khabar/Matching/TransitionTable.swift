/// The edges of a token trie: (node, token id) → child node, in an open-addressing table.
///
/// Swift's `Dictionary` hashes with SipHash and retains its storage on every access from a
/// class; this table is a pair of flat arrays probed with a multiplicative hash.
struct TransitionTable: Sendable {
  private var keys: [UInt64] = Array(repeating: .max, count: 64)
  private var values: [Int32] = Array(repeating: -1, count: 64)
  private(set) var count = 0

  @inline(__always)
  static func key(_ node: Int32, _ token: Int32) -> UInt64 {
    UInt64(UInt32(node)) << 32 | UInt64(UInt32(token))
  }

  @inline(__always)
  private static func slot(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
  }

  /// The child of `node` along `token`, if any.
  subscript(node: Int32, token: Int32) -> Int32? {
    let key = TransitionTable.key(node, token)
    let mask = keys.count - 1
    var slot = TransitionTable.slot(key, mask)
    while true {
      let k = keys[slot]
      if k == key { return values[slot] }
      if k == .max { return nil }
      slot = (slot + 1) & mask
    }
  }

  /// The nodes that have at least one edge (with repeats).
  var parents: [Int32] { keys.filter { $0 != .max }.map { Int32(truncatingIfNeeded: $0 >> 32) } }

  /// Adds an edge (replacing an existing one).
  mutating func insert(node: Int32, token: Int32, child: Int32) {
    if (count + 1) * 2 > keys.count { grow() }
    let key = TransitionTable.key(node, token)
    let mask = keys.count - 1
    var slot = TransitionTable.slot(key, mask)
    while keys[slot] != .max && keys[slot] != key { slot = (slot + 1) & mask }
    if keys[slot] == .max { count += 1 }
    keys[slot] = key
    values[slot] = child
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = Array(repeating: .max, count: oldKeys.count * 2)
    values = Array(repeating: -1, count: oldKeys.count * 2)
    let mask = keys.count - 1
    for (i, key) in oldKeys.enumerated() where key != .max {
      var slot = TransitionTable.slot(key, mask)
      while keys[slot] != .max { slot = (slot + 1) & mask }
      keys[slot] = key
      values[slot] = oldValues[i]
    }
  }
}
