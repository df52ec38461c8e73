/// Rules compiled to programs for a Pike virtual machine over tokens.
///
/// A pattern becomes a small instruction list (Thompson's construction). Matching runs the
/// program from one start token with every alternative in parallel, each instruction entered
/// at most once per token position, so a match attempt costs O(L · P) for programs of P
/// instructions and L ≤ 64 tokens: no pattern can make matching exponential.
enum Instruction: Sendable {
  /// One token that passes test `index`.
  case test(Int)
  /// One of the phrases of trie `index` (a quoted phrase or a word list), as consecutive tokens.
  case phrase(Int)
  /// An entity of this label that starts at the token, consumed whole.
  case entity(EntityLabel)
  /// Consumes nothing: the token before (`behind`) or at the position passes test `index`;
  /// past the sentence's edge, `whereNone` says whether it holds (every condition negated).
  case look(Int, behind: Bool, whereNone: Bool)
  case split(Int, Int)
  case jump(Int)
  case save(Int)
  case match
}

/// Phrases (token-id sequences) with values, as a trie over lexicon ids.
struct PhraseTrie: Sendable {
  var transitions = TransitionTable()
  /// For each node: the value of the phrase ending there ("" when it has none), or nil.
  var terminal: [String?] = [nil]
  /// Single-token phrases, for `[@list]` tests, each once (in the order first inserted).
  ///
  /// Arrays, not sets: a word list's items are inserted one by one at start-up, and hashing
  /// each into a `Set` cost more than the rest of the insertion.
  var singles: [Int32] = []
  /// The first tokens of all phrases, each once (in the order first inserted).
  var firsts: [Int32] = []
  /// Every edge (node, token id, child), in insertion order: the rule set merges all tries into
  /// one table for matching.
  var edges: [(node: Int32, token: Int32, child: Int32)] = []

  /// Every phrase of the trie (its token ids), in the order of their last edges.
  func phrases() -> [[Int32]] {
    // Edges come parent first: a node's path is its parent's and one token more.
    var paths = [[Int32]](repeating: [], count: terminal.count)
    var result: [[Int32]] = []
    for edge in edges {
      paths[Int(edge.child)] = paths[Int(edge.node)] + [edge.token]
      if terminal[Int(edge.child)] != nil { result.append(paths[Int(edge.child)]) }
    }
    return result
  }

  mutating func insert(_ ids: [Int32], value: String?) {
    var node: Int32 = 0
    for id in ids {
      if let next = transitions[node, id] {
        node = next
      } else {
        let next = Int32(terminal.count)
        terminal.append(nil)
        transitions.insert(node: node, token: id, child: next)
        edges.append((node, id, next))
        // A first token is new exactly when its edge from the root is.
        if node == 0 { firsts.append(id) }
        node = next
      }
    }
    if terminal[Int(node)] == nil {
      terminal[Int(node)] = value ?? ""
      // Only a single-token phrase ends at a child of the root.
      if ids.count == 1 { singles.append(ids[0]) }
    }
  }
}

/// Something a rule's every match must contain — one token among those a run may reach that
/// is one of some words, of some kinds, or the start of an entity of some labels — checked
/// before the machine runs (a regular expression engine's "required literal").
///
/// A rule with alternatives (`("زيارة" | "زيارته")`, `(LOCATION | COUNTRY)`) requires one of them.
struct Requirement: Sendable, Equatable {
  /// A bit set over lexicon ids: the token as written or as stem is one of these words.
  var words: [UInt64] = []
  /// A bit per token kind (`TokenKind.index`).
  var kinds: UInt8 = 0
  /// A bit per label (by precedence) of an entity starting at the token.
  var labels: UInt16 = 0

  /// Adds what a token must be to pass `instruction`, or returns false when the instruction
  /// says nothing usable (a test with no positive word, list or kind condition).
  mutating func add(_ instruction: Instruction, tests: [CompiledTest], tries: [PhraseTrie]) -> Bool
  {
    func addWords<S: Sequence<Int32>>(_ ids: S) {
      for id in ids {
        let word = Int(id) >> 6
        if word >= words.count { words += Array(repeating: 0, count: word + 1 - words.count) }
        words.setBit(Int(id))
      }
    }
    switch instruction {
    case .entity(let label):
      labels |= 1 << UInt16(label.precedence)
      return true
    case .phrase(let trie) where trie < tries.count:
      addWords(tries[trie].firsts)
      return true
    case .test(let index) where index < tests.count:
      // The first condition that says what a passing token is.
      for (negated, condition) in tests[index].conditions where !negated {
        switch condition.startKey(tries: tries) {
        case .words(let ids)?: addWords(ids); return true
        case .kind(let kind)?: kinds |= 1 << UInt8(kind.index); return true
        // Not a word or a kind: the requirement masks do not describe entities.
        case .inside?, nil: continue
        }
      }
      return false
    default:
      return false
    }
  }

  /// Whether lexicon id `id` (-1: none) is one of `words`.
  @inline(__always)
  func contains(_ id: Int32) -> Bool {
    Int(id) >> 6 < words.count && words.hasBit(id)
  }
}

