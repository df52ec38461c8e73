/// CoNLL/BIO: one token per line, `TOKEN TAG [TAG…]`, nested entities in extra tag columns.
///
/// The layout is Wojood's nested format:
///
/// ```
/// # id = 000_e13e31a73540851b
/// وزير B-TITLE
/// الدفاع I-TITLE
/// الروسي I-TITLE B-NORP
/// ```
///
/// - A token is Khabar's token (an ICU word, number, punctuation mark or symbol) as written in
///   the original text, proclitics included: `وروسيا` is one token. An entity that starts or
///   ends inside a token tags the whole token (`وروسيا B-COUNTRY` for the entity `روسيا`), as
///   ANERcorp and Wojood tag whole words; read back, its span is the token's.
/// - Columns are layers, outermost first: an entity's layer is the first one free at its first
///   token, taking entities by first token, longer first (so a NORP inside a TITLE is in the
///   column after the TITLE's). A token has as many columns as its deepest layer (at least
///   one); a free layer below is `O`.
/// - A blank line ends every sentence (Khabar's sentences) but one that ends inside an entity,
///   which is joined to the next (a reader would cut the entity there); each article starts with a
///   `# id = ID` line (line breaks in the id shown as `\n`). A line that starts with `# ` and
///   whose second field is not a tag is a comment; a token line always has a tag there.
/// - White space inside a token's text (a no-break space the normalizer dropped) is written
///   as `_`, so that every line splits into its fields.
/// - A record that could not be processed is `# id = ID` and `# error = MESSAGE`, then a
///   blank line.
public enum CoNLLExport {
  /// An entity on whole tokens: token indices `first..<end` (end exclusive).
  public struct TokenSpan: Sendable, Hashable {
    public var first: Int
    public var end: Int
    public var label: String

    public init(first: Int, end: Int, label: String) {
      self.first = first
      self.end = end
      self.label = label
    }
  }

  /// The tag columns of `tokenCount` tokens for `spans`: one array of tags per token, outermost
  /// layer first, at least `O`.
  ///
  /// Identical spans (same tokens and label) are written once.
  public static func tags(_ spans: [TokenSpan], tokenCount: Int) -> [[String]] {
    let ordered = Set(spans).filter { $0.first < $0.end && $0.end <= tokenCount }.sorted {
      ($0.first, -$0.end, $0.label) < ($1.first, -$1.end, $1.label)
    }
    // The token index at which each layer is free again.
    var freeAt: [Int] = []
    var columns = [[String]](repeating: [], count: tokenCount)
    for span in ordered {
      var layer = 0
      while layer < freeAt.count && freeAt[layer] > span.first { layer += 1 }
      if layer == freeAt.count { freeAt.append(span.end) } else { freeAt[layer] = span.end }
      for token in span.first..<span.end {
        while columns[token].count <= layer { columns[token].append("O") }
        columns[token][layer] = (token == span.first ? "B-" : "I-") + span.label
      }
    }
    return columns.map { $0.isEmpty ? ["O"] : $0 }
  }

  /// The CoNLL text of one article, ending with the blank line of its last sentence.
  public static func document(id: String, text: String, _ extraction: Extraction) -> String {
    let layout = TokenLayout(extraction)
    let spans = extraction.entities.compactMap { entity -> TokenSpan? in
      guard let tokens = layout.tokenSpan(start: entity.start, end: entity.end) else { return nil }
      return TokenSpan(
        first: tokens.lowerBound, end: tokens.upperBound, label: entity.label.rawValue)
    }
    return "# id = \(commentValue(id))\n"
      + sentences(
        scalars: Array(text.unicodeScalars), tokens: layout.tokens,
        sentences: extraction.tokens.tokens.map { Int($0.sentence) }, spans: spans)
  }

  /// The token lines of a text: `tokens` (original Unicode-scalar ranges into `scalars`) with
  /// the sentence index of each in `sentences`, tagged with `spans` (token indices); a blank
  /// line after every sentence that does not end inside a span (after every sentence without
  /// `joiningSentencesInsideSpans`, to keep another file's sentences line for line).
  public static func sentences(
    scalars: [Unicode.Scalar], tokens: [Range<Int>], sentences: [Int], spans: [TokenSpan],
    joiningSentencesInsideSpans: Bool = true
  ) -> String {
    let columns = tags(spans, tokenCount: tokens.count)
    // A sentence break inside an entity is not written: a reader would split the entity there.
    var inside = [Bool](repeating: false, count: tokens.count)
    for span in spans where joiningSentencesInsideSpans && span.end <= tokens.count {
      for token in (span.first + 1)..<max(span.first + 1, span.end) { inside[token] = true }
    }
    var out = ""
    for (index, range) in tokens.enumerated() {
      if index > 0 && sentences[index] != sentences[index - 1] && !inside[index] { out += "\n" }
      out += token(scalars[range])
      for tag in columns[index] { out += " " + tag }
      out += "\n"
    }
    out += "\n"
    return out
  }

  /// The CoNLL lines of a record that could not be processed.
  public static func error(id: String, message: String) -> String {
    "# id = \(commentValue(id))\n# error = \(commentValue(message))\n\n"
  }

  /// A token's text as one field: white space inside it becomes `_`.
  static func token(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var view = String.UnicodeScalarView()
    for scalar in scalars {
      view.append(scalar.properties.isWhitespace ? "_" : scalar)
    }
    return view.isEmpty ? "_" : String(view)
  }

  /// `value` on one line: carriage returns and line feeds shown as `\r` and `\n`.
  static func commentValue(_ value: String) -> String {
    guard value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { return value }
    var view = String.UnicodeScalarView()
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\n": view.append(contentsOf: "\\n".unicodeScalars)
      case "\r": view.append(contentsOf: "\\r".unicodeScalars)
      default: view.append(scalar)
      }
    }
    return String(view)
  }
}
