/// Where rules may start: the keys, the start filters and the requirement masks that spare
/// the machine most hopeless runs without changing any result (DESIGN.md, "Rules").
extension RuleMatcher {
  /// Calls `body` with the longest match of every rule of `phase` at every token where it
  /// may start.
  func forEachMatch(
    _ phase: RuleSet.Phase, _ entities: EntityIndex,
    _ body: (CompiledRule, Int, Int, Captures) -> Void
  ) {
    let ruleCount = phase.rules.count
    guard ruleCount > 0 else { return }
    if mode == .reference {
      forEachMatchEverywhere(phase, entities, body)
      return
    }
    // The phase's rules read unretained: `phase` holds them for the whole call, and a retain and
    // release per rule tried (atomic, on a shared object) cost more than the tests before a run.
    phase.rules.withUnsafeBufferPointer { list in
      list.withMemoryRebound(to: Unmanaged<CompiledRule>.self) { unretained in
        forEachMatch(phase, entities, unretained, body)
      }
    }
  }

  /// `forEachMatch` over `unretained`, the phase's rules.
  private func forEachMatch(
    _ phase: RuleSet.Phase, _ entities: EntityIndex,
    _ unretained: UnsafeBufferPointer<Unmanaged<CompiledRule>>,
    _ body: (CompiledRule, Int, Int, Captures) -> Void
  ) {
    let ruleCount = unretained.count
    let words = startWords
    let tokenCount = text.tokens.count
    // Test answers hold for this phase's entities only.
    testMemo.begin(tests: rules.tests.masks.count)
    // Per rule, the last start it was listed for; the rules listed for the current start; the
    // starts as bits. Temporary buffers rather than arrays: an array made per phase and
    // article costs more than its use (each allocation looks up its type's generic metadata).
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * ruleCount) { scratch in
      withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { startBits in
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: text.tokens.count) {
          labelsAhead in
          phase.requirementMasks.withUnsafeBufferPointer { requirementMasks in
            phase.foldedRequirements.withUnsafeBufferPointer { foldedRequirements in
              // Per token from a start on, the labels (of those the phase requires) of the
              // entities that start on it or after it in its sentence: filled in for a sentence
              // at the first start that reads it, up to `aheadEnd`.
              var requiredLabels: UInt16 = 0
              for masks in requirementMasks { requiredLabels |= masks.labels }
              var aheadEnd = 0
              let seen = UnsafeMutableBufferPointer(rebasing: scratch[..<ruleCount])
              let candidates = UnsafeMutableBufferPointer(
                rebasing: scratch[ruleCount..<2 * ruleCount])
              // Per rule, the token before which its requirements are known to fail (see below).
              let failsBefore = UnsafeMutableBufferPointer(rebasing: scratch[(2 * ruleCount)...])
              seen.initialize(repeating: -1)
              failsBefore.initialize(repeating: 0)
              // Most tokens key no rule of the phase: visit only those a word or kind keys (marked
              // once per article) and those where an entity of a keyed label starts, in text order.
              let row =
                min(phase.bit.trailingZeroBitCount, RuleMatcher.maximumPhaseKeys - 1) * words
              for w in 0..<words { startBits[w] = keyedStarts[row + w] }
              entities.markStarts(withLabels: phase.labelKeys, in: startBits)
              entities.markInside(withLabels: phase.insideKeys, in: startBits)
              for w in 0..<words {
                var bits = startBits[w]
                while bits != 0 {
                  let start = w << 6 | bits.trailingZeroBitCount
                  bits &= bits - 1
                  // The rules that may start here, found by key rather than by trying every rule.
                  var listed = 0
                  func consider(_ lists: KeyedLists, _ key: Int) {
                    for k in lists.range(key) {
                      let r = Int(lists.items[k])
                      if seen[r] != start {
                        seen[r] = start
                        candidates[listed] = r
                        listed += 1
                      }
                    }
                  }
                  if whole[start] >= 0 { consider(phase.byWord, Int(whole[start])) }
                  if stem[start] >= 0 && stem[start] != whole[start] {
                    consider(phase.byWord, Int(stem[start]))
                  }
                  var labels = entities.startsHere(start)
                  while labels != 0 {
                    consider(phase.byLabel, labels.trailingZeroBitCount)
                    labels &= labels - 1
                  }
                  consider(phase.byKind, text.tokens[start].kind.index)
                  var insides = entities.inside(start) & phase.insideKeys
                  while insides != 0 {
                    consider(phase.byInside, insides.trailingZeroBitCount)
                    insides &= insides - 1
                  }
                  for r in phase.always where seen[Int(r)] != start {
                    seen[Int(r)] = start
                    candidates[listed] = Int(r)
                    listed += 1
                  }
                  let sentenceLeft = Int(sentenceEnd[start])
                  // Read at the first requirement of a label at this start: most starts list no
                  // rule that requires one.
                  var labelsHere: UInt16 = 0
                  var labelsKnown = false
                  // Whether the run's limit is the sentence's end: then the masks of what lies
                  // ahead in the sentence answer the requirements exactly.
                  let wholeSentence = sentenceLeft <= start + RuleMatcher.maximumMatchLength
                  // By index: an iterator over a slice of the buffer cost 5 instructions a rule.
                  for i in 0..<listed {
                    let r = candidates[i]
                    guard failsBefore[r] <= start else { continue }
                    // The requirements against the sentence ahead first: a mask test for all the
                    // words, labels and kinds required alone (`FoldedRequirements`), one for each
                    // other. One missing there is missing for every later start of the sentence
                    // too.
                    // Read in place: a copy of the entry per rule cost 16 instructions.
                    let folded = foldedRequirements.baseAddress.unsafelyUnwrapped + r
                    let answered = wholeSentence && folded.pointee.complete
                    var missing =
                      (folded.pointee.words.0 != 0
                        && wordsAhead[start] & folded.pointee.words.0 != folded.pointee.words.0)
                      || (folded.pointee.words.1 != 0
                        && wordsAhead[tokenCount &+ start] & folded.pointee.words.1
                          != folded.pointee.words.1)
                      || (folded.pointee.words.2 != 0
                        && wordsAhead[2 &* tokenCount &+ start] & folded.pointee.words.2
                          != folded.pointee.words.2)
                      || (folded.pointee.words.3 != 0
                        && wordsAhead[3 &* tokenCount &+ start] & folded.pointee.words.3
                          != folded.pointee.words.3)
                      || kindsAhead[start] & folded.pointee.kinds != folded.pointee.kinds
                    if !missing && folded.pointee.readsLabels && !labelsKnown {
                      if start >= aheadEnd {
                        // Through a raw buffer with wrapping arithmetic: this reads most tokens
                        // of the article once per phase, where the bounds checks cost as much
                        // as the work.
                        entities.perToken.withUnsafeBufferPointer { perToken in
                          var labels: UInt16 = 0
                          var t = sentenceLeft &- 1
                          while t >= start {
                            labels |= perToken[t].startsHere & requiredLabels
                            labelsAhead[t] = labels
                            t &-= 1
                          }
                        }
                        aheadEnd = sentenceLeft
                      }
                      labelsHere = labelsAhead[start]
                      labelsKnown = true
                    }
                    missing = missing || labelsHere & folded.pointee.labels != folded.pointee.labels
                    var k = Int(folded.pointee.first)
                    while !missing && k < Int(folded.pointee.unfoldedEnd) {
                      let masks = requirementMasks[k]
                      missing =
                        labelsHere & masks.labels == 0
                        && wordsAhead[Int(masks.bank) * tokenCount + start] & masks.words == 0
                        && kindsAhead[start] & masks.kinds == 0
                      k += 1
                    }
                    if missing {
                      failsBefore[r] = sentenceLeft
                      continue
                    }
                    unretained[r]._withUnsafeGuaranteedRef { rule in
                      if let look = rule.leadingLook,
                        !looks(
                          look.index, behind: look.behind, whereNone: look.whereNone, at: start,
                          from: start, entities)
                      {
                        return
                      }
                      guard rule.startImpliedByKey || canStart(rule, at: start, entities),
                        canContinue(rule, from: start, entities),
                        phase.entryRequirementStarts[r] == phase.entryRequirementStarts[r + 1]
                          || meetsEntryRequirements(
                            phase, Int(phase.entryRequirementStarts[r]),
                            Int(phase.entryRequirementStarts[r + 1]), from: start, entities)
                      else { return }
                      guard
                        answered
                          || meetsRequirements(
                            rule, from: start, entities, wordBits: phase.requirementWordBits,
                            first: Int(folded.pointee.first))
                      else {
                        // Something every match holds is missing from here to the sentence's end
                        // (when that is the limit): no later start of the sentence can find it
                        // either.
                        let end = Int(sentenceEnd[start])
                        if end <= start + RuleMatcher.maximumMatchLength { failsBefore[r] = end }
                        return
                      }
                      if let (end, captures) = run(rule, from: start, entities, machine) {
                        body(rule, start, end, captures)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Calls `body` with the longest match of every rule of `phase` at every token, trying each
  /// rule at each token with no filter (`Mode.reference`).
  ///
  /// Starts in text order and rules in file order; the filtered mode lists a start's rules by
  /// key instead, so the two agree on the set of matches, not on their order within a start.
  func forEachMatchEverywhere(
    _ phase: RuleSet.Phase, _ entities: EntityIndex,
    _ body: (CompiledRule, Int, Int, Captures) -> Void
  ) {
    for start in text.tokens.indices {
      for rule in phase.rules {
        if let (end, captures) = run(rule, from: start, entities, machine) {
          body(rule, start, end, captures)
        }
      }
    }
  }

  /// Whether any entry instruction of `rule` accepts the token at `position`; for a relation
  /// rule, any entry from which a match may assert something (`CompiledRule.startItems`).
  func canStart(_ rule: CompiledRule, at position: Int, _ entities: EntityIndex) -> Bool {
    rule.startItems.withUnsafeBufferPointer { accepts($0, at: position, entities) }
  }

  /// Whether the token after what a run of `rule` takes first from `start` (the start token,
  /// or an entity starting there: `CompiledRule.secondAfterEntity`) can take it further
  /// (`CompiledRule.second`), when the rule says what that token must be: on a path whose
  /// entry instruction accepts the start (`CompiledRule.continuationItems`).
  func canContinue(_ rule: CompiledRule, from start: Int, _ entities: EntityIndex) -> Bool {
    guard rule.second != nil else { return true }
    let limit = min(Int(sentenceEnd[start]), start + RuleMatcher.maximumMatchLength)
    if rule.secondAfterEntity {
      return canContinueAfterEntity(rule, from: start, limit, entities)
        || (!rule.longPhraseEntries.isEmpty && continuesPhrase(rule, from: start, limit))
    }
    guard start + 1 < limit else { return false }
    guard rule.secondItems.withUnsafeBufferPointer({ accepts($0, at: start + 1, entities) })
    else { return !rule.longPhraseEntries.isEmpty && continuesPhrase(rule, from: start, limit) }
    let path = rule.continuationItems.withUnsafeBufferPointer { items in
      var i = 0
      while i < items.count {
        let first = Int(items[i])
        let then = Int(items[i + 1])
        let entries = UnsafeBufferPointer(rebasing: items[(i + 2)..<(i + 2 + first)])
        let seconds = UnsafeBufferPointer(
          rebasing: items[(i + 2 + first)..<(i + 2 + first + then)])
        if accepts(seconds, at: start + 1, entities) && accepts(entries, at: start, entities) {
          return true
        }
        i += 2 + first + then
      }
      return false
    }
    return path || (!rule.longPhraseEntries.isEmpty && continuesPhrase(rule, from: start, limit))
  }

  /// Whether an entry phrase of `rule` with an item of several words
  /// (`CompiledRule.longPhraseEntries`) takes the start token and the one after it, within the
  /// run's `limit`: read as `forEachPhraseEnd` reads them (the first as written or as stem).
  private func continuesPhrase(_ rule: CompiledRule, from start: Int, _ limit: Int) -> Bool {
    guard start + 1 < limit else { return false }
    let second = whole[start + 1]
    guard second >= 0 else { return false }
    func takes(_ first: Int32, _ trie: Int) -> Bool {
      guard rules.phrases.firsts.contains(first, trie: trie),
        let node = rules.phrases.edges[rules.phrases.roots[trie], first]
      else { return false }
      return rules.phrases.edges[node, second] != nil
    }
    for trie in rule.longPhraseEntries {
      if takes(whole[start], Int(trie))
        || (stem[start] != whole[start] && takes(stem[start], Int(trie)))
      {
        return true
      }
    }
    return false
  }

  /// `canContinue` for a rule with an entity among its entries: per path, each entry that
  /// takes the start (an entity whole, ending within the run's `limit`) and then one of the
  /// path's second instructions accepting the token after it.
  private func canContinueAfterEntity(
    _ rule: CompiledRule, from start: Int, _ limit: Int, _ entities: EntityIndex
  ) -> Bool {
    rule.continuationItems.withUnsafeBufferPointer { items in
      // Indices into the buffer rather than slices of it: a slice per path and a rebased buffer
      // per entry cost bounds checks that were most of this function's own instructions.
      var i = 0
      while i < items.count {
        let first = Int(items[i])
        let then = Int(items[i &+ 1])
        let secondsStart = i &+ 2 &+ first
        var e = i &+ 2
        while e < secondsStart {
          let entry = items[e]
          e &+= 1
          let next: Int
          if entry & 3 == 2 {
            guard let end = entities.end(precedence: Int(entry >> 2), at: start), end <= limit
            else { continue }
            next = end
          } else {
            guard accepts(entry, at: start, entities) else { continue }
            next = start &+ 1
          }
          guard next < limit else { continue }
          var k = secondsStart
          while k < secondsStart &+ then {
            if accepts(items[k], at: next, entities) { return true }
            k &+= 1
          }
        }
        i = secondsStart &+ then
      }
      return false
    }
  }

  /// Whether some entry of a rule that accepts the token at `start` has one of its own required
  /// words (`CompiledRule.entryRequirements`) ahead in the start's sentence: the phase's entry
  /// requirements `first..<end` read against the sentence's masks (`wordsAhead`).
  func meetsEntryRequirements(
    _ phase: RuleSet.Phase, _ first: Int, _ end: Int, from start: Int, _ entities: EntityIndex
  ) -> Bool {
    for k in first..<end {
      let (item, bank, mask) = phase.entryRequirements[k]
      guard accepts(item, at: start, entities) else { continue }
      if mask == 0 || wordsAhead[Int(bank) * text.tokens.count + start] & mask != 0 {
        return true
      }
    }
    return false
  }

  /// Whether any of `items` (`CompiledRule.acceptanceItems`) accepts the token at `position`.
  @inline(__always)
  private func accepts(
    _ items: UnsafeBufferPointer<Int32>, at position: Int, _ entities: EntityIndex
  ) -> Bool {
    for item in items where accepts(item, at: position, entities) { return true }
    return false
  }

  /// Whether `item` (`CompiledRule.acceptanceItems`) accepts the token at `position`.
  @inline(__always)
  private func accepts(_ item: Int32, at position: Int, _ entities: EntityIndex) -> Bool {
    let index = Int(item >> 2)
    switch item & 3 {
    case 0: return passes(index, at: position, entities)
    case 1:
      return rules.phrases.firsts.contains(whole[position], trie: index)
        || rules.phrases.firsts.contains(stem[position], trie: index)
    case 2:
      if let end = entities.end(precedence: index, at: position),
        end <= Int(sentenceEnd[position])
      {
        return true
      }
      return false
    default: return true
    }
  }

  /// Whether the tokens a run of `rule` from `start` may reach hold everything every match of
  /// the rule contains.
  ///
  /// Most runs that would fail are refused here for the cost of a scan.
  ///
  /// `wordBits` from `first` hold the bits of the rule's word requirements in
  /// `RuleSet.StartKeys.words` (`RuleSet.Phase.requirementWordBits`).
  func meetsRequirements(
    _ rule: CompiledRule, from start: Int, _ entities: EntityIndex, wordBits: [Int16], first: Int
  ) -> Bool {
    guard !rule.requirements.isEmpty else { return true }
    let limit = min(Int(sentenceEnd[start]), start + RuleMatcher.maximumMatchLength)
    // Scanned through raw buffers: these loops run for most candidate starts, and bounds
    // checks were half their cost.
    return entities.perToken.withUnsafeBufferPointer { perToken in
      whole.withUnsafeBufferPointer { whole in
        text.tokens.withUnsafeBufferPointer { tokens in
          for (k, requirement) in rule.requirements.enumerated() {
            var found = false
            if requirement.labels != 0 {
              for t in start..<limit where perToken[t].startsHere & requirement.labels != 0 {
                found = true
                break
              }
            }
            if !found && !requirement.words.isEmpty {
              let bit = Int(wordBits[first + k])
              if bit >= 0 {
                let mask = UInt64(1) << UInt64(bit & 63)
                for t in start..<limit where requirementBits(t, bank: bit >> 6) & mask != 0 {
                  found = true
                  break
                }
              } else {
                found = requirement.words.withUnsafeBufferPointer { words in
                  func has(_ id: Int32) -> Bool {
                    id >= 0 && Int(id) >> 6 < words.count
                      && words[Int(id) >> 6] & (1 << UInt64(id & 63)) != 0
                  }
                  for t in start..<limit where has(whole[t]) || has(stem[t]) { return true }
                  return false
                }
              }
            }
            if !found && requirement.kinds != 0 {
              for t in start..<limit
              where requirement.kinds & (1 << UInt8(tokens[t].kind.index)) != 0 {
                found = true
                break
              }
            }
            if !found { return false }
          }
          return true
        }
      }
    }
  }

}
