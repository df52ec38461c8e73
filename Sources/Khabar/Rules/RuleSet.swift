import Foundation

/// Every rule file of a folder, compiled once: phases of rules, word lists, and the lexicon
/// of every word the rules name (which guides proclitic stripping for rule tokens).
public final class RuleSet: Sendable {
  /// A phase: rules that run together and see the entities of earlier phases.
  struct Phase: Sendable {
    var name: String
    var rules: [CompiledRule]
    /// The phase's bit in `RuleSet.StartKeys.words` and `kindPhases` (phases past the 63rd
    /// share the last bit: a filter may pass more tokens than needed, never fewer).
    var bit: UInt64 = 0
    /// Which rules may start on a token, by what the token is: its lexicon id, an entity label
    /// starting there (by precedence), its kind, an entity label covering it (`[TITLE …]`);
    /// `always` holds rules whose start no single key describes.
    ///
    /// Flat lists: asked for every token.
    var byWord = KeyedLists()
    var byLabel = KeyedLists()
    /// A bit per label (by precedence) that keys some rule in `byLabel`.
    var labelKeys: UInt16 = 0
    var byKind = KeyedLists()
    var byInside = KeyedLists()
    /// A bit per label (by precedence) that keys some rule in `byInside`.
    var insideKeys: UInt16 = 0
    var always: [Int32] = []
    /// Per requirement of the phase's rules in order: the bit of its word set among the
    /// requirement banks (`RuleSet.StartKeys.words`: bank `bit >> 6`, bit
    /// `bit & 63`), or -1 (no words, or past the last bank).
    var requirementWordBits: [Int16] = []
    /// Per requirement, by rule as `requirementWordBits` (within a rule's range, those that do
    /// not fold come first: `FoldedRequirements`): what meets it as masks over the labels that
    /// start at a token, the bits of `RuleSet.StartKeys.words` and the token kinds
    /// (`RuleMatcher.forEachMatch` checks a whole sentence's masks at once).
    var requirementMasks: [RequirementMasks] = []
    /// Per rule, where its requirements begin in `requirementWordBits` and `requirementMasks`,
    /// and those folded for the check at each start (`RuleMatcher.forEachMatch`).
    ///
    /// In place of a list of where each rule's requirements begin: a phase is copied for every
    /// phase run, and a larger one changed how the compiler inlined the pipeline's callers
    /// (25 M instructions more on 1,000 articles).
    var foldedRequirements: [FoldedRequirements] = []
    /// Where each rule's entry requirements (`CompiledRule.entryRequirements`) begin in
    /// `entryRequirements`, and (last) their count.
    var entryRequirementStarts: [Int32] = [0]
    /// Per entry requirement of the phase's rules in order: the entry's item and its word bit
    /// in `RuleSet.StartKeys.words` as a bank and a mask (mask 0: nothing required, or no bit).
    var entryRequirements: [(item: Int32, bank: Int32, mask: UInt64)] = []

    init(name: String, rules: [CompiledRule]) {
      self.name = name
      self.rules = rules
    }

    /// Files every rule under the keys of its entry instructions.
    mutating func index(tries: [PhraseTrie], tests: [CompiledTest], lexiconSize: Int) {
      // (word, rule) pairs rather than a list per lexicon word: most words key no rule.
      var wordRules: [(key: Int32, item: Int32)] = []
      var byLabel = [[Int]](repeating: [], count: EntityLabel.allCases.count)
      var byKind = [[Int]](repeating: [], count: TokenKind.count)
      var byInside = [[Int]](repeating: [], count: EntityLabel.allCases.count)
      always = []
      for (r, rule) in rules.enumerated() {
        var words = Set<Int32>()
        var labels = Set<EntityLabel>()
        var kinds = Set<TokenKind>()
        var insides = Set<EntityLabel>()
        var unkeyed = false
        for pc in rule.keyEntry {
          switch rule.program[pc] {
          case .phrase(let i): words.formUnion(tries[i].firsts)
          case .entity(let label): labels.insert(label)
          case .test(let i):
            // A test is keyed by one positive condition that every passing token must meet.
            var keyed = false
            for (negated, condition) in tests[i].conditions where !negated {
              switch condition.startKey(tries: tries) {
              case .words(let ids)?: words.formUnion(ids)
              case .kind(let kind)?: kinds.insert(kind)
              case .inside(let label)?: insides.insert(label)
              case nil: continue
              }
              keyed = true
              break
            }
            if !keyed { unkeyed = true }
          default: unkeyed = true
          }
        }
        if unkeyed {
          always.append(Int32(r))
          continue
        }
        for w in words where Int(w) < lexiconSize { wordRules.append((w, Int32(r))) }
        for l in labels { byLabel[l.precedence].append(r) }
        for k in kinds { byKind[k.index].append(r) }
        for l in insides { byInside[l.precedence].append(r) }
      }
      self.byWord = KeyedLists(pairs: wordRules, keyCount: lexiconSize)
      self.byLabel = KeyedLists(byLabel)
      labelKeys = 0
      for (precedence, list) in byLabel.enumerated() where !list.isEmpty {
        labelKeys |= 1 << UInt16(precedence)
      }
      self.byKind = KeyedLists(byKind)
      self.byInside = KeyedLists(byInside)
      insideKeys = 0
      for (precedence, list) in byInside.enumerated() where !list.isEmpty {
        insideKeys |= 1 << UInt16(precedence)
      }
    }
  }