/// A rule ready to run.
///
/// A class, not a struct: the matcher looks rules up per token, and copying a struct of arrays
/// and dictionaries there cost a fifth of the run time in reference counting.
final class CompiledRule: Sendable {
  let spec: RuleSpec
  /// `rule:NAME`, the `source` of every candidate the rule emits.
  let source: String
  let program: [Instruction]
  /// Per instruction that moves a thread on to the next one (a test, phrase, entity, save or
  /// look): that next instruction, past the jumps it begins with
  /// (`RuleCompiler.pastJumps`); -1 for the others.
  ///
  /// The machine follows these rather than `pc + 1`: a branch of alternatives ends in a jump,
  /// which a thread would otherwise take as a step of its own at its next position.
  let successors: [Int32]
  /// Capture names by slot (slots 2i and 2i+1 of a thread hold the start and end token of
  /// capture i): a rule has at most eight, and comparing short names beats hashing.
  let captureNames: [String]
  /// The slot of capture `name`, if the rule names it.
  @inline(__always)
  func slot(_ name: String) -> Int? { captureNames.firstIndex(of: name) }

  /// One `emit PREDICATE SUBJECT OBJECT` line of a relation rule as the relation pass reads it
  /// per match: capture slots and label bits, no names.
  struct RelationEmit {
    var predicate: Predicate
    /// The capture slots of the subject and the object (-1: the rule names no such capture).
    var subject: Int
    var object: Int
    /// `Predicate.labelBits`: a dictionary look-up per emit and match, made once here.
    var subjects: UInt16
    var objects: UInt16
    /// Whether the subject may be a pair word (the predicate takes a COUNTRY subject).
    var pairs: Bool
    var takesModality: Bool
  }
  /// The relation rule's `emit` lines (`spec.relations`), as the relation pass reads them.
  ///
  /// Read per match, where the specs' names looked up (string compares), their label bits (a
  /// dictionary look-up), their copies (retains) and an array of subjects per line cost 100 M
  /// instructions on the July corpus (38,700 matches).
  let relationEmits: [RelationEmit]
  /// Whether a predicate of `relationEmits` takes modality flags.
  let relationModality: Bool

  /// The consuming instructions reachable from the start without consuming: a start token
  /// that none of them accepts cannot begin a match, and the machine is not run there.
  let entry: [Int]
  /// What every match contains, entities first (the most selective), at most one per
  /// consuming instruction that every path to `match` passes through.
  let requirements: [Requirement]

  /// When every entry instruction consumes one token, one entity or a phrase and no match ends
  /// after it: the consuming instructions a run reaches after its first step, one of which
  /// must accept the token after what the entry took (`في` then a year, not `في` then
  /// anything; an ORGANIZATION then `في`, not an ORGANIZATION then anything), unless a phrase
  /// of several words goes on there (`longPhraseEntries`).
  ///
  /// Nil otherwise.
  let second: [Int]?
  /// When `second` is set, the tries of the entry phrases with an item of several words: the
  /// token after the start may be such an item's second word instead of what `second` asks
  /// (`"د ."` before a name: `.` then, not the name).
  let longPhraseEntries: [Int32]
  /// Whether an entry instruction of `second` consumes an entity: the token after the entry is
  /// then not always the start's next (`RuleMatcher.canContinue`).
  let secondAfterEntity: Bool
  /// The look every run passes first (`%free-start`: `<[!TITLE …] …`), when the program begins
  /// with one before any split or consuming instruction: a start where it fails gives no match.
  ///
  /// Checked before the other start filters, for the cost of one token test: the second-token
  /// check it spares cost 540 instructions a call.
  let leadingLook: (index: Int, behind: Bool, whereNone: Bool)?
  /// The entry instructions the rule is filed under (`RuleSet.Phase.index`): `entry`, or for a
  /// relation rule those from which a match may assert something (`productiveEntryItems`).
  ///
  /// Filed under every entry, `holds-title.before` was listed at every PERSON (its name may
  /// stand alone), to be refused there by `canStart` 42,000 times on the July corpus.
  let keyEntry: [Int]
  /// Whether a token that keys the rule (`RuleSet.Phase.index`) is always accepted by an
  /// instruction of `keyEntry` (so by `canStart`): each is a phrase, an entity or a test of one
  /// positive word, list or kind condition, exactly what the key stands for.
  ///
  /// The matcher then skips that check.
  let startImpliedByKey: Bool
  /// `entry` as the start filters read it (`acceptanceItems`).
  let entryItems: [Int32]
  /// For a relation rule, the entry instructions from which a run can set both captures of
  /// some `emit` (`productiveEntries`), as `acceptanceItems`; nil when every entry can (or
  /// the rule is no relation rule).
  ///
  /// A match from any other entry asserts nothing, and the matcher does not run the rule where
  /// only those accept the start: `holds-title.before` at a PERSON with no title before it
  /// (its `office`, `office2` and `rank` unset) was a third of all the machine's steps.
  let productiveEntryItems: [Int32]?
  /// What the start filter (`RuleMatcher.canStart`) asks of a start.
  ///
  /// `productiveEntryItems` when set, `entryItems` otherwise: one array, so that entity rules
  /// pay nothing for the relation rules' filter.
  let startItems: [Int32]
  /// When `second` is set, the entry instructions grouped by the consuming instructions a run
  /// reaches after them, with those (empty otherwise).
  ///
  /// Groups of `[entry count, second count, entry items…, second items…]`
  /// (`acceptanceItems`). A run passes its second token only on a path whose entry took the
  /// first: `("في" | "من") ["قصر" !clitic] X | ["قصر" proclitic="ب"] X` after
  /// في needs قصر, not X.
  let continuationItems: [Int32]
  /// `second` as `acceptanceItems`: checked before the paths of `continuationItems`, most
  /// second tokens pass none of them.
  let secondItems: [Int32]
  /// Per entry instruction (as an `acceptanceItems` item), the words one of which every match
  /// from it holds after its first token, where the rule as a whole requires none of them
  /// (`entryRequirements(of:entry:tests:tries:besides:)`); empty when no entry has such words.
  ///
  /// `@told-verbs […]{0,10} "ل" «…»` needs a ل after its verb, the rule's other branches do
  /// not: a told verb with no ل after it in its sentence starts no run.
  let entryRequirements: [(item: Int32, words: [UInt64])]

