import Testing

@testable import Khabar

@Suite struct RuleLanguageTests {
  /// A requirement as its counts: words, kinds and labels.
  static func describe(_ r: Requirement) -> String {
    "words \(r.words.reduce(0) { $0 + $1.nonzeroBitCount }) kinds \(r.kinds) labels \(r.labels)"
  }

  /// Compiles one rule file (named `t.rules`) with the given list files.
  static func compile(_ text: String, lists: [(String, String)] = []) throws(DataFileError)
    -> RuleSet
  {
    try RuleSet.compile(files: [("t.rules", text)], lists: lists, listDirectory: "lists")
  }

  static func errors(_ text: String, lists: [(String, String)] = []) -> [String] {
    do {
      _ = try compile(text, lists: lists)
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  /// The matcher keys flat per-token tables by `precedence` and `TokenKind.index`, written out as
  /// switches for speed: they must follow the declaration order and be dense.
  @Test func labelAndKindKeysAreDenseAndInDeclarationOrder() {
    #expect(EntityLabel.allCases.map(\.precedence) == Array(0..<EntityLabel.allCases.count))
    #expect(EntityLabel.allCases.sorted() == EntityLabel.allCases)
    #expect(TokenKind.allCases.map(\.index) == Array(0..<TokenKind.count))
  }

  @Test(arguments: [
    ("rule r\n  match \"قال\" PERSN\n  emit PERSON", "t.rules:2:15: error: unknown label 'PERSN'"),
    ("rule r\n  match \"قال\"\n  emit PERSN", "t.rules:3:8: error: unknown label 'PERSN'"),
    (
      "rule r\n  match WORD{3,1}\n  emit PERSON",
      "t.rules:2:13: error: bad quantifier '{3,1}': minimum above maximum"
    ),
    ("rule r\n  match WORD{a}\n  emit PERSON", "t.rules:2:13: error: bad quantifier '{a'"),
    (
      "rule r\n  match WORD{1,100}\n  emit PERSON",
      "t.rules:2:13: error: bad quantifier '{1,100}': use 1 to 64 repetitions"
    ),
    ("rule r\n  match (\"قال\" WORD\n  emit PERSON", "t.rules:2:9: error: unclosed '('"),
    ("rule r\n  match \"قال\" WORD)\n  emit PERSON", "t.rules:2:19: error: unexpected ')'"),
    ("rule r\n  match [word !@stops\n  emit PERSON", "t.rules:2:9: error: unclosed '['"),
    ("rule r\n  match @rankz WORD\n  emit PERSON", "t.rules:2:9: error: unknown word list 'rankz'"),
    ("rule r\n  match ? WORD\n  emit PERSON", "t.rules:2:9: error: quantifier '?' follows nothing"),
    (
      "rule r\n  match قال\n  emit PERSON",
      "t.rules:2:9: error: unexpected 'ق' (Arabic words go in quotes: \"قال\")"
    ),
    ("rule r\n  match \"قال\n  emit PERSON", "t.rules:2:9: error: unterminated string"),
    ("rule r\n  match n:WORD\n  emit PERSON m", "t.rules:3:15: error: unknown capture 'm'"),
    ("rule r\n  emit PERSON", "t.rules:2:3: error: 'emit' before 'match'"),
    ("rule r\n  match WORD", "t.rules:1:1: error: rule 'r' has no 'emit' line"),
    ("match WORD", "t.rules:1:1: error: 'match' outside a rule"),
    (
      "rule r priority x\n  match WORD\n  emit DATE",
      "t.rules:1:17: error: expected a number after 'priority'"
    ),
    (
      "rule r\n  match WORD\n  emit DATE\nrule r\n  match WORD\n  emit DATE",
      "t.rules:4:1: error: rule 'r' is already defined at t.rules:1"
    ),
    (
      "rule r\n  match [lemma=\"x\"]\n  emit DATE",
      "t.rules:2:10: error: unknown token test 'lemma'"
    ),
    (
      "frobnicate",
      "t.rules:1:1: error: unknown statement 'frobnicate' (expected phase, list, define, modality, rule, match or emit)"
    ),
  ])
  func errorsNameTheirPlace(_ text: String, _ message: String) {
    #expect(RuleLanguageTests.errors(text) == [message])
  }

  @Test func everyProblemInOnePassAndNothingLoads() {
    let text = """
      rule a
        match PERSN
        emit PERSON
      rule b
        match WORD{2,1}
        emit PERSON
      rule c
        match "قال" PERSON
        emit PERSON
      """
    let found = RuleLanguageTests.errors(text, lists: [("stops", "في\n\tمن\tx\ty\n")])
    #expect(
      found == [
        "lists/stops.txt:2:4: error: expected ITEM or ITEM<TAB>VALUE, found 4 fields",
        "t.rules:2:9: error: unknown label 'PERSN'",
        "t.rules:5:13: error: bad quantifier '{2,1}': minimum above maximum",
      ])
  }

  /// Runs rules over `text` with the test gazetteer; returns (label, text, source) of each entity.
  static func run(_ rules: String, _ text: String, lists: [(String, String)] = []) throws -> [(
    String, String, String
  )] {
    let set = try compile(rules, lists: lists)
    let extractor = try Extractor(gazetteer: TestGazetteer.gazetteer(), rules: set)
    return extractor.extract(text).entities.map { ($0.label.rawValue, $0.text, $0.source) }
  }

  /// `proclitic="…"` tells و from ب: for a word the rules know (the lexicon strips its
  /// proclitics) and for a gazetteer entity (which strips its own).
  @Test func procliticTestTellsWhichProclitic() throws {
    let rules = """
      rule in-country
        match [COUNTRY proclitic="ب"]
        emit LOCATION
      rule and-city
        match [@city proclitic="و"]
        emit EVENT
      """
    let found = try RuleLanguageTests.run(
      rules, "سافر بروسيا وروسيا ثم بمدينة ومدينة", lists: [("city", "مدينة")])
    #expect(
      found.filter { $0.0 != "COUNTRY" }.map { "\($0.0) \($0.1)" } == [
        "LOCATION روسيا", "EVENT مدينة",
      ])
  }

