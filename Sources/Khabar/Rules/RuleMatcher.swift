/// Capture slots of a VM thread: (start, end) token pairs, inline.
typealias Captures = SIMD16<Int32>

/// Runs a rule set's phases over one article's tokens.
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
  /// Per token: a bit per word requirement its word or stem meets (`RuleSet.requirementWords`).
  let requirementWords: [UInt64]
  /// Per token: the exclusive end of its sentence in tokens.
  let sentenceEnd: [Int32]
  /// Per phase (by the position of its bit, `RuleSet.Phase.bit`), a row of `startWords` words
  /// with a bit per token on which some rule of the phase may start by the token's word or
  /// kind (entity-keyed rules are found through the entity index).
  let keyedStarts: [UInt64]
  /// The words of one phase's row of `keyedStarts`.
  let startWords: Int

  /// The virtual machine's buffers, shared by every phase's runs over this article.
  let machine = Machine()
  /// Display-form answers for `written=` tests, per token.
  let writtenForms: WrittenForms

  /// Phases past this many share the last key of `keyedStarts` (`RuleSet.Phase.bit`).
  static let maximumPhaseKeys = 64

  /// The most tokens one match may span.
  static let maximumMatchLength = 64

  /// `wholeIds` are the tokens' lexicon ids as written (-1: none) and `readings` their
  /// proclitic readings (`Proclitics.readings`): the caller looks each token up once for the
  /// gazetteers and the rules together.
  init(rules: RuleSet, text: TokenizedText, wholeIds: [Int32], readings: [Proclitics.Reading]) {
    self.rules = rules
    self.text = text
    let tokens = text.tokens
    let n = tokens.count
    var stem = wholeIds
    var clitic = [UInt8](repeating: 0, count: n)
    var restoredArticle = [Bool](repeating: false, count: n)
    var sentenceEnd = [Int32](repeating: 0, count: n)
    // Per token, a bit per phase in which some rule may start on it by its word or kind.
    var phaseKeys = [UInt64](repeating: 0, count: n)
    var requirementWords = [UInt64](repeating: 0, count: n)
    for (i, token) in tokens.enumerated() {
      var keys = rules.kindPhases[token.kind.index]
      if wholeIds[i] >= 0 {
        keys |= rules.wordPhases[Int(wholeIds[i])]
        requirementWords[i] = rules.requirementWords[Int(wholeIds[i])]
      }
      phaseKeys[i] = keys
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
      phaseKeys[i] |= rules.wordPhases[Int(reading.rule)]
      requirementWords[i] |= rules.requirementWords[Int(reading.rule)]
      while r < readings.count && Int(readings[r].token) == i { r += 1 }
    }
    self.requirementWords = requirementWords
    var i = tokens.count - 1
    while i >= 0 {
      sentenceEnd[i] =
        (i + 1 < tokens.count && tokens[i + 1].sentence == tokens[i].sentence)
        ? sentenceEnd[i + 1] : Int32(i + 1)
      i -= 1
    }
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
    self.writtenForms = WrittenForms(count: rules.writtenForms.isEmpty ? 0 : tokens.count)
  }

  /// What the entities accepted so far look like to a phase.
  ///
  /// Flat arrays indexed by token: the matcher asks these per token and per rule, where dictionary
  /// hashing was a tenth of the run time. Per-token arrays only (not per token and label): the
  /// index is rebuilt for every phase, and clearing label-by-token tables cost more than all the
  /// lookups.
  ///
  /// Two arrays, one per token and one per entity: an array allocation costs a look-up of its
  /// type's generic metadata, and the index is built several times per article.
  struct EntityIndex {
    let tokenCount: Int
    /// What the entities are at one token.
    struct TokenEntry {
      /// A bit per label (by precedence) of the entities that start here.
      var startsHere: UInt16 = 0
      /// A bit per label (by precedence) of the entities that cover the token.
      var inside: UInt16 = 0
      /// The last entity (index in the indexed entities) that starts here, or -1; `previous`
      /// links each entity to the one filed before it at the same token.
      var latest: Int32 = -1
    }
    /// One indexed entity: its start and end token (exclusive), its UTF-16 start (proclitic
    /// excluded) and label precedence.
    ///
    /// The index keeps no reference to the entities themselves: it is alive while they grow, and a
    /// shared array would be copied, strings and all, by the first append. (The UTF-16 start is
    /// kept per entity, not per token: the per-token entries are the index's memory, 8 bytes per
    /// token of the article.)
    private struct EntityEntry {
      var start: Int32
      var end: Int32
      var previous: Int32
      var unitStart: Int32
      var precedence: UInt8
    }
    private(set) var perToken: [TokenEntry]
    private var filed: [EntityEntry]

    init(_ entities: [Candidate], tokenCount: Int) {
      self.tokenCount = tokenCount
      perToken = [TokenEntry](repeating: TokenEntry(), count: tokenCount)
      filed = []
      filed.reserveCapacity(entities.count)
      // Filled through raw buffers: array subscript stores cost a uniqueness check each.
      perToken.withUnsafeMutableBufferPointer { perToken in
        entities.withUnsafeBufferPointer { entities in
          for i in entities.indices {
            // Fields read through the buffer: copying a whole candidate retains its strings.
            let tokens = entities[i].tokens
            let start = tokens.lowerBound
            let unitStart = entities[i].units.lowerBound
            let precedence = entities[i].label.precedence
            filed.append(
              EntityEntry(
                start: Int32(start), end: Int32(tokens.upperBound),
                previous: perToken[start].latest,
                unitStart: Int32(unitStart), precedence: UInt8(precedence)))
            perToken[start].latest = Int32(i)
            perToken[start].startsHere |= 1 << UInt16(precedence)
            for t in tokens { perToken[t].inside |= 1 << UInt16(precedence) }
          }
        }
      }
    }

    /// The per-token entry at `token`.
    @inline(__always)
    func startsHere(_ token: Int) -> UInt16 { perToken[token].startsHere }
    @inline(__always)
    func inside(_ token: Int) -> UInt16 { perToken[token].inside }
    /// The UTF-16 start of the entity that begins at `token` (its proclitic excluded) and
    /// starts first, or -1.
    func entityStart(_ token: Int) -> Int32 {
      var found: Int32 = -1
      var i = perToken[token].latest
      while i >= 0 {
        let entry = filed[Int(i)]
        if found < 0 || entry.unitStart < found { found = entry.unitStart }
        i = entry.previous
      }
      return found
    }

    /// Sets in `bits` (a bit per token) the tokens where an entity of a label in `labels` (a
    /// bit per precedence) starts.
    func markStarts(withLabels labels: UInt16, in bits: UnsafeMutableBufferPointer<UInt64>) {
      guard labels != 0 else { return }
      for entry in filed where (1 << UInt16(entry.precedence)) & labels != 0 {
        bits[Int(entry.start) >> 6] |= 1 << UInt64(entry.start & 63)
      }
    }

    /// The end token of the entity of `label` that starts at `token`, if any (the last one
    /// filed, when there are several).
    @inline(__always)
    func end(_ label: EntityLabel, at token: Int) -> Int? {
      // The machine also asks at the end of the text (token == tokenCount): nothing starts there.
      guard token < tokenCount, perToken[token].startsHere & (1 << UInt16(label.precedence)) != 0
      else { return nil }
      var i = perToken[token].latest
      while i >= 0 {
        let entry = filed[Int(i)]
        if Int(entry.precedence) == label.precedence { return Int(entry.end) }
        i = entry.previous
      }
      return nil
    }

    /// The first entity (lowest index in `entities`) spanning exactly `tokens` that satisfies
    /// `test`.
    func first(spanning tokens: Range<Int>, where test: (Int) -> Bool) -> Int? {
      guard tokens.lowerBound < tokenCount else { return nil }
      var found: Int?
      var i = perToken[tokens.lowerBound].latest
      // The list runs from the last filed to the first: keep the last hit.
      while i >= 0 {
        if filed[Int(i)].end == Int32(tokens.upperBound) && test(Int(i)) { found = Int(i) }
        i = filed[Int(i)].previous
      }
      return found
    }

    /// The entity (index in the indexed entities) spanning exactly `tokens`: the last one
    /// filed when several share the span.
    func entity(spanning tokens: Range<Int>) -> Int? {
      guard tokens.lowerBound < tokenCount else { return nil }
      var i = perToken[tokens.lowerBound].latest
      while i >= 0 {
        if filed[Int(i)].end == Int32(tokens.upperBound) { return Int(i) }
        i = filed[Int(i)].previous
      }
      return nil
    }
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
    forEachMatch(phase, entities) { rule, start, end, captures in
      emit(rule, start: start, end: end, captures: captures, entities, accepted, into: &result)
    }
    return result
  }

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
    forEachMatch(phase, entities) { rule, start, end, captures in
      func entity(_ name: String, _ labels: UInt16) -> Int? {
        guard let slot = rule.slot(name) else { return nil }
        let a = Int(captures[2 * slot])
        let b = Int(captures[2 * slot + 1])
        guard a >= 0, b > a else { return nil }
        return entities.first(spanning: a..<b) {
          labels & 1 << UInt16(all[$0].label.precedence) != 0
        }
      }
      /// The two countries a pair word (البلدين) stands for (`CountryPairs`).
      func pair(_ name: String) -> [Int]? {
        guard let slot = rule.slot(name) else { return nil }
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
      for spec in rule.spec.relations {
        var subjects: [Int] = []
        let bits = spec.predicate.labelBits
        if let subject = entity(spec.subject, bits.subjects) {
          subjects = [subject]
        } else if bits.subjects & 1 << UInt16(EntityLabel.country.precedence) != 0,
          let two = pair(spec.subject)
        {
          subjects = two
        }
        guard let object = entity(spec.object, bits.objects) else { continue }
        for subject in subjects where subject != object {
          result.append(
            RelationCandidate(
              predicate: spec.predicate, subject: subject, object: object, evidence: evidence,
              rule: rule.spec.name,
              priority: rule.spec.priority))
        }
      }
    }
    return result
  }

  /// Calls `body` with the longest match of every rule of `phase` at every token where it
  /// may start.
  func forEachMatch(
    _ phase: RuleSet.Phase, _ entities: EntityIndex,
    _ body: (CompiledRule, Int, Int, Captures) -> Void
  ) {
    let ruleCount = phase.rules.count
    guard ruleCount > 0 else { return }
    let words = startWords
    // Per rule, the last start it was listed for; the rules listed for the current start; the
    // starts as bits. Temporary buffers rather than arrays: an array made per phase and
    // article costs more than its use (each allocation looks up its type's generic metadata).
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * ruleCount) { scratch in
      withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { startBits in
        let seen = UnsafeMutableBufferPointer(rebasing: scratch[..<ruleCount])
        let candidates = UnsafeMutableBufferPointer(rebasing: scratch[ruleCount...])
        seen.initialize(repeating: -1)
        // Most tokens key no rule of the phase: visit only those a word or kind keys (marked
        // once per article) and those where an entity of a keyed label starts, in text order.
        let row = min(phase.bit.trailingZeroBitCount, RuleMatcher.maximumPhaseKeys - 1) * words
        for w in 0..<words { startBits[w] = keyedStarts[row + w] }
        entities.markStarts(withLabels: phase.labelKeys, in: startBits)
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
            for r in phase.always where seen[Int(r)] != start {
              seen[Int(r)] = start
              candidates[listed] = Int(r)
              listed += 1
            }
            for r in candidates[..<listed] {
              let rule = phase.rules[r]
              if rule.startImpliedByKey || canStart(rule, at: start, entities),
                canContinue(rule, from: start, entities),
                meetsRequirements(
                  rule, from: start, entities, wordBits: phase.requirementWordBits,
                  first: Int(phase.requirementStarts[r])),
                let (end, captures) = run(rule, from: start, entities, machine)
              {
                body(rule, start, end, captures)
              }
            }
          }
        }
      }
    }
  }

  /// Whether any entry instruction of `rule` accepts the token at `position`.
  func canStart(_ rule: CompiledRule, at position: Int, _ entities: EntityIndex) -> Bool {
    accepts(rule, rule.entry, at: position, entities)
  }

  /// Whether the token after `start` can take a run of `rule` past its first token
  /// (`CompiledRule.second`), when the rule says what that token must be.
  func canContinue(_ rule: CompiledRule, from start: Int, _ entities: EntityIndex) -> Bool {
    guard let second = rule.second else { return true }
    let limit = min(Int(sentenceEnd[start]), start + RuleMatcher.maximumMatchLength)
    return start + 1 < limit && accepts(rule, second, at: start + 1, entities)
  }

  /// Whether any of the consuming instructions `pcs` of `rule` accepts the token at `position`.
  private func accepts(
    _ rule: CompiledRule, _ pcs: [Int], at position: Int, _ entities: EntityIndex
  ) -> Bool {
    let limit = Int(sentenceEnd[position])
    for pc in pcs {
      switch rule.program[pc] {
      case .test(let index): if passes(index, at: position, entities) { return true }
      case .phrase(let index):
        if isWord(whole[position], in: rules.firstWords, index)
          || isWord(stem[position], in: rules.firstWords, index)
        {
          return true
        }
      case .entity(let label):
        if let end = entities.end(label, at: position), end <= limit { return true }
      default: return true
      }
    }
    return false
  }

  /// Whether the tokens a run of `rule` from `start` may reach hold everything every match of
  /// the rule contains.
  ///
  /// Most runs that would fail are refused here for the cost of a scan.
  ///
  /// `wordBits` from `first` hold the bits of the rule's word requirements in
  /// `requirementWords` (`RuleSet.Phase.requirementWordBits`).
  func meetsRequirements(
    _ rule: CompiledRule, from start: Int, _ entities: EntityIndex, wordBits: [Int8], first: Int
  ) -> Bool {
    guard !rule.requirements.isEmpty else { return true }
    let limit = min(Int(sentenceEnd[start]), start + RuleMatcher.maximumMatchLength)
    // Scanned through raw buffers: these loops run for most candidate starts, and bounds
    // checks were half their cost.
    return entities.perToken.withUnsafeBufferPointer { perToken in
      requirementWords.withUnsafeBufferPointer { requirementWords in
        whole.withUnsafeBufferPointer { whole in
          stem.withUnsafeBufferPointer { stem in
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
                  let bit = wordBits[first + k]
                  if bit >= 0 {
                    let mask = UInt64(1) << UInt64(bit)
                    for t in start..<limit where requirementWords[t] & mask != 0 {
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
  }

  /// Whether lexicon id `id` (-1: none) is in trie `trie`'s row of a `RuleSet` word bit set.
  @inline(__always)
  private func isWord(_ id: Int32, in bits: [UInt64], _ trie: Int) -> Bool {
    bits.hasBit(id, row: trie * rules.singleWordsStride)
  }

  // MARK: The virtual machine

  struct Thread {
    var pc: Int
    /// Start and end token of each capture (-1: not set), inline: copying a thread allocates
    /// nothing.
    ///
    /// Rules have at most `RuleCompiler.maximumCaptures` captures.
    var captures: Captures
  }

  /// The machine's working memory, reused across runs and grown on demand.
  ///
  /// Raw buffers rather than arrays: the machine queues and reads threads in its innermost
  /// loop, where an array of per-position arrays paid for uniqueness checks, copy-on-write
  /// copies and reference counting on every access (a fifth of the whole run time).
  final class Machine {
    /// `visited[pc] == stamp`: instruction `pc` was entered at the current (run, position).
    private(set) var visited: UnsafeMutablePointer<Int>
    private var visitedCapacity = 0
    private(set) var stamp = 0
    /// Queued threads; `next[i]` links thread `i` to the next one queued at the same position.
    private(set) var pool: UnsafeMutablePointer<Thread>
    private(set) var next: UnsafeMutablePointer<Int32>
    private var poolCount = 0
    private var poolCapacity = 64
    /// Per position relative to the run's start: first and last queued thread (-1: none).
    private(set) var head: UnsafeMutablePointer<Int32>
    private var tail: UnsafeMutablePointer<Int32>
    /// The furthest position with a queued thread in this run.
    private(set) var furthest = 0
    /// The depth-first stack of one epsilon closure: at most two entries per instruction.
    private(set) var stack: UnsafeMutablePointer<Thread>
    private var stackCapacity = 0

    init() {
      visited = .allocate(capacity: 0)
      pool = .allocate(capacity: poolCapacity)
      next = .allocate(capacity: poolCapacity)
      head = .allocate(capacity: RuleMatcher.maximumMatchLength + 1)
      head.initialize(repeating: -1, count: RuleMatcher.maximumMatchLength + 1)
      tail = .allocate(capacity: RuleMatcher.maximumMatchLength + 1)
      tail.initialize(repeating: -1, count: RuleMatcher.maximumMatchLength + 1)
      stack = .allocate(capacity: 0)
    }

    deinit {
      visited.deallocate()
      pool.deallocate()
      next.deallocate()
      head.deallocate()
      tail.deallocate()
      stack.deallocate()
    }

    /// Empties the queues for a run of a program of `instructions` instructions.
    func begin(instructions: Int) {
      if visitedCapacity < instructions {
        visited.deallocate()
        visited = .allocate(capacity: instructions)
        visited.initialize(repeating: -1, count: instructions)
        visitedCapacity = instructions
        stack.deallocate()
        stackCapacity = 2 * instructions + 2
        stack = .allocate(capacity: stackCapacity)
      }
      for i in 0...furthest {
        head[i] = -1
        tail[i] = -1
      }
      furthest = 0
      poolCount = 0
    }

    /// A new stamp for the closure at one position.
    @inline(__always)
    func nextStamp() -> Int {
      stamp += 1
      return stamp
    }

    /// Queues `thread` at position `offset` (relative to the run's start), after the threads
    /// already queued there.
    @inline(__always)
    func enqueue(_ thread: Thread, at offset: Int) {
      if poolCount == poolCapacity { growPool() }
      pool.advanced(by: poolCount).initialize(to: thread)
      next[poolCount] = -1
      let i = Int32(poolCount)
      if tail[offset] >= 0 { next[Int(tail[offset])] = i } else { head[offset] = i }
      tail[offset] = i
      if offset > furthest { furthest = offset }
      poolCount += 1
    }

    private func growPool() {
      let capacity = poolCapacity * 2
      let newPool = UnsafeMutablePointer<Thread>.allocate(capacity: capacity)
      newPool.moveInitialize(from: pool, count: poolCount)
      pool.deallocate()
      pool = newPool
      let newNext = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
      newNext.moveInitialize(from: next, count: poolCount)
      next.deallocate()
      next = newNext
      poolCapacity = capacity
    }
  }

  /// The longest match of `rule` starting at token `start`, with its captures.
  ///
  /// A Pike VM: the threads arriving at a position are followed through jumps, splits and
  /// saves depth-first in priority order (first branch of a split first), each instruction
  /// entered once per position; consuming instructions queue their successor at the
  /// position after what they consumed. The longest match wins, and among equally long ones
  /// the thread of highest priority.
  func run(_ rule: CompiledRule, from start: Int, _ entities: EntityIndex, _ machine: Machine) -> (
    Int, Captures
  )? {
    let limit = min(Int(sentenceEnd[start]), start + RuleMatcher.maximumMatchLength)
    machine.begin(instructions: rule.program.count)
    machine.enqueue(Thread(pc: 0, captures: Captures(repeating: -1)), at: 0)
    var best: (Int, Captures)?
    return rule.program.withUnsafeBufferPointer { program in
      let stack = machine.stack
      let visited = machine.visited
      var offset = 0
      while offset <= machine.furthest {
        var arrival = machine.head[offset]
        if arrival < 0 {
          offset += 1
          continue
        }
        let position = start + offset
        let stamp = machine.nextStamp()
        while arrival >= 0 {
          stack[0] = machine.pool[Int(arrival)]
          var depth = 1
          while depth > 0 {
            depth -= 1
            var thread = stack[depth]
            if visited[thread.pc] == stamp { continue }
            visited[thread.pc] = stamp
            switch program[thread.pc] {
            case .jump(let target):
              thread.pc = target
              stack[depth] = thread
              depth += 1
            case .split(let first, let second):
              stack[depth] = Thread(pc: second, captures: thread.captures)
              thread.pc = first
              stack[depth + 1] = thread
              depth += 2
            case .save(let slot):
              thread.captures[slot] = Int32(position)
              thread.pc += 1
              stack[depth] = thread
              depth += 1
            case .match:
              if position > start, position > best?.0 ?? Int.min {
                best = (position, thread.captures)
              }
            case .test(let index):
              if position < limit && passes(index, at: position, entities) {
                machine.enqueue(
                  Thread(pc: thread.pc + 1, captures: thread.captures), at: offset + 1)
              }
            case .phrase(let index):
              guard position < limit else { break }
              forEachPhraseEnd(index, from: position, limit: limit) { end in
                machine.enqueue(
                  Thread(pc: thread.pc + 1, captures: thread.captures), at: end - start)
              }
            case .entity(let label):
              if let end = entities.end(label, at: position), end <= limit {
                machine.enqueue(
                  Thread(pc: thread.pc + 1, captures: thread.captures), at: end - start)
              }
            }
          }
          arrival = machine.next[Int(arrival)]
        }
        offset += 1
      }
      return best
    }
  }

  /// Calls `body` with the token end (exclusive) of each phrase of trie `index` that starts
  /// at `position`, shortest first.
  ///
  /// The first token may carry proclitics; the others must be written as listed.
  @inline(__always)
  func forEachPhraseEnd(_ index: Int, from position: Int, limit: Int, _ body: (Int) -> Void) {
    let root = rules.trieRoots[index]
    func walk(_ first: Int32) {
      // The trie's first words as a bit set answer most tokens without probing the edges.
      guard isWord(first, in: rules.firstWords, index), var node = rules.phraseEdges[root, first]
      else { return }
      var j = position + 1
      if rules.phraseEnds[Int(node)] { body(j) }
      while j < limit, whole[j] >= 0, let next = rules.phraseEdges[node, whole[j]] {
        node = next
        j += 1
        if rules.phraseEnds[Int(node)] { body(j) }
      }
    }
    walk(whole[position])
    if stem[position] != whole[position] { walk(stem[position]) }
  }

  /// The value of the listed phrase spanning exactly `range`, from any list with values.
  func listValue(_ range: Range<Int>) -> String? {
    for index in rules.valuedLists {
      let root = rules.trieRoots[index]
      // The token as written, then as stem (a pair, not an array: this runs per emitted value).
      for reading in 0..<2 {
        let first = reading == 0 ? whole[range.lowerBound] : stem[range.lowerBound]
        guard first >= 0 else { continue }
        guard var node = rules.phraseEdges[root, first] else { continue }
        var j = range.lowerBound + 1
        while j < range.upperBound, whole[j] >= 0, let next = rules.phraseEdges[node, whole[j]] {
          node = next
          j += 1
        }
        if j == range.upperBound, let value = rules.phraseValues[Int(node)], !value.isEmpty {
          return value
        }
      }
    }
    return nil
  }

  /// Whether the token at `position` passes test `test`.
  func passes(_ test: Int, at position: Int, _ entities: EntityIndex) -> Bool {
    let token = text.tokens[position]
    let masks = rules.testMasks[test]
    let inside = entities.inside(position)
    let hasClitic = clitic[position] > 0
    guard masks.kinds & (1 << UInt8(token.kind.index)) != 0, inside & masks.insideForbidden == 0,
      inside & masks.insideRequired == masks.insideRequired, !(masks.cliticRequired && !hasClitic),
      !(masks.cliticForbidden && hasClitic)
    else { return false }
    for c in Int(rules.testStarts[test])..<Int(rules.testStarts[test + 1]) {
      let (negated, condition) = rules.conditions[c]
      let holds: Bool
      switch condition {
      case .kind(let kind): holds = token.kind == kind
      case .anyToken: holds = true
      case .word(let id): holds = whole[position] == id || stem[position] == id
      case .list(let index):
        holds =
          isWord(whole[position], in: rules.singleWords, index)
          || isWord(stem[position], in: rules.singleWords, index)
      case .prefix(let affix): holds = matchesAffix(position, rules.affixes[affix], prefix: true)
      case .suffix(let affix): holds = matchesAffix(position, rules.affixes[affix], prefix: false)
      case .written(let form): holds = writtenForm(at: position) == form
      case .clitic: holds = clitic[position] > 0
      case .inside(let label): holds = inside & (1 << UInt16(label.precedence)) != 0
      }
      if holds == negated { return false }
    }
    return true
  }

  /// The index in `RuleSet.writtenForms` of the form the stem of the token at `position`
  /// reads as in display form (`DisplayForm`), or -1.
  ///
  /// Computed once per token: the original text is read and its display form built only the first
  /// time a rule asks.
  private func writtenForm(at position: Int) -> Int {
    // Made at the first question: an article where no rule asks needs no table (4 bytes per
    // token).
    if writtenForms.forms.isEmpty {
      writtenForms.forms = [Int32](repeating: WrittenForms.unknown, count: writtenForms.count)
    }
    let known = writtenForms.forms[position]
    if known != WrittenForms.unknown { return Int(known) }
    let token = text.tokens[position]
    let units = (Int(token.start) + Int(clitic[position]))..<Int(token.end)
    var found = -1
    if !units.isEmpty {
      let shown = text.text.displayForm(ofOriginal: text.text.originalRange(of: units))
      found = rules.writtenForms.firstIndex(of: shown) ?? -1
    }
    writtenForms.forms[position] = Int32(found)
    return found
  }

  /// Per token, the written form its stem matches (`writtenForm(at:)`), filled in on demand.
  ///
  /// A class: the matcher is a value read by many rules, this is its one mutable memo.
  final class WrittenForms {
    static let unknown: Int32 = -2
    /// The number of tokens.
    let count: Int
    /// Per token (empty until the first question).
    var forms: [Int32] = []
    init(count: Int) { self.count = count }
  }

  private func matchesAffix(_ position: Int, _ affix: [UInt16], prefix: Bool) -> Bool {
    let token = text.tokens[position]
    let units = text.text.units[(Int(token.start) + Int(clitic[position]))..<Int(token.end)]
    guard units.count > affix.count else { return false }
    return prefix ? units.starts(with: affix) : units.reversed().starts(with: affix.reversed())
  }

  // MARK: Emitting

  /// Appends to `result` the candidates `rule`'s emits make of one match.
  func emit(
    _ rule: CompiledRule, start: Int, end: Int, captures: Captures, _ entities: EntityIndex,
    _ accepted: [Candidate],
    into result: inout [Candidate]
  ) {
    func range(_ name: String) -> Range<Int>? {
      guard let slot = rule.slot(name) else { return nil }
      let a = Int(captures[2 * slot])
      let b = Int(captures[2 * slot + 1])
      return a >= 0 && b > a ? a..<b : nil
    }
    func units(_ tokens: Range<Int>) -> Range<Int> {
      spanStart(tokens.lowerBound, entities)..<Int(text.tokens[tokens.upperBound - 1].end)
    }
    for spec in rule.spec.emits {
      let tokens: Range<Int>
      if let name = spec.capture {
        guard let r = range(name) else { continue }
        tokens = r
      } else {
        tokens = start..<end
      }
      var attributes: [(String, JSONValue)] = []
      // A date value adds up to five attributes, anything else one per line of the rule.
      if !spec.attributes.isEmpty { attributes.reserveCapacity(spec.attributes.count + 4) }
      for (key, value) in spec.attributes {
        switch value {
        case .text(let s): attributes.append((key, .string(s)))
        case .capture(let name):
          guard let r = range(name) else { continue }
          if let entity = entities.entity(spanning: r) {
            attributes.append((key, .string(accepted[entity].canonical)))
          } else {
            attributes.append(
              (key, .string(text.text.originalText(text.text.originalRange(of: units(r))))))
          }
        case .listValue(let name):
          if let r = range(name), let v = listValue(r) { attributes.append((key, .string(v))) }
        case .date:
          let parts = DateValue.Parts(
            day: range("day").map { normalizedText(units($0)) },
            month: range("month").flatMap(listValue),
            year: range("year").map { normalizedText(units($0)) },
            weekday: range("weekday").flatMap(listValue),
            part: range("part").flatMap(listValue), relative: range("rel").flatMap(listValue))
          attributes += parts.attributes(key: key)
        }
      }
      let span = units(tokens)
      var canonical = text.text.displayForm(ofOriginal: text.text.originalRange(of: span))
      if restoredArticle[tokens.lowerBound] && entities.entityStart(tokens.lowerBound) < 0 {
        canonical = "ا" + canonical
      }
      result.append(
        Candidate(
          label: spec.label, tokens: tokens, units: span, canonical: canonical,
          source: rule.source, attributes: attributes, priority: rule.spec.priority,
          order: rule.spec.order + 1,
          evidence: rule.spec.evidence))
    }
  }

  /// The normalized text of a UTF-16 range, white space collapsed to single spaces.
  func normalizedText(_ range: Range<Int>) -> String {
    var out: [UInt16] = []
    out.reserveCapacity(range.count)
    var space = false
    var ascii = true
    for unit in text.text.units[range] {
      if unit == 0x20 || unit == 0x0A || unit == 0x09 || unit == 0x0D {
        space = !out.isEmpty
        continue
      }
      if space {
        out.append(0x20)
        space = false
      }
      out.append(unit)
      ascii = ascii && unit < 0x80
    }
    // Days and years are mostly ASCII digits after normalization: skip the UTF-16 transcoder.
    if ascii {
      return String(decoding: out.lazy.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
    }
    return String(decoding: out, as: UTF16.self)
  }
}

extension Predicate {
  /// `subjects` and `objects` as bits by label precedence, made once: the sets are built anew
  /// on every call, and the matcher asks per relation match.
  private static let allLabelBits: [Predicate: (subjects: UInt16, objects: UInt16)] = Dictionary(
    uniqueKeysWithValues: allCases.map { predicate in
      func bits(_ labels: Set<EntityLabel>) -> UInt16 {
        labels.reduce(0) { $0 | 1 << UInt16($1.precedence) }
      }
      return (predicate, (bits(predicate.subjects), bits(predicate.objects)))
    })

  var labelBits: (subjects: UInt16, objects: UInt16) { Predicate.allLabelBits[self] ?? (0, 0) }
}