  /// What the consuming instruction at `pc` asks of a token, as an item of `acceptanceItems`.
  static func acceptanceItem(_ pc: Int, in program: [Instruction]) -> Int32 {
    switch program[pc] {
    case .test(let index): Int32(index) << 2
    case .phrase(let index): Int32(index) << 2 | 1
    case .entity(let label): Int32(label.precedence) << 2 | 2
    default: 3
    }
  }

  /// A set of consuming instructions by what they ask of a token, as one flat array.
  ///
  /// Each test, phrase and label once (the copies of a repetition share one test), read
  /// without reference counting: `index << 2` for test `index`, `index << 2 | 1` for phrase trie
  /// `index`, `precedence << 2 | 2` for an entity of that label, 3 for any token. Cheap
  /// checks first.
  static func acceptanceItems(_ pcs: [Int], in program: [Instruction]) -> [Int32] {
    var items: [Int32] = []
    for pc in pcs {
      let item = acceptanceItem(pc, in: program)
      if !items.contains(item) { items.append(item) }
    }
    // Any token (3), then entities (2), phrases (1) and tests (0), each in the order found: by
    // the low bits, highest first (a dictionary of ranks made at every call and a sort cost
    // more than the rest of the rule's filters at start-up).
    var ordered: [Int32] = []
    ordered.reserveCapacity(items.count)
    var kind: Int32 = 3
    while kind >= 0 {
      for item in items where item & 3 == kind { ordered.append(item) }
      kind -= 1
    }
    return ordered
  }

  init(
    spec: RuleSpec, program: [Instruction], captures: [String: Int], tests: [CompiledTest] = [],
    tries: [PhraseTrie] = []
  ) {
    // The pattern tree is not kept: the program replaces it, and nothing reads it after
    // compiling. Kept, its nodes (indirect enum boxes) lived as long as the rule set, each
    // referenced through a pointer whose spare bits carry the enum case, which LeakSanitizer
    // does not recognize as a pointer: every fuzz run ended with "46 KB leaked in 857
    // allocations" from the parser, hiding any real leak behind it.
    var spec = spec
    spec.pattern = .sequence([])
    self.spec = spec
    self.source = "rule:\(spec.name)"
    var names = [String](repeating: "", count: captures.count)
    for (name, slot) in captures { names[slot] = name }
    self.captureNames = names
    self.relationEmits = spec.relations.map { relation in
      let bits = relation.predicate.labelBits
      return RelationEmit(
        predicate: relation.predicate, subject: names.firstIndex(of: relation.subject) ?? -1,
        object: names.firstIndex(of: relation.object) ?? -1, subjects: bits.subjects,
        objects: bits.objects,
        pairs: bits.subjects & 1 << UInt16(EntityLabel.country.precedence) != 0,
        takesModality: relation.predicate.takesModality)
    }
    self.relationModality = spec.relations.contains { $0.predicate.takesModality }
    self.program = program
    self.successors = program.indices.map { pc in
      switch program[pc] {
      case .test, .phrase, .entity, .save, .look:
        return Int32(RuleCompiler.pastJumps(pc + 1, in: program))
      case .split, .jump, .match: return -1
      }
    }
    let entry = CompiledRule.closure(of: [0], in: program).consuming
    self.entry = entry
    var first = 0
    var steps = 0
    while first < program.count, steps < program.count {
      steps += 1
      switch program[first] {
      case .save: first += 1
      case .jump(let target): first = target
      default: steps = program.count
      }
    }
    if first < program.count, case .look(let index, let behind, let whereNone) = program[first] {
      self.leadingLook = (index, behind, whereNone)
    } else {
      self.leadingLook = nil
    }
    self.requirements = CompiledRule.requirements(of: program, tests: tests, tries: tries)
    self.second = CompiledRule.secondStep(of: program, entry: entry, tries: tries)
    self.entryItems = CompiledRule.acceptanceItems(entry, in: program)
    if spec.isRelation {
      let productive = CompiledRule.productiveEntries(
        of: program, entry: entry, relations: spec.relations, captureNames: names)
      self.productiveEntryItems =
        productive.count == entry.count
        ? nil : CompiledRule.acceptanceItems(productive, in: program)
      self.keyEntry = productive
    } else {
      self.productiveEntryItems = nil
      self.keyEntry = entry
    }
    self.secondItems = second.map { CompiledRule.acceptanceItems($0, in: program) } ?? []
    self.longPhraseEntries =
      second == nil
      ? []
      : entry.compactMap { pc in
        // Every first word has one edge from the root: any other edge is a second word's.
        guard case .phrase(let trie) = program[pc], trie < tries.count,
          tries[trie].edges.count > tries[trie].firsts.count
        else { return nil }
        return Int32(trie)
      }
    self.secondAfterEntity =
      second != nil
      && entry.contains { pc in
        if case .entity = program[pc] { return true }
        return false
      }
    var continuationItems: [Int32] = []
    if second != nil {
      var seconds: [[Int]] = []
      var entries: [[Int]] = []
      for pc in entry {
        let next = CompiledRule.closure(of: [pc + 1], in: program).consuming.sorted()
        if let known = seconds.firstIndex(of: next) {
          entries[known].append(pc)
        } else {
          seconds.append(next)
          entries.append([pc])
        }
      }
      for (group, next) in zip(entries, seconds) {
        let first = CompiledRule.acceptanceItems(group, in: program)
        let then = CompiledRule.acceptanceItems(next, in: program)
        continuationItems += [Int32(first.count), Int32(then.count)] + first + then
      }
    }
    self.continuationItems = continuationItems
    self.entryRequirements = CompiledRule.entryRequirements(
      of: program, entry: entry, tests: tests, tries: tries, besides: requirements)
    self.startItems = productiveEntryItems ?? entryItems
    // A key stands for every entry, not for the productive ones only.
    self.startImpliedByKey =
      keyEntry.allSatisfy { pc in
        switch program[pc] {
        case .phrase, .entity: return true
        case .test(let index) where index < tests.count:
          guard tests[index].conditions.count == 1,
            let (negated, condition) = tests[index].conditions.first, !negated
          else { return false }
          return condition.startKey(tries: tries) != nil
        default: return false
        }
      }
  }

