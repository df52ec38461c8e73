/// The learned name recognizer in the pipeline: a `NameModel` with the `NameFeatures` it was
/// trained on, run after the rule phases on their candidates; its entities enter overlap
/// resolution with `source: "model:names"` and a `score` attribute.
///
/// ## Precedence (DESIGN.md, "The name model")
///
/// A model entity is dropped where it overlaps a PERSON, ORGANIZATION, LOCATION, COUNTRY or
/// NORP entity that a gazetteer or a strong rule found (those keep the last word), where it
/// crosses any other entity, where it lies inside a longer DATE (أبريل (نيسان) is no car maker),
/// and (for a PERSON) where it nests with a TITLE. It replaces the
/// entities of weak rules (`evidence weak`) it overlaps: where only weak evidence exists, the
/// model decides, except that a model entity of the same label never starts before the weak
/// rule's (it is cut to start there). The rest goes through `EntityResolver` as one more phase.
public final class NameRecognizer: Sendable {
  public let model: NameModel
  public let features: NameFeatures
  /// The least score a name needs, per label, to count at all (`ScoreFloor`).
  public let scoreFloor: ScoreFloor

  public init(model: NameModel, features: NameFeatures, scoreFloor: ScoreFloor = ScoreFloor()) {
    self.model = model
    self.features = features
    self.scoreFloor = scoreFloor
  }

  /// An entity the model found: token indices (end exclusive), and the tokens its score is
  /// of.
  struct Span: Equatable {
    var label: EntityLabel
    var tokens: Range<Int>
    /// The tokens the model tagged for it (its punctuation and formula too; and a name's
    /// particle it took in, with the tokens of the span before): its score is the smallest of
    /// their `confidence`s, a normalized margin in [0, 1], not a calibrated probability.
    ///
    /// Found only for the spans that need it: most spans overlap an entity of strong evidence
    /// and are dropped unscored (the softmaxes of all the spans were 0.16 G instructions on
    /// the corpus, four fifths of them for spans dropped).
    var scored: Range<Int>
  }

  /// The emission scores of `rows`: each token's feature weights, summed in the rows' order.
  func emissions(of rows: NameFeatures.Rows) -> [Float] {
    let t = NameTag.count
    let n = rows.offsets.count - 1
    var emissions = [Float](repeating: 0, count: n * t)
    emissions.withUnsafeMutableBufferPointer { e in
      guard let base = e.baseAddress else { return }
      for i in 0..<n {
        for hash in rows.features(of: i) { model.addScores(of: hash, to: base + i * t) }
      }
    }
    return emissions
  }

  /// The tags of every token of `text` given its emission scores, decoded sentence by
  /// sentence.
  func tags(_ text: TokenizedText, emissions: [Float]) -> [NameTag] {
    let n = text.tokens.count
    let t = NameTag.count
    var tags = [NameTag](repeating: .outside, count: n)
    // Scratch that `NameModel.decode` writes before it reads, token by token: not zeroed first.
    var score = [SIMD8<Float>](unsafeUninitializedCapacity: n) { $1 = n }
    var start = 0
    emissions.withUnsafeBufferPointer { e in
      model.maskedRows.withUnsafeBufferPointer { rows in
        tags.withUnsafeMutableBufferPointer { tags in
          score.withUnsafeMutableBufferPointer { score in
            text.tokens.withUnsafeBufferPointer { tokens in
              while start < n {
                var end = start + 1
                while end < n && tokens[end].sentence == tokens[start].sentence { end += 1 }
                NameModel.decode(
                  emissions: UnsafeBufferPointer(rebasing: e[(start * t)..<(end * t)]),
                  rows: rows,
                  score: UnsafeMutableBufferPointer(rebasing: score[start..<end]),
                  into: UnsafeMutableBufferPointer(rebasing: tags[start..<end]))
                start = end
              }
            }
          }
        }
      }
    }
    return tags
  }

