/// A word list of the rule language: items of one or more words, each with an optional value
/// (`اللواء<TAB>Major General`).
///
/// Files live in `Rules/lists/NAME.txt`: one item per line, `#` comments, blank lines ignored,
/// an optional TAB and value after the item.
public struct WordList: Sendable {
  public struct Item: Sendable, Equatable {
    /// The item as written.
    public var text: String
    /// The value after the TAB, if any.
    public var value: String?
    public var line: Int
  }

  public var name: String
  public var items: [Item]
  /// Where the list is defined (a list file, or the rule file of an inline list).
  public var file: String

  /// Parses a list file. Problems go to `diagnostics`.
  public static func parse(_ text: String, name: String, file: String, diagnostics: inout [Diagnostic]) -> WordList {
    var items: [Item] = []
    var seen: [String: Int] = [:]
    var lineNumber = 0
    for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      lineNumber += 1
      let trimmed = raw.trimmingSpaces()
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let fields = raw.split(separator: "\t", omittingEmptySubsequences: false)
      if fields.count > 2 {
        let column = fields[0].unicodeScalars.count + fields[1].unicodeScalars.count + 2
        diagnostics.append(Diagnostic(file: file, line: lineNumber, column: column, message: "expected ITEM or ITEM<TAB>VALUE, found \(fields.count) fields"))
        continue
      }
      let item = String(fields[0].trimmingSpaces().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "))
      if item.isEmpty {
        diagnostics.append(Diagnostic(file: file, line: lineNumber, column: 1, message: "empty item"))
        continue
      }
      let value = fields.count == 2 ? String(fields[1].trimmingSpaces()) : nil
      if let previous = seen[item] {
        diagnostics.append(Diagnostic(file: file, line: lineNumber, column: 1, severity: .warning, message: "'\(item)' is already listed at line \(previous)"))
        continue
      }
      seen[item] = lineNumber
      items.append(Item(text: item, value: value?.isEmpty == true ? nil : value, line: lineNumber))
    }
    return WordList(name: name, items: items, file: file)
  }
}
