import CICUShim

/// Splits normalized text into tokens and sentences with ICU's word and sentence break
/// iterators (root locale rules).
///
/// A tokenizer owns two ICU iterators and is not safe to share between threads: give each
/// worker its own. White space is not a token; punctuation and numbers are tokens of their
/// own kind. Sentences end where ICU's sentence rules say (. ! ? ؟ ۔ and line breaks); a
/// comma or ، does not end one.
public final class Tokenizer {
  private let words: OpaquePointer
  private let sentences: OpaquePointer
  private static let empty: [UInt16] = [0x20]

  public enum Failure: Error { case icuUnavailable }

  public init() throws {
    // ICU copies nothing: it reads the buffer given to set_text, so it is always reset first.
    guard
      let words = Tokenizer.empty.withUnsafeBufferPointer({
        khabar_break_open(Int32(KHABAR_BREAK_WORD), $0.baseAddress, 1)
      }),
      let sentences = Tokenizer.empty.withUnsafeBufferPointer({
        khabar_break_open(Int32(KHABAR_BREAK_SENTENCE), $0.baseAddress, 1)
      })
    else { throw Failure.icuUnavailable }
    self.words = words
    self.sentences = sentences
  }

  deinit {
    khabar_break_close(words)
    khabar_break_close(sentences)
  }

  /// Tokenizes a normalized text.
  public func tokenize(_ text: NormalizedText) -> TokenizedText {
    let units = text.units
    var sentenceList: [Sentence] = []
    var tokens: [Token] = []
    tokens.reserveCapacity(units.count / 5)
    units.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
      let count = Int32(buffer.count)

      khabar_break_set_text(sentences, base, count)
      var previous: Int32 = 0
      while true {
        let boundary = khabar_break_next(sentences)
        if boundary < 0 { break }
        if let trimmed = Tokenizer.trim(buffer, previous, boundary) {
          sentenceList.append(Sentence(start: trimmed.0, end: trimmed.1))
        }
        previous = boundary
      }

      khabar_break_set_text(words, base, count)
      previous = 0
      var sentence = 0
      while true {
        let boundary = khabar_break_next(words)
        if boundary < 0 { break }
        defer { previous = boundary }
        let status = khabar_break_rule_status(words)
        let kind: TokenKind
        if status >= 200 {
          kind = .word
        } else if status >= 100 {
          kind = .number
        } else {
          guard let classified = Tokenizer.classify(buffer, previous, boundary) else { continue }
          kind = classified
        }
        while sentence < sentenceList.count - 1 && sentenceList[sentence].end <= previous {
          sentence += 1
        }
        tokens.append(Token(start: previous, end: boundary, kind: kind, sentence: Int32(sentence)))
      }
    }
    return TokenizedText(text: text, tokens: tokens, sentences: sentenceList)
  }

  /// The segment without white space at either end, or nil when nothing else is in it.
  private static func trim(
    _ buffer: UnsafeBufferPointer<UInt16>, _ start: Int32, _ end: Int32
  ) -> (Int32, Int32)? {
    var lower = start
    var upper = end
    while lower < upper && isSpace(buffer[Int(lower)]) { lower += 1 }
    while upper > lower && isSpace(buffer[Int(upper) - 1]) { upper -= 1 }
    return lower < upper ? (lower, upper) : nil
  }

  /// The kind of a segment that ICU calls "none": nil for white space.
  private static func classify(
    _ buffer: UnsafeBufferPointer<UInt16>, _ start: Int32, _ end: Int32
  ) -> TokenKind? {
    let first = firstScalar(buffer, start, end)
    if khabar_is_white_space(first) != 0 { return nil }
    // UCharCategory: 19 dash, 20 start, 21 end, 22 connector, 23 other punctuation,
    // 28 initial quote, 29 final quote.
    switch khabar_char_type(first) {
    case 19...23, 28, 29: return .punctuation
    default: return .symbol
    }
  }

  private static func isSpace(_ unit: UInt16) -> Bool {
    unit == 0x20 || (unit >= 0x09 && unit <= 0x0D) || (unit >= 0x80 && khabar_is_white_space(UInt32(unit)) != 0)
  }

  private static func firstScalar(
    _ buffer: UnsafeBufferPointer<UInt16>, _ start: Int32, _ end: Int32
  ) -> UInt32 {
    let lead = buffer[Int(start)]
    if UTF16.isLeadSurrogate(lead) && start + 1 < end {
      let trail = buffer[Int(start) + 1]
      return 0x10000 + ((UInt32(lead) - 0xD800) << 10) + (UInt32(trail) - 0xDC00)
    }
    return UInt32(lead)
  }
}