  let phases: [Phase]
  /// The `relation` rules, run after every entity phase.
  let relationPhase: Phase?
  /// The relation rules with an emit of an event predicate (`Predicate.takesModality`), indexed
  /// like `relationPhase`; nil when that is every relation rule.
  ///
  /// What `TitleReference.relations` runs over the sentences of bare titles: it keeps only
  /// those predicates, and the titles' own rules (`holds-title.before` and the like, the most
  /// costly) found nothing it kept there.
  let eventRelationPhase: Phase?
  let lexicon: TokenVocabulary
  /// The compiled token tests.
  let tests: TestTable
  /// The phrase tries, merged for matching.
  let phrases: PhraseTable
  /// What marks where rules may start and which word requirements a token meets.
  let starts: StartKeys
  /// Lexicon ids that are words in their own right (not only inside a phrase), as a bit set:
  /// a token that is one of them is never split into proclitics + stem.
  private let initialWords: [UInt64]

  /// Whether lexicon id `id` is a word in its own right (see `initialWords`).
  @inline(__always)
  func isWordInItsOwnRight(_ id: Int32) -> Bool { initialWords.hasBit(id) }
  /// The word lists by name (for `--explain` and tests).
  public let lists: [String: WordList]
  /// Per `modality` statement, in file order: its flag, the phrase trie of its word list, that
  /// of its exceptions (`!@LIST`) and that of its cues after the match (`after @LIST`).
  let modalities: [(modality: Modality, trie: Int, except: Int?, after: Int?)]

  /// Banks of 64 word-requirement bits at most (`StartKeys.banks`): each costs two words per
  /// token of every article (its own bits and its sentence's ahead), and 256 sets are twice
  /// those of today's rules.
  static let maximumRequirementBanks = 4

  /// An empty rule set: gazetteers only.
  public static func empty() -> RuleSet {
    RuleSet(
      phases: [], relationPhase: nil, lexicon: TokenVocabulary(), initial: [], tries: [], tests: [],
      affixes: [], writtenForms: [], lists: [:],
      valuedLists: [], modalities: [])
  }