  /// The score of `span`: the smallest, over its `scored` tokens, of the softmax of the token's
  /// tag scores (its feature weights plus the transition from the tag chosen before it) divided
  /// by `scoreTemperature`.
  func score(
    of span: Span, text: TokenizedText, tags: [NameTag], emissions: [Float]
  ) -> Double {
    // The softmax of the allowed tags' scores, in `NameTag.allCases` order (the order of the
    // sum), without an array per token.
    func confidence(_ k: Int) -> Double {
      // The constant read here, not captured from the function: a captured count was a
      // variable here, and the loops over the tags neither unrolled nor checked their
      // arithmetic once.
      let t = NameTag.count
      let previous =
        k == 0 || text.tokens[k - 1].sentence != text.tokens[k].sentence ? nil : tags[k - 1]
      let row = previous.map { 1 + $0.rawValue } ?? 0
      @inline(__always) func score(_ tag: Int) -> Double {
        Double(emissions[k * t + tag] + model.transitions[row * t + tag])
      }
      let chosen = score(tags[k].rawValue)
      let allowed = NameTag.allowedAfter[row]
      var top = -Double.infinity
      var any = false
      for tag in 0..<t where allowed & (1 << tag) != 0 {
        let s = score(tag)
        if !any || s > top { top = s }
        any = true
      }
      if !any { top = chosen }
      let τ = NameRecognizer.scoreTemperature
      var sum = 0.0
      for tag in 0..<t where allowed & (1 << tag) != 0 {
        sum = sum + _exp((score(tag) - top) / τ)
      }
      return _exp((chosen - top) / τ) / sum
    }
    // The smallest is the same number in any order (a softmax is never a NaN, nor a -0).
    let scored = span.scored
    var score = confidence(scored.lowerBound)
    for k in (scored.lowerBound + 1)..<scored.upperBound {
      let c = confidence(k)
      if c < score { score = c }
    }
    return score
  }

  /// The entities of a tag sequence (unscored: see `Span.scored`).
  func spans(_ text: TokenizedText, tags: [NameTag], emissions: [Float]) -> [Span] {
    // Room for the spans of most articles (thirteen on average in the corpus): grown one by
    // one, the array was made anew four times an article.
    var spans: [Span] = []
    spans.reserveCapacity(32)
    var i = 0
    while i < tags.count {
      // The O tags, most of them, skipped in place: `label`'s switch per token was a jump
      // through a table.
      i = tags.withUnsafeBufferPointer { tags in
        var k = i
        while k < tags.count && tags[k] == .outside { k += 1 }
        return k
      }
      guard i < tags.count, let label = tags[i].label else { break }
      var end = i + 1
      while end < tags.count && tags[end].isInside && tags[end].label == label
        && text.tokens[end].sentence == text.tokens[i].sentence
      {
        end += 1
      }
      var scored = i..<end
      // A name neither begins nor ends with punctuation (محمد. at the end of a text was tagged
      // a name with its full stop).
      var first = i
      var last = end
      while first < last && text.tokens[first].kind == .punctuation { first += 1 }
      while last > first && text.tokens[last - 1].kind == .punctuation { last -= 1 }
      // Before the words of a formula الله is God, with the verb before it, which leave the
      // name (عمر بن الخطاب رضي الله عنه: عمر بن الخطاب).
      if label == .person && first < last {
        last = max(first, last - NameRecognizer.formulaLength(text, tokens: first..<last))
        while last > first && text.tokens[last - 1].kind == .punctuation { last -= 1 }
      }
      // الله alone is God, no person's name (بالله، رحمه الله، قال الله): it is one only
      // with the word before it (عبد الله، نصر الله), which the model then tags too.
      if label == .person && last == first + 1 && NameRecognizer.isGod(text, token: first) {
        i = end
        continue
      }
      // Nor is a formula with الله (بحمد الله "praise be to God", بفضل الله): حمد is the noun
      // there, after its preposition, not a given name.
      if label == .person && last == first + 2 && NameRecognizer.isPraiseFormula(text, token: first)
      {
        i = end
        continue
      }
      // An indefinite word in the accusative (شاملاً، جيدًا، قائلاً) is no name: a span that
      // begins with one is none (شكراً يا، سعيداً بوجودي: what follows is no name either), and
      // one that has one later ends before it (الخضيري قائلاً: الخضيري). Nor is a word in Latin
      // letters that begins in lower case (bottom, px: code and units in the text).
      if let cut = NameRecognizer.firstAccusative(text, in: first..<last) {
        last = cut
        while last > first && text.tokens[last - 1].kind == .punctuation { last -= 1 }
      }
      if first == last || NameRecognizer.isLowercaseLatin(text, tokens: first..<last) {
        i = end
        continue
      }
      // A form of address alone (سمو، معالي) names no one, nor does the noun after a quantity
      // (1200 ريال), nor a function word that is a short foreign name too (قال لي "said to me")
      // unless a form of address stands before it (السيدة لي).
      if last == first + 1
        && (isAddress(text, token: first) || NameRecognizer.followsQuantity(text, token: first)
          || (label == .person
            && NameRecognizer.isOne(
              of: NameRecognizer.functionNames, text.text.units[text.tokens[first].range])
            && !(first > 0 && text.tokens[first - 1].sentence == text.tokens[first].sentence
              && isAddress(text, token: first - 1))))
      {
        i = end
        continue
      }
      // A particle of a European name (دي ماريا، دا سيلفا، دي مستورا) written before the name
      // belongs to it: the model tags it apart, or not at all, or ends the given name with it
      // (أنخيل دي | ماريا), and the name lost it.
      if label == .person && first < last && NameRecognizer.isNameParticle(text, token: first - 1) {
        if let previous = spans.last, previous.tokens.upperBound == first {
          // The particle ends another span: one name with it, or (another label) none. Its
          // tokens end where this span's begin (its particle is its last token, this span's
          // first is past it): both spans' tokens are scored.
          if previous.label == .person {
            spans.removeLast()
            first = previous.tokens.lowerBound
            scored = previous.scored.lowerBound..<scored.upperBound
          }
        } else {
          first -= 1
        }
      }
      if first < last { spans.append(Span(label: label, tokens: first..<last, scored: scored)) }
      i = end
    }
    return spans
  }

