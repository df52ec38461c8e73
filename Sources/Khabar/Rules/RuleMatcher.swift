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
  let stem: [Int32]
  /// Per token: UTF-16 units of proclitics in front of `stem` (0 when none; at most 127,
  /// `Proclitics.Analysis`).
  ///
  /// A byte: this is one of the arrays kept per token of the article.
  let clitic: [UInt8]
  /// Per token: the stem is ال + the token's remainder (ل + ال written لل).
  let restoredArticle: [Bool]
  /// Per requirement bank, then per token: a bit per word requirement its word or stem meets.
  ///
  /// Banks as `RuleSet.StartKeys.banks` and `words`. Bank `b` of token `t` is at
  /// `b · count + t`, so that a scan over tokens reads one bank contiguously.
  let requirementWords: [UInt64]
  /// Per token: the exclusive end of its sentence in tokens.
  let sentenceEnd: [Int32]
  /// Per requirement bank, then per token (as `requirementWords`): the `requirementWords` bits
  /// of it and of the tokens after it in its sentence.
  let wordsAhead: [UInt64]
  /// Per token: a bit per kind (`TokenKind.index`) of it and of the tokens after it in its
  /// sentence.
  let kindsAhead: [UInt8]
  /// Per phase (by the position of its bit, `RuleSet.Phase.bit`), a row of `startWords` words
  /// with a bit per token on which some rule of the phase may start by the token's word or
  /// kind (entity-keyed rules are found through the entity index).
  let keyedStarts: [UInt64]
  /// The words of one phase's row of `keyedStarts`.
  let startWords: Int

  /// The virtual machine's buffers, shared by every phase's runs over this article.
  let machine = Machine()
  /// The last answer of each token test (`passes`), per pass over a phase.
  let testMemo = TestMemo()
  /// Display-form answers for `written=` tests, per token.
  let writtenForms: WrittenForms
  /// How rules are tried (`Mode`): with the start filters, or every rule everywhere.
  let mode: Mode
  /// Where every match is recorded, when a test asks (`MatchTrace`).
  let trace: MatchTrace?

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
  /// `mode` and `trace` are for tests (`Mode.reference`, `MatchTrace`).
  init(
    rules: RuleSet, text: TokenizedText, wholeIds: [Int32], readings: [Proclitics.Reading],
    mode: Mode = .filtered, trace: MatchTrace? = nil
  ) {
    self.rules = rules
    self.text = text
    self.mode = mode
    self.trace = trace
    let tokens = text.tokens
    let n = tokens.count
    var stem = wholeIds
    var clitic = [UInt8](repeating: 0, count: n)
    var restoredArticle = [Bool](repeating: false, count: n)
    var sentenceEnd = [Int32](repeating: 0, count: n)
    // Per token, a bit per phase in which some rule may start on it by its word or kind.
    var phaseKeys = [UInt64](repeating: 0, count: n)
    let banks = rules.starts.banks
    let stride = rules.starts.stride
    var requirementWords = [UInt64](repeating: 0, count: n * banks)
    // Through raw buffers, the rule set's tables read once: once per token of every article.
    rules.starts.words.withUnsafeBufferPointer { wordKeys in
      rules.starts.kindPhases.withUnsafeBufferPointer { kindPhases in
        tokens.withUnsafeBufferPointer { tokens in
          wholeIds.withUnsafeBufferPointer { wholeIds in
            phaseKeys.withUnsafeMutableBufferPointer { phaseKeys in
              requirementWords.withUnsafeMutableBufferPointer { requirementWords in
                for i in 0..<n {
                  var keys = kindPhases[tokens[i].kind.index]
                  let id = Int(wholeIds[i])
                  if id >= 0 {
                    let row = id * stride
                    keys |= wordKeys[row]
                    for b in 0..<banks { requirementWords[b * n + i] = wordKeys[row + 1 + b] }
                  }
                  phaseKeys[i] = keys
                }
              }
            }
          }
        }
      }
    }
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
      let row = Int(reading.rule) * stride
      phaseKeys[i] |= rules.starts.words[row]
      for b in 0..<banks { requirementWords[b * n + i] |= rules.starts.words[row + 1 + b] }
      while r < readings.count && Int(readings[r].token) == i { r += 1 }
    }
    self.requirementWords = requirementWords
    var wordsAhead = requirementWords
    var kindsAhead = [UInt8](repeating: 0, count: n)
    // One pass from the end: each token's sentence end, and what lies from it to that end.
    wordsAhead.withUnsafeMutableBufferPointer { words in
      kindsAhead.withUnsafeMutableBufferPointer { kinds in
        tokens.withUnsafeBufferPointer { tokens in
          sentenceEnd.withUnsafeMutableBufferPointer { sentenceEnd in
            var i = n - 1
            while i >= 0 {
              kinds[i] = 1 << UInt8(tokens[i].kind.index)
              if i + 1 < n && tokens[i + 1].sentence == tokens[i].sentence {
                sentenceEnd[i] = sentenceEnd[i + 1]
                for b in 0..<banks { words[b * n + i] |= words[b * n + i + 1] }
                kinds[i] |= kinds[i + 1]
              } else {
                sentenceEnd[i] = Int32(i + 1)
              }
              i -= 1
            }
          }
        }
      }
    }
    self.wordsAhead = wordsAhead
    self.kindsAhead = kindsAhead
    self.whole = wholeIds
    self.stem = stem
    self.clitic = clitic
    self.restoredArticle = restoredArticle
    self.sentenceEnd = sentenceEnd
    // Per phase key, a bit per token: one pass over the set bits of `phaseKeys`.
    let words = (n + 63) / 64
    var keyedStarts = [UInt64](
      repeating: 0, count: min(rules.phases.count + 1, RuleMatcher.maximumPhaseKeys) * words)
    keyedStarts.withUnsafeMutableBufferPointer { keyed in
      for (t, keys) in phaseKeys.enumerated() {
        var bits = keys
        while bits != 0 {
          keyed[
            min(bits.trailingZeroBitCount, RuleMatcher.maximumPhaseKeys - 1) * words + t >> 6] |=
            1 << UInt64(t & 63)
          bits &= bits - 1
        }
      }
    }
    self.keyedStarts = keyedStarts
    self.startWords = words
    self.writtenForms = WrittenForms(count: rules.tests.writtenForms.isEmpty ? 0 : tokens.count)
  }

  /// The UTF-16 start of a span that begins at token `i`: after its proclitics.
  func spanStart(_ i: Int, _ index: EntityIndex) -> Int {
    let entityStart = index.entityStart(i)
    if entityStart >= 0 { return Int(entityStart) }
    return Int(text.tokens[i].start) + Int(clitic[i])
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
      emit(rule, start: start, end: end, captures: captures, entities, accepted, into: &result)
    }
    return result
  }
}
