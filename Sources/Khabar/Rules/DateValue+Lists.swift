import Foundation

extension DateValue {
  /// Checks, when the rules load, the list values a date rule will read: every item of a list
  /// that a rule emitting `value=date` captures as `rel` must have a relative date code
  /// (`week:+1`), as `month` a month number (1 to 12), as `weekday` an ISO weekday number
  /// (Monday 1 … Sunday 7).
  ///
  /// Otherwise the date would silently get no value.
  ///
  /// `texts` (list name → file text) give the column of a bad value; without it the column
  /// is 1. Each list is checked once per capture name, in rule order.
  static func checkListValues(specs: [RuleSpec], lists: [String: WordList], texts: [String: String])
    -> [Diagnostic]
  {
    var diagnostics: [Diagnostic] = []
    var checked = Set<String>()
    for spec in specs where spec.emits.contains(where: { $0.attributes.contains { $0.1 == .date } })
    {
      for (capture, name) in capturedLists(in: spec.pattern)
      where checked.insert("\(capture) \(name)").inserted {
        guard let list = lists[name] else { continue }
        for item in list.items {
          guard let problem = problem(value: item.value, item: item.text, capture: capture) else {
            continue
          }
          let column =
            item.value == nil ? 1 : texts[name].map { valueColumn(line: item.line, in: $0) } ?? 1
          diagnostics.append(
            Diagnostic(file: list.file, line: item.line, column: column, message: problem))
        }
      }
    }
    return diagnostics
  }

  /// What is wrong with the value of a list item that a date rule captures as `capture`, or
  /// nil when nothing is (or the capture is not one a date value reads).
  static func problem(value: String?, item: String, capture: String) -> String? {
    let expected: String
    switch capture {
    case "rel": expected = "a relative date code UNIT:N, as 'week:+1'"
    case "month": expected = "a month number, 1 to 12"
    case "weekday": expected = "a weekday number, 1 (Monday) to 7 (Sunday)"
    default: return nil
    }
    guard let value else {
      return "'\(item)' has no value (a date reads it as '\(capture)': expected \(expected))"
    }
    switch capture {
    case "rel": return problem(relativeCode: value)
    case "month":
      return Int(value).map { (1...12).contains($0) } == true
        ? nil : "bad month number '\(value)' (expected \(expected))"
    default:
      return Int(value).map { (1...7).contains($0) } == true
        ? nil : "bad weekday number '\(value)' (expected \(expected))"
    }
  }

  /// The `(capture, list)` pairs of a pattern: each list named inside a capture, as `@list` or
  /// as a positive `[@list]` test.
  static func capturedLists(in node: PatternNode, capture: String? = nil) -> [(String, String)] {
    switch node {
    case .sequence(let nodes), .alternatives(let nodes):
      return nodes.flatMap { capturedLists(in: $0, capture: capture) }
    case .repetition(let node, _, _): return capturedLists(in: node, capture: capture)
    case .capture(let name, let node): return capturedLists(in: node, capture: name)
    case .list(let list, _): return capture.map { [($0, list)] } ?? []
    case .token(let conditions, _):
      guard let capture else { return [] }
      return conditions.compactMap { test in
        if !test.negated, case .list(let list) = test.condition { return (capture, list) }
        return nil
      }
    case .literal, .entity, .look: return []
    }
  }

  /// The 1-based column, in Unicode scalars, of the value on line `line` (1-based) of a list
  /// file: past the TAB and the spaces after it.
  static func valueColumn(line: Int, in text: String) -> Int {
    let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count, let tab = lines[line - 1].firstIndex(of: "\t") else {
      return 1
    }
    let before = lines[line - 1].distance(from: lines[line - 1].startIndex, to: tab)
    let spaces = lines[line - 1][lines[line - 1].index(after: tab)...].prefix { $0 == " " }.count
    return before + 2 + spaces
  }
}