  init(
    phases: [Phase], relationPhase: Phase?, eventRelationPhase: Phase? = nil,
    lexicon: TokenVocabulary, initial: Set<Int32>,
    tries: [PhraseTrie], tests: [CompiledTest],
    affixes: [[UInt16]], writtenForms: [String], lists: [String: WordList], valuedLists: [Int],
    modalities: [(modality: Modality, trie: Int, except: Int?, after: Int?)]
  ) {
    var phases = phases
    var relationPhase = relationPhase
    var phaseWords = [UInt64](repeating: 0, count: lexicon.count)
    var kindPhases = [UInt64](repeating: 0, count: TokenKind.count)
    // Word requirements (`Requirement.words`) get a bit each, shared by equal sets, so that
    // the matcher scans one mask per token for them (`requirementWords`). The bits come in
    // banks of 64 (`RuleSet.StartKeys.banks`, at most `maximumRequirementBanks`); past those,
    // the rest are scanned word by word. One bank was too few: half the entity rules went
    // without a bit, and each of their starts ran the filters that a sentence's masks refuse
    // at once (`place.palace` was tried at 288,000 starts in the news corpus for 215 matches).
    var requirementBits: [[UInt64]: Int16] = [:]
    let bitLimit = 64 * RuleSet.maximumRequirementBanks
    // The relation rules' sets first: their phase runs over every article with most of its
    // rules keyed by common words, where a scan word by word costs most.
    for rule in relationPhase?.rules ?? [] {
      for requirement in rule.requirements where !requirement.words.isEmpty {
        if requirementBits[requirement.words] == nil && requirementBits.count < bitLimit {
          requirementBits[requirement.words] = Int16(requirementBits.count)
        }
      }
    }
    func prepare(_ phase: inout Phase, bit: UInt64) {
      phase.bit = bit
      phase.requirementWordBits = []
      phase.requirementMasks = []
      phase.foldedRequirements = []
      for rule in phase.rules {
        var masks: [RequirementMasks] = []
        for requirement in rule.requirements {
          var wordBit: Int16 = -1
          if !requirement.words.isEmpty {
            if let known = requirementBits[requirement.words] {
              wordBit = known
            } else if requirementBits.count < bitLimit {
              wordBit = Int16(requirementBits.count)
              requirementBits[requirement.words] = wordBit
            }
          }
          phase.requirementWordBits.append(wordBit)
          masks.append(
            RequirementMasks(
              labels: requirement.labels, kinds: requirement.kinds,
              bank: wordBit >= 0 ? Int32(wordBit >> 6) : 0,
              words: wordBit >= 0 ? 1 << UInt64(wordBit & 63) : 0,
              complete: requirement.words.isEmpty || wordBit >= 0))
        }
        let folded = FoldedRequirements(masks, first: phase.requirementMasks.count)
        let alone = masks.filter { $0.complete && !FoldedRequirements.folds($0) }
        phase.requirementMasks +=
          alone + masks.filter { !$0.complete || FoldedRequirements.folds($0) }
        phase.foldedRequirements.append(folded)
      }
      phase.entryRequirementStarts = [0]
      phase.entryRequirements = []
      for rule in phase.rules {
        // After the rules' own requirements: an entry's words take a bit that is left.
        for (item, words) in rule.entryRequirements {
          var wordBit: Int16 = -1
          if !words.isEmpty {
            if let known = requirementBits[words] {
              wordBit = known
            } else if requirementBits.count < bitLimit {
              wordBit = Int16(requirementBits.count)
              requirementBits[words] = wordBit
            }
          }
          phase.entryRequirements.append(
            (
              item, wordBit >= 0 ? Int32(wordBit >> 6) : 0,
              wordBit >= 0 ? 1 << UInt64(wordBit & 63) : 0
            ))
        }
        phase.entryRequirementStarts.append(Int32(phase.entryRequirements.count))
      }
      for id in 0..<min(lexicon.count, phase.byWord.starts.count - 1)
      where !phase.byWord.range(id).isEmpty { phaseWords[id] |= bit }
      for kind in 0..<TokenKind.count where !phase.byKind.range(kind).isEmpty {
        kindPhases[kind] |= bit
      }
      // A rule with no key may start anywhere.
      if !phase.always.isEmpty { kindPhases = kindPhases.map { $0 | bit } }
    }
    for i in 0...phases.count {
      let bit = UInt64(1) << UInt64(min(i, 63))
      guard var phase = i < phases.count ? phases[i] : relationPhase else { continue }
      prepare(&phase, bit: bit)
      if i < phases.count { phases[i] = phase } else { relationPhase = phase }
    }
    // The event rules share the relation phase's bit: their keys are among its keys, and their
    // word requirements among its (no bit is added for them).
    var eventRelationPhase = eventRelationPhase
    if var phase = eventRelationPhase, let relationPhase {
      prepare(&phase, bit: relationPhase.bit)
      eventRelationPhase = phase
    }
    let banks = max(1, (requirementBits.count + 63) / 64)
    let stride = 1 + banks
    var startWords = [UInt64](repeating: 0, count: lexicon.count * stride)
    for id in 0..<lexicon.count { startWords[id * stride] = phaseWords[id] }
    for (words, bit) in requirementBits {
      for id in 0..<min(lexicon.count, words.count * 64) where words.hasBit(Int32(id)) {
        startWords[id * stride + 1 + Int(bit) >> 6] |= 1 << UInt64(bit & 63)
      }
    }
    self.starts = StartKeys(perWord: startWords, kindPhases: kindPhases, banks: banks)
    var initialWords = [UInt64](repeating: 0, count: (lexicon.count + 63) / 64)
    for id in initial { initialWords.setBit(Int(id)) }
    self.initialWords = initialWords
    self.phases = phases
    self.relationPhase = relationPhase
    self.eventRelationPhase = eventRelationPhase
    self.lexicon = lexicon
    // A test holds when all its conditions do, so their order is free. The conditions on the
    // token's kind, the entities covering it and its proclitics fold into one mask check per
    // test (`TestMasks`); of the rest, the cheap ones (an id or a bit compared) go first and the
    // one that reads the original text last, where a failing cheap condition usually spares it.
    var masks: [TestMasks] = []
    var conditions: [(negated: Bool, condition: CompiledTest.Condition)] = []
    var starts: [Int32] = [0]
    for test in tests {
      var m = TestMasks()
      for (negated, condition) in test.conditions {
        // Kind, entity and proclitic conditions become masks; the rest stay conditions.
        if !condition.fold(into: &m, negated: negated) { conditions.append((negated, condition)) }
      }
      let added = conditions.count - Int(starts[starts.count - 1])
      conditions[(conditions.count - added)...].sort { $0.condition.cost < $1.condition.cost }
      masks.append(m)
      starts.append(Int32(conditions.count))
    }
    self.tests = TestTable(
      conditions: conditions, starts: starts, masks: masks, affixes: affixes,
      writtenForms: writtenForms.map(WrittenForm.init))
    var edges = TransitionTable()
    var roots: [Int32] = []
    var values: [String?] = []
    for trie in tries {
      let root = Int32(values.count)
      roots.append(root)
      for edge in trie.edges {
        edges.insert(node: root + edge.node, token: edge.token, child: root + edge.child)
      }
      values += trie.terminal
    }
    self.phrases = PhraseTable(
      singles: TrieWordSets(tries.map(\.singles), lexiconSize: lexicon.count),
      firsts: TrieWordSets(tries.map(\.firsts), lexiconSize: lexicon.count), edges: edges,
      roots: roots,
      values: values, ends: values.map { $0 != nil }, valued: valuedLists)
    self.lists = lists
    self.modalities = modalities
  }

