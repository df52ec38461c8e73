/// What a token is made of.
public enum TokenKind: String, Sendable, Codable, CaseIterable {
  case word
  case number
  case punctuation
  /// Anything else that is not white space: emoji, currency and math signs, other symbols.
  case symbol
}

/// A token of the normalized text.
///
/// `start` and `end` are UTF-16 offsets into `NormalizedText.units` (end exclusive); use
/// `TokenizedText.originalRange(of:)` for the original Unicode-scalar span.
public struct Token: Sendable, Equatable {
  public var start: Int32
  public var end: Int32
  public var kind: TokenKind
  /// The index of the sentence that holds the token.
  public var sentence: Int32

  public var range: Range<Int> { Int(start)..<Int(end) }
}

/// A sentence of the normalized text: UTF-16 offsets into `NormalizedText.units`, white space
/// at either end excluded, end exclusive.
public struct Sentence: Sendable, Equatable {
  public var start: Int32
  public var end: Int32

  public var range: Range<Int> { Int(start)..<Int(end) }
}

/// A normalized text with its tokens and sentences.
public struct TokenizedText: Sendable {
  public let text: NormalizedText
  public let tokens: [Token]
  public let sentences: [Sentence]

  /// The normalized form of token `index` as a `String`.
  public func normalizedString(ofToken index: Int) -> String {
    String(decoding: text.units[tokens[index].range], as: UTF16.self)
  }

  /// The original Unicode-scalar span of token `index`.
  public func originalRange(ofToken index: Int) -> Range<Int> {
    text.originalRange(of: tokens[index].range)
  }

  /// The original Unicode-scalar span of sentence `index`.
  public func originalRange(ofSentence index: Int) -> Range<Int> {
    text.originalRange(of: sentences[index].range)
  }
}
