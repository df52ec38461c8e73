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

  /// The cues by the hash of their normalized word (`FeatureHash.of(units:)`).
  private let cues: [UInt64: ModelCue]
  /// One bit per pair of a word's last two units (6 low bits of each) that a cue ends with: a
  /// proclitic leaves a word's end as it is, so most tokens are refused by one look, before any
  /// hash (every model span and the word before it are asked).
  private let endings: [UInt64]

  var isEmpty: Bool { cues.isEmpty }

  /// The cues of `lists[listName]`; items whose value does not parse are left out
  /// (`ModelCue.check` reports them when the rules load).
  init(lists: [String: WordList]) {
    var cues: [UInt64: ModelCue] = [:]
    var endings = [UInt64](repeating: 0, count: 64)
    let normalizer = Normalizer()
    for item in lists[ModelCues.listName]?.items ?? [] {
      guard let cue = ModelCue.parse(item.value) else { continue }
      let units = normalizer.normalize(item.text).units
      guard units.count >= 2 else { continue }
      cues[FeatureHash.of(units: units)] = cue
      let bit = ModelCues.ending(units[units.count - 2], units[units.count - 1])
      endings[bit >> 6] |= 1 << UInt64(bit & 63)
    }
    self.cues = cues
    self.endings = endings
  }

  @inline(__always)
  static func ending(_ a: UInt16, _ b: UInt16) -> Int { Int(a & 63) << 6 | Int(b & 63) }

  /// The cue of a token's normalized units.
  ///
  /// The token itself, else one of its proclitic readings' stems (`بمدينة`, `للاعب` with the
  /// article's alef restored). A token in لل is read with the article only: `للعبة` is "for the
  /// game" (الاتحاد الأوروبي للعبة «يويفا»), not ل + `لعبة`.
  func cue(of token: UnsafeBufferPointer<UInt16>) -> ModelCue? { cueAndClitic(of: token)?.cue }

  /// `cue(of:)` and the length in units of the proclitics before the cue word in `token`.
  func cueAndClitic(of token: UnsafeBufferPointer<UInt16>) -> (cue: ModelCue, clitic: Int)? {
    let n = token.count
    guard n >= 2 else { return nil }
    let bit = ModelCues.ending(token[n - 2], token[n - 1])
    guard endings.withUnsafeBufferPointer({ $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }) else {
      return nil
    }
    if let cue = cues[FeatureHash.of(units: token)] { return (cue, 0) }
    let lamLam = token.count > 2 && token[0] == Proclitics.lam && token[1] == Proclitics.lam
    for analysis in Proclitics.analyses(of: token)
    where analysis.cliticLength > 0 && (!lamLam || analysis.restoresAlef) {
      var h = FeatureHash()
      for u in analysis.restoredPrefix { h.add(u) }
      for u in token[analysis.cliticLength...] { h.add(u) }
      if let cue = cues[h.value] { return (cue, analysis.cliticLength) }
    }
    return nil
  }
}
