/// Capture slots of a VM thread: (start, end) token pairs, inline.
typealias Captures = SIMD16<Int32>

/// Runs a rule set's phases over one article's tokens.
///
/// This file holds the per-article state and the entity phases' entry point (`candidates`);
/// the rest is split by concern: where rules may start (`RuleMatcher+StartFilters.swift`), the
/// virtual machine (`+Machine`), token tests (`+TokenTests`), what a match emits (`+Emit`), the
/// entities as the matcher sees them (`EntityIndex`), and the relation pass
/// (`Relations/RuleMatcher+Relations.swift`).
///
/// A class: its methods run per token and rule, and passing a struct of a dozen arrays around
/// retained and released every one of them each time.
final class RuleMatcher {
  let rules: RuleSet
  let text: TokenizedText

  /// Per token: the lexicon id of the token as written (-1 when not a rule word).
  let whole: [Int32]
  /// Per token: the lexicon id of the token without its proclitics (-1 when none is a rule word).
  let stem: UnsafePointer<Int32>
  /// Per token: UTF-16 units of proclitics in front of `stem` (0 when none; at most 127,
  /// `Proclitics.Analysis`).
  ///
  /// A byte: this is one of the tables kept per token of the article.
  let clitic: UnsafePointer<UInt8>
  /// Per token: the stem is ال + the token's remainder (ل + ال written لل).
  let restoredArticle: UnsafePointer<Bool>
  /// Per token: the exclusive end of its sentence in tokens.
  let sentenceEnd: UnsafePointer<Int32>
  /// Per requirement bank, then per token: a bit per word requirement that its word or stem, or
  /// those of a token after it in its sentence, meet (`requirementBits`).
  ///
  /// Banks as `RuleSet.StartKeys.banks` and `words`. Bank `b` of token `t` is at
  /// `b · count + t`, so that a pass over tokens writes one bank contiguously.
  let wordsAhead: UnsafePointer<UInt64>
  /// Per token: a bit per kind (`TokenKind.index`) of it and of the tokens after it in its
  /// sentence.
  let kindsAhead: UnsafePointer<UInt8>
  /// Per phase (by the position of its bit, `RuleSet.Phase.bit`), a row of `startWords` words
  /// with a bit per token on which some rule of the phase may start by the token's word or
  /// kind (entity-keyed rules are found through the entity index).
  let keyedStarts: UnsafePointer<UInt64>
  /// The words of one phase's row of `keyedStarts`.
  let startWords: Int
  /// Per token: the index of the written form its stem matches (`writtenForm(at:)`), filled in
  /// when a `written=` test first asks (`unknownForm` until then).
  let writtenForms: UnsafeMutablePointer<Int32>
  static let unknownForm: Int32 = -2
  /// The memory of every per-token table above but `whole`, in one allocation.
  ///
  /// Raw rather than eight arrays: each array allocated costs a look-up of its type's generic
  /// metadata (some 770 instructions), and every read of an array a bounds check (and of the
  /// written forms, in an array kept by a class, an exclusivity check). The tables are read
  /// only at tokens of the article (below `text.tokens.count`).
  private let storage: UnsafeMutableRawPointer

  /// The virtual machine's buffers, shared by every phase's runs over this article.
  let machine = Machine()
  /// The last answer of each token test (`passes`), per pass over a phase.
  let testMemo = TestMemo()
  /// How rules are tried (`Mode`): with the start filters, or every rule everywhere.
  let mode: Mode
  /// Where every match is recorded, when a test asks (`MatchTrace`).
  let trace: MatchTrace?
  /// The extractor's strings of spans, for the display forms of what rules emit (nil: each
  /// made anew).
  let spanStrings: SpanStrings?

  /// How the matcher chooses where to run a rule.
  enum Mode: Sendable {
    /// Only at the tokens a rule's keys mark, after the start filters (`canStart`,
    /// `canContinue`) and the requirement masks (`meetsRequirements`): the normal mode.
    case filtered
    /// Every rule at every token, with no key, filter or requirement: slow, for tests that
    /// hold the filters to giving the same matches.
    case reference
  }

  /// Phases past this many share the last key of `keyedStarts` (`RuleSet.Phase.bit`).
  static let maximumPhaseKeys = 64

  /// The most tokens one match may span.
  static let maximumMatchLength = 64

