/// An interning table from token texts (normalized UTF-16) to dense integer ids.
///
/// Open addressing with linear probing. Swift's `String` hashing goes through canonical
/// equivalence, which normalized text no longer needs, and is several times slower on Arabic.
/// Most look-ups from running text miss (most words are in no gazetteer or rule), so a slot
/// holds 32 bits of the key's hash together with where the key is kept: a miss is nearly always
/// decided in the slot array alone, without touching the keys.
///
/// Every token of every article is looked up, in tables too large for the nearest caches: a
/// hit reads the filter, one slot and one record of `pool` (the key's length, id and value
/// before its units), each a likely cache miss, where separate arrays of key starts, ids and
/// what the owner keeps per id cost three more.
struct TokenVocabulary: Sendable {
  /// Per key, a record: its length in units and its id (each low and high 16 bits), its value
  /// (`value(of:)`, four units from the lowest), its units.
  private var pool: [UInt16] = []
  /// Where key `id`'s units begin in `pool`; its record begins `header` units earlier.
  private var keyStart: [Int32] = []
  private var hashes: [UInt64] = []
  /// `emptySlot`, or a key's hash in the high 32 bits and where its record begins in `pool` in
  /// the low 32.
  private var slots: [UInt64] = Array(repeating: emptySlot, count: 64)
  private static let emptySlot = UInt64.max
  /// The units of a record before its key: the length, the id, the value.
  private static let header = 8
  /// One bit per hash value of the 32 high hash bits modulo `8 · slots.count`, set when a key
  /// has that value: an eighth of the slot array's size, small enough to stay in cache, with
  /// at least 16 bits per key, so that nearly every miss is decided here without touching the
  /// slots (most look-ups from running text miss).
  private var filter: [UInt64] = Array(repeating: 0, count: 8)

  var count: Int { hashes.count }

  /// The units of key `id`.
  func key(_ id: Int) -> ArraySlice<UInt16> {
    let start = Int(keyStart[id])
    let record = start - TokenVocabulary.header
    return pool[start..<(start + (Int(pool[record]) | Int(pool[record + 1]) << 16))]
  }

  /// The hash of a key: four UTF-16 units at a time, mixed by multiplication.
  ///
  /// Each group of four is one unaligned 8-byte load; a key of more than four units ends with
  /// the group of its last four, which may overlap the group before (a unit at a time, the
  /// tail of the key cost as much as the rest of the hash).
  @inline(__always)
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
  ///
  /// A key is a token of any length (an article's one word of a million letters, a name the
  /// person linker registers, is a key like any other).
  mutating func intern(_ units: [UInt16]) -> Int32 {
    units.withUnsafeBufferPointer { intern($0) }
  }

  /// The id of `units`, adding it when new; the units are copied only when new.
  mutating func intern(_ units: UnsafeBufferPointer<UInt16>) -> Int32 {
    if let id = lookup(units) { return id }
    if (count + 1) * 2 > slots.count { grow() }
    let id = Int32(count)
    let h = TokenVocabulary.hash(units)
    pool.append(UInt16(truncatingIfNeeded: units.count))
    pool.append(UInt16(truncatingIfNeeded: units.count >> 16))
    pool.append(UInt16(truncatingIfNeeded: id))
    pool.append(UInt16(truncatingIfNeeded: id >> 16))
    pool.append(contentsOf: repeatElement(0, count: 4))
    keyStart.append(Int32(pool.count))
    pool.append(contentsOf: units)
    hashes.append(h)
    place(id, hash: h)
    return id
  }