  /// The consuming instructions reachable from `pcs` without consuming, and whether `match` is.
  static func closure(of pcs: [Int], in program: [Instruction]) -> (consuming: [Int], matches: Bool)
  {
    // A flag per instruction rather than a `Set`: requirements take a closure per consuming
    // instruction of every rule at start-up.
    var seen = [Bool](repeating: false, count: program.count)
    var stack = Array(pcs.reversed())
    var consuming: [Int] = []
    var matches = false
    while let pc = stack.popLast() {
      guard pc >= 0, pc < program.count, !seen[pc] else { continue }
      seen[pc] = true
      switch program[pc] {
      case .jump(let target): stack.append(target)
      case .split(let a, let b): stack.append(b); stack.append(a)
      case .save, .look: stack.append(pc + 1)
      case .match: matches = true
      default: consuming.append(pc)
      }
    }
    return (consuming, matches)
  }

  /// The instructions of `entry` from which a run may set the subject and the object capture
  /// of one of `relations`.
  ///
  /// A capture counts when it is saved on a path from the start to the entry without
  /// consuming, or anywhere after the entry. An over-estimate: a match from an entry left out
  /// never has both captures of any `emit` set, so it asserts no relation
  /// (`RuleMatcher.relations`).
  static func productiveEntries(
    of program: [Instruction], entry: [Int], relations: [RelationEmitSpec], captureNames: [String]
  ) -> [Int] {
    let needed: [UInt64] = relations.compactMap { relation in
      guard let subject = captureNames.firstIndex(of: relation.subject),
        let object = captureNames.firstIndex(of: relation.object), 2 * max(subject, object) < 64
      else { return nil }
      return 1 << UInt64(2 * subject) | 1 << UInt64(2 * object)
    }
    func saved(_ pc: Int) -> UInt64 {
      if case .save(let slot) = program[pc], slot >= 0, slot < 64 { return 1 << UInt64(slot) }
      return 0
    }
    // The slots saved on some path from the start to each instruction, consuming nothing.
    var before = [UInt64](repeating: 0, count: program.count)
    var reached = [Bool](repeating: false, count: program.count)
    var stack: [Int] = []
    if !program.isEmpty {
      reached[0] = true
      stack.append(0)
    }
    while let pc = stack.popLast() {
      let out = before[pc] | saved(pc)
      var next: [Int] = []
      switch program[pc] {
      case .jump(let target): next = [target]
      case .split(let a, let b): next = [a, b]
      case .save, .look: next = [pc + 1]
      default: break
      }
      for s in next where s >= 0 && s < program.count {
        if !reached[s] || before[s] | out != before[s] {
          reached[s] = true
          before[s] |= out
          stack.append(s)
        }
      }
    }
    return entry.filter { pc in
      // The slots saved on any path on from the entry.
      var slots = before[pc]
      var seen = [Bool](repeating: false, count: program.count)
      var stack = [pc]
      while let at = stack.popLast() {
        guard at >= 0, at < program.count, !seen[at] else { continue }
        seen[at] = true
        slots |= saved(at)
        switch program[at] {
        case .jump(let target): stack.append(target)
        case .split(let a, let b): stack.append(a); stack.append(b)
        case .match: continue
        default: stack.append(at + 1)
        }
      }
      return needed.contains { slots & $0 == $0 }
    }
  }

  /// The largest program whose entries' own requirements are looked for (a reachability search
  /// per entry and consuming instruction at start-up).
  static let maximumEntryRequirementProgram = 4096