  /// `wholeIds` are the tokens' lexicon ids as written (-1: none) and `readings` their
  /// proclitic readings (`Proclitics.readings`): the caller looks each token up once for the
  /// gazetteers and the rules together.
  ///
  /// `mode` and `trace` are for tests (`Mode.reference`, `MatchTrace`); `spanStrings`, the
  /// extractor's, keeps display forms across articles.
  init(
    rules: RuleSet, text: TokenizedText, wholeIds: [Int32], readings: [Proclitics.Reading],
    mode: Mode = .filtered, trace: MatchTrace? = nil, spanStrings: SpanStrings? = nil
  ) {
    self.rules = rules
    self.text = text
    self.mode = mode
    self.trace = trace
    self.spanStrings = spanStrings
    let tokens = text.tokens
    let n = tokens.count
    let banks = rules.starts.banks
    let stride = rules.starts.stride
    let words = (n + 63) / 64
    // Per phase key, a bit per token.
    let keyCount = min(rules.phases.count + 1, RuleMatcher.maximumPhaseKeys) * words
    // The tables by alignment, the widest first, at these byte offsets.
    let keysAt = 8 * n * banks
    let endsAt = keysAt + 8 * keyCount
    let stemsAt = endsAt + 4 * n
    let formsAt = stemsAt + 4 * n
    let kindsAt = formsAt + 4 * n
    let cliticsAt = kindsAt + n
    let restoredAt = cliticsAt + n
    let storage = UnsafeMutableRawPointer.allocate(byteCount: restoredAt + n, alignment: 8)
    // Every element of `ahead`, `sentenceEnd` and `kinds` is written below: no fill first.
    let ahead = storage.bindMemory(to: UInt64.self, capacity: n * banks)
    let keyedStarts = (storage + keysAt).initializeMemory(
      as: UInt64.self, repeating: 0, count: keyCount)
    let sentenceEnd = (storage + endsAt).bindMemory(to: Int32.self, capacity: n)
    let stem = (storage + stemsAt).bindMemory(to: Int32.self, capacity: n)
    for i in 0..<n { stem[i] = wholeIds[i] }
    let writtenForms = (storage + formsAt).initializeMemory(
      as: Int32.self, repeating: RuleMatcher.unknownForm, count: n)
    let kinds = (storage + kindsAt).bindMemory(to: UInt8.self, capacity: n)
    let clitic = (storage + cliticsAt).initializeMemory(as: UInt8.self, repeating: 0, count: n)
    let restoredArticle = (storage + restoredAt).initializeMemory(
      as: Bool.self, repeating: false, count: n)
    // The first reading of each token with a rule word for a stem, unless the token is a word
    // in its own right: that is never split (فيصل is not ف + يصل), while a word the rules know
    // only inside a phrase (للقوات in القيادة العامة للقوات المسلحة) still may be.
    var r = 0
    while r < readings.count {
      let reading = readings[r]
      let i = Int(reading.token)
      r += 1
      guard reading.rule >= 0, wholeIds[i] < 0 || !rules.isWordInItsOwnRight(wholeIds[i]) else {
        continue
      }
      stem[i] = reading.rule
      clitic[i] = UInt8(reading.cliticLength)
      restoredArticle[i] = reading.restoresAlef
      while r < readings.count && Int(readings[r].token) == i { r += 1 }
    }
    // Through raw buffers with wrapping arithmetic: the rule set's tables are read once per
    // token of every article, where overflow and bounds checks cost as much as the work.
    tokens.withUnsafeBufferPointer { tokens in
      wholeIds.withUnsafeBufferPointer { whole in
        rules.starts.words.withUnsafeBufferPointer { wordKeys in
          rules.starts.rowOf.withUnsafeBufferPointer { rowOf in
            // One pass from the end: each token's phase keys (`keyedStarts`), its sentence end,
            // and the kinds and the requirement bits of every bank from it to that end. The
            // banks' bits in four locals (`RuleSet.maximumRequirementBanks`): a token's word and
            // stem rows are read once; fewer banks read and write their last bank's word again,
            // to the same place. (A loop over the banks, with their bits in memory, cost more
            // than a pass per bank.) Every element is written: no zero fill first.
            precondition(banks >= 1 && banks <= RuleSet.maximumRequirementBanks)
            let o1 = min(1, banks &- 1)
            let o2 = min(2, banks &- 1)
            let o3 = min(3, banks &- 1)
            let (b1, b2, b3) = (o1 &* n, o2 &* n, o3 &* n)
            let kindPhases = rules.starts.kindPhases
            var end: Int32 = 0
            var kindsFollowing: UInt8 = 0
            var following = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            var i = n &- 1
            while i >= 0 {
              if i &+ 1 >= n || tokens[i &+ 1].sentence != tokens[i].sentence {
                end = Int32(i &+ 1)
                kindsFollowing = 0
                following = (0, 0, 0, 0)
              }
              let kind = tokens[i].kind.index
              kindsFollowing |= UInt8(1) << UInt8(kind)
              kinds[i] = kindsFollowing
              sentenceEnd[i] = end
              // The token's phase keys (`keyedStarts`) by its kind, word and stem, read with the
              // requirement bits of the same rows.
              var keys = kindPhases[kind]
              // The word's row, then the stem's: written out twice, since a nested function
              // updating these locals cost 2.3 M instructions more on 300 articles.
              let id = Int(whole[i])
              let wordRow = id >= 0 ? Int(rowOf[id]) : 0
              if wordRow != 0 {
                keys |= wordKeys[wordRow &* stride]
                let row = wordRow &* stride &+ 1
                following.0 |= wordKeys[row]
                following.1 |= wordKeys[row &+ o1]
                following.2 |= wordKeys[row &+ o2]
                following.3 |= wordKeys[row &+ o3]
              }
              let stemId = Int(stem[i])
              let stemRow = stemId >= 0 ? Int(rowOf[stemId]) : 0
              // A stem equal to the word as written adds nothing.
              if stemRow != 0 && stemRow != wordRow {
                keys |= wordKeys[stemRow &* stride]
                let row = stemRow &* stride &+ 1
                following.0 |= wordKeys[row]
                following.1 |= wordKeys[row &+ o1]
                following.2 |= wordKeys[row &+ o2]
                following.3 |= wordKeys[row &+ o3]
              }
              ahead[b3 &+ i] = following.3
              ahead[b2 &+ i] = following.2
              ahead[b1 &+ i] = following.1
              ahead[i] = following.0
              while keys != 0 {
                let key = min(keys.trailingZeroBitCount, RuleMatcher.maximumPhaseKeys - 1)
                keyedStarts[key &* words &+ i &>> 6] |= 1 &<< UInt64(i & 63)
                keys &= keys &- 1
              }
              i &-= 1
            }
          }
        }
      }
    }
    self.storage = storage
    self.wordsAhead = UnsafePointer(ahead)
    self.kindsAhead = UnsafePointer(kinds)
    self.whole = wholeIds
    self.stem = UnsafePointer(stem)
    self.clitic = UnsafePointer(clitic)
    self.restoredArticle = UnsafePointer(restoredArticle)
    self.sentenceEnd = UnsafePointer(sentenceEnd)
    self.keyedStarts = UnsafePointer(keyedStarts)
    self.startWords = words
    self.writtenForms = writtenForms
  }