  /// ل + الله, written لله (the article's alef and a lam elided), in normalized units.
  static let toGod: [UInt16] = Array("لله".utf16)

  /// Whether token `k` of `text` is الله (`PersonLinker.allah`), alone or after the proclitics
  /// `Proclitics` reads (والله، بالله، فبالله), or ل + الله written لله (ولله).
  static func isGod(_ text: TokenizedText, token k: Int) -> Bool {
    text.text.units.withUnsafeBufferPointer { units in
      let token = UnsafeBufferPointer(rebasing: units[text.tokens[k].range])
      func isGod(_ stem: UnsafeBufferPointer<UInt16>.SubSequence) -> Bool {
        stem.elementsEqual(PersonLinker.allah) || stem.elementsEqual(NameRecognizer.toGod)
      }
      if isGod(token[...]) { return true }
      // The elided alef a reading restores belongs to ل + ال + X, never to الله or لله.
      return Proclitics.analyses(of: token).contains {
        !$0.restoresAlef && isGod(token[$0.cliticLength...])
      }
    }
  }

  /// Runs the model on `text` given the gazetteer and rule candidates `evidence`, and adds its
  /// entities to `accepted` under the precedence above; `decide` hears every decision.
  ///
  /// `scores` sums the weights of each token type's features once and keeps them for the
  /// next articles; without it, every feature of every token is looked up (the rows of
  /// training: the reference the tests hold the sums to). `--explain` also reads the
  /// features' names.
  func add(
    to accepted: inout [Candidate], text: TokenizedText, evidence: [Candidate], explain: Bool,
    scores: TypeScores?, decide: ((Candidate, Bool, String) -> Void)?
  ) {
    let rows =
      explain || scores == nil ? features.rows(text, candidates: evidence, names: explain) : nil
    let emissions =
      scores?.emissions(text, candidates: evidence, features: features, model: model)
      ?? emissions(of: rows ?? features.rows(text, candidates: evidence))
    let tags = self.tags(text, emissions: emissions)
    let found = spans(text, tags: tags, emissions: emissions)
    guard !found.isEmpty else { return }
    // What the precedence reads of each accepted entity, once per article: reading it off the
    // candidates (a copy of each, its source compared as a string) per model span cost more
    // than the model's features.
    let held = accepted.withUnsafeBufferPointer { accepted in
      accepted.indices.map { Held(accepted, at: $0) }
    }
    let near = HeldIndex(held)
    var picked: [Int] = []
    var proposals: [Candidate] = []
    var replaced = Set<Int>()
    var reasons: [String: String] = [:]
    let cues = features.cues
    for var span in found {
      // The word before the name may settle its label, or that it is none (`ModelCues`).
      var cueNote: String?
      var cueClitic: (token: Int, length: Int)?
      if let (j, cue, clitic) = cue(before: span, text: text, cues: cues) {
        // Read for `--explain` only.
        var word: String { text.text.originalText(text.originalRange(ofToken: j)) }
        switch cue.verdict {
        case .label(let label):
          if label != span.label {
            if explain {
              cueNote =
                "\(label.rawValue), not \(span.label.rawValue), after «\(word)» (model-cues)"
            }
            span.label = label
          }
          // The noun that is part of the name right before it (`ملعب لوفتس رود`; not past
          // quotation marks, which hold the name alone), its proclitics left out (`بشارع`).
          if cue.whole && j == span.tokens.lowerBound - 1 {
            span.tokens = j..<span.tokens.upperBound
            cueClitic = (j, clitic)
            if explain { cueNote = (cueNote.map { $0 + "; " } ?? "") + "«\(word)» taken in" }
          }
        case .none:
          if let decide, let units = self.units(of: span, text: text) {
            let score = self.score(of: span, text: text, tags: tags, emissions: emissions)
            decide(
              self.candidate(span, score: score, units: units, text: text), false,
              "after «\(word)»: the name of a work or product, no entity (model-cues)")
          }
          continue
        }
      }
      // An acronym spelled letter by letter is one name (`إيه [بي سي]`).
      let widened = NameRecognizer.acronym(span.tokens, text: text)
      if widened != span.tokens {
        if explain { cueNote = (cueNote.map { $0 + "; " } ?? "") + "an acronym's letters taken in" }
        span.tokens = widened
      }
      // A quoted name ends and begins where its quotation does (`«لينكد [إن]»`, `«[إن] بي سي»`).
      let quoted = NameRecognizer.quoted(span.tokens, text: text)
      if quoted != span.tokens {
        if explain {
          cueNote =
            (cueNote.map { $0 + "; " } ?? "") + "the quotation's letter name that is a word too"
        }
        span.tokens = quoted
      }
      // A weak rule knows where a name begins (a given name, a particle) better than where it
      // ends: a model span that starts inside the words before it starts where the rule does.
      // Not after a European name's particle: the given name goes on a name (أنخيل دي | ماريا).
      near.weakRules(startingIn: span.tokens, into: &picked)
      for k in picked
      where held[k].label == span.label
        && held[k].tokens.lowerBound > span.tokens.lowerBound
        && held[k].tokens.lowerBound < span.tokens.upperBound
        && !NameRecognizer.isNameParticle(text, token: held[k].tokens.lowerBound - 1)
      {
        span.tokens = held[k].tokens.lowerBound..<span.tokens.upperBound
      }
      guard var units = self.units(of: span, text: text) else { continue }
      if let (token, length) = cueClitic, token == span.tokens.lowerBound {
        units = (Int(text.tokens[token].start) + length)..<units.upperBound
      }
      var drop: Int?
      var weak: [Int] = []
      near.overlapping(units, into: &picked)
      for k in picked {
        let e = held[k]
        if e.isName {
          if e.isWeakRule {
            weak.append(k)
            if e.units == units && e.label == span.label {
              drop = k
              break
            }
            continue
          }
          drop = k
          break
        }
        // A title holds no person, and no place of the model's: a place inside a title is
        // part of the office (ولي [العهد], [الشيخ]); the places of titles (محافظ جدة) come from
        // the gazetteers and rules before the title's rule reads them.
        if e.units.crosses(units) || (e.label == .title && span.label == .person)
          || (e.label == .title && span.label == .location && e.units.encloses(units))
          || (e.label == .date && e.units != units && e.units.encloses(units))
        {
          drop = k
          break
        }
      }
      // A weak rule's name that the model finds word for word, and is sure of, is as well
      // attested as a strong rule's: it registers for short-mention linking (ريم الملحم … الملحم),
      // as the model's own sure names do. (A weak rule's name drops a model span only when
      // both have the same label and units: see above.)
      // Scored once, where first asked for.
      var scored: Double?
      func score() -> Double {
        if let scored { return scored }
        let s = self.score(of: span, text: text, tags: tags, emissions: emissions)
        scored = s
        return s
      }
      // A name below its label's floor (`--model-min-score`) counts as not found.
      if let drop, held[drop].isWeakRule, held[drop].isName, span.label == .person,
        score() >= NameRecognizer.sureScore, !scoreFloor.excludes(score(), label: span.label)
      {
        accepted[drop].evidence = .strong
      }
      if drop != nil && decide == nil { continue }
      let score = score()
      let candidate = self.candidate(span, score: score, units: units, text: text)
      if drop == nil && scoreFloor.excludes(score, label: span.label) {
        decide?(
          candidate, false,
          "model score \(String(format2: score)) below --model-min-score "
            + "\(String(format2: scoreFloor[span.label])) for \(span.label.rawValue)")
        continue
      }
      if explain {
        reasons["\(candidate.units)\(candidate.label.rawValue)"] = rows.map {
          (cueNote.map { $0 + "; " } ?? "") + weighedMost(span, score: score, rows: $0, tags: tags)
        }
      }
      if let drop {
        let e = accepted[drop]
        let why =
          held[drop].isName
          ? held[drop].isWeakRule
            ? "same span as \(EntityResolver.describe(e)) (which stands)"
            : "overlaps \(EntityResolver.describe(e)) (strong evidence keeps the last word)"
          : e.crosses(candidate)
            ? "crosses \(EntityResolver.describe(e))"
            : e.label == .date
              ? "inside \(EntityResolver.describe(e)) (a date holds no name)"
              : "nests with \(EntityResolver.describe(e)) (a title holds no person or place)"
        decide?(
          candidate, false,
          why + (reasons["\(candidate.units)\(candidate.label.rawValue)"].map { "; " + $0 } ?? ""))
        continue
      }
      replaced.formUnion(weak)
      proposals.append(candidate)
    }
    if !replaced.isEmpty {
      for k in replaced.sorted(by: >) {
        decide?(accepted[k], false, "replaced by the name model (only weak evidence)")
        accepted.remove(at: k)
      }
    }
    let wrapped: ((Candidate, Bool, String) -> Void)? = decide.map { decide in
      { c, kept, reason in
        let extra =
          c.source == NameRecognizer.source ? reasons["\(c.units)\(c.label.rawValue)"] : nil
        decide(c, kept, reason + (extra.map { "; " + $0 } ?? ""))
      }
    }
    EntityResolver.resolve(&accepted, proposed: proposals, decide: wrapped)
  }