  /// Loads `directory/*.rules` (in name order) and the word lists of `directory/lists/*.txt`.
  ///
  /// Every problem of every file is reported together; nothing is returned if any is an error.
  public static func load(directory: String) throws(DataFileError) -> RuleSet {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw DataFileError([
        Diagnostic(file: directory, line: 1, column: 1, message: "no such folder")
      ])
    }
    var diagnostics: [Diagnostic] = []
    var files: [(String, String)] = []
    var listFiles: [(String, String)] = []
    var invalidLines: [String: Set<Int>] = [:]
    // A file with invalid UTF-8 is still read (bad bytes as U+FFFD) so that the lists and rules
    // it defines exist: one error at the bad byte, not one at every use of a missing list.
    func read(_ path: String) -> String? {
      guard let data = fm.contents(atPath: path) else {
        diagnostics.append(
          Diagnostic(file: path, line: 1, column: 1, message: "cannot read the file"))
        return nil
      }
      let (text, lines) = DataFileText.decode([UInt8](data), file: path, diagnostics: &diagnostics)
      if !lines.isEmpty { invalidLines[path] = lines }
      return text
    }
    let names = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter {
      $0.hasSuffix(".rules")
    }.sorted()
    for name in names {
      let path = (directory as NSString).appendingPathComponent(name)
      if let text = read(path) { files.append((path, text)) }
    }
    let listDirectory = (directory as NSString).appendingPathComponent("lists")
    let listNames = ((try? fm.contentsOfDirectory(atPath: listDirectory)) ?? []).filter {
      $0.hasSuffix(".txt")
    }.sorted()
    for name in listNames {
      let path = (listDirectory as NSString).appendingPathComponent(name)
      if let text = read(path) { listFiles.append((String(name.dropLast(4)), text)) }
    }
    return try compile(
      files: files, lists: listFiles, listDirectory: listDirectory, diagnostics: diagnostics,
      invalidLines: invalidLines)
  }

  /// Compiles rule file texts `(path, text)` and list file texts `(name, text)` (rules kept in
  /// memory, tests, fuzzing); `listDirectory` names the lists' folder in messages.
  ///
  /// `invalidLines` (file path → line numbers) are lines already reported as invalid UTF-8:
  /// other complaints about them are left out, since they would repeat that one.
  public static func compile(
    files: [(String, String)], lists listTexts: [(String, String)], listDirectory: String,
    diagnostics initial: [Diagnostic] = [],
    invalidLines: [String: Set<Int>] = [:]
  ) throws(DataFileError) -> RuleSet {
    var diagnostics: [Diagnostic] = []
    var lists: [String: WordList] = [:]
    for (name, text) in listTexts {
      let path = (listDirectory as NSString).appendingPathComponent(name + ".txt")
      lists[name] = WordList.parse(text, name: name, file: path, diagnostics: &diagnostics)
    }
    var specs: [RuleSpec] = []
    var macros: [String: RuleParser.Macro] = [:]
    var unchecked: [PatternNode] = []
    var modalitySpecs: [ModalitySpec] = []
    for (path, text) in files {
      let result = RuleParser.parse(
        text, file: path, firstOrder: specs.count, macros: &macros, diagnostics: &diagnostics)
      unchecked += result.unchecked
      for spec in result.modalities {
        if let first = modalitySpecs.first(where: { $0.modality == spec.modality }) {
          diagnostics.append(
            Diagnostic(
              file: spec.place.file, line: spec.place.line, column: spec.place.column,
              message:
                "modality '\(spec.name)' is already declared at \(first.place.file):\(first.place.line)"
            ))
        } else {
          modalitySpecs.append(spec)
        }
      }
      for list in result.lists {
        if let existing = lists[list.name] {
          diagnostics.append(
            Diagnostic(
              file: list.file, line: list.items.first?.line ?? 1, column: 1,
              message: "list '\(list.name)' is already defined in \(existing.file)"))
        } else {
          lists[list.name] = list
        }
      }
      specs += result.rules
    }
    var seen: [String: RuleSpec] = [:]
    for spec in specs {
      if let first = seen[spec.name] {
        diagnostics.append(
          Diagnostic(
            file: spec.place.file, line: spec.place.line, column: spec.place.column,
            message:
              "rule '\(spec.name)' is already defined at \(first.place.file):\(first.place.line)"))
      } else {
        seen[spec.name] = spec
      }
    }
    // Patterns that are not compiled (rules with other errors, macro bodies) still name lists.
    for pattern in unchecked {
      for place in pattern.unknownLists(among: lists) {
        diagnostics.append(
          Diagnostic(
            file: place.file, line: place.line, column: place.column,
            message: "unknown word list '\(place.name)'"))
      }
    }
    for spec in modalitySpecs {
      for (list, place) in [(spec.list, spec.listPlace)] + (spec.except.map { [$0] } ?? [])
        + (spec.after.map { [$0] } ?? [])
      where lists[list] == nil {
        diagnostics.append(
          Diagnostic(
            file: place.file, line: place.line, column: place.column,
            message: "unknown word list '\(list)'"))
      }
    }
    diagnostics += ModelCue.check(lists: lists)
    diagnostics += DateValue.checkListValues(
      specs: specs, lists: lists,
      texts: Dictionary(listTexts, uniquingKeysWith: { first, _ in first }))
    guard let tokenizer = try? Tokenizer() else {
      throw DataFileError([
        Diagnostic(file: "ICU", line: 0, column: 0, message: "ICU break iterators are unavailable")
      ])
    }
    var compiler = RuleCompiler(
      lexicon: TokenVocabulary(), tries: [], listIndex: [:], tokenizer: tokenizer)
    var valued: [Int] = []
    for name in lists.keys.sorted() {
      guard let list = lists[name] else { continue }
      var trie = PhraseTrie()
      let itemIds = compiler.ids(ofEach: list.items.map(\.text))
      for (item, ids) in zip(list.items, itemIds) {
        if ids.isEmpty {
          diagnostics.append(
            Diagnostic(
              file: list.file, line: item.line, column: 1,
              message: "'\(item.text)' has no characters left after normalization"))
          continue
        }
        trie.insert(ids, value: item.value)
      }
      compiler.listIndex[name] = compiler.tries.count
      if list.items.contains(where: { $0.value != nil }) { valued.append(compiler.tries.count) }
      compiler.tries.append(trie)
    }
    var phases: [Phase] = []
    var relationPhase: Phase?
    for spec in specs {
      guard let rule = compiler.compile(spec) else { continue }
      if spec.isRelation {
        if relationPhase == nil { relationPhase = Phase(name: RuleSpec.relationPhase, rules: []) }
        relationPhase?.rules.append(rule)
        continue
      }
      if let index = phases.firstIndex(where: { $0.name == spec.phase }) {
        phases[index].rules.append(rule)
      } else {
        phases.append(Phase(name: spec.phase, rules: [rule]))
      }
    }
    for i in phases.indices {
      phases[i].index(
        tries: compiler.tries, tests: compiler.tests, lexiconSize: compiler.lexicon.count)
    }
    relationPhase?.index(
      tries: compiler.tries, tests: compiler.tests, lexiconSize: compiler.lexicon.count)
    var eventRelationPhase: Phase?
    if let relationPhase {
      let rules = relationPhase.rules.filter { rule in
        rule.spec.relations.contains { $0.predicate.takesModality }
      }
      if rules.count < relationPhase.rules.count {
        eventRelationPhase = Phase(name: relationPhase.name, rules: rules)
        eventRelationPhase?.index(
          tries: compiler.tries, tests: compiler.tests, lexiconSize: compiler.lexicon.count)
      }
    }
    diagnostics += compiler.diagnostics
    if !invalidLines.isEmpty {
      diagnostics.removeAll { invalidLines[$0.file]?.contains($0.line) == true }
    }
    diagnostics = initial + diagnostics
    // A macro's problem is found at each use and in its body: report it once.
    var reported = Set<String>()
    diagnostics = diagnostics.filter { reported.insert($0.description).inserted }
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw DataFileError(diagnostics.filter { $0.severity == .error })
    }
    return RuleSet(
      phases: phases, relationPhase: relationPhase, eventRelationPhase: eventRelationPhase,
      lexicon: compiler.lexicon,
      initial: compiler.initial, tries: compiler.tries, tests: compiler.tests,
      affixes: compiler.affixes, writtenForms: compiler.writtenForms, lists: lists,
      valuedLists: valued,
      modalities: modalitySpecs.compactMap { spec in
        compiler.listIndex[spec.list].map {
          (
            spec.modality, $0, spec.except.flatMap { compiler.listIndex[$0.list] },
            spec.after.flatMap { compiler.listIndex[$0.list] }
          )
        }
      })
  }
}