  deinit { storage.deallocate() }

  /// The UTF-16 start of a span that begins at token `i`: after its proclitics.
  func spanStart(_ i: Int, _ index: EntityIndex) -> Int {
    let entityStart = index.entityStart(i)
    if entityStart >= 0 { return Int(entityStart) }
    return Int(text.tokens[i].start) + Int(clitic[i])
  }

  /// The requirement bits of bank `bank` (`RuleSet.StartKeys.words`) that the word or the stem
  /// of the token at `position` meets.
  @inline(__always)
  func requirementBits(_ position: Int, bank: Int) -> UInt64 {
    let stride = rules.starts.stride
    var bits: UInt64 = 0
    let row = rules.starts.row(whole[position])
    if row != 0 { bits = rules.starts.words[row * stride + 1 + bank] }
    let stemRow = rules.starts.row(stem[position])
    if stemRow != 0 && stemRow != row { bits |= rules.starts.words[stemRow * stride + 1 + bank] }
    return bits
  }

  /// Every candidate of one phase, before overlap resolution; `entities` indexes `accepted`.
  func candidates(phase: RuleSet.Phase, entities: EntityIndex, accepted: [Candidate]) -> [Candidate]
  {
    var result: [Candidate] = []
    // The name, not the phase, in the closure: capturing the phase copied it (all its arrays
    // retained) at every match.
    let phaseName = phase.name
    forEachMatch(phase, entities) { rule, start, end, captures in
      trace?.record(phase: phaseName, rule: rule, start: start, end: end, captures: captures)
      // Room for a few at the first match: grown one by one from nothing, the array was copied
      // and reallocated 12,700 times on 1,000 articles (3.4 candidates per phase run).
      if result.isEmpty { result.reserveCapacity(8) }
      emit(rule, start: start, end: end, captures: captures, entities, accepted, into: &result)
    }
    return result
  }
}
