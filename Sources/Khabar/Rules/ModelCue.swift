/// One item of `Rules/lists/model-cues.txt`: what the word right before a name of the model says
/// of it (`ModelCues`, in Names, reads the list when the model runs; its values are checked here,
/// when the rules load).
///
/// A value is the verdict, then optionally `if` and the labels of the model names it applies to:
/// `LOCATION`, `PERSON if ORGANIZATION LOCATION`, `none if ORGANIZATION LOCATION`. Labels are
/// PERSON, ORGANIZATION and LOCATION; `none` drops the name.
struct ModelCue: Equatable, Sendable {
  enum Verdict: Equatable, Sendable {
    case label(EntityLabel)
    case none
  }

  var verdict: Verdict
  /// The labels of the model names the cue applies to; empty: all.
  var applies: [EntityLabel]

  func applies(to label: EntityLabel) -> Bool { applies.isEmpty || applies.contains(label) }

  static let listName = "model-cues"
  static let labels: [String: EntityLabel] = [
    "PERSON": .person, "ORGANIZATION": .organization, "LOCATION": .location,
  ]

  /// The cue a value states, or nil when it states none.
  static func parse(_ value: String?) -> ModelCue? {
    guard let value else { return nil }
    let words = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let first = words.first else { return nil }
    let verdict: Verdict
    if first == "none" {
      verdict = .none
    } else if let label = labels[first] {
      verdict = .label(label)
    } else {
      return nil
    }
    guard words.count > 1 else { return ModelCue(verdict: verdict, applies: []) }
    guard words[1] == "if", words.count > 2 else { return nil }
    var applies: [EntityLabel] = []
    for word in words[2...] {
      guard let label = labels[word] else { return nil }
      applies.append(label)
    }
    return ModelCue(verdict: verdict, applies: applies)
  }

  /// The problems of the cue list's values, at their items' lines.
  static func check(lists: [String: WordList]) -> [Diagnostic] {
    guard let list = lists[listName] else { return [] }
    return list.items.compactMap { item in
      guard parse(item.value) == nil else { return nil }
      return Diagnostic(
        file: list.file, line: item.line, column: 1,
        message:
          "'\(item.text)': expected a TAB and a verdict (PERSON, ORGANIZATION, LOCATION or none), "
          + "optionally followed by 'if' and the labels it applies to, found "
          + (item.value.map { "'\($0)'" } ?? "no value"))
    }
  }
}