/// Lists of small integers keyed by a dense integer, in two flat arrays (compressed rows):
/// the list of key `k` is `items[starts[k]..<starts[k + 1]]`.
///
/// Reading one costs no reference counting, where an array of arrays retained the inner array on
/// every read.
struct KeyedLists: Sendable {
  private(set) var starts: [Int32] = [0]
  private(set) var items: [Int32] = []

  init() {}

  init(_ lists: [[Int]]) {
    // Sized first and filled in place: one list per lexicon word, for each phase, at start-up.
    starts.reserveCapacity(lists.count + 1)
    items.reserveCapacity(lists.reduce(0) { $0 + $1.count })
    for list in lists {
      for item in list { items.append(Int32(item)) }
      starts.append(Int32(items.count))
    }
  }

  /// The lists of keys `0..<keyCount` from `(key, item)` pairs: each key's items in the order
  /// of its pairs.
  init(pairs: [(key: Int32, item: Int32)], keyCount: Int) {
    var starts = [Int32](repeating: 0, count: keyCount + 1)
    for pair in pairs { starts[Int(pair.key) + 1] += 1 }
    for k in 0..<keyCount { starts[k + 1] += starts[k] }
    var next = starts
    var items = [Int32](repeating: 0, count: pairs.count)
    for pair in pairs {
      items[Int(next[Int(pair.key)])] = pair.item
      next[Int(pair.key)] += 1
    }
    self.starts = starts
    self.items = items
  }