  static let source = "model:names"

  /// The cue word before `span` and its cue, when one applies to the span's label: the token
  /// before its first, past quotation marks or a bracket and one nisba (`ال…ي`, `ال…ية`; not
  /// for a place noun), in its sentence.
  func cue(before span: Span, text: TokenizedText, cues: ModelCues) -> (
    token: Int, cue: ModelCue, clitic: Int
  )? {
    guard !cues.isEmpty else { return nil }
    let first = span.tokens.lowerBound
    return text.tokens.withUnsafeBufferPointer { tokens in
      text.text.units.withUnsafeBufferPointer { units in
        // A name that begins with a nisba or a cue word is none the cue can settle: the word
        // is the cue's adjective (المدافع [الأندلسي]) or a noun of its own (الممثل [لولاية]
        // ماريلاند).
        let opening = UnsafeBufferPointer(rebasing: units[tokens[first].range])
        if NameRecognizer.isNisba(opening) || cues.cue(of: opening) != nil { return nil }
        let sentence = tokens[first].sentence
        var j = first - 1
        var nisba = false
        while j >= 0 && tokens[j].sentence == sentence {
          let token = tokens[j]
          let word = UnsafeBufferPointer(rebasing: units[token.range])
          if token.kind == .punctuation && word.count == 1 && NameRecognizer.isQuoteMark(word[0]) {
            j -= 1
            continue
          }
          if !nisba && NameRecognizer.isNisba(word) {
            nisba = true
            j -= 1
            continue
          }
          // A place noun names the place right after it: after a nisba or a definite word the
          // name is another's (مدينة الملاهي ياكوب فال, the park's spokesman).
          guard token.kind == .word, let (cue, clitic) = cues.cueAndClitic(of: word),
            cue.applies(to: span.label), !(nisba && cue.verdict == .label(.location))
          else { return nil }
          return (j, cue, clitic)
        }
        return nil
      }
    }
  }

