/// The relation pass: relation rules run over the article's final entities, each match
/// asserting relations between the entities its captures hold (`CountryPairs` for pair words).
extension RuleMatcher {
  /// Every relation the relation rules find among `all` (the article's final entities).
  ///
  /// `work` counts the steps of pair-word resolution.
  func relations(
    phase: RuleSet.Phase, all: [Candidate], work: inout WorkCount
  ) -> [RelationCandidate] {
    let entities = EntityIndex(all, tokenCount: text.tokens.count)
    var result: [RelationCandidate] = []
    // Made at the first pair word: most articles have none.
    var pairs: CountryPairs?
    defer { work.pairSteps += pairs?.steps ?? 0 }
    // The name, not the phase, in the closure: capturing the phase copied it (all its arrays
    // retained) at every match.
    let phaseName = phase.name
    forEachMatch(phase, entities) { rule, start, end, captures in
      trace?.record(phase: phaseName, rule: rule, start: start, end: end, captures: captures)
      func entity(_ slot: Int, _ labels: UInt16) -> Int? {
        guard slot >= 0 else { return nil }
        let a = Int(captures[2 * slot])
        let b = Int(captures[2 * slot + 1])
        guard a >= 0, b > a else { return nil }
        return entities.first(spanning: a..<b) {
          labels & 1 << UInt16(all[$0].label.precedence) != 0
        }
      }
      /// The two countries a pair word (البلدين) stands for (`CountryPairs`).
      func pair(_ slot: Int) -> (Int, Int)? {
        guard slot >= 0 else { return nil }
        let a = Int(captures[2 * slot])
        let b = Int(captures[2 * slot + 1])
        // An optional capture that matched nothing still records where it stood: not a pair.
        // Nor is a capture of several tokens or of part of an entity (`[COUNTRY !LOCATION]+`
        // started inside a country's name): a pair word is one token and no entity.
        guard a >= 0, b == a + 1, entities.inside(a) == 0 else { return nil }
        if pairs == nil { pairs = CountryPairs(all) }
        return pairs?.pair(before: a)
      }
      let evidence = spanStart(start, entities)..<Int(text.tokens[end - 1].end)
      // Only where a predicate of the rule can carry it: most matches are titles.
      let modality = rule.relationModality ? self.modality(start: start, end: end) : []
      rule.relationEmits.withUnsafeBufferPointer { emits in
        for spec in emits {
          // At most two subjects: a pair of ints, not an array allocated per emit and match.
          var subjects = (-1, -1)
          if let subject = entity(spec.subject, spec.subjects) {
            subjects.0 = subject
          } else if spec.pairs, let two = pair(spec.subject) {
            subjects = two
          }
          guard subjects.0 >= 0, let object = entity(spec.object, spec.objects) else { continue }
          for k in 0..<2 {
            let subject = k == 0 ? subjects.0 : subjects.1
            guard subject >= 0, subject != object else { continue }
            result.append(
              RelationCandidate(
                predicate: spec.predicate, subject: subject, object: object, evidence: evidence,
                rule: rule.spec.name,
                priority: rule.spec.priority,
                modality: spec.takesModality ? modality : []))
          }
        }
      }
    }
    return result
  }

  /// How many tokens before a relation's match a cue may start.
  static let modalityReach = 3
  /// How many tokens after a relation's match a cue of an `after @LIST` clause may start.
  static let modalityReachAfter = 2

  /// The flags of a relation matched over tokens `start..<end`: each `modality` list (a
  /// `RuleSet.modalities` trie) with an item that starts within the match or in the
  /// `modalityReach` tokens before it, in the match's sentence, where no item of the
  /// statement's exceptions starts.
  ///
  /// `لم يوقع الجانبان الاتفاقية` (verb first: the cue just before the match) and `الجانبان لم
  /// يوقعا الاتفاقية` (subject first: the cue inside it) are both negated; `من المقرر أن يزور`
  /// puts the cue three tokens before the verb. Cost: at most `modalityReach` + match length
  /// trie walks per list, per match.
  func modality(start: Int, end: Int) -> Modality {
    var result: Modality = []
    guard !rules.modalities.isEmpty else { return result }
    let tokens = text.tokens
    var first = start
    while first > 0, start - first < RuleMatcher.modalityReach,
      tokens[first - 1].sentence == tokens[start].sentence
    {
      first -= 1
    }
    let limit = Int(sentenceEnd[start])
    for (modality, trie, except, after) in rules.modalities where !result.contains(modality) {
      var position = first
      while position < end && !result.contains(modality) {
        defer { position += 1 }
        // An exception that starts here (لا تزال, still) is no cue, whatever it starts with.
        if let except {
          var excepted = false
          forEachPhraseEnd(except, from: position, limit: limit) { _ in excepted = true }
          if excepted { continue }
        }
        forEachPhraseEnd(trie, from: position, limit: limit) { _ in result.insert(modality) }
      }
      // The statement's cues after the match: one that starts in the next
      // `modalityReachAfter` tokens of the sentence (زيارة موغيريني إلى الخليج المرتقبة).
      if let after {
        var position = end
        while position < min(end + RuleMatcher.modalityReachAfter, limit)
          && !result.contains(modality)
        {
          forEachPhraseEnd(after, from: position, limit: limit) { _ in result.insert(modality) }
          position += 1
        }
      }
    }
    return result
  }
}
