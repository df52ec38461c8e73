/// Text after Khabar's matching normalization, with a map from every normalized position back
/// to the original text.
///
/// Three units are in play: the original text is addressed in Unicode scalars (the unit of
/// every offset Khabar reports), the normalized text in UTF-16 code units (ICU's unit).
public struct NormalizedText: Sendable {
  /// The original text, one element per Unicode scalar; reported offsets index this array.
  public let originalScalars: [Unicode.Scalar]
  /// The normalized text as UTF-16 code units.
  public let units: [UInt16]
  /// For each normalized unit, the original scalar offset where the characters that produced it
  /// begin.
  public let sourceStart: [Int32]
  /// For each normalized unit, the original scalar offset (exclusive) where they end.
  public let sourceEnd: [Int32]

  init(
    originalScalars: [Unicode.Scalar], units: [UInt16], sourceStart: [Int32], sourceEnd: [Int32]
  ) {
    self.originalScalars = originalScalars
    self.units = units
    self.sourceStart = sourceStart
    self.sourceEnd = sourceEnd
  }

  /// The normalized text as a `String` (for display, tests and debugging; not the hot path).
  public var string: String { String(decoding: units, as: UTF16.self) }

  /// The original scalar range that produced the non-empty normalized unit range `range`.
  ///
  /// Characters deleted by normalization between the first and the last unit are inside the
  /// returned range; characters deleted before the first or after the last are not, except
  /// those that were part of the same normalization segment (a diacritic on the last letter).
  public func originalRange(of range: Range<Int>) -> Range<Int> {
    precondition(!range.isEmpty && range.upperBound <= units.count, "empty or out-of-bounds range")
    return Int(sourceStart[range.lowerBound])..<Int(sourceEnd[range.upperBound - 1])
  }

  /// The original text of the original scalar range `range`, exactly as it was.
  public func originalText(_ range: Range<Int>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(range.count * 2)
    for scalar in originalScalars[range] {
      let v = scalar.value
      switch v {
      case 0..<0x80: bytes.append(UInt8(v))
      case 0x80..<0x800:
        bytes.append(UInt8(0xC0 | (v >> 6)))
        bytes.append(UInt8(0x80 | (v & 0x3F)))
      case 0x800..<0x10000:
        bytes.append(UInt8(0xE0 | (v >> 12)))
        bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (v & 0x3F)))
      default:
        bytes.append(UInt8(0xF0 | (v >> 18)))
        bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (v & 0x3F)))
      }
    }
    // The bytes are valid UTF-8 by construction (they encode scalars).
    return String(decoding: bytes, as: UTF8.self)
  }
}
