/// The line format of gazetteer files, and its parser.
///
/// ```
/// # comment
/// FORM | FORM | …  <TAB> LABEL <TAB> CANONICAL [<TAB> key=value]…
/// إيران | ايران | الجمهورية الإسلامية الإيرانية	COUNTRY	Iran	id=IR	wikidata=Q794
/// ```
///
/// Blank lines and lines whose first non-blank character is `#` are ignored. A control
/// character (U+0000–U+001F but TAB, U+007F–U+009F) anywhere on a line is an error. Attribute keys:
/// `id` (ISO 3166 alpha-2 for countries, otherwise a stable identifier), `wikidata` (a QID),
/// `country` (the `id` of the COUNTRY an entry belongs to; required for NORP), `kind`
/// (capital, city, sea, …), `form` (masc, fem, plural, …).
public enum GazetteerFile {
  /// Attribute keys a gazetteer line may use.
  public static let attributeKeys: Set<String> = ["id", "wikidata", "country", "kind", "form"]

  /// Parses the text of one gazetteer file.
  ///
  /// Problems are appended to `diagnostics`; entries with a problem are left out (the caller
  /// refuses the whole set when any error is found).
  ///
  /// Lines are split at line feeds ("\r\n" is one separator): a line feed is a Character of its
  /// own, so cutting the UTF-8 there is cutting Characters. The text is read as one array of
  /// UTF-8 bytes: through `String`'s views, finding the line ends and testing each line's
  /// characters cost more than parsing it.
  public static func parse(
    _ text: String, file: String, source: String, diagnostics: inout [Diagnostic]
  ) -> [GazetteerEntry] {
    var entries: [GazetteerEntry] = []
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer { bytes in
      var lineNumber = 0
      var lineStart = 0
      while true {
        var newline = lineStart
        while newline < bytes.count && bytes[newline] != 0x0A { newline += 1 }
        var lineEnd = newline
        // A carriage return before the line feed, then one more at the end of the line.
        if newline < bytes.count && lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D {
          lineEnd -= 1
        }
        if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        lineNumber += 1
        let line = UTF8Line(bytes, lineStart..<lineEnd)
        let entry: GazetteerEntry?
        if let (scalar, column) = DataFileText.firstControlCharacter(
          in: UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
        {
          // A NUL or escape code in a form is invisible in an editor and matches no text.
          diagnostics.append(
            Diagnostic(
              file: file, line: lineNumber, column: column,
              message: DataFileText.controlCharacterMessage(scalar)))
          entry = nil
        } else if isScalarPerCharacter(line) {
          entry = parseLine(
            line, file: file, source: source, line: lineNumber, diagnostics: &diagnostics)
        } else {
          let utf8 = text.utf8
          let range =
            utf8.index(
              utf8.startIndex, offsetBy: lineStart)..<utf8.index(
              utf8.startIndex, offsetBy: lineEnd)
          entry = parseLine(
            text[range], file: file, source: source, line: lineNumber, diagnostics: &diagnostics)
        }
        if let entry { entries.append(entry) }
        guard newline < bytes.count else { break }
        lineStart = newline + 1
      }
    }
    return entries
  }

  /// Whether every scalar of `line` is a Character of its own, so that reading it scalar by
  /// scalar gives what reading it Character by Character gives: true when it holds only scalars
  /// below U+0300 (ASCII and Latin, no combining marks) and basic Arabic letters
  /// (U+0621–U+064A), nearly every line of the bundled files.
  static func isScalarPerCharacter(_ line: UTF8Line) -> Bool {
    var i = line.startIndex
    while i < line.endIndex {
      let byte = line.bytes[i]
      i += 1
      if byte < 0x80 { continue }
      // Two-byte sequences only: U+0080–U+07FF.
      guard byte & 0xE0 == 0xC0, i < line.endIndex else { return false }
      let scalar = UInt32(byte & 0x1F) << 6 | UInt32(line.bytes[i] & 0x3F)
      i += 1
      guard scalar < 0x0300 || (0x0621...0x064A).contains(scalar) else { return false }
    }
    return true
  }

  /// Parses one line (without its line separator): nil for a blank line, a comment or a line
  /// with a problem.
  static func parseLine<Line: GazetteerLine>(
    _ line: Line, file: String, source: String, line lineNumber: Int,
    diagnostics: inout [Diagnostic]
  ) -> GazetteerEntry? {
    let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
    if trimmed.isEmpty || trimmed.first == "#" { return nil }
    let fields = pieces(of: line, separatedBy: "\t", firstColumn: 1)
    let errorCount = diagnostics.count
    func error(_ column: Int, _ message: String) {
      diagnostics.append(Diagnostic(file: file, line: lineNumber, column: column, message: message))
    }
    guard fields.count >= 3 else {
      let (last, lastColumn) = fields[fields.count - 1]
      error(
        lastColumn + last.scalarCount,
        "expected FORMS<TAB>LABEL<TAB>CANONICAL, found \(fields.count) field\(fields.count == 1 ? "" : "s")"
      )
      return nil
    }

    var forms: [String] = []
    for (piece, formColumn) in pieces(of: fields[0].0, separatedBy: "|", firstColumn: fields[0].1) {
      let form = piece.trimmingSpaces()
      if form.isEmpty {
        error(formColumn, "empty form")
      } else {
        forms.append(String(form.text))
      }
    }

    let labelText = fields[1].0.trimmingSpaces().text
    let label = EntityLabel(rawValue: String(labelText))
    if label == nil {
      let known = EntityLabel.allCases.map(\.rawValue).joined(separator: ", ")
      error(fields[1].1, "unknown label '\(labelText)' (known: \(known))")
    }

    let canonical = fields[2].0.trimmingSpaces()
    if canonical.isEmpty { error(fields[2].1, "empty canonical name") }

    var attributes: [(String, String)] = []
    for (field, fieldColumn) in fields.dropFirst(3) {
      let text = field.trimmingSpaces()
      if text.isEmpty { continue }
      guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
        error(fieldColumn, "expected key=value, found '\(text.text)'")
        continue
      }
      let key = String(text[..<equals].text)
      let value = String(text[text.index(after: equals)...].trimmingSpaces().text)
      if !attributeKeys.contains(key) {
        error(
          fieldColumn,
          "unknown attribute '\(key)' (known: \(attributeKeys.sorted().joined(separator: ", ")))")
      } else if value.isEmpty {
        error(fieldColumn, "empty value for '\(key)'")
      } else if attributes.contains(where: { $0.0 == key }) {
        error(fieldColumn, "attribute '\(key)' given twice")
      } else {
        attributes.append((key, value))
      }
    }
    // A nationality belongs to a state; a people or a group of states (العرب, الأكراد,
    // الأوروبيون) says so with kind=group instead.
    if label == .norp && !attributes.contains(where: { $0.0 == "country" })
      && !attributes.contains(where: { $0 == ("kind", "group") })
    {
      error(fields[2].1 + fields[2].0.scalarCount, "NORP entry needs country=ID or kind=group")
    }
    guard diagnostics.count == errorCount, let label else { return nil }
    return GazetteerEntry(
      forms: forms, label: label, canonical: String(canonical.text), attributes: attributes,
      source: source, file: file, line: lineNumber)
  }