  /// See `entryRequirements`: per entry of `entry`, the first single-word or word-list item
  /// after it (a test or phrase with words and no kind or label) that lies on every path from
  /// it to `match` and is none of the rule's `besides`.
  static func entryRequirements(
    of program: [Instruction], entry: [Int], tests: [CompiledTest], tries: [PhraseTrie],
    besides: [Requirement]
  ) -> [(item: Int32, words: [UInt64])] {
    guard entry.count > 1, program.count <= maximumEntryRequirementProgram else { return [] }
    // The instructions that may name words; what they name is made only for those required
    // (a list's words are a bit set over the lexicon).
    let items = program.indices.filter { pc in
      switch program[pc] {
      case .test, .phrase: return true
      default: return false
      }
    }
    guard !items.isEmpty else { return [] }
    var paths = MatchSearch(program)
    var result: [(item: Int32, words: [UInt64])] = []
    var any = false
    for pc in entry {
      var words: [UInt64] = []
      // Only the items reachable from the entry can lie on its every path.
      _ = paths.reachesMatch(from: pc + 1, avoiding: [], marking: true)
      let onPath = items.filter { $0 != pc && paths.marked($0) }
      for candidate in onPath {
        guard !paths.reachesMatch(from: pc + 1, avoiding: [candidate]) else { continue }
        var requirement = Requirement()
        guard requirement.add(program[candidate], tests: tests, tries: tries),
          requirement.kinds == 0, requirement.labels == 0, !requirement.words.isEmpty,
          !besides.contains(requirement)
        else { continue }
        words = requirement.words
        any = true
        break
      }
      result.append((acceptanceItem(pc, in: program), words))
    }
    return any ? result : []
  }

  /// The most word candidates `requirements(of:tests:tries:)` pairs (a reachability search per
  /// pair at start-up).
  static let maximumPairCandidates = 64

  /// See `second`.
  static func secondStep(of program: [Instruction], entry: [Int], tries: [PhraseTrie]) -> [Int]? {
    guard !entry.isEmpty else { return nil }
    for pc in entry {
      switch program[pc] {
      case .test, .entity: continue
      // A phrase of several words: its second word is checked apart (`longPhraseEntries`).
      case .phrase(let trie) where trie < tries.count: continue
      default: return nil
      }
    }
    let next = closure(of: entry.map { $0 + 1 }, in: program)
    return next.matches ? nil : next.consuming
  }

  /// The requirements of `program`: its consuming instructions that dominate `match` (no path
  /// from the start reaches `match` without them), as token tests.
  ///
  /// Candidates are the single consuming instructions and the groups of alternatives — the
  /// consuming instructions that lead to the same next step (Thompson's construction joins
  /// the branches of `(a | b | c)` there). A candidate is required when no path from the
  /// start reaches `match` without passing through one of its members. When no word is
  /// required that way, two candidates of words may be together (a word of each branch of
  /// `"وصوله" X | "وصول" Y`): the pair with the fewest words is added.
  static func requirements(of program: [Instruction], tests: [CompiledTest], tries: [PhraseTrie])
    -> [Requirement]
  {
    // One search state serves every search of the rule (a search per candidate and per pair
    // of word candidates).
    var paths = MatchSearch(program)
    func reachesMatch(avoiding avoided: [Int]) -> Bool {
      paths.reachesMatch(from: 0, avoiding: avoided)
    }
    var consuming: [Int] = []
    var groups: [[Int]: [Int]] = [:]
    for (pc, instruction) in program.enumerated() {
      switch instruction {
      case .test, .phrase, .entity:
        consuming.append(pc)
        groups[closure(of: [pc + 1], in: program).consuming.sorted(), default: []].append(pc)
      default: continue
      }
    }
    var candidates = consuming.map { [$0] }
    for group in groups.values.sorted(by: { $0[0] < $1[0] }) where group.count > 1 {
      candidates.append(group)
    }
    var found: [Requirement] = []
    // Candidates that name only words yet are not required alone: a pair of them may be
    // (`"وصوله" … | "وصول" …`: one of three words on every path, in different branches).
    var wordOnly: [(members: [Int], requirement: Requirement)] = []
    for members in candidates {
      var requirement = Requirement()
      guard members.allSatisfy({ requirement.add(program[$0], tests: tests, tries: tries) }) else {
        continue
      }
      guard !reachesMatch(avoiding: members) else {
        // Only items that name words: an item with none (a list or phrase with no first
        // word) would make its partner's word look required alone.
        if requirement.kinds == 0 && requirement.labels == 0 && !requirement.words.isEmpty {
          wordOnly.append((members, requirement))
        }
        continue
      }
      guard !found.contains(requirement) else { continue }
      found.append(requirement)
    }
    // No word is required alone: a word candidate together with every other whose words are
    // among its own (the same list in several branches: `"في" ["دار" !clitic] X | ["دار"
    // proclitic="ب"] X | ["دار" proclitic="ل"] X`), the fewest words first; failing that, the
    // pair of word candidates on every path with the fewest words (the first such in program
    // order on a tie).
    if !found.contains(where: { !$0.words.isEmpty }) && wordOnly.count >= 2
      && wordOnly.count <= maximumPairCandidates
    {
      var best: (words: Int, requirement: Requirement)?
      for candidate in wordOnly {
        let words = candidate.requirement.words
        func within(_ other: [UInt64]) -> Bool {
          other.enumerated().allSatisfy { k, word in word & ~(k < words.count ? words[k] : 0) == 0 }
        }
        let members = wordOnly.filter { within($0.requirement.words) }.flatMap(\.members)
        guard members.count > candidate.members.count, !reachesMatch(avoiding: members) else {
          continue
        }
        let count = words.reduce(0) { $0 + $1.nonzeroBitCount }
        if count < best?.words ?? Int.max { best = (count, candidate.requirement) }
      }
      if let best {
        found.append(best.requirement)
      }
    }
    if !found.contains(where: { !$0.words.isEmpty }) && wordOnly.count >= 2
      && wordOnly.count <= maximumPairCandidates
    {
      var best: (words: Int, requirement: Requirement)?
      for i in wordOnly.indices {
        for j in (i + 1)..<wordOnly.count {
          let members = wordOnly[i].members + wordOnly[j].members
          guard !reachesMatch(avoiding: members) else { continue }
          var requirement = wordOnly[i].requirement
          for (k, word) in wordOnly[j].requirement.words.enumerated() {
            if k < requirement.words.count {
              requirement.words[k] |= word
            } else {
              requirement.words.append(word)
            }
          }
          let words = requirement.words.reduce(0) { $0 + $1.nonzeroBitCount }
          if words < best?.words ?? Int.max { best = (words, requirement) }
        }
      }
      if let best { found.append(best.requirement) }
    }
    // An entity of one of a few labels, wherever the pattern names them: every path of
    // `(office2:TITLE)? office:TITLE … body:(ORGANIZATION | COUNTRY) … | … body:ORGANIZATION …`
    // passes an ORGANIZATION or a COUNTRY, though no one instruction or group is on all of them.
    // Single labels first, then pairs, each only when no requirement found says as much.
    var byLabel: [UInt16: [Int]] = [:]
    for pc in consuming {
      if case .entity(let label) = program[pc] {
        byLabel[1 << UInt16(label.precedence), default: []].append(pc)
      }
    }
    let labels = byLabel.keys.sorted()
    func implied(_ bits: UInt16) -> Bool {
      found.contains {
        $0.words.isEmpty && $0.kinds == 0 && $0.labels != 0 && $0.labels & ~bits == 0
      }
    }
    for bits in labels where !implied(bits) {
      if !reachesMatch(avoiding: byLabel[bits] ?? []) { found.append(Requirement(labels: bits)) }
    }
    for (i, a) in labels.enumerated() {
      for b in labels[(i + 1)...] where !implied(a | b) {
        let members = (byLabel[a] ?? []) + (byLabel[b] ?? [])
        if !reachesMatch(avoiding: members) { found.append(Requirement(labels: a | b)) }
      }
    }
    // Entities are rarer than words and words than kinds: the most selective are checked first.
    func rank(_ r: Requirement) -> Int {
      r.words.isEmpty && r.kinds == 0 ? 0 : r.kinds == 0 ? 1 : 2
    }
    return found.enumerated().sorted {
      (rank($0.element), $0.offset) < (rank($1.element), $1.offset)
    }.map(\.element)
  }
}

