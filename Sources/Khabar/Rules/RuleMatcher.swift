/// Capture slots of a VM thread: (start, end) token pairs, inline.
typealias Captures = SIMD16<Int32>

/// Runs a rule set's phases over one article's tokens.
struct RuleMatcher {
  let rules: RuleSet
  let text: TokenizedText

  /// Per token: the lexicon id of the token as written (-1 when not a rule word).
  let whole: [Int32]
  /// Per token: the lexicon id of the token without its proclitics (-1 when none is a rule word).
  let stem: [Int32]
  /// Per token: UTF-16 units of proclitics in front of `stem` (0 when none).
  let clitic: [Int32]
  /// Per token: the stem is ال + the token's remainder (ل + ال written لل).
  let restoredArticle: [Bool]
  /// Per token: the exclusive end of its sentence in tokens.
  let sentenceEnd: [Int32]

  /// The most tokens one match may span.
  static let maximumMatchLength = 64

  init(rules: RuleSet, text: TokenizedText) {
    self.rules = rules
    self.text = text
    let tokens = text.tokens
    var whole = [Int32](repeating: -1, count: tokens.count)
    var stem = [Int32](repeating: -1, count: tokens.count)
    var clitic = [Int32](repeating: 0, count: tokens.count)
    var restoredArticle = [Bool](repeating: false, count: tokens.count)
    text.text.units.withUnsafeBufferPointer { units in
      for (i, token) in tokens.enumerated() {
        let buffer = UnsafeBufferPointer(rebasing: units[token.range])
        if let id = rules.lexicon.lookup(prefix: [], buffer) {
          whole[i] = id
          stem[i] = id
          // A word in its own right is never split (فيصل is not ف + يصل); a word the rules know
          // only inside a phrase (للقوات in القيادة العامة للقوات المسلحة) still may be.
          if rules.initial.contains(id) { continue }
        }
        guard token.kind == .word else { continue }
        for analysis in Proclitics.analyses(of: buffer) {
          let rest = UnsafeBufferPointer(rebasing: buffer[analysis.cliticLength...])
          if let id = rules.lexicon.lookup(prefix: analysis.restoredPrefix, rest) {
            stem[i] = id
            clitic[i] = Int32(analysis.cliticLength)
            restoredArticle[i] = !analysis.restoredPrefix.isEmpty
            break
          }
        }
      }
    }
    var sentenceEnd = [Int32](repeating: 0, count: tokens.count)
    var i = tokens.count - 1
    while i >= 0 {
      sentenceEnd[i] = (i + 1 < tokens.count && tokens[i + 1].sentence == tokens[i].sentence) ? sentenceEnd[i + 1] : Int32(i + 1)
      i -= 1
    }
    self.whole = whole
    self.stem = stem
    self.clitic = clitic
    self.restoredArticle = restoredArticle
    self.sentenceEnd = sentenceEnd
  }

  /// What the entities accepted so far look like to a phase. Flat arrays indexed by token:
  /// the matcher asks these per token and per rule, where dictionary hashing was a tenth of the
  /// run time.
  struct EntityIndex {
    let tokenCount: Int
    /// `endTokens[label.precedence * tokenCount + start]`: the end token (exclusive) of the
    /// entity of that label starting at `start`, or -1.
    var endTokens: [Int32]
    /// Per token, a bit per label (by precedence) of the entities that start there.
    var startsHere: [UInt16]
    /// Per token, a bit per label (by precedence) of the entities that cover it.
    var inside: [UInt16]
    /// Per token, the UTF-16 start of an entity that begins there (its proclitic excluded), or -1.
    var entityStart: [Int32]
    /// (start token, end token) → canonical name of an entity with exactly that span.
    var canonical: [Int: String] = [:]