  /// Whether `unit` is a quotation mark or bracket that may stand between a cue and its name.
  @inline(__always)
  static func isQuoteMark(_ unit: UInt16) -> Bool {
    switch unit {
    case 0x22, 0x27, 0x28, 0xAB, 0xBB, 0x201C, 0x201D, 0x2018, 0x2019: true
    default: false
    }
  }

  /// Whether normalized `word` is a definite nisba: ال, at least two letters, then ي or ية
  /// (ه after the fold of ة).
  static func isNisba(_ word: UnsafeBufferPointer<UInt16>) -> Bool {
    let n = word.count
    guard n >= 5, word[0] == Proclitics.alef, word[1] == Proclitics.lam else { return false }
    return word[n - 1] == 0x064A || (word[n - 1] == 0x0647 && word[n - 2] == 0x064A)
  }

  /// Whether a candidate of the model has a score of at least 0.9 (its short mentions link).
  static func isSure(_ candidate: Candidate) -> Bool {
    guard case .number(let text)? = candidate.attributes.first(where: { $0.0 == "score" })?.1
    else { return false }
    return (Double(text) ?? 0) >= sureScore
  }
  /// The score from which the model is sure of a name.
  static let sureScore = 0.9
  /// Perceptron scores are sums of integer-like weights, tens apart: divided by this before the
  /// softmax, a margin of 10 between two tags gives 0.73 against 0.27.
  static let scoreTemperature = 10.0
  /// The model's file name in a Models folder.
  public static let fileName = "names.model"