/// The compiler from pattern trees to programs.
struct RuleCompiler {
  var lexicon: TokenVocabulary
  var tries: [PhraseTrie]
  var tests: [CompiledTest] = []
  /// The normalized texts of `prefix=`/`suffix=` tests.
  var affixes: [[UInt16]] = []
  /// The index of each text of `affixes`: one index per distinct affix.
  var affixIndex: [[UInt16]: Int] = [:]
  /// The index of each distinct test in `tests`: a test written the same way in several
  /// places (a macro's gap, each copy of a repetition) compiles once, so that the matcher's
  /// memo of test answers (`RuleMatcher.TestMemo`) serves them all.
  var testIndex: [TestKey: Int] = [:]

  /// The trie of each set of phrase alternatives merged into one instruction
  /// (`mergedPhrases`), by its branches (`"W:text"` for a quoted phrase, `"L:name"` for a list):
  /// a macro's `("،" | ",")` is used dozens of times, and a trie of several words costs a bit
  /// per lexicon word.
  var mergedIndex: [[String]: Int] = [:]

  /// A compiled test's conditions, in order, as a dictionary key.
  struct TestKey: Hashable {
    var negated: [Bool]
    var conditions: [CompiledTest.Condition]
  }

  /// The index in `affixes` of `text` normalized, added when new.
  mutating func affix(_ text: String) -> Int {
    let units = normalizedUnits(text)
    if let known = affixIndex[units] { return known }
    affixes.append(units)
    affixIndex[units] = affixes.count - 1
    return affixes.count - 1
  }
  /// The texts of `written=` tests.
  var writtenForms: [String] = []
  var listIndex: [String: Int]
  let normalizer = Normalizer()
  let tokenizer: Tokenizer
  var diagnostics: [Diagnostic] = []
  /// Lexicon ids that start a phrase, a list item or a one-word test: words in their own right.
  var initial = Set<Int32>()

  /// The most instructions one rule may compile to.
  static let maximumProgram = 50_000

  /// The lexicon ids of a phrase's tokens (interning new words).
  mutating func ids(of phrase: String) -> [Int32] {
    let tokens = tokenizer.tokenize(normalizer.normalize(phrase))
    let ids = tokens.tokens.map { lexicon.intern(Array(tokens.text.units[$0.range])) }
    if let first = ids.first { initial.insert(first) }
    return ids
  }