    init(_ entities: [Candidate], tokenCount: Int) {
      self.tokenCount = tokenCount
      endTokens = [Int32](repeating: -1, count: EntityLabel.allCases.count * max(tokenCount, 1))
      startsHere = [UInt16](repeating: 0, count: tokenCount)
      inside = [UInt16](repeating: 0, count: tokenCount)
      entityStart = [Int32](repeating: -1, count: tokenCount)
      for e in entities {
        let start = e.tokens.lowerBound
        endTokens[e.label.precedence * tokenCount + start] = Int32(e.tokens.upperBound)
        startsHere[start] |= 1 << UInt16(e.label.precedence)
        for t in e.tokens { inside[t] |= 1 << UInt16(e.label.precedence) }
        if entityStart[start] < 0 || Int(entityStart[start]) > e.units.lowerBound { entityStart[start] = Int32(e.units.lowerBound) }
        canonical[start << 32 | e.tokens.upperBound] = e.canonical
      }
    }

    /// The end token of the entity of `label` that starts at `token`, if any.
    @inline(__always)
    func end(_ label: EntityLabel, at token: Int) -> Int? {
      // The machine also asks at the end of the text (token == tokenCount): nothing starts there.
      guard token < tokenCount else { return nil }
      let v = endTokens[label.precedence * tokenCount + token]
      return v >= 0 ? Int(v) : nil
    }
  }

  /// The UTF-16 start of a span that begins at token `i`: after its proclitics.
  func spanStart(_ i: Int, _ index: EntityIndex) -> Int {
    if index.entityStart[i] >= 0 { return Int(index.entityStart[i]) }
    return Int(text.tokens[i].start + clitic[i])
  }

  /// Every candidate of one phase, before overlap resolution.
  func candidates(phase: RuleSet.Phase, entities: EntityIndex) -> [Candidate] {
    var result: [Candidate] = []
    forEachMatch(phase, entities) { rule, start, end, captures in
      result += emit(rule, start: start, end: end, captures: captures, entities)
    }
    return result
  }

  /// Every relation the relation rules find among `all` (the article's final entities).
  func relations(phase: RuleSet.Phase, all: [Candidate]) -> [RelationCandidate] {
    let entities = EntityIndex(all, tokenCount: text.tokens.count)
    var bySpan: [Int: [Int]] = [:]
    for (i, e) in all.enumerated() { bySpan[e.tokens.lowerBound << 32 | e.tokens.upperBound, default: []].append(i) }
    var result: [RelationCandidate] = []
    forEachMatch(phase, entities) { rule, start, end, captures in
      func entity(_ name: String, _ labels: Set<EntityLabel>) -> Int? {
        guard let slot = rule.captures[name] else { return nil }
        let a = Int(captures[2 * slot])
        let b = Int(captures[2 * slot + 1])
        guard a >= 0, b > a else { return nil }
        return bySpan[a << 32 | b]?.first { labels.contains(all[$0].label) }
      }
      /// The two countries a pair word (البلدين) stands for: the only two different countries
      /// named before it in the article, by their latest mentions; nil when that is ambiguous.
      func pair(_ name: String) -> [Int]? {
        guard let slot = rule.captures[name] else { return nil }
        let a = Int(captures[2 * slot])
        let b = Int(captures[2 * slot + 1])
        // An optional capture that matched nothing still records where it stood: not a pair.
        guard a >= 0, b > a else { return nil }
        var latest: [String: Int] = [:]
        for (i, e) in all.enumerated() where e.label == .country && e.tokens.upperBound <= a {
          if let j = latest[e.canonical], all[j].tokens.lowerBound > e.tokens.lowerBound { continue }
          latest[e.canonical] = i
        }
        return latest.count == 2 ? latest.values.sorted() : nil
      }
      let evidence = spanStart(start, entities)..<Int(text.tokens[end - 1].end)
      for spec in rule.spec.relations {
        var subjects: [Int] = []
        if let subject = entity(spec.subject, spec.predicate.subjects) {
          subjects = [subject]
        } else if spec.predicate.subjects.contains(.country), let two = pair(spec.subject) {
          subjects = two
        }
        guard let object = entity(spec.object, spec.predicate.objects) else { continue }
        for subject in subjects where subject != object {
          result.append(
            RelationCandidate(
              predicate: spec.predicate, subject: subject, object: object, evidence: evidence, rule: rule.spec.name,
              priority: rule.spec.priority))
        }
      }
    }
    return result
  }

