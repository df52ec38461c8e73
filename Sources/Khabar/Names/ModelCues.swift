/// What the word right before a model name says of it: the data of `Rules/lists/model-cues.txt`.
///
/// The model reads its neighbours as features, and still names the town after `مدينة` a person,
/// the club's rival after `شركة` a place, and the title of a film an organization. A cue word
/// settles it: a place noun makes the name a LOCATION (`مدينة [هاوارد]`), a definite role a
/// PERSON (`المدرب [بيرنلي]`), a company or a university an ORGANIZATION where the model said
/// LOCATION (`شركة [ماروسيا]`), and a work (`فيلم`, `مسلسل`, `أغنية`) makes it no name. Between the
/// cue and the name there may stand one nisba (`اللاعب البرازيلي [X]`) and quotation marks or a
/// bracket (`فيلم «[X]»`).
///
/// A list item's value is the verdict, then optionally `if` and the labels of the model names
/// it applies to: `LOCATION`, `PERSON if ORGANIZATION LOCATION`, `none if ORGANIZATION
/// LOCATION`. Labels are PERSON, ORGANIZATION and LOCATION; `none` drops the name.
struct ModelCues: Sendable {
  enum Verdict: Equatable, Sendable {
    case label(EntityLabel)
    case none
  }

  struct Cue: Equatable, Sendable {
    var verdict: Verdict
    /// The labels of the model names the cue applies to; empty: all.
    var applies: [EntityLabel]

    func applies(to label: EntityLabel) -> Bool { applies.isEmpty || applies.contains(label) }
  }

  static let listName = "model-cues"
  static let lam: UInt16 = 0x0644
  static let labels: [String: EntityLabel] = [
    "PERSON": .person, "ORGANIZATION": .organization, "LOCATION": .location,
  ]

  /// The cues by the hash of their normalized word (`FeatureHash.of(units:)`).
  private let cues: [UInt64: Cue]

  var isEmpty: Bool { cues.isEmpty }

  /// The cues of `lists[listName]`; items whose value does not parse are left out (`check`
  /// reports them when the rules load).
  init(lists: [String: WordList]) {
    var cues: [UInt64: Cue] = [:]
    let normalizer = Normalizer()
    for item in lists[ModelCues.listName]?.items ?? [] {
      guard let cue = ModelCues.parse(item.value) else { continue }
      cues[FeatureHash.of(units: normalizer.normalize(item.text).units)] = cue
    }
    self.cues = cues
  }

  /// The cue a value states, or nil when it states none.
  static func parse(_ value: String?) -> Cue? {
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
    guard words.count > 1 else { return Cue(verdict: verdict, applies: []) }
    guard words[1] == "if", words.count > 2 else { return nil }
    var applies: [EntityLabel] = []
    for word in words[2...] {
      guard let label = labels[word] else { return nil }
      applies.append(label)
    }
    return Cue(verdict: verdict, applies: applies)
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

  /// The cue of a token's normalized units.
  ///
  /// The token itself, else one of its proclitic readings' stems (`بمدينة`, `للاعب` with the
  /// article's alef restored). A token in لل is read with the article only: `للعبة` is "for the
  /// game" (الاتحاد الأوروبي للعبة «يويفا»), not ل + `لعبة`.
  func cue(of token: UnsafeBufferPointer<UInt16>) -> Cue? {
    guard !cues.isEmpty else { return nil }
    if let cue = cues[FeatureHash.of(units: token)] { return cue }
    let lamLam = token.count > 2 && token[0] == ModelCues.lam && token[1] == ModelCues.lam
    for analysis in Proclitics.analyses(of: token)
    where analysis.cliticLength > 0 && (!lamLam || analysis.restoresAlef) {
      var h = FeatureHash()
      for u in analysis.restoredPrefix { h.add(u) }
      for u in token[analysis.cliticLength...] { h.add(u) }
      if let cue = cues[h.value] { return cue }
    }
    return nil
  }
}
