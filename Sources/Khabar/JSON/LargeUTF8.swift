/// The UTF-8 of a `String` longer than 15 bytes, found from the string value itself.
///
/// A longer native string (or a literal) keeps its UTF-8 contiguous, and its two-word value
/// says where: on 64-bit platforms the first word holds the count (bits 0–47) and flags (bit
/// 60: the bytes follow the object header), the second the address of the storage object
/// (bits 0–59; bit 61 is clear, it is not small, and bit 60 clear, it is not foreign), and
/// the bytes start 32 bytes past it. `utf8.withContiguousStorageIfAvailable` finds the same
/// address through a closure call, and that cost more than writing most names and sources.
///
/// As with `SmallUTF8`, the layout is the one the standard library's own inlined code in this
/// binary reads, and it is trusted only if, for probe strings, it gives the very address and
/// count that `withContiguousStorageIfAvailable` lends (`layoutHolds`, which compares the
/// two without reading through either). Any other string, or layout, gives nil.
enum LargeUTF8 {
  /// The bytes of `s` if it is a long contiguous string, read as the layout has them: only for
  /// callers that checked `layoutHolds` (once; it is a lazy global). They are valid while `s`
  /// is.
  @inline(__always)
  static func bytes(reading s: String) -> UnsafeBufferPointer<UInt8>? {
    #if _endian(little) && (arch(x86_64) || arch(arm64))
      let words = unsafeBitCast(s, to: (UInt64, UInt64).self)
      guard words.1 & (0b11 << 60) == 0, words.0 & (1 << 60) != 0,
        let start = UnsafePointer<UInt8>(bitPattern: UInt(truncatingIfNeeded: (words.1 & 0x0FFF_FFFF_FFFF_FFFF) &+ 32))
      else { return nil }
      return UnsafeBufferPointer(start: start, count: Int(truncatingIfNeeded: words.0 & 0xFFFF_FFFF_FFFF))
    #else
      return nil
    #endif
  }

  /// Whether long strings read as expected here: for a literal and for strings made at run
  /// time, the address and count read are the ones the standard library lends.
  static let layoutHolds: Bool = {
    let literal = "a literal of more than fifteen bytes"
    var built = String(decoding: Array("a string made at run time, not small".utf8), as: UTF8.self)
    built += " and appended to"
    let probes = [literal, built, String(repeating: "ب", count: 40), literal + built]
    for probe in probes {
      let lent = probe.utf8.withContiguousStorageIfAvailable { ($0.baseAddress, $0.count) }
      guard let lent, let read = bytes(reading: probe), read.baseAddress == lent.0, read.count == lent.1 else {
        return false
      }
    }
    return true
  }()
}
