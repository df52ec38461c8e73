import Testing

@testable import Khabar

/// The bundled relation rules for clauses as news writes them: adjuncts between a verb and its
/// arguments, a meeting held with someone, the other party after مع, signatories after the
/// document (Rules/70-relations.rules).
@Suite struct ClauseRelationTests {
  /// The triples of `text` made by `rule` (a rule name's prefix), as "subject | predicate |
  /// object".
  static func triples(_ text: String, rule: String) throws -> [String] {
    try BundledRulesTests.extractor().extract(text).relations
      .filter { $0.rule.hasPrefix(rule) }.map { $0.triple.joined(separator: " | ") }
  }

  @Test(arguments: [
    (
      "عقد وزير الخارجية السعودي، عادل الجبير، اجتماعاً مع نظيره المصري سامح شكري، ظهر الخميس",
      "met.held-meeting", ["Adel al-Jubeir | met_with | Sameh Shoukry"]
    ),
    (
      "بحث وزير الخارجية عادل الجبير أمس في جدة مع وزير الخارجية المصري سامح شكري الملفات",
      "met.verb-first", ["Adel al-Jubeir | met_with | Sameh Shoukry"]
    ),
    (
      "وقعت، الأسبوع الماضي، صحيفة \"سبق\" اتفاقية مع موقع \"إم إس إن\"",
      "signed.with-party",
      [
        "صحيفة \"سبق\" | signed | agreement with موقع \"ام اس ان\"",
        "موقع \"ام اس ان\" | signed | agreement with صحيفة \"سبق\"",
      ]
    ),
    (
      "وقع مذكرتي التفاهم نائب وزير الصحة للشؤون الصحية، الدكتور حمد الضويلع، ومدير الجامعة",
      "signed.document-then-signatories", ["حمد الضويلع | signed | مذكرتي التفاهم"]
    ),
    (
      "ووصل الرئيس التركي رجب طيب أردوغان إلى الدوحة، وكان في استقباله أمير قطر الشيخ تميم بن حمد آل ثاني",
      "met.received-by", ["Tamim bin Hamad Al Thani | met_with | Recep Tayyip Erdoğan"]
    ),
    (
      "وتستضيف السعودية الأردن في مناورات بمنطقة تبوك، وتشارك قوات البلدين في التمرين المشترك",
      "participates.through-forces",
      [
        "Saudi Arabia | participates_in | التمرين المشترك with Jordan",
        "Jordan | participates_in | التمرين المشترك with Saudi Arabia",
      ]
    ),
    (
      "وعقد وزير الدفاع الأمريكي، آشتون كارتر، اجتماعا مع نظيره الفرنسي", "holds-title.before",
      ["Ashton Carter | holds_title | وزير الدفاع الامريكي"]
    ),
    (
      "استقبل الرئيس عبد ربه منصور هادي أمس سفير دولة الإمارات العربية المتحدة لدى اليمن سالم بن خليفة الغفلي",
      "met.verb-first", ["Abdrabbuh Mansur Hadi | met_with | سالم بن خليفة الغفلي"]
    ),
  ])
  func aClauseGivesItsRelation(_ text: String, _ rule: String, _ expected: [String]) throws {
    #expect(try Self.triples(text, rule: rule) == expected)
  }

  /// A title with و after a name and a comma is the next person's, not an apposition.
  @Test func aCoordinatedTitleIsNotTheNamesApposition() throws {
    let text = "وقع الاتفاقية الدكتور حمد الضويلع، ومدير الجامعة الدكتور عبد الرحمن اليوبي"
    #expect(try Self.triples(text, rule: "holds-title.after") == [])
  }

  /// An office takes its complement with لل, and a quoted name after its head is an
  /// organization with the head.
  @Test func complementsAndQuotedNames() throws {
    let entities = try BundledRulesTests.entities(
      "وقال نائب وزير الصحة للشؤون الصحية إن قناة «العربية» نقلت الخبر")
    #expect(BundledRulesTests.has(entities, .title, "نائب وزير الصحة للشؤون الصحية"))
    #expect(BundledRulesTests.has(entities, .organization, "قناة «العربية»"))
  }

  /// A player signs for a club: the party after the verb with ل is where the signer goes, not
  /// a signer; the club that signs is written without it.
  @Test func aClubSignedForIsNoSigner() throws {
    #expect(
      try Self.triples("وكان المهاجم قد وقع للنادي الأهلي عقدا لمدة ثلاث سنوات", rule: "signed")
        == [])
    #expect(
      try Self.triples("ووقع النادي الأهلي عقدا مع المهاجم لمدة ثلاث سنوات", rule: "signed") == [
        "النادي الاهلي | signed | عقدا"
      ])
  }

  /// A branch's place is not its body's: the ministry is not in the Eastern Province, the
  /// society named with its city is in it.
  @Test func aBranchsPlaceIsNotItsBodys() throws {
    #expect(
      try Self.triples("وأقام فرع وزارة العدل بالمنطقة الشرقية حفلا للموظفين", rule: "located")
        == [])
    #expect(
      try Self.triples("وأقامت جمعية الثقافة والفنون بجدة حفلا للموظفين", rule: "located") == [
        "جمعية الثقافة والفنون | located_in | Jeddah"
      ])
  }

  /// A hall named after a king is a place, and the king's name inside it is no person holding
  /// the title there.
  @Test func aHallNamedAfterAKingIsAPlace() throws {
    let extraction = try BundledRulesTests.extractor().extract(
      "وأقيم الحفل بقاعة الملك عبدالعزيز للمؤتمرات")
    #expect(
      extraction.entities.contains { $0.label == .location && $0.text == "قاعة الملك عبدالعزيز" })
    #expect(!extraction.entities.contains { $0.label == .person })
    #expect(extraction.relations.isEmpty)
  }
}