  /// The lexicon ids of each of `phrases`, as `ids(of:)` gives them one by one, with one
  /// normalizer and tokenizer run for all.
  ///
  /// The phrases are joined by newlines (no token spans one) and each token is given back to
  /// the phrase its original scalar offset falls in. A word list of ten thousand items cost
  /// ten thousand ICU runs at start-up, most of the time spent loading the rules.
  ///
  /// The joined text is built as UTF-8 bytes, each phrase's scalars counted from its bytes
  /// (appending to a `String` and counting its `unicodeScalars` cost a third of this), and
  /// each token interned from the normalized units in place.
  mutating func ids(ofEach phrases: [String]) -> [[Int32]] {
    var bytes: [UInt8] = []
    var starts: [Int] = []  // scalar offset of each phrase in `joined`
    var offset = 0
    for var phrase in phrases {
      starts.append(offset)
      phrase.withUTF8 { utf8 in
        bytes.append(contentsOf: utf8)
        // Every scalar has one byte that is not a continuation byte (10xxxxxx).
        for byte in utf8 where byte & 0xC0 != 0x80 { offset += 1 }
      }
      bytes.append(0x0A)
      offset += 1
    }
    let joined = String(decoding: bytes, as: UTF8.self)
    let tokens = tokenizer.tokenize(normalizer.normalize(joined))
    var result = [[Int32]](repeating: [], count: phrases.count)
    var item = 0
    tokens.text.units.withUnsafeBufferPointer { units in
      for token in tokens.tokens {
        let start = tokens.text.originalRange(of: token.range).lowerBound
        while item + 1 < starts.count && starts[item + 1] <= start { item += 1 }
        result[item].append(lexicon.intern(UnsafeBufferPointer(rebasing: units[token.range])))
      }
    }
    for ids in result { if let first = ids.first { initial.insert(first) } }
    return result
  }

  func normalizedUnits(_ text: String) -> [UInt16] { normalizer.normalize(text).units }

  /// Records an error at `place`.
  mutating func diagnose(_ place: SourcePlace, _ message: String) {
    diagnostics.append(
      Diagnostic(file: place.file, line: place.line, column: place.column, message: message))
  }

  /// The most captures one rule may name (their slots live inline in every VM thread).
  static let maximumCaptures = 8

  mutating func compile(_ spec: RuleSpec) -> CompiledRule? {
    var captures: [String: Int] = [:]
    for name in spec.pattern.captureNames where captures[name] == nil {
      captures[name] = captures.count
    }
    if captures.count > RuleCompiler.maximumCaptures {
      diagnostics.append(
        Diagnostic(
          file: spec.place.file, line: spec.place.line, column: spec.place.column,
          message:
            "rule '\(spec.name)' names \(captures.count) captures (at most \(RuleCompiler.maximumCaptures))"
        ))
      return nil
    }
    var program: [Instruction] = []
    let before = diagnostics.count
    emit(spec.pattern, into: &program, captures: captures)
    program.append(.match)
    RuleCompiler.threadJumps(&program)
    if program.count > RuleCompiler.maximumProgram {
      diagnostics.append(
        Diagnostic(
          file: spec.place.file, line: spec.place.line, column: spec.place.column,
          message:
            "rule '\(spec.name)' compiles to \(program.count) instructions (at most \(RuleCompiler.maximumProgram)): use fewer or smaller repetitions"
        ))
    }
    return diagnostics.count == before
      ? CompiledRule(spec: spec, program: program, captures: captures, tests: tests, tries: tries)
      : nil
  }

  /// The instruction a thread at `target` goes on from: `target`, or where the jumps from it
  /// lead.
  static func pastJumps(_ target: Int, in program: [Instruction]) -> Int {
    var target = target
    var jumps = 0
    while target >= 0, target < program.count, case .jump(let next) = program[target],
      jumps < program.count
    {
      target = next
      jumps += 1
    }
    return target
  }

  /// Points every jump and split past the jumps its targets begin with.
  ///
  /// A jump only sends a thread on, at the same position with the same captures, and is
  /// entered once per position like its target: a thread that skips it meets the same
  /// instruction at the same moment of the closure, and is stopped there by any thread that
  /// went through the jump before it. No match and no capture changes; each jump skipped is
  /// one step fewer per thread (the ends of alternatives nest: `((a | b) | c)`).
  static func threadJumps(_ program: inout [Instruction]) {
    for pc in program.indices {
      switch program[pc] {
      case .jump(let target): program[pc] = .jump(pastJumps(target, in: program))
      case .split(let first, let second):
        program[pc] = .split(pastJumps(first, in: program), pastJumps(second, in: program))
      default: continue
      }
    }
  }