  /// Calls `body` with the longest match of every rule of `phase` at every token where it
  /// may start.
  func forEachMatch(_ phase: RuleSet.Phase, _ entities: EntityIndex, _ body: (CompiledRule, Int, Int, Captures) -> Void) {
    let count = text.tokens.count
    var scratch = Scratch()
    var seen = [Int](repeating: -1, count: phase.rules.count)
    var candidates: [Int] = []
    for start in 0..<count {
      // The rules that may start here, found by key rather than by trying every rule.
      candidates.removeAll(keepingCapacity: true)
      func consider(_ list: [Int]?) {
        guard let list else { return }
        for r in list where seen[r] != start {
          seen[r] = start
          candidates.append(r)
        }
      }
      if whole[start] >= 0 { consider(phase.byWord[Int(whole[start])]) }
      if stem[start] >= 0 && stem[start] != whole[start] { consider(phase.byWord[Int(stem[start])]) }
      if entities.startsHere[start] != 0 {
        for label in EntityLabel.allCases where entities.startsHere[start] & (1 << UInt16(label.precedence)) != 0 {
          consider(phase.byLabel[label])
        }
      }
      consider(phase.byKind[text.tokens[start].kind])
      consider(phase.always)
      for r in candidates {
        let rule = phase.rules[r]
        if canStart(rule, at: start, entities), let (end, captures) = run(rule, from: start, entities, &scratch) {
          body(rule, start, end, captures)
        }
      }
    }
  }

  /// Whether any entry instruction of `rule` accepts the token at `position`.
  func canStart(_ rule: CompiledRule, at position: Int, _ entities: EntityIndex) -> Bool {
    let limit = Int(sentenceEnd[position])
    for pc in rule.entry {
      switch rule.program[pc] {
      case .test(let index): if passes(rules.tests[index], at: position, entities) { return true }
      case .phrase(let index):
        let trie = rules.tries[index]
        if (whole[position] >= 0 && trie.transitions[0, whole[position]] != nil)
          || (stem[position] >= 0 && trie.transitions[0, stem[position]] != nil)
        {
          return true
        }
      case .entity(let label): if let end = entities.end(label, at: position), end <= limit { return true }
      default: return true
      }
    }
    return false
  }

  /// Buffers reused across runs of the machine.
  struct Scratch {
    /// visited[pc] == stamp: instruction pc was entered at the current (run, position).
    var visited: [Int] = []
    var stamp = 0
    var pending: [[Thread]] = Array(repeating: [], count: RuleMatcher.maximumMatchLength + 1)
  }

  // MARK: The virtual machine

  struct Thread {
    var pc: Int
    /// Start and end token of each capture (-1: not set), inline: copying a thread allocates
    /// nothing. Rules have at most `RuleCompiler.maximumCaptures` captures.
    var captures: Captures
  }

