/// The UTF-8 of a small `String` (15 bytes or fewer), read from the string value itself.
///
/// The standard library keeps a string of up to 15 UTF-8 bytes inside its two-word value: on
/// 64-bit little-endian platforms bytes 0–7 in the first word, bytes 8–14 in the second, whose
/// top byte holds flags (bit 61 of the word: small) and the count (bits 56–59). Most strings
/// the writer sees are that small (entity ids, attribute keys and values, short names), and
/// borrowing their bytes through `utf8.withContiguousStorageIfAvailable` (a copy to the
/// stack and a closure call) cost more than writing them.
///
/// This reads that layout, the one the standard library's own inlined code in this binary
/// reads, and trusts it only if it holds for probe strings whose bytes are known
/// (`layoutHolds`); any other string, or any other layout, gives nil and takes the general
/// path. `IOJSONWriterTests` holds both paths to the same bytes.
struct SmallUTF8 {
  /// Bytes 0–7, the first in the low byte; bytes past `count` are not part of the string.
  var low: UInt64
  /// Bytes 8–14, the first in the low byte; bytes past `count` are not part of the string,
  /// and the top byte is zero.
  var high: UInt64
  /// The number of UTF-8 bytes, 0–15.
  var count: Int

  private init(low: UInt64, high: UInt64, count: Int) {
    self.low = low
    self.high = high
    self.count = count
  }

  /// The bytes of `s` if it is a small string, read as the layout has them: only for callers
  /// that checked `layoutHolds` (once; it is a lazy global).
  @inline(__always)
  init?(reading s: String) {
    #if _endian(little) && (arch(x86_64) || arch(arm64))
      let words = unsafeBitCast(s, to: (UInt64, UInt64).self)
      guard words.1 & (1 << 61) != 0 else { return nil }
      self.init(low: words.0, high: words.1 & 0x00FF_FFFF_FFFF_FFFF, count: Int(truncatingIfNeeded: words.1 >> 56) & 0xF)
    #else
      return nil
    #endif
  }

  /// Whether small strings read as expected here: every probe, made at run time as well as
  /// from a literal, reads as small with its own bytes, and a longer string does not.
  static let layoutHolds: Bool = {
    let probes = ["", "a", "T12", "wikidata", "United Kingdom", "ابت", "é€x", "fifteen bytes!!"]
    for probe in probes {
      for s in [probe, String(decoding: Array(probe.utf8), as: UTF8.self)] {
        guard let read = SmallUTF8(reading: s), read.count == s.utf8.count else { return false }
        var bytes: [UInt8] = []
        for i in 0..<read.count {
          let word = i < 8 ? read.low : read.high
          bytes.append(UInt8(truncatingIfNeeded: word >> UInt64((i % 8) * 8)))
        }
        guard bytes == Array(s.utf8) else { return false }
      }
    }
    let long = String(decoding: Array("sixteen bytes!!!".utf8), as: UTF8.self)
    return SmallUTF8(reading: long) == nil
  }()

  /// The bits of `low` that belong to the string's bytes.
  @inline(__always)
  var lowMask: UInt64 { count >= 8 ? .max : (1 &<< UInt64(count &* 8)) &- 1 }

  /// The bits of `high` that belong to the string's bytes.
  @inline(__always)
  var highMask: UInt64 { count <= 8 ? 0 : (1 &<< UInt64((count &- 8) &* 8)) &- 1 }

  /// Whether a byte of the string is one `JSONWriter` may escape: `"`, `\`, a control
  /// character, DEL or 0xE2 (what `JSONByteScan.firstEscapeCandidate` stops at).
  ///
  /// Both words are tested as one vector; the lanes past the count are masked off.
  @inline(__always)
  var hasEscapeCandidate: Bool {
    let v = unsafeBitCast(SIMD2<UInt64>(low, high), to: SIMD16<UInt8>.self)
    let flagged = JSONByteScan.escapeCandidates(in: v)
    let words = unsafeBitCast(flagged, to: SIMD2<UInt64>.self)
    return words[0] & lowMask | words[1] & highMask != 0
  }

  /// Whether `a`'s bytes sort before `b`'s: what `a.utf8.lexicographicallyPrecedes(b.utf8)`
  /// says. The words, byte-swapped, compare as their bytes do; bytes past the count are
  /// zeroed first, which orders a prefix before the longer string as long as they are equal,
  /// and the counts break the tie.
  @inline(__always)
  static func precedes(_ a: SmallUTF8, _ b: SmallUTF8) -> Bool {
    let x = (a.low & a.lowMask).byteSwapped
    let y = (b.low & b.lowMask).byteSwapped
    if x != y { return x < y }
    let u = (a.high & a.highMask).byteSwapped
    let v = (b.high & b.highMask).byteSwapped
    if u != v { return u < v }
    return a.count < b.count
  }
}
