/// The line format of gazetteer files, and its parser.
///
/// ```
/// # comment
/// FORM | FORM | …  <TAB> LABEL <TAB> CANONICAL [<TAB> key=value]…
/// إيران | ايران | الجمهورية الإسلامية الإيرانية	COUNTRY	Iran	id=IR	wikidata=Q794
/// ```
///
/// Blank lines and lines whose first non-blank character is `#` are ignored. Attribute keys:
/// `id` (ISO 3166 alpha-2 for countries, otherwise a stable identifier), `wikidata` (a QID),
/// `country` (the `id` of the COUNTRY an entry belongs to; required for NORP), `kind`
/// (capital, city, sea, …), `form` (masc, fem, plural, …).
public enum GazetteerFile {
  /// Attribute keys a gazetteer line may use.
  public static let attributeKeys: Set<String> = ["id", "wikidata", "country", "kind", "form"]

  /// Parses the text of one gazetteer file. Problems are appended to `diagnostics`; entries
  /// with a problem are left out (the caller refuses the whole set when any error is found).
  public static func parse(
    _ text: String, file: String, source: String, diagnostics: inout [Diagnostic]
  ) -> [GazetteerEntry] {
    var entries: [GazetteerEntry] = []
    var lineNumber = 0
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      lineNumber += 1
      var line = Substring(rawLine)
      if line.hasSuffix("\r") { line = line.dropLast() }
      let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      if let entry = parseLine(
        line, file: file, source: source, line: lineNumber, diagnostics: &diagnostics)
      {
        entries.append(entry)
      }
    }
    return entries
  }

  private static func parseLine(
    _ line: Substring, file: String, source: String, line lineNumber: Int,
    diagnostics: inout [Diagnostic]
  ) -> GazetteerEntry? {
    // Fields with their 1-based starting columns (in Unicode scalars).
    var fields: [(Substring, Int)] = []
    var column = 1
    for field in line.split(separator: "\t", omittingEmptySubsequences: false) {
      fields.append((field, column))
      column += field.unicodeScalars.count + 1
    }
    let errorCount = diagnostics.count
    func error(_ column: Int, _ message: String) {
      diagnostics.append(Diagnostic(file: file, line: lineNumber, column: column, message: message))
    }
    guard fields.count >= 3 else {
      error(
        column - 1,
        "expected FORMS<TAB>LABEL<TAB>CANONICAL, found \(fields.count) field\(fields.count == 1 ? "" : "s")"
      )
      return nil
    }

    var forms: [String] = []
    var formColumn = fields[0].1
    for piece in fields[0].0.split(separator: "|", omittingEmptySubsequences: false) {
      let form = piece.trimmingSpaces()
      if form.isEmpty {
        error(formColumn, "empty form")
      } else {
        forms.append(String(form))
      }
      formColumn += piece.unicodeScalars.count + 1
    }

    let labelText = fields[1].0.trimmingSpaces()
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
        error(fieldColumn, "expected key=value, found '\(text)'")
        continue
      }
      let key = String(text[..<equals])
      let value = String(text[text.index(after: equals)...]).trimmingSpacesString()
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
    if label == .norp && !attributes.contains(where: { $0.0 == "country" }) {
      error(fields[2].1 + fields[2].0.unicodeScalars.count, "NORP entry needs country=ID")
    }
    guard diagnostics.count == errorCount, let label else { return nil }
    return GazetteerEntry(
      forms: forms, label: label, canonical: String(canonical), attributes: attributes,
      source: source, file: file, line: lineNumber)
  }
}

extension Substring {
  func trimmingSpaces() -> Substring {
    var s = self
    while let first = s.first, first == " " { s = s.dropFirst() }
    while let last = s.last, last == " " { s = s.dropLast() }
    return s
  }
}

extension String {
  func trimmingSpacesString() -> String { String(Substring(self).trimmingSpaces()) }
}
