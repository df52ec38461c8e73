/// The UTF-8 of a short `String` (15 bytes or fewer) held in two words.
///
/// Most strings the writer sees are that short (entity ids, attribute keys and values, short
/// names). Held in two words, their bytes are tested for escapes as one vector, stored whole
/// and compared a word at a time.
///
/// The bytes are read through public API only, `utf8.withContiguousStorageIfAvailable`, which
/// the compiler inlines whole here, and loads that stay inside the buffer it lends. (An
/// earlier version read the string's private two-word layout with `unsafeBitCast`, which any
/// Swift release may change; `utf8Span` is public too but a call into the standard library,
/// 19 M instructions more on the first 1,000 articles of the reference corpus.)
/// `IOJSONWriterTests` holds this path and the general one to the same bytes.
struct SmallUTF8 {
  /// Bytes 0–7, the first in the low byte; the bytes past `count` are zero.
  var low: UInt64
  /// Bytes 8–14, the first in the low byte; the bytes past `count` are zero, and so is the
  /// top byte.
  var high: UInt64
  /// The number of UTF-8 bytes, 0–15.
  var count: Int

  /// The bytes of `s`, or nil if it has more than 15 (or is not contiguous UTF-8).
  @inline(__always)
  init?(reading s: String) {
    // Inlined whole (a public `@inlinable` method): for a small string the closure reads the
    // string's own value, with no copy and no call into the standard library.
    let read = s.utf8.withContiguousStorageIfAvailable { bytes -> SmallUTF8? in
      guard bytes.count <= 15 else { return nil }
      return SmallUTF8(bytes)
    }
    guard let read, let read else { return nil }
    self = read
  }

  /// The bytes of `bytes`, 15 or fewer.
  ///
  /// Each word is made of two loads that overlap, one from the first byte and one ending at
  /// the last, so that no load reads outside `bytes` and no word is built a byte at a time.
  @inline(__always)
  private init(_ bytes: UnsafeBufferPointer<UInt8>) {
    let n = bytes.count
    count = n
    guard n > 0, let base = bytes.baseAddress else {
      low = 0
      high = 0
      return
    }
    let raw = UnsafeRawPointer(base)
    if n >= 8 {
      low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
      // Bytes n - 8 ..< n, shifted down so that byte 8 is the lowest (none when n is 8).
      let last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
      high = n == 8 ? 0 : last &>> UInt64((16 &- n) &* 8)
    } else if n >= 4 {
      let first = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
      let last = UInt64(
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)))
      // The two loads share bytes n - 4 ..< 4, which OR onto themselves.
      low = first | last &<< UInt64((n &- 4) &* 8)
      high = 0
    } else {
      // One, two or three bytes: the first, the middle one and the last, some of them the same.
      let middle = n &>> 1
      low =
        UInt64(base[0]) | UInt64(base[middle]) &<< UInt64(middle &* 8) | UInt64(base[n &- 1])
        &<< UInt64((n &- 1) &* 8)
      high = 0
    }
  }

  /// The bits of `low` that belong to the string's bytes.
  @inline(__always)
  var lowMask: UInt64 { count >= 8 ? .max : (1 &<< UInt64(count &* 8)) &- 1 }

  /// The bits of `high` that belong to the string's bytes.
  @inline(__always)
  var highMask: UInt64 { count <= 8 ? 0 : (1 &<< UInt64((count &- 8) &* 8)) &- 1 }

  /// Whether a byte of the string is one `JSONWriter` may escape: `"`, `\`, a control
  /// character, DEL or 0xE2 (what `JSONByteScan.firstEscapeCandidate` stops at).
  ///
  /// Both words are tested as one vector; the lanes past the count (zero, so control
  /// characters) are masked off.
  @inline(__always)
  var hasEscapeCandidate: Bool {
    // Bit casts between vectors of the same size, not of a `String`.
    let v = unsafeBitCast(SIMD2<UInt64>(low, high), to: SIMD16<UInt8>.self)
    let flagged = JSONByteScan.escapeCandidates(in: v)
    let words = unsafeBitCast(flagged, to: SIMD2<UInt64>.self)
    return words[0] & lowMask | words[1] & highMask != 0
  }

  /// Whether `a`'s bytes sort before `b`'s: what `a.utf8.lexicographicallyPrecedes(b.utf8)`
  /// says.
  ///
  /// The words, byte-swapped, compare as their bytes do; bytes past the count are zero, which
  /// orders a prefix before the longer string as long as they are equal, and the counts break the
  /// tie.
  @inline(__always)
  static func precedes(_ a: SmallUTF8, _ b: SmallUTF8) -> Bool {
    let x = a.low.byteSwapped
    let y = b.low.byteSwapped
    if x != y { return x < y }
    let u = a.high.byteSwapped
    let v = b.high.byteSwapped
    if u != v { return u < v }
    return a.count < b.count
  }
}
