/// The light normalization used for Arabic canonical names: what a reader would write.
///
/// Diacritics, tatweel and invisible format marks go; alef with hamza or madda becomes bare
/// alef, so that إيران and ايران get one name; teh marbuta, alef maqsura and hamza on carriers
/// stay (matching folds them, display does not); white space collapses to single spaces.
public enum DisplayForm {
  public static func of(_ text: String) -> String {
    var text = text
    // Built as UTF-8 bytes: appending scalars one at a time to a `String.UnicodeScalarView`
    // cost more than everything else here (this runs for every emitted entity). The result is
    // never longer than the text: a bare alef is as long as the alef it replaces, and a space
    // stands for at least one white-space byte. It is valid UTF-8 (whole scalars of valid
    // UTF-8, a bare alef, spaces), so it is copied into a String without the validation that
    // `String(unsafeUninitializedCapacity:initializingUTF8With:)` repeats, which cost twice
    // the building.
    return text.withUTF8 { bytes in
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out in
        var written = 0
        var pendingSpace = false
        @inline(__always) func flushSpace() {
          if pendingSpace {
            out[written] = 0x20
            written += 1
          }
          pendingSpace = false
        }
        var i = 0
        while i < bytes.count {
          let lead = bytes[i]
          let width = UTF8.width(leadByte: lead)
          var scalar = UInt32(lead)
          if width > 1 {
            scalar &= 0x7F >> UInt32(width)
            for k in 1..<width { scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F) }
          }
          switch scalar {
          case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x0640, 0x200B...0x200F, 0x202A...0x202E,
            0x2066...0x2069, 0x061C, 0xFEFF:
            break
          case 0x0622, 0x0623, 0x0625, 0x0671:
            flushSpace()
            // U+0627 ARABIC LETTER ALEF.
            out[written] = 0xD8
            out[written + 1] = 0xA7
            written += 2
          case 0x20, 0x09, 0x0A, 0x0D, 0xA0:
            pendingSpace = written > 0
          default:
            flushSpace()
            for k in 0..<width { out[written + k] = bytes[i + k] }
            written += width
          }
          i += width
        }
        let result = UnsafeBufferPointer(rebasing: out[..<written])
        return unsafe String(copying: UTF8Span(unchecked: result.span, isKnownASCII: false))
      }
    }
  }
}
