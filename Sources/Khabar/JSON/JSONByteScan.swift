/// Finds, eight bytes at a step, the next byte of a JSON string that needs attention.
///
/// Article text is long runs of bytes that JSON passes through unchanged (an Arabic letter is
/// two bytes, neither of them special), so the parser and the writer spend their time looking
/// for the rare byte that is not. A byte-by-byte loop costs several instructions a byte; these
/// scans load a 64-bit word and test all eight bytes in about a dozen instructions, with the
/// "find a zero byte in a word" tricks of Sean Anderson's Bit Twiddling Hacks.
///
/// Each word test sets the high bit of every flagged byte. A borrow can also flag a byte
/// *above* a truly matching one, never below it, so the lowest flagged byte (the first in
/// memory, on a little-endian load) is always exact — and the scans only use that one.
enum JSONByteScan {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// The high bit set in each byte of `word` that is below `limit` (`limit` at most 0x80).
  @inline(__always)
  private static func bytes(of word: UInt64, below limit: UInt8) -> UInt64 {
    (word &- ones &* UInt64(limit)) & ~word & highBits
  }

  /// The high bit set in each byte of `word` that equals `byte`.
  @inline(__always)
  private static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
    bytes(of: word ^ (ones &* UInt64(byte)), below: 1)
  }

  /// The index of the first `"`, `\` or control character (below 0x20) in `bytes` at or after
  /// `start`, or `bytes.count` if there is none: where the parser's run of plain string bytes
  /// ends.
  static func firstStringStop(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    scan(bytes, from: start) { word in
      Self.bytes(of: word, equalTo: 0x22) | Self.bytes(of: word, equalTo: 0x5C)
        | Self.bytes(of: word, below: 0x20)
    } isStop: { byte in
      byte == 0x22 || byte == 0x5C || byte < 0x20
    }
  }

  /// The index of the first byte `JSONWriter` may escape in `bytes` at or after `start`, or
  /// `bytes.count`: `"`, `\`, a control character, DEL (0x7F), or 0xE2 (the first byte of
  /// U+2028 and U+2029, and of other characters the writer leaves alone).
  static func firstEscapeCandidate(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    scan(bytes, from: start, wordStops: escapeCandidates) { byte in
      byte == 0x22 || byte == 0x5C || byte < 0x20 || byte == 0x7F || byte == 0xE2
    }
  }

  /// Copies `count` bytes from `source` to `destination` up to the first byte that
  /// `firstEscapeCandidate` would find, and returns that byte's index (`count` if none): the
  /// copy is only complete when the result is `count`.
  ///
  /// Sixteen bytes at a step (eight for a string of 8–15 bytes) are loaded, tested and
  /// stored; the last partial step of a string is the one ending at its end, tested and
  /// stored again in part. A string of fewer than eight bytes goes byte by byte.
  @inline(__always)
  static func copyUntilEscapeCandidate(
    from source: UnsafePointer<UInt8>, count: Int, to destination: UnsafeMutablePointer<UInt8>
  ) -> Int {
    let raw = UnsafeRawPointer(source)
    let target = UnsafeMutableRawPointer(destination)
    guard count >= 8 else {
      var index = 0
      while index < count {
        let byte = source[index]
        let stops = byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2
        if stops { return index }
        destination[index] = byte
        index += 1
      }
      return count
    }
    var index = 0
    if count >= 16 {
      // Sixteen bytes a step, tested as one vector, the last step again ending at the end.
      while true {
        // In bounds: each load reads bytes index..<index + 16 of the source, each store
        // writes the same places of the destination.
        let v = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
        let words = unsafeBitCast(escapeCandidates(in: v), to: SIMD2<UInt64>.self)
        if words[0] != 0 { return index + words[0].trailingZeroBitCount / 8 }
        if words[1] != 0 { return index + 8 + words[1].trailingZeroBitCount / 8 }
        target.storeBytes(of: v, toByteOffset: index, as: SIMD16<UInt8>.self)
        if index + 16 == count { return count }
        index = min(index + 16, count - 16)
      }
    }
    while true {
      // In bounds: each load reads bytes index..<index + 8 of the source, each store writes
      // the same places of the destination.
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      let flagged = escapeCandidates(in: word)
      if flagged != 0 { return index + flagged.trailingZeroBitCount / 8 }
      target.storeBytes(of: word.littleEndian, toByteOffset: index, as: UInt64.self)
      if index + 8 == count { return count }
      // The last word overlaps bytes already checked; they are clean, so a flag is past them.
      index = min(index + 8, count - 8)
    }
  }

  /// The lanes of `v` that `firstEscapeCandidate` stops at (all bits set), exactly.
  ///
  /// Vector-to-vector comparisons with typed constants: comparing with a scalar compiled to
  /// a loop over the lanes.
  @inline(__always)
  static func escapeCandidates(in v: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
    let quote = SIMD16<UInt8>(repeating: 0x22)
    let backslash = SIMD16<UInt8>(repeating: 0x5C)
    let space = SIMD16<UInt8>(repeating: 0x20)
    let delete = SIMD16<UInt8>(repeating: 0x7F)
    let e2 = SIMD16<UInt8>(repeating: 0xE2)
    return (v .== quote) .| (v .== backslash) .| (v .< space) .| (v .== delete) .| (v .== e2)
  }

  /// The high bit set in each byte of `word` that `firstEscapeCandidate` stops at (and
  /// perhaps in bytes above such a byte, never below it).
  @inline(__always)
  static func escapeCandidates(in word: UInt64) -> UInt64 {
    bytes(of: word, equalTo: 0x22) | bytes(of: word, equalTo: 0x5C) | bytes(of: word, below: 0x20)
      | bytes(of: word, equalTo: 0x7F) | bytes(of: word, equalTo: 0xE2)
  }

  /// The first index at or after `start` that `wordStops` flags (eight bytes at a time) or,
  /// in the last partial word, that `isStop` accepts; `bytes.count` if none.
  @inline(__always)
  private static func scan(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, wordStops: (UInt64) -> UInt64,
    isStop: (UInt8) -> Bool
  ) -> Int {
    guard let base = bytes.baseAddress else { return bytes.count }
    let raw = UnsafeRawPointer(base)
    var index = start
    // Unaligned loads are in bounds: each reads bytes index..<index + 8 of the buffer.
    while index + 8 <= bytes.count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      let flagged = wordStops(word)
      if flagged != 0 { return index + flagged.trailingZeroBitCount / 8 }
      index += 8
    }
    while index < bytes.count && !isStop(base[index]) { index += 1 }
    return index
  }
}