  /// The normalized units of a model span: its first token's proclitics left outside when they
  /// are clearly clitics (before the article, or before a stem the word lists know); nil when
  /// nothing is left.
  func units(of span: Span, text: TokenizedText) -> Range<Int>? {
    let first = text.tokens[span.tokens.lowerBound]
    let last = text.tokens[span.tokens.upperBound - 1]
    let clitic = text.text.units.withUnsafeBufferPointer { units in
      features.cliticLength(UnsafeBufferPointer(rebasing: units[first.range]))
    }
    let units = (first.range.lowerBound + clitic)..<last.range.upperBound
    return units.isEmpty ? nil : units
  }

  /// The candidate of a model span over `units`, of score `score`.
  func candidate(_ span: Span, score: Double, units: Range<Int>, text: TokenizedText)
    -> Candidate
  {
    let canonical = text.text.units.withUnsafeBufferPointer {
      String(utf16: UnsafeBufferPointer(rebasing: $0[units]))
    }
    return Candidate(
      label: span.label, tokens: span.tokens, units: units, canonical: canonical,
      source: NameRecognizer.source,
      attributes: [("score", .number(String(format2: score)))], priority: 0,
      order: Int(Int32.max), evidence: .weak)
  }

  /// The accepted entities a model span may meet, found without reading every one for every
  /// span (the loops over all of them were most of `add` outside the scores).
  ///
  /// Both give indices into `held` in ascending order, the order the loops read them in.
  struct HeldIndex {
    let held: [Held]
    /// The entities by their first unit: keys place << 32 | index, ascending (the order of the
    /// pairs (place, index); places and indices are offsets into one article, below 2³²).
    ///
    /// Plain keys, read as they are sorted: sorting the indices with a closure over the pairs
    /// took longer (11.4 M instructions on the corpus's first 1,000 articles, 8.0 M for the
    /// keys), and so did copying the sorted keys out into indices and places.
    let byUnit: [UInt64]
    /// The longest entity, in units.
    let longest: Int
    /// The weak rules' entities by their first token, keys as in `byUnit`.
    let weakByToken: [UInt64]