  /// The positions in `items` of key `key`'s list (empty for keys never filed).
  @inline(__always)
  func range(_ key: Int) -> Range<Int> {
    key + 1 < starts.count ? Int(starts[key])..<Int(starts[key + 1]) : 0..<0
  }
}

extension TokenKind {
  /// How many kinds there are.
  static let count = allCases.count

  /// The kind's position in the declaration (a dense key for `KeyedLists`).
  @inline(__always)
  var index: Int {
    switch self {
    case .word: 0
    case .number: 1
    case .punctuation: 2
    case .symbol: 3
    }
  }
}

/// A requirement (`Requirement`) as masks: a token meets it when an entity of one of `labels`
/// starts there, its word has one of the bits `words` in bank `bank`
/// (`RuleSet.StartKeys.words`) or
/// its kind is one of `kinds`.
struct RequirementMasks: Sendable {
  var labels: UInt16
  var kinds: UInt8
  /// The bank (`RuleSet.StartKeys.banks`) of the requirement's word bit in `words`.
  var bank: Int32
  var words: UInt64
  /// Whether the masks say all of it: false for a word set past the last bank (no bit).
  var complete: Bool
}

/// One rule's `RequirementMasks` as the matcher checks them at a start: every requirement of
/// one word bit, one label or one kind folded into one mask per bank, labels and kinds, all of
/// whose bits must be met; the others (several labels, or a label or a word) checked one by
/// one.
///
/// A requirement was a loop step of a dozen instructions, and the rules of a phase are checked
/// at every start that keys them: 208,000 times for the relation rules on 1,000 articles.
struct FoldedRequirements: Sendable {
  /// Per bank (`RuleSet.maximumRequirementBanks`), the word bits every one of which must be met.
  var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  var labels: UInt16 = 0
  var kinds: UInt8 = 0
  /// Whether every requirement is complete (`RequirementMasks.complete`): the masks then answer
  /// all of them.
  var complete = true
  /// Whether a requirement reads the labels ahead: they are made only for those.
  var readsLabels = false
  /// Where the rule's requirements begin in `RuleSet.Phase.requirementWordBits` and
  /// `requirementMasks`.
  var first: Int32
  /// The end of the rule's masks in `requirementMasks` that do not fold (they come first).
  var unfoldedEnd: Int32

