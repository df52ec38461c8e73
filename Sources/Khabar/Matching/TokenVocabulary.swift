/// An interning table from token texts (normalized UTF-16) to dense integer ids.
///
/// Open addressing with linear probing over FNV-1a hashes of the code units: Swift's `String`
/// hashing goes through canonical equivalence, which normalized text no longer needs, and is
/// several times slower on Arabic.
struct TokenVocabulary: Sendable {
  private var pool: [UInt16] = []
  private var keyStart: [Int32] = []
  private var keyEnd: [Int32] = []
  private var hashes: [UInt64] = []
  private var slots: [Int32] = Array(repeating: -1, count: 64)

  var count: Int { keyStart.count }

  private static func hash(_ prefix: ArraySlice<UInt16>, _ body: UnsafeBufferPointer<UInt16>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for unit in prefix { h = (h ^ UInt64(unit)) &* 0x100_0000_01b3 }
    for unit in body { h = (h ^ UInt64(unit)) &* 0x100_0000_01b3 }
    return h
  }

  /// The id of `units`, adding it when new.
  mutating func intern(_ units: [UInt16]) -> Int32 {
    if let id = units.withUnsafeBufferPointer({ lookup(prefix: [], $0) }) { return id }
    if (count + 1) * 2 > slots.count { grow() }
    let id = Int32(count)
    let h = units.withUnsafeBufferPointer { TokenVocabulary.hash([], $0) }
    keyStart.append(Int32(pool.count))
    pool.append(contentsOf: units)
    keyEnd.append(Int32(pool.count))
    hashes.append(h)
    place(id, hash: h)
    return id
  }

  private mutating func place(_ id: Int32, hash h: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = id
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    for id in 0..<count { place(Int32(id), hash: hashes[id]) }
  }

  /// The id of the text `prefix + body`, if interned.
  func lookup(prefix: ArraySlice<UInt16>, _ body: UnsafeBufferPointer<UInt16>) -> Int32? {
    let h = TokenVocabulary.hash(prefix, body)
    let length = prefix.count + body.count
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let id = slots[slot]
      if id < 0 { return nil }
      let i = Int(id)
      if hashes[i] == h && Int(keyEnd[i] - keyStart[i]) == length
        && equal(Int(keyStart[i]), prefix, body)
      {
        return id
      }
      slot = (slot + 1) & mask
    }
  }

  private func equal(_ start: Int, _ prefix: ArraySlice<UInt16>, _ body: UnsafeBufferPointer<UInt16>) -> Bool {
    var p = start
    for unit in prefix {
      if pool[p] != unit { return false }
      p += 1
    }
    for unit in body {
      if pool[p] != unit { return false }
      p += 1
    }
    return true
  }
}