  /// The longest match of `rule` starting at token `start`, with its captures.
  func run(_ rule: CompiledRule, from start: Int, _ entities: EntityIndex, _ scratch: inout Scratch) -> (Int, Captures)? {
    let program = rule.program
    let limit = min(Int(sentenceEnd[start]), start + RuleMatcher.maximumMatchLength)
    if scratch.visited.count < program.count { scratch.visited = Array(repeating: -1, count: program.count) }
    for i in 0...(limit - start) { scratch.pending[i].removeAll(keepingCapacity: true) }
    scratch.pending[0].append(Thread(pc: 0, captures: Captures(repeating: -1)))
    var best: (Int, Captures)?
    var position = start
    while position <= limit {
      let arriving = scratch.pending[position - start]
      if arriving.isEmpty {
        position += 1
        continue
      }
      scratch.pending[position - start].removeAll(keepingCapacity: true)
      scratch.stamp += 1
      let stamp = scratch.stamp
      // Epsilon closure, in priority order (first branch of a split first).
      var list: [Thread] = []
      var stack: [Thread] = arriving.reversed()
      while var thread = stack.popLast() {
        if scratch.visited[thread.pc] == stamp { continue }
        scratch.visited[thread.pc] = stamp
        switch program[thread.pc] {
        case .jump(let target):
          thread.pc = target
          stack.append(thread)
        case .split(let first, let second):
          stack.append(Thread(pc: second, captures: thread.captures))
          thread.pc = first
          stack.append(thread)
        case .save(let slot):
          thread.captures[slot] = Int32(position)
          thread.pc += 1
          stack.append(thread)
        default:
          list.append(thread)
        }
      }
      for thread in list {
        switch program[thread.pc] {
        case .match:
          if position > start && (best == nil || position > best!.0) { best = (position, thread.captures) }
        case .test(let index):
          if position < limit && passes(rules.tests[index], at: position, entities) {
            scratch.pending[position + 1 - start].append(Thread(pc: thread.pc + 1, captures: thread.captures))
          }
        case .phrase(let index):
          guard position < limit else { break }
          for end in phraseEnds(rules.tries[index], from: position, limit: limit) {
            scratch.pending[end - start].append(Thread(pc: thread.pc + 1, captures: thread.captures))
          }
        case .entity(let label):
          if let end = entities.end(label, at: position), end <= limit {
            scratch.pending[end - start].append(Thread(pc: thread.pc + 1, captures: thread.captures))
          }
        default:
          break
        }
      }
      position += 1
    }
    return best
  }

  /// The token ends (exclusive) of the phrases of `trie` that start at `position`. The first
  /// token may carry proclitics; the others must be written as listed.
  func phraseEnds(_ trie: PhraseTrie, from position: Int, limit: Int) -> [Int] {
    var ends: [Int] = []
    var starts: [Int32] = [whole[position]]
    if stem[position] != whole[position] { starts.append(stem[position]) }
    for first in starts where first >= 0 {
      guard var node = trie.transitions[0, first] else { continue }
      var j = position + 1
      if trie.terminal[Int(node)] != nil { ends.append(j) }
      while j < limit, whole[j] >= 0, let next = trie.transitions[node, whole[j]] {
        node = next
        j += 1
        if trie.terminal[Int(node)] != nil { ends.append(j) }
      }
    }
    return ends
  }

  /// The value of the listed phrase spanning exactly `range`, from any list with values.
  func listValue(_ range: Range<Int>) -> String? {
    for index in rules.valuedLists {
      let trie = rules.tries[index]
      for first in [whole[range.lowerBound], stem[range.lowerBound]] where first >= 0 {
        guard var node = trie.transitions[0, first] else { continue }
        var j = range.lowerBound + 1
        while j < range.upperBound, whole[j] >= 0, let next = trie.transitions[node, whole[j]] {
          node = next
          j += 1
        }
        if j == range.upperBound, let value = trie.terminal[Int(node)], !value.isEmpty { return value }
      }
    }
    return nil
  }

