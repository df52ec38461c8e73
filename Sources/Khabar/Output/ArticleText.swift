/// The article's text as `ArticleView` reads it: slices and evidence sentences by original
/// Unicode-scalar offsets (0-based, end exclusive), all cut from one array of scalars.
///
/// A rendering reads the text in many small slices (every run between two entities, every
/// evidence sentence). Each slice costs its own length: the scalars are decoded once, when the
/// view is made, and a sentence is found by binary search over the sentence spans, which are
/// mapped to original offsets once per rendering. `work` counts what was read (scalars copied,
/// sentence spans mapped and examined) so that a test can hold a whole rendering to work
/// linear in the text and the output, without timing it.
struct ArticleText {
  /// The original text's scalars.
  let scalars: [Unicode.Scalar]
  private let tokens: TokenizedText
  /// Original scalar spans of the sentences, in text order; made on the first lookup.
  private var sentenceSpans: [Range<Int>]?
  /// Scalars copied into slices, plus sentence spans mapped and examined.
  private(set) var work = 0

  init(scalars: [Unicode.Scalar], tokens: TokenizedText) {
    self.scalars = scalars
    self.tokens = tokens
  }

  /// The original text of the scalar range `range`.
  mutating func slice(_ range: Range<Int>) -> String {
    work += range.count
    return scalars.string(range)
  }

  /// The original span of the sentence that holds the start of `range` (original scalar
  /// offsets), stretched to the end of `range` when the range runs past the sentence; `range`
  /// itself when no sentence holds its start.
  mutating func sentence(containing range: Range<Int>) -> Range<Int> {
    let spans: [Range<Int>]
    if let made = sentenceSpans {
      spans = made
    } else {
      spans = tokens.sentences.indices.map { tokens.originalRange(ofSentence: $0) }
      sentenceSpans = spans
      work += spans.count
    }
    // Both bounds of the spans grow with the index, so the first span that ends after the
    // start is the only one that can hold it (the first that holds it, had spans overlapped).
    var low = 0
    var high = spans.count
    while low < high {
      work += 1
      let middle = (low + high) / 2
      if spans[middle].upperBound <= range.lowerBound { low = middle + 1 } else { high = middle }
    }
    guard low < spans.count, spans[low].lowerBound <= range.lowerBound else { return range }
    let s = spans[low]
    return s.lowerBound..<max(s.upperBound, min(range.upperBound, scalars.count))
  }

  /// Whether original scalar offset `offset` falls inside a word.
  ///
  /// Inside means between two scalars that a word is made of (letters, marks, digits,
  /// joiners). A mark that starts or ends there must not break the word's shaping (Arabic
  /// letters join across it).
  func isInsideWord(_ offset: Int) -> Bool {
    offset > 0 && offset < scalars.count && ArticleText.isWordScalar(scalars[offset - 1])
      && ArticleText.isWordScalar(scalars[offset])
  }

  static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
      return true
    default:
      // Zero-width non-joiner and joiner sit inside words.
      return scalar.value == 0x200C || scalar.value == 0x200D
    }
  }
}