  @Test func longestMatchThenPriorityThenFileOrder() throws {
    let rules = """
      rule short priority 5
        match "وزير" "الدفاع"
        emit TITLE
      rule long
        match "وزير" "الدفاع" NORP
        emit TITLE
      rule tie-low priority 1
        match "رئيس" "الحكومة"
        emit TITLE
      rule tie-high priority 9
        match "رئيس" WORD
        emit TITLE
      """
    let found = try RuleLanguageTests.run(
      rules, "قال وزير الدفاع الروسي ثم وزير الدفاع. رئيس الحكومة")
    #expect(
      found.filter { $0.0 == "TITLE" }.map { "\($0.1)=\($0.2)" } == [
        "وزير الدفاع الروسي=rule:long", "وزير الدفاع=rule:short", "رئيس الحكومة=rule:tie-high",
      ])
    // The NORP nests inside the TITLE.
    #expect(found.contains { $0.0 == "NORP" && $0.1 == "الروسي" })
  }

  @Test func capturesEmitSeveralEntitiesWithAttributes() throws {
    let rules = """
      list ranks = "اللواء" | "الجنرال"
      rule person.after-rank
        match rank:@ranks name:([word !@stops]{1,3})
        emit TITLE rank
        emit PERSON name title=rank
      """
    let set = try RuleLanguageTests.compile(rules, lists: [("stops", "قال\nأن\nفي\n")])
    let entities = try Extractor(gazetteer: TestGazetteer.gazetteer(), rules: set).extract(
      "وقال اللواء محمد باقري أن العالم"
    ).entities
    #expect(entities.map(\.text) == ["اللواء", "محمد باقري"])
    #expect(entities.map(\.label) == [.title, .person])
    #expect(entities[1].attributes.first { $0.0 == "title" }?.1 == .string("اللواء"))
  }

  /// `canonical=` names the entity (a quoted text, or the canonical name of the entity a capture
  /// spans) and adds no attribute; `date` or a second `canonical=` is an error at its place.
  @Test func canonicalNamesTheEntity() throws {
    let rules = """
      rule fixed
        match "وزير" "الدفاع"
        emit TITLE canonical="defence minister"
      rule from-entity priority 5 replaces COUNTRY
        match "إلى" place:COUNTRY
        emit LOCATION place canonical=place
      """
    let entities = try Extractor(
      gazetteer: TestGazetteer.gazetteer(), rules: RuleLanguageTests.compile(rules)
    ).extract("وصل وزير الدفاع إلى روسيا").entities
    let title = try #require(entities.first { $0.label == .title })
    #expect(title.canonical == "defence minister")
    #expect(title.attributes.isEmpty)
    let place = try #require(entities.first { $0.label == .location })
    #expect(place.text == "روسيا")
    #expect(place.canonical == "Russia")
    #expect(
      RuleLanguageTests.errors(
        """
        rule a
          match "وزير"
          emit TITLE canonical=date
        rule b
          match "وزير"
          emit TITLE canonical="x" canonical="y"
        """
      ) == [
        "t.rules:3:14: error: 'canonical=' takes a capture or a quoted text, not 'date'",
        "t.rules:6:28: error: 'canonical=' given twice",
      ])
  }

  @Test func procliticsAreStrippedGuidedByRuleWords() throws {
    let rules = """
      rule minister
        match "وزير" "الخارجية"
        emit TITLE
      rule forces
        match "القوات" "البحرية"
        emit ORGANIZATION
      rule no-clitic
        match [!clitic "وزير"] "الدفاع"
        emit TITLE
      """
    let found = try RuleLanguageTests.run(
      rules, "التقى ووزير الخارجية وقادة للقوات البحرية ووزير الدفاع")
    #expect(found.map(\.1) == ["وزير الخارجية", "لقوات البحرية", "وزير"])
    // The last وزير is the test gazetteer's TITLE only: rule no-clitic refused its proclitic.
    #expect(found.map(\.2) == ["rule:minister", "rule:forces", "gazetteer:test"])
  }

  @Test func entityElementsConsumeWholeEntitiesAndPhasesBuildOnEachOther() throws {
    let rules = """
      phase one
      rule forces
        match "القوات" "المسلحة" NORP
        emit ORGANIZATION
      phase two
      rule chief
        match "رئيس" "الأركان" ORGANIZATION
        emit TITLE
      rule same-phase-cannot-see
        match "قائد" ORGANIZATION
        emit TITLE
      """
    let found = try RuleLanguageTests.run(rules, "رئيس الأركان القوات المسلحة الإيرانية")
    #expect(found.map { "\($0.0) \($0.1)" }.contains("TITLE رئيس الأركان القوات المسلحة الإيرانية"))
  }

  @Test func negationAndTokenTests() throws {
    let rules = """
      rule t
        match "قال" name:([word !prefix="ال" !"إن"] [word suffix="ي"]?)
        emit PERSON name
      """
    #expect(try RuleLanguageTests.run(rules, "قال باقري شيء").map(\.1) == ["باقري"])
    #expect(
      try RuleLanguageTests.run(rules, "قال شويغو الروسي").map(\.1) == ["شويغو الروسي", "الروسي"])
    #expect(try RuleLanguageTests.run(rules, "قال إن شيئا").isEmpty)
    #expect(try RuleLanguageTests.run(rules, "قال الوزير").isEmpty)
  }

  /// Required elements (what every match contains) let the matcher skip hopeless runs: they
  /// must be exactly the elements (or groups of alternatives) on every path, and skipping must
  /// never lose a match.
  @Test func requiredElementsAreThoseOnEveryPath() throws {
    let set = try RuleLanguageTests.compile(
      """
      rule r
        match ("قال" | "أكد") WORD? NUMBER COUNTRY? "أمس"
        emit EVENT
      rule visit
        match PERSON WORD{0,2} (LOCATION | COUNTRY)
        emit EVENT
      """)
    let rules = try #require(set.phases.first?.rules)
    func describe(_ r: Requirement) -> String {
      let words = r.words.reduce(0) { $0 + $1.nonzeroBitCount }
      let labels = EntityLabel.allCases.filter { r.labels & (1 << UInt16($0.precedence)) != 0 }.map(
        \.rawValue)
      return "words \(words) kinds \(r.kinds) labels \(labels.joined(separator: "|"))"
    }
    // قال and أكد are alternatives (one of them is required; as phrases only, they compile to
    // one phrase of both), WORD and COUNTRY are optional: one of the two verbs, أمس, and a
    // number (in program order, words before kinds).
    #expect(
      rules[0].requirements.map(describe) == [
        "words 2 kinds 0 labels ", "words 1 kinds 0 labels ", "words 0 kinds 2 labels ",
      ])
    // A PERSON, then a LOCATION or a COUNTRY.
    #expect(
      rules[1].requirements.map(describe) == [
        "words 0 kinds 0 labels PERSON", "words 0 kinds 0 labels COUNTRY|LOCATION",
      ])
    // Both start on what keys them (phrases, an entity): no entry check is needed; a test
    // with a negated condition is still checked.
    #expect(rules.map(\.startImpliedByKey) == [true, true])
    let negated = try RuleLanguageTests.compile(
      "rule n\n  match [word !PERSON] NUMBER\n  emit EVENT")
    #expect(negated.phases.first?.rules.first?.startImpliedByKey == false)
    let rule = """
      rule r
        match ("قال" | "أكد") WORD? NUMBER COUNTRY? "أمس"
        emit EVENT
      """
    #expect(try RuleLanguageTests.run(rule, "قال الوزير 5 أمس").map(\.1) == ["قال الوزير 5 أمس"])
    #expect(
      try RuleLanguageTests.run(rule, "أكد 5 إيران أمس").map(\.1) == ["أكد 5 إيران أمس", "إيران"])
    #expect(try RuleLanguageTests.run(rule, "قال الوزير خمسة أمس").isEmpty)
    #expect(try RuleLanguageTests.run(rule, "قال الوزير 5. أمس").isEmpty)
  }

  /// When no word is required alone, a pair of words or word groups that every path passes
  /// through one of is (one word of each branch): the fewest words, and no match lost.
  @Test func wordsRequiredAcrossBranches() throws {
    let rule = """
      rule r
        match "قال" ("أمس" | "اليوم") NUMBER | "غدا" WORD NUMBER
        emit EVENT
      """
    let set = try RuleLanguageTests.compile(rule)
    let rules = try #require(set.phases.first?.rules)
    // قال or غدا (not أمس, اليوم or غدا: a path has neither), then the number ending both.
    #expect(
      rules[0].requirements.map(RuleLanguageTests.describe) == [
        "words 2 kinds 0 labels 0", "words 0 kinds 2 labels 0",
      ])
    #expect(try RuleLanguageTests.run(rule, "قال أمس 5").map(\.1) == ["قال أمس 5"])
    #expect(try RuleLanguageTests.run(rule, "غدا الوزير 5").map(\.1) == ["غدا الوزير 5"])
    #expect(try RuleLanguageTests.run(rule, "أمس 5 ثم اليوم 6").isEmpty)
    // A branch with no word: no word is required.
    let wordless = try RuleLanguageTests.compile(
      "rule s\n  match \"قال\" NUMBER | WORD \"أمس\" NUMBER | NUMBER WORD\n  emit EVENT")
    let requirements = try #require(wordless.phases.first?.rules.first?.requirements)
    #expect(!requirements.isEmpty && requirements.allSatisfy { $0.words.isEmpty })
  }

  /// A word written in three branches is required: every path passes through one of its copies.
  ///
  /// A proclitic is told apart in each branch, as in `place.kind-definite`, and no pair of
  /// candidates covers all three. A sentence without the word refuses the rule at once; no match
  /// is lost.
  @Test func wordInEveryBranchIsRequired() throws {
    let rule = """
      rule r
        match ("في" | "من") place:(["دار" !clitic] NUMBER) | place:(["دار" proclitic="ب"] NUMBER) \
          | place:(["دار" proclitic="ل"] NUMBER)
        emit LOCATION place
      """
    let set = try RuleLanguageTests.compile(rule)
    let rules = try #require(set.phases.first?.rules)
    // دار, then the number ending every branch.
    #expect(
      rules[0].requirements.map(RuleLanguageTests.describe) == [
        "words 1 kinds 0 labels 0", "words 0 kinds 2 labels 0",
      ])
    #expect(try RuleLanguageTests.run(rule, "في دار 5").map(\.1) == ["دار 5"])
    #expect(try RuleLanguageTests.run(rule, "وصل بدار 5").map(\.1) == ["دار 5"])
    #expect(try RuleLanguageTests.run(rule, "وصل لدار 5").map(\.1) == ["دار 5"])
    #expect(try RuleLanguageTests.run(rule, "في بيت 5 من دار").isEmpty)
    // A branch with another word: that word is not among دار's, nothing is required of words.
    let other = try RuleLanguageTests.compile(
      "rule s\n  match \"في\" [\"دار\" !clitic] NUMBER | [\"بيت\" proclitic=\"ب\"] NUMBER"
        + " | [\"دار\" proclitic=\"ل\"] NUMBER\n  emit EVENT")
    let requirements = try #require(other.phases.first?.rules.first?.requirements)
    #expect(requirements.allSatisfy { $0.words.isEmpty })
  }

  /// Jumps are passed over when compiling: no split or jump lands on one and no thread is sent
  /// on to one (the ends of nested alternatives), and the matches, longest first and then by
  /// priority, with their captures, are those of the jumps taken one by one.
  @Test func threadsSkipJumps() throws {
    let rule = """
      rule r
        match (a:(("قال" | "أكد") | "ذكر") | "أفاد" b:(("أن" | "بأن") "الوزير")?) ("،" | ",")? NUMBER?
        emit EVENT a
        emit DATE b
        emit TITLE
      """
    let set = try RuleLanguageTests.compile(rule)
    let compiled = try #require(set.phases.first?.rules.first)
    let program = compiled.program
    func isJump(_ pc: Int) -> Bool {
      if case .jump = program[pc] { return true }
      return false
    }
    #expect(program.contains { if case .jump = $0 { return true } else { return false } })
    for (pc, instruction) in program.enumerated() {
      switch instruction {
      case .jump(let target): #expect(!isJump(target))
      case .split(let first, let second): #expect(!isJump(first) && !isJump(second))
      case .test, .phrase, .entity, .save, .look:
        #expect(!isJump(Int(compiled.successors[pc])))
        #expect(Int(compiled.successors[pc]) == RuleCompiler.pastJumps(pc + 1, in: program))
      case .match: #expect(compiled.successors[pc] == -1)
      }
    }
    #expect(
      try RuleLanguageTests.run(rule, "ذكر ، 5").map { "\($0.0) \($0.1)" } == [
        "TITLE ذكر ، 5", "EVENT ذكر",
      ])
    #expect(
      try RuleLanguageTests.run(rule, "أفاد بأن الوزير 5").map { "\($0.0) \($0.1)" } == [
        "TITLE أفاد بأن الوزير 5", "DATE بأن الوزير",
      ])
  }

  /// A rule that needs a second token checks it before running: the check must refuse only
  /// runs that cannot match (a rule that may end after one token is not checked at all).
  @Test func secondTokenCheckKeepsEveryMatch() throws {
    let set = try RuleLanguageTests.compile(
      """
      rule year
        match ("في" | "منذ") [number prefix="19"]
        emit DATE
      rule optional
        match "في" NUMBER?
        emit EVENT
      """)
    let rules = try #require(set.phases.first?.rules)
    #expect(rules[0].second != nil)
    #expect(rules[1].second == nil)
    let text = "في 1990 ثم في 2015 ومنذ 1980 في"
    let entities = try Extractor(gazetteer: TestGazetteer.gazetteer(), rules: set).extract(text)
      .entities
    #expect(entities.filter { $0.label == .date }.map(\.text) == ["في 1990", "منذ 1980"])
    // Labels may share a span: the EVENT rule matches at every في, the year included.
    #expect(entities.filter { $0.label == .event }.map(\.text) == ["في 1990", "في 2015", "في"])
  }

  /// An entry phrase of several words is checked too: the token after the start passes as the
  /// phrase's second word (`CompiledRule.longPhraseEntries`) or as what follows the phrase.
  @Test func secondTokenCheckReadsAPhrasesSecondWord() throws {
    let rule = """
      rule dated
        match ("في" | "منذ عام") [number]
        emit DATE
      """
    let set = try RuleLanguageTests.compile(rule)
    let compiled = try #require(set.phases.first?.rules.first)
    #expect(compiled.second != nil && !compiled.longPhraseEntries.isEmpty)
    func dates(_ text: String) throws -> [String] {
      try RuleLanguageTests.run(rule, text).filter { $0.0 == "DATE" }.map(\.1)
    }
    #expect(try dates("منذ عام 1990") == ["منذ عام 1990"])
    #expect(try dates("ومنذ عام 1990") == ["منذ عام 1990"])
    #expect(try dates("في 1990") == ["في 1990"])
    #expect(try dates("منذ 1990").isEmpty)
    #expect(try dates("في عام 1990").isEmpty)
    #expect(try dates("منذ عام").isEmpty)
  }

  /// An entry whose own branch needs a word the rule as a whole does not is tried only where
  /// that word lies ahead in the sentence (`CompiledRule.entryRequirements`); the other entries
  /// are not held to it.
  @Test func entryRequirementsKeepEveryMatch() throws {
    let rule = """
      rule told
        match "قال" [!PUNCT]{0,5} "إلى" NUMBER | "بحسب" NUMBER
        emit EVENT
      """
    let set = try RuleLanguageTests.compile(rule)
    let compiled = try #require(set.phases.first?.rules.first)
    #expect(compiled.entryRequirements.contains { !$0.words.isEmpty })
    #expect(compiled.entryRequirements.contains { $0.words.isEmpty })
    func events(_ text: String) throws -> [String] {
      try RuleLanguageTests.run(rule, text).filter { $0.0 == "EVENT" }.map(\.1)
    }
    #expect(try events("قال أمس إلى 5") == ["قال أمس إلى 5"])
    #expect(try events("بحسب 5") == ["بحسب 5"])
    #expect(try events("قال أمس 5").isEmpty)
    #expect(try events("قال أمس 5. ثم إلى 6").isEmpty)
  }

  /// An entity entry is checked the same way, at the token after the entity (not after its first
  /// token), on the path of the entry that took the start.
  @Test func secondTokenCheckAfterAnEntity() throws {
    let rule = """
      rule based-in
        match ORGANIZATION ("في" | "ب") LOCATION | ["زار" !clitic] COUNTRY
        emit EVENT
      """
    let set = try RuleLanguageTests.compile(rule)
    let compiled = try #require(set.phases.first?.rules.first)
    #expect(compiled.second != nil && compiled.secondAfterEntity)
    func events(_ text: String) throws -> [String] {
      try RuleLanguageTests.run(rule, text).filter { $0.0 == "EVENT" }.map(\.1)
    }
    #expect(try events("القوات المسلحة في القاهرة") == ["القوات المسلحة في القاهرة"])
    #expect(
      try events("زار الجمهورية الإسلامية الإيرانية") == ["زار الجمهورية الإسلامية الإيرانية"])
    #expect(try events("القوات المسلحة أمس في القاهرة").isEmpty)
    #expect(try events("زار في القاهرة").isEmpty)
    #expect(try events("القوات المسلحة").isEmpty)
  }

  /// `written=` compares the token's display form; the same form named by several tests and
  /// different forms in one rule set must each answer for themselves.
  @Test func writtenFormsAreTellApart() throws {
    let rules = """
      rule prep
        match [word written="على"] WORD
        emit EVENT
      rule name
        match [word written="علي"] WORD
        emit PERSON
      rule again
        match "قال" [word !written="على"]
        emit TITLE
      """
    let found = try RuleLanguageTests.run(rules, "على الطاولة. علي حسن. قال على. قال علي")
    #expect(found.map(\.0) == ["EVENT", "PERSON", "TITLE"])
    #expect(found.map(\.1) == ["على الطاولة", "علي حسن", "قال علي"])
  }

  /// A token with a diacritic or a hamza is not plain: its display form is built and compared
  /// as a String, and must answer as the plain spelling does.
  @Test func writtenFormsOfTokensThatAreNotPlain() throws {
    let rules = """
      rule prep
        match [word written="على"] WORD
        emit EVENT
      """
    let found = try RuleLanguageTests.run(rules, "عَلى الطاولة. إلى الطاولة")
    #expect(found.map(\.1) == ["عَلى الطاولة"])
  }

  /// `<[…]` and `>[…]` test the word before and the word after without consuming it; past the
  /// sentence's edge there is no word, which passes a test of negations only.
  @Test func looksTestANeighbourWithoutConsumingIt() throws {
    let behind = """
      rule t
        match <[!"استقبل" !"قال"] name:[word suffix="ي"]
        emit PERSON name
      """
    // The word before may not be استقبل or قال; at the start of a sentence there is none.
    #expect(
      try RuleLanguageTests.run(behind, "استقبل باقري. ثم باقري. شويغي وصل").map(\.1) == [
        "باقري", "شويغي",
      ])
    let positive = """
      rule t
        match <["قال"] name:[word suffix="ي"]
        emit PERSON name
      """
    // A test with a positive condition needs the word: a sentence's first word has none before.
    #expect(try RuleLanguageTests.run(positive, "باقري قال شويغي").map(\.1) == ["شويغي"])
    let ahead = """
      rule t
        match "قال" name:WORD >[!PUNCT !"إن"]
        emit PERSON name
      """
    // The match ends before what the look tested; the sentence's end passes a negated test.
    let found = try RuleLanguageTests.run(
      ahead, "قال باقري شيئا. قال شويغو، ثم قال ظريف إن قال لافروف")
    #expect(found.map(\.1) == ["باقري", "لافروف"])
    #expect(found.map(\.0) == ["PERSON", "PERSON"])
    #expect(
      RuleLanguageTests.errors("rule t\n  match < WORD\n  emit EVENT") == [
        "t.rules:2:9: error: expected a token test after '<' (<[…])"
      ])
    #expect(
      RuleLanguageTests.errors("rule t\n  match >[] WORD\n  emit EVENT") == [
        "t.rules:2:9: error: empty token test '>[]'"
      ])
    #expect(
      RuleLanguageTests.errors("rule t\n  match <[@nolist] WORD\n  emit EVENT") == [
        "t.rules:2:9: error: unknown word list 'nolist'"
      ])
  }

  @Test func matchesNeverCrossSentences() throws {
    let rules = """
      rule t
        match "قال" WORD+
        emit EVENT
      """
    #expect(
      try RuleLanguageTests.run(rules, "قال كلام كثير. ثم غادر").map(\.1) == ["قال كلام كثير"])
  }

  @Test func pathologicalPatternsStayLinear() throws {
    // Nested unbounded repetition and many alternatives over a sentence of 20,000 tokens:
    // a backtracking matcher would never finish; the Pike VM does a bounded amount per token.
    let rules = """
      rule p
        match ((WORD* | WORD+)* (WORD | ANY)*)* "نهاية"
        emit EVENT
      rule q
        match (WORD? WORD? WORD? WORD?){16} "نهاية"
        emit EVENT
      """
    let text = String(repeating: "كلمة ", count: 20_000) + "نهاية"
    let found = try RuleLanguageTests.run(rules, text)
    // Matches are capped at 64 tokens: the longest ends at نهاية and starts 63 tokens before it.
    #expect(found.count == 1)
    #expect(found.first?.1.hasSuffix("كلمة نهاية") == true)
    #expect(found.first.map { $0.1.split(separator: " ").count } == 64)
  }
}

@Suite struct RuleRegressionTests {
  @Test func phraseAtTheVeryEndOfTheTextDoesNotCrash() throws {
    // A phrase element tried at the end of the last sentence once read past the tokens.
    let rules = """
      rule r
        match "قال" "الوزير"?
        emit EVENT
      """
    #expect(try RuleLanguageTests.run(rules, "ثم قال").map(\.1) == ["قال"])
  }
}

@Suite struct EntityElementAtTheEndTests {
  @Test func anEntityElementTriedAfterTheLastTokenMatchesNothing() throws {
    // An optional entity element after the last token of the text once read past the index.
    let rules = """
      rule r
        match "قال" COUNTRY?
        emit EVENT
      """
    #expect(try RuleLanguageTests.run(rules, "ثم قال").map(\.1) == ["قال"])
  }
}
