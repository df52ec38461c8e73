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
  /// The 0-based UTF-8 byte offset in `original` of every scalar, and of the end:
  /// `scalarOffsets[k]` is where scalar `k` begins, `scalarOffsets[originalScalarCount]` is the
  /// byte count.
  let scalarOffsets: [Int32]

  init(
    original: String, originalScalarCount: Int, units: [UInt16], sourceStart: [Int32],
    sourceEnd: [Int32], scalarOffsets: [Int32]
  ) {
    self.original = original
    self.originalScalarCount = originalScalarCount
    self.units = units
    self.sourceStart = sourceStart
    self.sourceEnd = sourceEnd
    self.scalarOffsets = scalarOffsets
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
    return withOriginalUTF8(of: range) { slice in
      // A slice of a String's own UTF-8 between scalar boundaries is valid UTF-8: copied as it
      // is, without the validation `String(decoding:)` would repeat.
      unsafe String(copying: UTF8Span(unchecked: slice.span, isKnownASCII: false))
    }
  }

  /// The display form (`DisplayForm.of`) of the original text of the original scalar range
  /// `range`: `DisplayForm.of(originalText(range))`, built straight from the original bytes
  /// without the intermediate `String`.
  public func displayForm(ofOriginal range: Range<Int>) -> String {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= originalScalarCount, "out-of-bounds range")
    return withOriginalUTF8(of: range) { DisplayForm.of(utf8: $0) }
  }

  /// `originalText(range)`, from `strings` (made there once per distinct span).
  func originalText(_ range: Range<Int>, from strings: SpanStrings) -> String {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= originalScalarCount, "out-of-bounds range")
    return withOriginalUTF8(of: range) { strings.text($0) }
  }

  /// `displayForm(ofOriginal: range)`, from `strings` (made there once per distinct span).
  func displayForm(ofOriginal range: Range<Int>, from strings: SpanStrings) -> String {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= originalScalarCount, "out-of-bounds range")
    return withOriginalUTF8(of: range) { strings.display($0) }
  }

  /// Calls `body` with the UTF-8 of the original scalar range `range` (in bounds), read in
  /// place.
  @inline(__always)
  func withOriginalUTF8<R>(of range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let (start, end) = scalarOffsets.withUnsafeBufferPointer {
      (Int($0[range.lowerBound]), Int($0[range.upperBound]))
    }
    var text = original
    // `original` is already contiguous (the normalizer made it so): this does not copy.
    return text.withUTF8 { bytes in body(UnsafeBufferPointer(rebasing: bytes[start..<end])) }
  }
}

extension UTF8 {
  /// The number of bytes of the scalar whose encoding begins with `lead` (valid UTF-8).
  @inline(__always)
  static func width(leadByte lead: UInt8) -> Int {
    lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
  }
}