  /// `masks`, a rule's, folded; they begin at `first`.
  init(_ masks: [RequirementMasks], first: Int) {
    self.first = Int32(first)
    var unfolded = 0
    for m in masks {
      // Incomplete: the matcher scans for it (`RuleMatcher.meetsRequirements`).
      guard m.complete else {
        complete = false
        continue
      }
      readsLabels = readsLabels || m.labels != 0
      guard FoldedRequirements.folds(m) else {
        unfolded += 1
        continue
      }
      switch m.bank {
      case 0: words.0 |= m.words
      case 1: words.1 |= m.words
      case 2: words.2 |= m.words
      default: words.3 |= m.words
      }
      labels |= m.labels
      kinds |= m.kinds
    }
    unfoldedEnd = Int32(first + unfolded)
  }

  /// Whether `m` is folded: complete, and a single word bit (in a bank that has a mask), label
  /// or kind.
  ///
  /// An incomplete one is neither folded nor checked by mask.
  static func folds(_ m: RequirementMasks) -> Bool {
    guard m.complete else { return false }
    let bits = m.words.nonzeroBitCount + m.labels.nonzeroBitCount + m.kinds.nonzeroBitCount
    return bits == 1 && (m.words == 0 || m.bank < RuleSet.maximumRequirementBanks)
  }
}

/// A test's conditions on the token's kind, on the entities that cover it and on its
/// proclitics, as masks: one check each instead of a condition each.
struct TestMasks: Sendable {
  /// The token kinds (bits by `TokenKind.index`) the test allows.
  var kinds: UInt8 = 0xFF
  /// Labels (bits by precedence) of entities that must, or must not, cover the token.
  var insideRequired: UInt16 = 0
  var insideForbidden: UInt16 = 0
  var cliticRequired = false
  var cliticForbidden = false
}

/// Bit sets over lexicon ids in arrays of words, several sets side by side as rows (a row of
/// the set `n` starts at word `n · stride`).
extension Array where Element == UInt64 {
  mutating func setBit(_ bit: Int, row: Int = 0) { self[row + bit >> 6] |= 1 << UInt64(bit & 63) }

  /// Whether bit `bit` (-1: none) of the row starting at word `row` is set.
  @inline(__always)
  func hasBit(_ bit: Int32, row: Int = 0) -> Bool {
    bit >= 0 && self[row + Int(bit) >> 6] & (1 << UInt64(bit & 63)) != 0
  }
}
