/// An interning table from token texts (normalized UTF-16) to dense integer ids.
///
/// Open addressing with linear probing. Swift's `String` hashing goes through canonical
/// equivalence, which normalized text no longer needs, and is several times slower on Arabic.
/// Most look-ups from running text miss (most words are in no gazetteer or rule), so a slot
/// holds the key's id together with 32 bits of its hash: a miss is nearly always decided in the
/// slot array alone, without touching the keys.
struct TokenVocabulary: Sendable {
  private var pool: [UInt16] = []
  /// Where key `id` begins in `pool`; `keyStart[id + 1]` is where it ends.
  private var keyStart: [Int32] = [0]
  private var hashes: [UInt64] = []
  /// `emptySlot`, or a key's hash in the high 32 bits and its id in the low 32.
  private var slots: [UInt64] = Array(repeating: emptySlot, count: 64)
  private static let emptySlot = UInt64.max
  /// One bit per hash value of the 32 high hash bits modulo `8 · slots.count`, set when a key
  /// has that value: an eighth of the slot array's size, small enough to stay in cache, with
  /// at least 16 bits per key, so that nearly every miss is decided here without touching the
  /// slots (most look-ups from running text miss).
  private var filter: [UInt64] = Array(repeating: 0, count: 8)

  var count: Int { hashes.count }

  /// The units of key `id`.
  func key(_ id: Int) -> ArraySlice<UInt16> { pool[Int(keyStart[id])..<Int(keyStart[id + 1])] }

  /// The hash of a key: four UTF-16 units at a time, mixed by multiplication.
  ///
  /// Each group of four is one unaligned 8-byte load; a key of more than four units ends with
  /// the group of its last four, which may overlap the group before (a unit at a time, the
  /// tail of the key cost as much as the rest of the hash).
  private static func hash(_ key: UnsafeBufferPointer<UInt16>) -> UInt64 {
    let multiplier: UInt64 = 0xFF51_AFD7_ED55_8CCD
    let n = key.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
    if let base = key.baseAddress {
      let raw = UnsafeRawPointer(base)
      if n >= 4 {
        var offset = 0
        let last = 2 * (n - 4)
        while offset < last {
          h = (h ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
          h ^= h >> 32
          offset += 8
        }
        h = (h ^ raw.loadUnaligned(fromByteOffset: last, as: UInt64.self)) &* multiplier
      } else if n > 0 {
        var word = UInt64(key[0])
        if n > 1 { word |= UInt64(key[1]) << 16 }
        if n > 2 { word |= UInt64(key[2]) << 32 }
        h = (h ^ word) &* multiplier
      }
    }
    h ^= h >> 29
    h = h &* 0xC4CE_B9FE_1A85_EC53
    return h ^ h >> 32
  }

  /// The id of `units`, adding it when new.
  mutating func intern(_ units: [UInt16]) -> Int32 {
    if let id = units.withUnsafeBufferPointer({ lookup($0) }) { return id }
    if (count + 1) * 2 > slots.count { grow() }
    let id = Int32(count)
    let h = units.withUnsafeBufferPointer { TokenVocabulary.hash($0) }
    pool.append(contentsOf: units)
    keyStart.append(Int32(pool.count))
    hashes.append(h)
    place(id, hash: h)
    return id
  }

  private mutating func place(_ id: Int32, hash h: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    while slots[slot] != TokenVocabulary.emptySlot { slot = (slot + 1) & mask }
    slots[slot] = h & 0xFFFF_FFFF_0000_0000 | UInt64(UInt32(id))
    let bit = TokenVocabulary.filterBit(h, filterCount: filter.count)
    filter[bit >> 6] |= 1 << UInt64(bit & 63)
  }

  /// The bit of `filter` (of `filterCount` words) for a key of hash `h`.
  @inline(__always)
  private static func filterBit(_ h: UInt64, filterCount: Int) -> Int {
    Int(truncatingIfNeeded: h >> 32) & (filterCount &* 64 &- 1)
  }

  private mutating func grow() {
    slots = Array(repeating: TokenVocabulary.emptySlot, count: slots.count * 2)
    filter = Array(repeating: 0, count: slots.count / 8)
    for id in 0..<count { place(Int32(id), hash: hashes[id]) }
  }

  /// The id of the text `prefix + body`, if interned.
  func lookup(prefix: ArraySlice<UInt16>, _ body: UnsafeBufferPointer<UInt16>) -> Int32? {
    if prefix.isEmpty { return lookup(body) }
    // Only the rare restored-alef reading has a prefix: join the two on the stack.
    return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: prefix.count + body.count) {
      joined in
      var i = 0
      for unit in prefix {
        joined[i] = unit
        i += 1
      }
      for unit in body {
        joined[i] = unit
        i += 1
      }
      return lookup(UnsafeBufferPointer(joined))
    }
  }

  /// The id of `key`, if interned.
  func lookup(_ key: UnsafeBufferPointer<UInt16>) -> Int32? {
    let h = TokenVocabulary.hash(key)
    let present = filter.withUnsafeBufferPointer { filter in
      let bit = TokenVocabulary.filterBit(h, filterCount: filter.count)
      return filter[bit >> 6] & 1 << UInt64(bit & 63) != 0
    }
    guard present else { return nil }
    let tag = h & 0xFFFF_FFFF_0000_0000
    return slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: h) & mask
      while true {
        let entry = slots[slot]
        if entry == TokenVocabulary.emptySlot { return nil }
        if entry & 0xFFFF_FFFF_0000_0000 == tag {
          let id = Int32(truncatingIfNeeded: entry)
          if equal(id, key) { return id }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  /// Whether key `id` is `key`.
  private func equal(_ id: Int32, _ key: UnsafeBufferPointer<UInt16>) -> Bool {
    let start = Int(keyStart[Int(id)])
    guard Int(keyStart[Int(id) + 1]) - start == key.count else { return false }
    return pool.withUnsafeBufferPointer { pool in
      var p = start
      for unit in key {
        if pool[p] != unit { return false }
        p += 1
      }
      return true
    }
  }
}