  private mutating func place(_ id: Int32, hash h: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    while slots[slot] != TokenVocabulary.emptySlot { slot = (slot + 1) & mask }
    let record = Int(keyStart[Int(id)]) - TokenVocabulary.header
    slots[slot] = h & 0xFFFF_FFFF_0000_0000 | UInt64(UInt32(record))
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

  /// Sets the value of key `id` (0 until set), which `value(of:)` gives back with the look-up.
  mutating func setValue(_ value: UInt64, of id: Int) {
    let record = Int(keyStart[id]) - TokenVocabulary.header
    for k in 0..<4 { pool[record + 4 + k] = UInt16(truncatingIfNeeded: value >> UInt64(16 * k)) }
  }

  /// Sets the value of every key: `values[id]` for key `id` (one per key).
  mutating func setValues(_ values: [UInt64]) {
    precondition(values.count == count, "\(values.count) values for \(count) keys")
    keyStart.withUnsafeBufferPointer { keyStart in
      pool.withUnsafeMutableBufferPointer { pool in
        for (id, value) in values.enumerated() {
          let record = Int(keyStart[id]) - TokenVocabulary.header
          for k in 0..<4 {
            pool[record + 4 + k] = UInt16(truncatingIfNeeded: value >> UInt64(16 * k))
          }
        }
      }
    }
  }

  /// The id of the text `prefix + body`, if interned.
  func lookup(prefix: ArraySlice<UInt16>, _ body: UnsafeBufferPointer<UInt16>) -> Int32? {
    joined(prefix, body) { lookup($0) }
  }

  /// The value of the text `prefix + body` (`setValue`), if interned.
  func value(ofPrefix prefix: ArraySlice<UInt16>, _ body: UnsafeBufferPointer<UInt16>) -> UInt64? {
    joined(prefix, body) { value(of: $0) }
  }

  /// `body(prefix + text)`.
  private func joined<T>(
    _ prefix: ArraySlice<UInt16>, _ text: UnsafeBufferPointer<UInt16>,
    _ body: (UnsafeBufferPointer<UInt16>) -> T
  ) -> T {
    if prefix.isEmpty { return body(text) }
    // Only the rare restored-alef reading has a prefix: join the two on the stack.
    return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: prefix.count + text.count) {
      joined in
      var i = 0
      for unit in prefix {
        joined[i] = unit
        i += 1
      }
      for unit in text {
        joined[i] = unit
        i += 1
      }
      return body(UnsafeBufferPointer(joined))
    }
  }

  /// The id of `key`, if interned.
  func lookup(_ key: UnsafeBufferPointer<UInt16>) -> Int32? {
    guard let record = record(of: key) else { return nil }
    return Int32(pool[record + 2]) | Int32(pool[record + 3]) << 16
  }

  /// The value of `key` (`setValue`), if interned: read from the key's own record, where an
  /// array indexed by the id would cost the look-up another cache miss.
  @inline(__always)
  func value(of key: UnsafeBufferPointer<UInt16>) -> UInt64? {
    guard let record = record(of: key) else { return nil }
    return pool.withUnsafeBufferPointer { pool in
      UInt64(pool[record + 4]) | UInt64(pool[record + 5]) << 16 | UInt64(pool[record + 6]) << 32
        | UInt64(pool[record + 7]) << 48
    }
  }

  /// Where `key`'s record begins in `pool`, if `key` is interned.
  @inline(__always)
  private func record(of key: UnsafeBufferPointer<UInt16>) -> Int? {
    let h = TokenVocabulary.hash(key)
    let present = filter.withUnsafeBufferPointer { filter in
      let bit = TokenVocabulary.filterBit(h, filterCount: filter.count)
      return filter[bit >> 6] & 1 << UInt64(bit & 63) != 0
    }
    guard present else { return nil }
    let tag = h & 0xFFFF_FFFF_0000_0000
    return slots.withUnsafeBufferPointer { slots in
      pool.withUnsafeBufferPointer { pool in
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
          let entry = slots[slot]
          if entry == TokenVocabulary.emptySlot { return nil }
          if entry & 0xFFFF_FFFF_0000_0000 == tag {
            let record = Int(UInt32(truncatingIfNeeded: entry))
            if TokenVocabulary.isKey(at: record, in: pool, key) { return record }
          }
          slot = (slot + 1) & mask
        }
      }
    }
  }

  /// Whether the record at `record` of `pool` holds `key`.
  ///
  /// Compared as `hash` reads a key, four units to an unaligned 8-byte load, the last group
  /// overlapping the one before: a unit at a time, the compare of every hit cost more than its
  /// hash.
  @inline(__always)
  private static func isKey(
    at record: Int, in pool: UnsafeBufferPointer<UInt16>, _ key: UnsafeBufferPointer<UInt16>
  ) -> Bool {
    let n = key.count
    guard Int(pool[record]) | Int(pool[record + 1]) << 16 == n else { return false }
    guard n > 0 else { return true }
    // Both present: the record holds `n` units after its header, and `key` is not empty.
    let stored = UnsafeRawPointer(pool.baseAddress.unsafelyUnwrapped + (record &+ header))
    let wanted = UnsafeRawPointer(key.baseAddress.unsafelyUnwrapped)
    guard n >= 4 else {
      for i in 0..<n where stored.load(fromByteOffset: 2 &* i, as: UInt16.self) != key[i] {
        return false
      }
      return true
    }
    var offset = 0
    let last = 2 &* (n &- 4)
    while offset < last {
      guard
        stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
          == wanted.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      else { return false }
      offset &+= 8
    }
    return stored.loadUnaligned(fromByteOffset: last, as: UInt64.self)
      == wanted.loadUnaligned(fromByteOffset: last, as: UInt64.self)
  }
}