  private mutating func emit(
    _ node: PatternNode, into program: inout [Instruction], captures: [String: Int]
  ) {
    if program.count > RuleCompiler.maximumProgram { return }
    switch node {
    case .sequence(let nodes):
      for n in nodes { emit(n, into: &program, captures: captures) }
    case .alternatives(let nodes):
      // Alternatives that are all phrases (`("،" | ",")`, `("في" | "ب")`) become one phrase of
      // a trie holding them all: each thread they give has the same captures and goes on at the
      // same instruction, so one instruction yields the threads the branches did, in the order
      // that counts (per position), where the machine stepped through a split, a jump and a
      // phrase per branch at every position it tried them.
      if let merged = mergedPhrases(nodes) {
        program.append(.phrase(merged))
        return
      }
      // split L1, next; L1: a; jump end; next: split L2, … ; last: z; end:
      var jumps: [Int] = []
      for (i, n) in nodes.enumerated() {
        if i < nodes.count - 1 {
          let split = program.count
          program.append(.split(split + 1, -1))
          emit(n, into: &program, captures: captures)
          jumps.append(program.count)
          program.append(.jump(-1))
          program[split] = .split(split + 1, program.count)
        } else {
          emit(n, into: &program, captures: captures)
        }
      }
      for j in jumps { program[j] = .jump(program.count) }
    case .repetition(let inner, let low, let high):
      for _ in 0..<low { emit(inner, into: &program, captures: captures) }
      if let high {
        // Each optional copy: split(take, skip-all); the skips all land at the end.
        var skips: [Int] = []
        for _ in low..<high {
          skips.append(program.count)
          program.append(.split(program.count + 1, -1))
          emit(inner, into: &program, captures: captures)
        }
        for s in skips { program[s] = .split(s + 1, program.count) }
      } else {
        let loop = program.count
        program.append(.split(loop + 1, -1))
        emit(inner, into: &program, captures: captures)
        program.append(.jump(loop))
        program[loop] = .split(loop + 1, program.count)
      }
    case .capture(let name, let inner):
      let slot = captures[name] ?? 0
      program.append(.save(2 * slot))
      emit(inner, into: &program, captures: captures)
      program.append(.save(2 * slot + 1))
    case .literal(let text, let place):
      let words = ids(of: text)
      if words.isEmpty {
        diagnostics.append(
          Diagnostic(
            file: place.file, line: place.line, column: place.column,
            message: "\"\(text)\" has no characters left after normalization"))
        return
      }
      var trie = PhraseTrie()
      trie.insert(words, value: nil)
      tries.append(trie)
      program.append(.phrase(tries.count - 1))
    case .list(let name, let place):
      guard let index = listIndex[name] else {
        diagnostics.append(
          Diagnostic(
            file: place.file, line: place.line, column: place.column,
            message: "unknown word list '\(name)'"))
        return
      }
      program.append(.phrase(index))
    case .entity(let label):
      program.append(.entity(label))
    case .token(let conditions, let place):
      program.append(.test(compile(conditions, at: place)))
    case .look(let behind, let conditions, let place):
      program.append(
        .look(
          compile(conditions, at: place), behind: behind,
          whereNone: conditions.allSatisfy(\.negated)))
    }
  }

  /// The index of a trie of every phrase of `nodes` when there are several and each is a quoted
  /// phrase or a known word list; nil otherwise (or when a quoted phrase has no words: it is
  /// reported where it is compiled).
  private mutating func mergedPhrases(_ nodes: [PatternNode]) -> Int? {
    guard nodes.count > 1 else { return nil }
    var key: [String] = []
    for node in nodes {
      switch node {
      case .literal(let text, _): key.append("W:" + text)
      case .list(let name, _) where listIndex[name] != nil: key.append("L:" + name)
      default: return nil
      }
    }
    if let known = mergedIndex[key] { return known }
    var trie = PhraseTrie()
    for node in nodes {
      switch node {
      case .literal(let text, _):
        let words = ids(of: text)
        guard !words.isEmpty else { return nil }
        trie.insert(words, value: nil)
      case .list(let name, _):
        guard let index = listIndex[name] else { return nil }
        for phrase in tries[index].phrases() { trie.insert(phrase, value: nil) }
      default: return nil
      }
    }
    tries.append(trie)
    mergedIndex[key] = tries.count - 1
    return tries.count - 1
  }

  /// Compiles the conditions of a token test into `tests`, returning its index.
  private mutating func compile(
    _ conditions: [(negated: Bool, condition: TokenCondition)], at place: SourcePlace
  ) -> Int {
    var compiled: [(Bool, CompiledTest.Condition)] = []
    for (negated, condition) in conditions {
      if let c = condition.compile(&self, at: place) { compiled.append((negated, c)) }
    }
    let key = TestKey(negated: compiled.map(\.0), conditions: compiled.map(\.1))
    if let known = testIndex[key] { return known }
    tests.append(CompiledTest(conditions: compiled))
    testIndex[key] = tests.count - 1
    return tests.count - 1
  }
}

/// Searches of a program's paths to `match`, for the requirements found at compilation.
///
/// The instructions a search may not enter are marked seen before it starts: one array for
/// both, marked with the search's number, where a `Set` of them was hashed at every step; the
/// array and the stack serve every search.
struct MatchSearch {
  let program: [Instruction]
  private var seen: [Int]
  private var search = 0
  private var stack: [Int] = []

  init(_ program: [Instruction]) {
    self.program = program
    seen = [Int](repeating: 0, count: program.count)
  }

  /// Whether `match` is reachable from `start` without entering an instruction of `avoided`.
  ///
  /// With `marking`, the search goes on past `match`, so that every instruction reachable
  /// stays `marked` until the next search.
  mutating func reachesMatch(from start: Int, avoiding avoided: [Int], marking: Bool = false)
    -> Bool
  {
    search += 1
    for pc in avoided where pc >= 0 && pc < program.count { seen[pc] = search }
    stack.removeAll(keepingCapacity: true)
    stack.append(start)
    var found = false
    while let pc = stack.popLast() {
      guard pc >= 0, pc < program.count, seen[pc] != search else { continue }
      seen[pc] = search
      switch program[pc] {
      case .match:
        if !marking { return true }
        found = true
      case .jump(let target): stack.append(target)
      case .split(let a, let b): stack.append(a); stack.append(b)
      case .save, .look, .test, .phrase, .entity: stack.append(pc + 1)
      }
    }
    return found
  }

  /// Whether the last search entered instruction `pc` (or was kept out of it).
  func marked(_ pc: Int) -> Bool { seen[pc] == search }
}
