import Foundation
import Testing

@testable import Khabar

/// Relations the text denies (`لم يوقع`) or plans (`من المقرر أن يزور`) carry `negated` or
/// `planned`; the cue words come from the `modality` statements of the rule files.
@Suite struct ModalityTests {
  /// "subject | predicate | object" plus " | negated", " | planned" for every relation of `text`.
  static func relations(_ text: String) throws -> Set<String> {
    let extraction = try BundledRulesTests.extractor().extract(text)
    let byID = Dictionary(uniqueKeysWithValues: extraction.entities.map { ($0.id, $0) })
    return Set(
      extraction.relations.map {
        let parts = [
          byID[$0.subject]?.text ?? "?", $0.predicate.rawValue, byID[$0.object]?.text ?? "?",
        ]
        return (parts + $0.modality.names).joined(separator: " | ")
      })
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: [String]
    var testDescription: String { text }
  }

  /// Sentences written for these tests, verb first and subject first.
  static let cases: [Case] = [
    // Verb first: the cue just before the match.
    Case(
      text: "لم توقع مصر والسودان اتفاقية التعاون.",
      expected: [
        "مصر | signed | اتفاقية التعاون | negated",
        "السودان | signed | اتفاقية التعاون | negated",
      ]),
    // Verb first, plain: neither flag.
    Case(
      text: "وقعت مصر والسودان اتفاقية التعاون.",
      expected: [
        "مصر | signed | اتفاقية التعاون", "السودان | signed | اتفاقية التعاون",
      ]),
    // The cue just before the subject of `participates.cue`: planned.
    Case(
      text: "وتعتزم إيران إجراء مناورات بحرية مشتركة.",
      expected: ["إيران | participates_in | مناورات بحرية مشتركة | planned"]),
    // Verb first, the planned cue three tokens before the verb.
    Case(
      text: "ومن المقرر أن يزور الرئيس رجب طيب أردوغان طهران الأسبوع المقبل.",
      expected: [
        "رجب طيب أردوغان | visited | طهران | planned", "رجب طيب أردوغان | holds_title | الرئيس",
      ]),
    // Verb first, the short form after لم.
    Case(
      text: "لم يزر الرئيس رجب طيب أردوغان طهران.",
      expected: [
        "رجب طيب أردوغان | visited | طهران | negated", "رجب طيب أردوغان | holds_title | الرئيس",
      ]),
    // Subject first: the future verb is its own cue, inside the match.
    Case(
      text: "الملك سلمان سيزور الولايات المتحدة.",
      expected: ["سلمان | visited | الولايات المتحدة | planned", "سلمان | holds_title | الملك"]),
    // Subject first, the cue between subject and verb.
    Case(
      text: "مصر لم توقع اتفاقية التعاون.",
      expected: ["مصر | signed | اتفاقية التعاون | negated"]),
    // لن: negated, not planned.
    Case(
      text: "الرئيس باراك أوباما لن يلتقي بنيامين نتنياهو.",
      expected: [
        "باراك أوباما | met_with | بنيامين نتنياهو | negated",
        "باراك أوباما | holds_title | الرئيس",
      ]),
    // Every event predicate takes the flags: taking part, subject first with a future verb.
    Case(
      text: "مصر ستشارك في مناورات بحرية مشتركة.",
      expected: ["مصر | participates_in | مناورات بحرية مشتركة | planned"]),
    // An offer of mediation denied.
    Case(
      text: "لم تعرض إيران الوساطة بين السودان وإثيوبيا.",
      expected: [
        "إيران | offers_mediation | السودان | negated",
        "إيران | offers_mediation | إثيوبيا | negated",
      ]),
    // A plan denied: both flags.
    Case(
      text: "ومن غير المقرر أن يزور الرئيس باراك أوباما كينيا.",
      expected: [
        "باراك أوباما | visited | كينيا | negated | planned", "باراك أوباما | holds_title | الرئيس",
      ]),
    // A present-tense headline with no cue is a fact.
    Case(
      text: "الملك سلمان يستقبل الرئيس رجب طيب أردوغان.",
      expected: [
        "سلمان | met_with | رجب طيب أردوغان", "سلمان | holds_title | الملك",
        "رجب طيب أردوغان | holds_title | الرئيس",
      ]),
    // A future adjective right after the match (`after @planned-after`): a nominal visit.
    Case(
      text: "وتأتي زيارة وزير الخارجية جون كيري إلى الرياض المرتقبة في إطار الجهود.",
      expected: [
        "جون كيري | visited | الرياض | planned", "جون كيري | holds_title | وزير الخارجية",
      ]),
    // Two tokens after the match still count (الأسبوع المقبل); a past date gives no flag.
    Case(
      text: "ويزور وزير الخارجية عادل الجبير القاهرة الأسبوع المقبل.",
      expected: [
        "عادل الجبير | visited | القاهرة | planned", "عادل الجبير | holds_title | وزير الخارجية",
      ]),
    Case(
      text: "وزار وزير الخارجية عادل الجبير القاهرة الأسبوع الماضي.",
      expected: [
        "عادل الجبير | visited | القاهرة", "عادل الجبير | holds_title | وزير الخارجية",
      ]),
    // A relative clause on the event denies its announcement, not the event (an exception of
    // `negation-exceptions`): the talks took place.
    Case(
      text:
        "وقام وزير الخارجية عادل الجبير بزيارة لم يعلن عنها مسبقا إلى بغداد لإجراء محادثات مع المسؤولين.",
      expected: [
        "عادل الجبير | participates_in | محادثات", "عادل الجبير | holds_title | وزير الخارجية",
      ]),
    // A title is never flagged, though a negation stands before it.
    Case(
      text: "لم يجد وزير الخارجية سامح شكري وقتا.",
      expected: ["سامح شكري | holds_title | وزير الخارجية"]),
  ]