  func passes(_ test: CompiledTest, at position: Int, _ entities: EntityIndex) -> Bool {
    let token = text.tokens[position]
    for (negated, condition) in test.conditions {
      let holds: Bool
      switch condition {
      case .kind(let kind): holds = token.kind == kind
      case .anyToken: holds = true
      case .word(let id): holds = whole[position] == id || stem[position] == id
      case .list(let index): holds = rules.tries[index].singles.contains(whole[position]) || (stem[position] >= 0 && rules.tries[index].singles.contains(stem[position]))
      case .prefix(let units): holds = matchesAffix(position, units, prefix: true)
      case .suffix(let units): holds = matchesAffix(position, units, prefix: false)
      case .written(let form):
        let units = (Int(token.start) + Int(clitic[position]))..<Int(token.end)
        holds = !units.isEmpty && DisplayForm.of(text.text.originalText(text.text.originalRange(of: units))) == form
      case .clitic: holds = clitic[position] > 0
      case .inside(let label): holds = entities.inside[position] & (1 << UInt16(label.precedence)) != 0
      }
      if holds == negated { return false }
    }
    return true
  }

  private func matchesAffix(_ position: Int, _ affix: [UInt16], prefix: Bool) -> Bool {
    let token = text.tokens[position]
    let units = text.text.units[(Int(token.start) + Int(clitic[position]))..<Int(token.end)]
    guard units.count > affix.count else { return false }
    return prefix ? units.starts(with: affix) : units.reversed().starts(with: affix.reversed())
  }

  // MARK: Emitting

  func emit(_ rule: CompiledRule, start: Int, end: Int, captures: Captures, _ entities: EntityIndex) -> [Candidate] {
    func range(_ name: String) -> Range<Int>? {
      guard let slot = rule.captures[name] else { return nil }
      let a = Int(captures[2 * slot])
      let b = Int(captures[2 * slot + 1])
      return a >= 0 && b > a ? a..<b : nil
    }
    func units(_ tokens: Range<Int>) -> Range<Int> {
      spanStart(tokens.lowerBound, entities)..<Int(text.tokens[tokens.upperBound - 1].end)
    }
    var result: [Candidate] = []
    for spec in rule.spec.emits {
      let tokens: Range<Int>
      if let name = spec.capture {
        guard let r = range(name) else { continue }
        tokens = r
      } else {
        tokens = start..<end
      }
      var attributes: [(String, JSONValue)] = []
      for (key, value) in spec.attributes {
        switch value {
        case .text(let s): attributes.append((key, .string(s)))
        case .capture(let name):
          guard let r = range(name) else { continue }
          if let canonical = entities.canonical[r.lowerBound << 32 | r.upperBound] {
            attributes.append((key, .string(canonical)))
          } else {
            attributes.append((key, .string(text.text.originalText(text.text.originalRange(of: units(r))))))
          }
        case .listValue(let name):
          if let r = range(name), let v = listValue(r) { attributes.append((key, .string(v))) }
        case .date:
          let parts = DateValue.Parts(
            day: range("day").map { normalizedText(units($0)) }, month: range("month").flatMap(listValue),
            year: range("year").map { normalizedText(units($0)) }, weekday: range("weekday").flatMap(listValue),
            part: range("part").flatMap(listValue), relative: range("rel").flatMap(listValue))
          attributes += parts.attributes(key: key)
        }
      }
      let span = units(tokens)
      var canonical = DisplayForm.of(text.text.originalText(text.text.originalRange(of: span)))
      if restoredArticle[tokens.lowerBound] && entities.entityStart[tokens.lowerBound] < 0 { canonical = "ا" + canonical }
      result.append(
        Candidate(
          label: spec.label, tokens: tokens, units: span, canonical: canonical,
          source: "rule:\(rule.spec.name)", attributes: attributes, priority: rule.spec.priority, order: rule.spec.order + 1))
    }
    return result
  }

  /// The normalized text of a UTF-16 range, white space collapsed to single spaces.
  func normalizedText(_ range: Range<Int>) -> String {
    let slice = text.text.units[range]
    var out: [UInt16] = []
    var space = false
    for unit in slice {
      if unit == 0x20 || unit == 0x0A || unit == 0x09 || unit == 0x0D {
        space = !out.isEmpty
        continue
      }
      if space {
        out.append(0x20)
        space = false
      }
      out.append(unit)
    }
    return String(decoding: out, as: UTF16.self)
  }
}