  /// The pieces of `text` between separators (empty ones included, as `split` with
  /// `omittingEmptySubsequences: false` gives them), each with its 1-based starting column in
  /// Unicode scalars, the first at `firstColumn`.
  ///
  /// Collected into one array reserved for a line's usual count: `split` and then a second
  /// array of pieces with columns, both grown element by element, cost more than the rest of
  /// the parse.
  private static func pieces<Line: GazetteerLine>(
    of text: Line, separatedBy separator: Line.Element, firstColumn: Int
  ) -> [(Line, Int)] {
    var result: [(Line, Int)] = []
    result.reserveCapacity(8)
    var column = firstColumn
    var start = text.startIndex
    var i = start
    while true {
      let atEnd = i == text.endIndex
      if atEnd || text[i] == separator {
        let piece = text[start..<i]
        result.append((piece, column))
        if atEnd { return result }
        column += piece.scalarCount + 1
        start = text.index(after: i)
      }
      i = text.index(after: i)
    }
  }
}

/// A line of a gazetteer file read as Characters (`Substring`, which defines the format) or,
/// when every scalar of it is a Character of its own, as UTF-8 bytes (`UTF8Line`, many times
/// faster, and the same fields).
protocol GazetteerLine: BidirectionalCollection
where SubSequence == Self, Element: Equatable & ExpressibleByUnicodeScalarLiteral {
  /// The text of the line (or of part of it).
  var text: Substring { get }
  /// Its length in Unicode scalars.
  var scalarCount: Int { get }
}

extension Substring: GazetteerLine {
  var text: Substring { self }
  var scalarCount: Int { unicodeScalars.count }
}

/// A line (or part of one) read as UTF-8 bytes, for a line whose every scalar is a Character
/// of its own (`GazetteerFile.isScalarPerCharacter`).
///
/// Every delimiter of the format (tab, "|", space, "=", "#") is ASCII, and an ASCII byte never
/// occurs inside the UTF-8 of another scalar: splitting or trimming the bytes at a delimiter
/// splits or trims the scalars there, so the fields are those of the scalar (and Character)
/// reading, without decoding a scalar.
struct UTF8Line: GazetteerLine {
  /// The UTF-8 of the whole text, which outlives the line.
  let bytes: UnsafeBufferPointer<UInt8>
  /// Byte offsets into `bytes`.
  let startIndex: Int
  let endIndex: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
    self.bytes = bytes
    startIndex = range.lowerBound
    endIndex = range.upperBound
  }

  /// A byte compared with the format's ASCII delimiters, written as literals.
  struct Byte: Equatable, ExpressibleByUnicodeScalarLiteral {
    let value: UInt8
    init(_ value: UInt8) { self.value = value }
    init(unicodeScalarLiteral scalar: Unicode.Scalar) { value = UInt8(ascii: scalar) }
  }

  subscript(position: Int) -> Byte { Byte(bytes[position]) }
  subscript(range: Range<Int>) -> UTF8Line { UTF8Line(bytes, range) }
  func index(after i: Int) -> Int { i + 1 }
  func index(before i: Int) -> Int { i - 1 }

  var text: Substring {
    Substring(
      String(decoding: UnsafeBufferPointer(rebasing: bytes[startIndex..<endIndex]), as: UTF8.self))
  }

  /// Every byte but the continuation bytes (10xxxxxx) begins a scalar.
  var scalarCount: Int {
    var count = 0
    for i in startIndex..<endIndex where bytes[i] & 0xC0 != 0x80 { count += 1 }
    return count
  }
}

extension GazetteerLine {
  /// The text without spaces (U+0020) at either end.
  func trimmingSpaces() -> Self {
    var s = self
    while let first = s.first, first == " " { s = s.dropFirst() }
    while let last = s.last, last == " " { s = s.dropLast() }
    return s
  }
}