    init(_ held: [Held]) {
      self.held = held
      var byUnit: [UInt64] = []
      var weakByToken: [UInt64] = []
      byUnit.reserveCapacity(held.count)
      var longest = 0
      for (k, e) in held.enumerated() {
        byUnit.append(UInt64(e.units.lowerBound) << 32 | UInt64(k))
        if e.isWeakRule { weakByToken.append(UInt64(e.tokens.lowerBound) << 32 | UInt64(k)) }
        longest = max(longest, e.units.count)
      }
      byUnit.sort()
      weakByToken.sort()
      self.byUnit = byUnit
      self.weakByToken = weakByToken
      self.longest = longest
    }

    /// The place of a key.
    @inline(__always)
    static func place(_ key: UInt64) -> Int { Int(key >> 32) }

    /// The index into `held` of a key.
    @inline(__always)
    static func index(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key & 0xFFFF_FFFF) }

    /// The first index of `sorted` whose key's place is at least `value`.
    static func first(_ sorted: [UInt64], atLeast value: Int) -> Int {
      sorted.lowerBound(of: UInt64(max(value, 0)) << 32)
    }

    /// The entities whose units overlap `units`: each begins less than `longest` units before
    /// them.
    func overlapping(_ units: Range<Int>, into picked: inout [Int]) {
      picked.removeAll(keepingCapacity: true)
      var k = HeldIndex.first(byUnit, atLeast: units.lowerBound - longest)
      while k < byUnit.count && HeldIndex.place(byUnit[k]) < units.upperBound {
        let e = HeldIndex.index(byUnit[k])
        if held[e].units.overlaps(units) { picked.append(e) }
        k += 1
      }
      // Most spans meet one entity or none (a call to sort cost more than its work).
      if picked.count > 1 { picked.sort() }
    }

    /// The weak rules' entities whose first token is inside `tokens`, past its first.
    func weakRules(startingIn tokens: Range<Int>, into picked: inout [Int]) {
      picked.removeAll(keepingCapacity: true)
      var k = HeldIndex.first(weakByToken, atLeast: tokens.lowerBound + 1)
      while k < weakByToken.count && HeldIndex.place(weakByToken[k]) < tokens.upperBound {
        picked.append(HeldIndex.index(weakByToken[k]))
        k += 1
      }
      // Most spans meet one entity or none (a call to sort cost more than its work).
      if picked.count > 1 { picked.sort() }
    }
  }

  /// What the precedence reads of an accepted entity.
  struct Held {
    var label: EntityLabel
    var tokens: Range<Int>
    var units: Range<Int>
    /// A PERSON, ORGANIZATION, LOCATION, COUNTRY or NORP.
    var isName: Bool
    /// Found by a rule of weak evidence.
    var isWeakRule: Bool

    /// Candidate `k` of `candidates`, its fields read in place: a copy of the candidate
    /// retained and released its strings and attributes.
    init(_ candidates: UnsafeBufferPointer<Candidate>, at k: Int) {
      label = candidates[k].label
      tokens = candidates[k].tokens
      units = candidates[k].units
      switch label {
      case .person, .organization, .location, .country, .norp: isName = true
      default: isName = false
      }
      isWeakRule =
        candidates[k].evidence == .weak
        && NameFeatures.source(candidates[k].source, hasPrefix: "rule:")
    }
  }

  /// The five features that weighed most for the span's tags against O, summed over its tokens
  /// (the span of score `score`).
  func weighedMost(_ span: Span, score: Double, rows: NameFeatures.Rows, tags: [NameTag])
    -> String
  {
    guard let names = rows.names else { return "" }
    var total: [String: Float] = [:]
    for i in span.tokens {
      for f in rows.offsets[i]..<rows.offsets[i + 1] {
        let w =
          model.weight(of: rows.hashes[f], tag: tags[i])
          - model.weight(of: rows.hashes[f], tag: .outside)
        if w != 0 { total[names[f], default: 0] += w }
      }
    }
    let top = total.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
    return "model score \(String(format2: score)); weighed most: "
      + top.map { "\($0.key) (\($0.value >= 0 ? "+" : "")\(String(format2: Double($0.value))))" }
      .joined(separator: ", ")
  }
}