  @Test(arguments: cases) func flagsFollowTheText(_ c: Case) throws {
    #expect(try ModalityTests.relations(c.text) == Set(c.expected))
  }

  /// A cue in the sentence before does not reach across the sentence end; one three tokens
  /// before the match counts, one four tokens before it does not.
  @Test func cuesStayInTheirSentenceAndReach() throws {
    #expect(
      try ModalityTests.relations("قال إنه لم يحدث. وقعت مصر اتفاقية التعاون.")
        == ["مصر | signed | اتفاقية التعاون"])
    #expect(
      try ModalityTests.relations("لم يقل ذلك ووقعت مصر اتفاقية التعاون.")
        == ["مصر | signed | اتفاقية التعاون | negated"])
    #expect(
      try ModalityTests.relations("لم يقل أحد ذلك ووقعت مصر اتفاقية التعاون.")
        == ["مصر | signed | اتفاقية التعاون"])
  }

  /// `لا تزال` (still) starts with لا and is listed as an exception: no flag.
  @Test func anExceptionCancelsTheCueItStartsWith() throws {
    #expect(
      try ModalityTests.relations("وثيقة الشراكة بين مصر والسودان لا تزال قيد الصياغة.")
        == [
          "مصر | drafting | وثيقة الشراكة", "السودان | drafting | وثيقة الشراكة",
        ])
    #expect(
      try ModalityTests.relations("وثيقة الشراكة بين مصر والسودان لا تزيد عن مسودة قيد الصياغة.")
        .allSatisfy { $0.hasSuffix("negated") })
  }

  /// The same triple said plainly and denied is two relations, each with its own evidence.
  @Test func aDeniedAndAPlainStatementAreTwoRelations() throws {
    let text = "وقعت مصر اتفاقية التعاون. ولم توقع مصر اتفاقية التعاون."
    #expect(
      try ModalityTests.relations(text) == [
        "مصر | signed | اتفاقية التعاون",
        "مصر | signed | اتفاقية التعاون | negated",
      ])
  }

  /// Keys stay sorted: `negated` after `more_evidence`, `planned` after `object`; a relation
  /// without a cue has neither key.
  @Test func jsonKeysAreSortedAndOnlyPresentWhenTrue() throws {
    let extractor = try BundledRulesTests.extractor()
    for (text, flags) in [
      ("لم توقع مصر اتفاقية التعاون.", ["negated"]),
      ("وقعت مصر اتفاقية التعاون.", []),
      ("وتعتزم مصر إجراء مناورات بحرية مشتركة.", ["planned"]),
    ] {
      let extraction = extractor.extract(text)
      let relation = try #require(extraction.relations.first)
      var buffer = JSONBuffer()
      relation.writeJSON(into: &buffer)
      let written = String(decoding: buffer.bytes, as: UTF8.self)
      #expect(written == JSONWriter.string(relation.json))
      guard case .object(let members) = try JSONParser.parse(Array(written.utf8)) else {
        Issue.record("not an object: \(written)")
        continue
      }
      let keys = members.map(\.0)
      #expect(keys == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
      #expect(keys.filter { $0 == "negated" || $0 == "planned" } == flags)
      for flag in flags { #expect(written.contains("\"\(flag)\":true")) }
    }
  }

  /// `khabar inspect` shows the flag right after the triple, in the terminal and the page.
  @Test func viewsShowTheFlag() throws {
    let text = "لم توقع مصر اتفاقية التعاون. ومن المقرر أن توقع مصر اتفاقية التعاون."
    let view = ArticleView(
      id: "a", text: text, extraction: try BundledRulesTests.extractor().extract(text))
    let terminal = view.terminal(color: false)
    #expect(terminal.contains("(Egypt, signed, cooperation agreement) negated"))
    #expect(terminal.contains("(Egypt, signed, cooperation agreement) planned"))
    let html = view.html()
    #expect(html.contains("<strong class=\"flag\">"))
    #expect(html.contains(">negated<"))
    #expect(html.contains(">planned<"))
  }

  /// The expected files keep the flags, and a flag that changes is a difference `khabar test`
  /// shows: the relation with the old flags is missing, the one with the new flags unexpected.
  @Test func fixturesSeeAChangedFlag() throws {
    let entities = [
      ExpectedFileTests.entity("T1", "COUNTRY", 10, 13, "مصر"),
      ExpectedFileTests.entity("T2", "DOCUMENT", 20, 34, "اتفاقية التعاون"),
    ]
    let plain = ExpectedFileTests.relation("R1", "T1", "T2", ["Egypt", "signed", "agreement"])
    guard case .object(var members) = plain else { return }
    members.append(("negated", .bool(true)))
    let denied = ExpectedFileTests.record(entities, [.object(members)])
    let text = ExpectedFile.text(for: denied)
    #expect(text.contains("\"negated\":true"))
    #expect(try ExpectedFile.record(from: text, file: "a.expected.jsonl") == denied)
    #expect(
      FixtureRunner.compare(
        expected: ExpectedFileTests.record(entities, [plain]), actual: denied) == [
          "missing relation (Egypt, signed, agreement) by r at [10, 30)",
          "unexpected relation (Egypt, signed, agreement) negated by r at [10, 30)",
        ])
  }

  @Test(arguments: [
    (
      "modality maybe = @cues",
      "t.rules:1:10: error: unknown modality 'maybe' (known: negated, planned)"
    ),
    ("modality negated @cues", "t.rules:1:18: error: expected '=' after 'modality negated'"),
    ("modality negated = cues", "t.rules:1:20: error: expected '@LIST' after '='"),
    ("modality", "t.rules:1:9: error: expected 'modality NAME = @LIST [!@EXCEPT] [after @AFTER]'"),
    ("modality planned = @cues after cues", "t.rules:1:26: error: expected '@LIST' after 'after'"),
    (
      "modality planned = @cues after @nowhere",
      "t.rules:1:32: error: unknown word list 'nowhere'"
    ),
    (
      "modality planned = @cues after @cues x",
      "t.rules:1:38: error: expected the end of the line after 'after @cues'"
    ),
    ("modality negated = @cues !cues", "t.rules:1:27: error: expected '@LIST' after '!'"),
    ("modality negated = @cues !@nothing", "t.rules:1:27: error: unknown word list 'nothing'"),
    ("modality planned = @nowhere", "t.rules:1:20: error: unknown word list 'nowhere'"),
    (
      "modality planned = @cues\nmodality planned = @cues",
      "t.rules:2:1: error: modality 'planned' is already declared at t.rules:1"
    ),
    (
      "modality planned = @cues x",
      "t.rules:1:26: error: expected the end of the line after '@cues'"
    ),
  ])
  func badModalityStatementsNameTheirPlace(_ text: String, _ message: String) {
    #expect(RuleLanguageTests.errors(text, lists: [("cues", "سوف\n")]) == [message])
  }

  /// An unknown list in a modality statement is reported with the other problems of the files.
  @Test func modalityErrorsComeWithTheOthers() {
    let found = RuleLanguageTests.errors(
      "modality negated = @nowhere\nrule r\n  match PERSN\n  emit PERSON")
    #expect(
      found == [
        "t.rules:3:9: error: unknown label 'PERSN'",
        "t.rules:1:20: error: unknown word list 'nowhere'",
      ])
  }

  /// The cue lists are data: another list named by the statement marks other words.
  @Test func theStatementNotTheCodeNamesTheCues() throws {
    let rules = """
      modality planned = @soon
      relation r
        match a:COUNTRY "وقعت" b:COUNTRY
        emit signed a b
      """
    let set = try RuleLanguageTests.compile(rules, lists: [("soon", "قريبا\n")])
    #expect(set.modalities.map(\.modality) == [.planned])
  }
}
