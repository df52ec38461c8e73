/// One item of `Rules/lists/model-cues.txt`: what the word right before a name of the model says
/// of it (`ModelCues`, in Names, reads the list when the model runs; its values are checked here,
/// when the rules load).
///
/// A value is the verdict, then optionally `whole`, then optionally `if` and the labels of the
/// model names it applies to: `LOCATION`, `LOCATION whole if PERSON`, `PERSON if ORGANIZATION
/// LOCATION`, `none if ORGANIZATION LOCATION`. Labels are PERSON, ORGANIZATION and LOCATION;
/// `none` drops the name; `whole` takes the cue word into the name when it stands right before
/// it (`ملعب لوفتس رود`, `جامعة هارفارد`: the noun is part of the name; not past quotation marks,
/// which hold the name alone).
struct ModelCue: Equatable, Sendable {
  enum Verdict: Equatable, Sendable {
    case label(EntityLabel)
    case none
  }

  var verdict: Verdict
  /// The labels of the model names the cue applies to; empty: all.
  var applies: [EntityLabel]
  /// Whether the name takes the cue word in (a label verdict only).
  var whole = false

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
    var rest = words.dropFirst()
    let whole = rest.first == "whole"
    if whole {
      // A name that is none has no word to take in.
      guard verdict != .none else { return nil }
      rest = rest.dropFirst()
    }
    guard let keyword = rest.first else {
      return ModelCue(verdict: verdict, applies: [], whole: whole)
    }
    guard keyword == "if", rest.count > 1 else { return nil }
    var applies: [EntityLabel] = []
    for word in rest.dropFirst() {
      guard let label = labels[word] else { return nil }
      applies.append(label)
    }
    return ModelCue(verdict: verdict, applies: applies, whole: whole)
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
          + "optionally 'whole' (not after none), then optionally 'if' and the labels it applies "
          + "to, found "
          + (item.value.map { "'\($0)'" } ?? "no value"))
    }
  }
}
