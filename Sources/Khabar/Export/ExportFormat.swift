/// The output formats of `khabar extract --format`.
///
/// `jsonl` is Khabar's own record (design.md); the others are the formats of the annotation
/// tools and scorers of the field. Every stream format writes exactly one item per input record,
/// in input order, an error record included; `brat` writes files per record instead
/// (`ExportFiles`).
public enum ExportFormat: String, CaseIterable, Sendable {
  case jsonl
  case conll
  case brat
  case labelStudio = "label-studio"
  case spacy

  /// Whether the records go to one stream (standard output or `-o FILE`); brat writes a pair of
  /// files per record into a folder.
  public var isStream: Bool { self != .brat }

  /// What comes before the first record of a stream (label-studio's list opens).
  public var header: String { self == .labelStudio ? "[\n" : "" }

  /// What comes after the last record of a stream (label-studio's list closes).
  public var footer: String { self == .labelStudio ? "\n]\n" : "" }

  /// What stands between two records (label-studio's list items are comma-separated; the other
  /// formats end each record with its own newline).
  public var separator: String { self == .labelStudio ? ",\n" : "" }

  /// Appends the rendering of one processed article (every format but `brat`).
  static func write(
    _ format: ExportFormat, article: Article, _ extraction: Extraction, explain: Bool,
    into out: inout JSONBuffer
  ) {
    switch format {
    case .brat: preconditionFailure("brat writes a record's files: BratExport.files")
    case .jsonl:
      OutputRecord.writeResultLine(for: article, extraction, explain: explain, into: &out)
    case .conll:
      out.appendUTF8(CoNLLExport.document(id: article.id, text: article.text, extraction))
    case .labelStudio:
      JSONWriter.write(
        LabelStudioExport.task(id: article.id, text: article.text, extraction), into: &out)
    case .spacy:
      JSONWriter.write(
        SpacyExport.record(id: article.id, text: article.text, extraction), into: &out)
      out.append(0x0A)
    }
  }

  /// Appends the rendering of one record that could not be processed (every format but `brat`).
  static func writeError(
    _ format: ExportFormat, id: String, message: String, into out: inout JSONBuffer
  ) {
    switch format {
    case .brat: preconditionFailure("brat writes a record's files: BratExport.errorFiles")
    case .jsonl: OutputRecord.writeErrorLine(id: id, message: message, into: &out)
    case .conll: out.appendUTF8(CoNLLExport.error(id: id, message: message))
    case .labelStudio:
      JSONWriter.write(LabelStudioExport.errorTask(id: id, message: message), into: &out)
    case .spacy:
      JSONWriter.write(SpacyExport.errorRecord(id: id, message: message), into: &out)
      out.append(0x0A)
    }
  }
}

/// The files of one record in a per-record format (brat): an article's `.txt` and `.ann`, or a
/// failed record's `.error`.
public struct ExportFiles: Sendable {
  /// The record's id, as read (not yet made a file name: see `BratExport.fileName(for:)`).
  public var id: String
  /// File name suffixes (`.txt`) with their contents.
  public var files: [(suffix: String, contents: String)]
  /// Whether the record failed (its only file is the `.error`).
  public var isError: Bool

  public init(id: String, files: [(suffix: String, contents: String)], isError: Bool) {
    self.id = id
    self.files = files
    self.isError = isError
  }
}

extension JSONBuffer {
  /// Appends the UTF-8 bytes of `s`.
  mutating func appendUTF8(_ s: String) {
    var s = s
    s.withUTF8 { append($0) }
  }
}

/// Entities laid out on whole tokens, for the token-based formats (CoNLL, Prodigy).
struct TokenLayout {
  /// The original Unicode-scalar span of every token, in text order.
  var tokens: [Range<Int>]

  init(_ extraction: Extraction) {
    let tokenized = extraction.tokens
    tokens = tokenized.tokens.indices.map { tokenized.originalRange(ofToken: $0) }
  }

  /// The tokens that `start..<end` (original scalars) overlaps; nil when it overlaps none.
  ///
  /// A span that starts or ends inside a token takes the whole token (وروسيا for روسيا).
  func tokenSpan(start: Int, end: Int) -> Range<Int>? {
    // The first token that ends after `start`.
    var low = 0
    var high = tokens.count
    while low < high {
      let middle = (low + high) / 2
      if tokens[middle].upperBound <= start { low = middle + 1 } else { high = middle }
    }
    var last = low
    guard low < tokens.count, tokens[low].lowerBound < end else { return nil }
    while last + 1 < tokens.count && tokens[last + 1].lowerBound < end { last += 1 }
    return low..<(last + 1)
  }
}
