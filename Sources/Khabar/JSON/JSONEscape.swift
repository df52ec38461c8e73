/// Decodes one backslash escape of a JSON string (RFC 8259, section 7): the one
/// implementation that `JSONParser` and `JSONRecordScanner` both use.
///
/// `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\uXXXX` with hex digits of either
/// case; a high surrogate must be followed by `\u` and a low one, which together give one
/// scalar; a lone surrogate of either kind is an error. Errors carry the message and 0-based
/// byte offset that `JSONParser` reports.
enum JSONEscape {
  /// The scalar of the escape whose backslash is at `index` (0-based byte offset) of `bytes`,
  /// and the offset just past the escape.
  @inline(__always)
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int
  ) throws(JSONParser.Failure) -> (scalar: Unicode.Scalar, end: Int) {
    var i = index &+ 1
    guard i < bytes.count else {
      throw JSONParser.Failure(offset: bytes.count, message: "unterminated string")
    }
    let e = bytes[i]
    i &+= 1
    switch e {
    case UInt8(ascii: "\""): return ("\"", i)
    case UInt8(ascii: "\\"): return ("\\", i)
    case UInt8(ascii: "/"): return ("/", i)
    case UInt8(ascii: "b"): return ("\u{08}", i)
    case UInt8(ascii: "f"): return ("\u{0C}", i)
    case UInt8(ascii: "n"): return ("\n", i)
    case UInt8(ascii: "r"): return ("\r", i)
    case UInt8(ascii: "t"): return ("\t", i)
    case UInt8(ascii: "u"):
      var code = try hex4(bytes, at: i)
      i &+= 4
      if code >= 0xD800 && code <= 0xDBFF {
        guard i &+ 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
          bytes[i &+ 1] == UInt8(ascii: "u")
        else {
          throw JSONParser.Failure(offset: i, message: "unpaired surrogate in a \\u escape")
        }
        let low = try hex4(bytes, at: i &+ 2)
        i &+= 6
        guard low >= 0xDC00 && low <= 0xDFFF else {
          throw JSONParser.Failure(offset: i, message: "unpaired surrogate in a \\u escape")
        }
        code = 0x10000 &+ ((code &- 0xD800) &<< 10) &+ (low &- 0xDC00)
      } else if code >= 0xDC00 && code <= 0xDFFF {
        throw JSONParser.Failure(offset: i, message: "unpaired surrogate in a \\u escape")
      }
      guard let scalar = Unicode.Scalar(code) else {
        throw JSONParser.Failure(offset: i, message: "invalid \\u escape")
      }
      return (scalar, i)
    default:
      throw JSONParser.Failure(offset: i, message: "invalid escape '\\\(JSONParser.printable(e))'")
    }
  }

  /// Writes the UTF-8 of `scalar` (1–4 bytes) at `out` and returns the count.
  @inline(__always)
  static func writeUTF8(_ scalar: Unicode.Scalar, to out: UnsafeMutablePointer<UInt8>) -> Int {
    var written = 0
    for unit in scalar.utf8 {
      out[written] = unit
      written &+= 1
    }
    return written
  }

  /// The four hex digits at `index` (0-based byte offset) as a number; an error at the end of
  /// input or at the first byte that is not a hex digit.
  @inline(__always)
  private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) throws(JSONParser
    .Failure) -> UInt32
  {
    guard index &+ 4 <= bytes.count else {
      throw JSONParser.Failure(offset: index, message: "unexpected end of input in a \\u escape")
    }
    var value: UInt32 = 0
    for i in index..<index &+ 4 {
      let b = bytes[i]
      let digit: UInt32
      switch b {
      case 0x30...0x39: digit = UInt32(b &- 0x30)
      case 0x41...0x46: digit = UInt32(b &- 0x41 &+ 10)
      case 0x61...0x66: digit = UInt32(b &- 0x61 &+ 10)
      default: throw JSONParser.Failure(offset: i, message: "invalid hex digit in a \\u escape")
      }
      value = value &<< 4 | digit
    }
    return value
  }
}