extension String {
  /// The string of UTF-16 `units`, as `String(decoding:as: UTF16.self)` makes it (a lone
  /// surrogate becomes U+FFFD), transcoded to UTF-8 in one loop: `String(decoding:)` of an array
  /// slice took some 9,000 instructions a model name, the most of making its candidate.
  init(utf16 units: UnsafeBufferPointer<UInt16>) {
    self.init(unsafeUninitializedCapacity: units.count * 3) { bytes in
      var n = 0
      var k = 0
      while k < units.count {
        let u = units[k]
        k += 1
        if u < 0x80 {
          bytes[n] = UInt8(u)
          n += 1
          continue
        }
        var scalar = UInt32(u)
        if u & 0xF800 == 0xD800 {
          if u < 0xDC00, k < units.count, units[k] & 0xFC00 == 0xDC00 {
            scalar = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(units[k]) - 0xDC00)
            k += 1
          } else {
            scalar = 0xFFFD
          }
        }
        if scalar < 0x800 {
          bytes[n] = UInt8(0xC0 | scalar >> 6)
          bytes[n + 1] = UInt8(0x80 | scalar & 0x3F)
          n += 2
        } else if scalar < 0x10000 {
          bytes[n] = UInt8(0xE0 | scalar >> 12)
          bytes[n + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
          bytes[n + 2] = UInt8(0x80 | scalar & 0x3F)
          n += 3
        } else {
          bytes[n] = UInt8(0xF0 | scalar >> 18)
          bytes[n + 1] = UInt8(0x80 | (scalar >> 12) & 0x3F)
          bytes[n + 2] = UInt8(0x80 | (scalar >> 6) & 0x3F)
          bytes[n + 3] = UInt8(0x80 | scalar & 0x3F)
          n += 4
        }
      }
      return n
    }
  }

  /// `x` with two decimals (no Foundation: `0.93`, `-1.20`).
  ///
  /// Its digits written in place, the string made as long as they are (a small string, held
  /// in place, up to 15 bytes): an interpolation of the whole and the hundredths took some
  /// 1,000 instructions a model entity's score.
  init(format2 x: Double) {
    let scaled = Int((abs(x) * 100).rounded())
    let negative = x < 0 && scaled != 0
    // The digits from the last, the hundredths first, at the end of `scratch` from `k` on (at
    // most 19 digits and a point).
    var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
    let (k, count) = withUnsafeMutableBytes(of: &scratch) { scratch in
      var k = scratch.count
      var rest = UInt(scaled)
      var place = 0
      repeat {
        k -= 1
        scratch[k] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        place += 1
        if place == 2 {
          k -= 1
          scratch[k] = UInt8(ascii: ".")
        }
      } while rest != 0 || place < 3
      return (k, scratch.count)
    }
    self = withUnsafeBytes(of: &scratch) { scratch in
      String(unsafeUninitializedCapacity: (negative ? 1 : 0) + count - k) { bytes in
        var n = 0
        if negative {
          bytes[0] = UInt8(ascii: "-")
          n = 1
        }
        for j in k..<count {
          bytes[n] = scratch[j]
          n += 1
        }
        return n
      }
    }
  }
}
