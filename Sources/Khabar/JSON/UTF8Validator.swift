/// Checks UTF-8 and makes `String`s from checked bytes without the standard library checking
/// them a second time.
///
/// Every article's text becomes a `String` once, and `String(validating:as:)` spent about 12
/// instructions a byte on Arabic text (a scalar at a time, through generic code). This check
/// takes eight bytes at a step while they are ASCII or two-byte sequences (all of Arabic, and
/// the spaces and punctuation between words) and decodes one sequence at a time only around
/// the rest. `String(copying:)` over a `UTF8Span(unchecked:)` then copies the bytes as they
/// are: the only public way to make a `String` that the standard library does not validate.
///
/// Valid means well-formed by Table 3-7 of the Unicode Standard, as `String(validating:as:)`
/// has it: no overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Validator {
  private static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// The text of `bytes`, or nil if they are not valid UTF-8.
  static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard let isASCII = check(bytes) else { return nil }
    return unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
  }

  /// The text of `bytes`, or nil if they are not valid UTF-8.
  static func string(validating bytes: [UInt8]) -> String? {
    bytes.withUnsafeBufferPointer { string(validating: $0) }
  }

  /// Nil if `bytes` are not valid UTF-8, else whether they are all ASCII.
  private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    let count = bytes.count
    var sawNonASCII: UInt64 = 0
    var index = 0
    while index < count {
      if index &+ 8 <= count {
        // Unaligned load in bounds: bytes index..<index + 8.
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let high = word & highBits
        sawNonASCII |= high
        if let step = twoByteStep(word, high: high) {
          index &+= step
          continue
        }
      }
      // A sequence the word test does not take (three or four bytes, an error, the tail).
      guard let length = sequenceLength(base, at: index, count: count) else { return nil }
      if length > 1 { sawNonASCII = 1 }
      index &+= length
    }
    return sawNonASCII == 0
  }

  /// How far the word (eight bytes, the first in the low byte; `high` its bytes' high bits)
  /// can be passed over when it is ASCII and whole two-byte sequences: 8, or 7 when its last
  /// byte starts a sequence the next word finishes; nil when it holds anything else, for the
  /// byte-at-a-time path to judge.
  @inline(__always)
  private static func twoByteStep(_ word: UInt64, high: UInt64) -> Int? {
    // Bits 6 and 5 of each byte, moved onto its bit 7.
    let bit6 = word << 1
    let bit5 = word << 2
    let leads = high & bit6  // 11xxxxxx
    let continuations = high & ~bit6  // 10xxxxxx
    // A lead of three or four bytes (111xxxxx), or C0 or C1 (overlong: a two-byte lead must
    // have one of bits 1–4 set), is left to the byte path. The sum sets bit 7 of a byte
    // exactly when one of its bits 1–4 is set, and never carries into the next byte.
    let payload = (word & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7E7E_7E7E_7E7E_7E7E
    guard leads << 8 == continuations, leads & (bit5 | ~payload) == 0 else { return nil }
    return leads >> 56 == 0 ? 8 : 7
  }

  /// The length of the well-formed sequence at `index`, or nil if there is none there.
  @inline(__always)
  static func sequenceLength(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> Int? {
    let lead = base[index]
    if lead < 0x80 { return 1 }
    func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
      index + offset < count && (low...high).contains(base[index + offset])
    }
    switch lead {
    case 0xC2...0xDF:
      return continuation(1) ? 2 : nil
    case 0xE0:
      return continuation(1, 0xA0) && continuation(2) ? 3 : nil
    case 0xED:
      return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : nil
    case 0xE1...0xEF:
      return continuation(1) && continuation(2) ? 3 : nil
    case 0xF0:
      return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : nil
    case 0xF4:
      return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : nil
    case 0xF1...0xF3:
      return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
    default:
      return nil
    }
  }
}
