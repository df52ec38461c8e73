/// Text after Khabar's matching normalization, with a map from every normalized position back
/// to the original text.
///
/// Three units are in play: the original text is addressed in Unicode scalars (the unit of
/// every offset Khabar reports) and stored as UTF-8 bytes, the normalized text in UTF-16 code
/// units (ICU's unit).
public struct NormalizedText: Sendable {
  /// The original text, kept as given (native UTF-8, never copied into scalars).
  public let original: String
  /// The number of Unicode scalars in `original`.
  public let originalScalarCount: Int
  /// The normalized text as UTF-16 code units.
  public let units: [UInt16]
  /// For each normalized unit, the original scalar offset where the characters that produced it
  /// begin.
  public let sourceStart: [Int32]
  /// For each normalized unit, the original scalar offset (exclusive) where they end.
  public let sourceEnd: [Int32]
  /// The 0-based UTF-8 byte offset in `original` of every `checkpointStride`-th scalar:
  /// `checkpoints[k]` is where scalar `k · checkpointStride` begins. Turning a scalar offset
  /// into a byte offset then walks at most `checkpointStride - 1` scalars.
  let checkpoints: [Int32]

  /// Scalars between two entries of `checkpoints`.
  static let checkpointStride = 16

  init(
    original: String, originalScalarCount: Int, units: [UInt16], sourceStart: [Int32],
    sourceEnd: [Int32], checkpoints: [Int32]
  ) {
    self.original = original
    self.originalScalarCount = originalScalarCount
    self.units = units
    self.sourceStart = sourceStart
    self.sourceEnd = sourceEnd
    self.checkpoints = checkpoints
  }

  /// The original text's scalars (a view of `original`, not a copy).
  public var originalScalars: String.UnicodeScalarView { original.unicodeScalars }

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
    precondition(
      range.lowerBound >= 0 && range.upperBound <= originalScalarCount, "out-of-bounds range")
    var text = original
    // `original` is already contiguous (the normalizer made it so): this does not copy.
    return text.withUTF8 { bytes in
      let start = byteOffset(ofScalar: range.lowerBound, in: bytes)
      // Walk to the end from the start or from the end's checkpoint, whichever is nearer.
      let end =
        range.count <= range.upperBound % NormalizedText.checkpointStride
        ? NormalizedText.skip(range.count, scalarsFrom: start, in: bytes)
        : byteOffset(ofScalar: range.upperBound, in: bytes)
      // A slice of a String's own UTF-8 between scalar boundaries is valid UTF-8: copied as it
      // is, without the validation `String(decoding:)` would repeat.
      let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
      return unsafe String(copying: UTF8Span(unchecked: slice.span, isKnownASCII: false))
    }
  }

  /// The UTF-8 offset of scalar `index` (0-based) in `bytes`, the UTF-8 of `original`.
  private func byteOffset(ofScalar index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let stride = NormalizedText.checkpointStride
    return NormalizedText.skip(
      index % stride, scalarsFrom: Int(checkpoints[index / stride]), in: bytes)
  }

  /// The UTF-8 offset `count` scalars after byte offset `start`, which begins a scalar.
  private static func skip(
    _ count: Int, scalarsFrom start: Int, in bytes: UnsafeBufferPointer<UInt8>
  ) -> Int {
    var offset = start
    var remaining = count
    while remaining > 0 {
      offset += UTF8.width(leadByte: bytes[offset])
      remaining -= 1
    }
    return offset
  }
}

extension UTF8 {
  /// The number of bytes of the scalar whose encoding begins with `lead` (valid UTF-8).
  @inline(__always)
  static func width(leadByte lead: UInt8) -> Int {
    lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
  }
}
