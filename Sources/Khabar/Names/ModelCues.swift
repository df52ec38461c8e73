/// What the word right before a model name says of it: the data of `Rules/lists/model-cues.txt`.
///
/// The model reads its neighbours as features, and still names the town after `مدينة` a person,
/// the company after `شركة` a place, and the title of a film an organization. A cue word
/// settles it: a place noun makes the name a LOCATION (`مدينة [هاوارد]`), a definite role a
/// PERSON (`المدرب [بيرنلي]`), a company or a university an ORGANIZATION where the model said
/// LOCATION (`شركة [ماروسيا]`), and a work (`فيلم`, `مسلسل`, `أغنية`) makes it no name. Between the
/// cue and the name there may stand one nisba (`اللاعب البرازيلي [X]`) and quotation marks or a
/// bracket (`فيلم «[X]»`).
///
/// The items' values are `ModelCue`s, checked when the rules load.
struct ModelCues: Sendable {
  static var listName: String { ModelCue.listName }
  static let lam: UInt16 = 0x0644

  /// The cues by the hash of their normalized word (`FeatureHash.of(units:)`).
  private let cues: [UInt64: ModelCue]

  var isEmpty: Bool { cues.isEmpty }

  /// The cues of `lists[listName]`; items whose value does not parse are left out
  /// (`ModelCue.check` reports them when the rules load).
  init(lists: [String: WordList]) {
    var cues: [UInt64: ModelCue] = [:]
    let normalizer = Normalizer()
    for item in lists[ModelCues.listName]?.items ?? [] {
      guard let cue = ModelCue.parse(item.value) else { continue }
      cues[FeatureHash.of(units: normalizer.normalize(item.text).units)] = cue
    }
    self.cues = cues
  }

  /// The cue of a token's normalized units.
  ///
  /// The token itself, else one of its proclitic readings' stems (`بمدينة`, `للاعب` with the
  /// article's alef restored). A token in لل is read with the article only: `للعبة` is "for the
  /// game" (الاتحاد الأوروبي للعبة «يويفا»), not ل + `لعبة`.
  func cue(of token: UnsafeBufferPointer<UInt16>) -> ModelCue? {
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
