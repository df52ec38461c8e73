import Testing

@testable import Khabar

/// A person-name chain ends where the name does: at a word that news uses far more often than
/// names do (Rules/lists/name-stops-learned.txt), at the preposition على, and not inside the name
/// of a place.
@Suite struct NameChainTests {
  static func people(_ text: String) throws -> [String] {
    try BundledRulesTests.entities(text).filter { $0.label == .person }.map(\.text)
  }

  @Test(arguments: [
    // A document after the name: the chain ran on into it.
    ("ووقع الوزير سامي الحربي اتفاقية تعاون مع نظيره الياباني", "سامي الحربي"),
    // A coach's name, then what the coach did.
    ("وقاد المدرب يوسف العنزي تدريبات صباحية للاعبين في الملعب", "يوسف العنزي"),
    // An appointment: the name, then the office in the accusative.
    ("وعين الملك الأمير فهد السالم محافظا للمنطقة", "فهد السالم"),
    // A given name and a family name, then an ordinary noun with its adjective.
    ("والتقى الرئيس حسن الشامي وفدا برلمانيا من عدة دول", "حسن الشامي"),
    // A proclitic written apart with a tatweel (لـ) is no name word.
    ("وقال الوزير سامي الحربي لـ «الوطن» إن الاتفاق قريب", "سامي الحربي"),
    // The preposition على after a name is no second name (علي is).
    ("وأشرف المدرب فارس العمري على التدريبات", "فارس العمري"),
    // A speech given: the noun after the name is what he gave.
    ("ثم ألقى الدكتور فهد الحارثي كلمة هنأ فيها الطلبة", "فهد الحارثي"),
    // A word with a proclitic and the article (بال، وال، لل) is no family name.
    ("وهنأ الجمهور محمد السهلاوي بالفوز في المباراة", "محمد السهلاوي"),
    // A pronoun after و, which the engine does not strip from a two-letter word.
    ("وترى الدكتورة فوزية أخضر وهي مسؤولة سابقة أن القرار صائب", "فوزية أخضر"),
  ])
  func aChainStopsAtTheFirstWordThatIsNoName(_ text: String, _ name: String) throws {
    #expect(try NameChainTests.people(text) == [name])
  }

  /// What follows a name in news and is no part of it: the conjunction بأن (a word of the rule
  /// lexicon in its own right, so not read as ب + أن), the thanks someone gave, an office in
  /// construct, the members with و, the blessing after the Prophet's or a companion's name, and
  /// a word with a preposition and the article after a particle chain.
  @Test(arguments: [
    ("وأوضح الدكتور سالم الحربي بأن البرنامج يستمر أسبوعين", ["سالم الحربي"]),
    ("وقدم اللاعب ماجد الدوسري الشكر للجمهور بعد المباراة", ["ماجد الدوسري"]),
    ("وقال خالد الزهراني وكيل الوزارة إن العمل مستمر", ["خالد الزهراني"]),
    ("وكرم المدير سالم الحربي وأعضاء الفريق في الحفل", ["سالم الحربي"]),
    ("وروى الشيخ عن علي بن أبي طالب رضي الله عنه حديثا", ["علي بن أبي طالب"]),
    ("ورحب فيصل بن خالد والحضور بالضيوف", ["فيصل بن خالد"]),
    ("وقال خطيب الجمعة إن النبي محمد صلى الله عليه وسلم أوصى بالجار", []),
    // A particle chain ends before a longer title, and keeps an office as its family name.
    ("ووصل الأمير خالد بن سعد بن فهد مستشار خادم الحرمين الشريفين", ["خالد بن سعد بن فهد"]),
    ("بحضور فيصل أبا الخيل نائب رئيس النادي", ["فيصل أبا الخيل"]),
    ("وقال محمد بن عبدالله المرشد إن الخطة جاهزة", ["محمد بن عبدالله المرشد"]),
  ])
  func aChainStopsBeforeWhatFollowsANameInNews(_ text: String, _ names: [String]) throws {
    #expect(try NameChainTests.people(text) == names)
  }

  /// A particle (بن، آل، أبو، عبد) enters a chain only with the name it links: a chain never ends
  /// on one, and two particles take their name together (بن أبي طالب، بن عبد العزيز).
  @Test func aChainNeverEndsOnAParticle() throws {
    #expect(try NameChainTests.people("وحضر الحفل المهندس خالد سالم بن") == ["خالد سالم"])
    #expect(
      try NameChainTests.people(
        "ووصل الأمير مشعل بن عبد الله بن عبد العزيز بن مساعد بن جلوي آل سعود إلى جدة"
      ).first == "مشعل بن عبد الله بن عبد العزيز بن مساعد")
  }

  /// A prominent person's family name that is no ordinary word is that person alone (the
  /// gazetteer lists it: opinion pieces and headlines give no full name), and with a given name
  /// before it someone else of the family.
  @Test func aProminentFamilyNameAloneAndWithAnotherGivenName() throws {
    let alone = try BundledRulesTests.entities("ورأى الكاتب أن أوباما تراجع عن وعوده.")
      .filter { $0.label == .person }
    #expect(alone.map(\.text) == ["أوباما"])
    #expect(alone.first?.canonical == "Barack Obama")
    let wife = try BundledRulesTests.entities("وزارت ميشيل أوباما المدرسة أمس.")
      .filter { $0.label == .person }
    #expect(wife.map(\.text) == ["ميشيل أوباما"])
    #expect(wife.first?.canonical != "Barack Obama")
  }

  /// Names whose words are also common words are kept whole when nothing stops them.
  @Test func namesAreNotCutShort() throws {
    #expect(
      try NameChainTests.people("وقال الدكتور عبد الله الربيعة إن المركز قدم المساعدات") == [
        "عبد الله الربيعة"
      ])
    #expect(
      try NameChainTests.people("واستقبل الأمير محمد بن علي بن أبي طالب الوفد") == [
        "محمد بن علي بن أبي طالب"
      ])
  }

  /// حسن is the name Hassan and the adjective "good": before an abstract noun (حسن الجوار "good
  /// neighbourliness", حسن النية "good faith") it is the adjective, and no name.
  @Test(arguments: [
    "وأكد البيان أهمية حسن الجوار وعدم التدخل في الشؤون الداخلية",
    "وأبدى الطرفان حسن النية في المفاوضات",
    "وشكر الوفد مضيفيه على حسن الظن بهم",
  ])
  func hasanBeforeAnAbstractNounIsNoName(_ text: String) throws {
    #expect(try NameChainTests.people(text) == [])
  }

  /// A particle with و before it opens the next person's name (سليمان وعبد الله السعيد are two
  /// players): no chain runs across it; a particle without one still links the chain.
  @Test func aParticleAfterWaOpensAnotherName() throws {
    for text in [
      "وسجل الأهداف سليمان وعبد الله السعيد في الشوط الثاني",
      "وشارك في الحفل المطربان رابح وعبد المجيد الفهد",
    ] {
      let people = try NameChainTests.people(text)
      #expect(!people.contains { $0.contains(" و") }, "\(people)")
    }
    #expect(try NameChainTests.people("وقال محمد ولد سالم إن الحكومة ستعمل") == ["محمد ولد سالم"])
    #expect(try NameChainTests.people("وقال خالد بن سالم إن الحكومة ستعمل") == ["خالد بن سالم"])
  }

  /// A known person after a given name and بن is the father in a son's chain: the son, not the
  /// father, is the person (the listed سلمان بن عبد العزيز is King Salman, and was taken for him
  /// inside his sons' names).
  @Test func aKnownPersonAfterBinIsTheFatherInAChain() throws {
    let son = try BundledRulesTests.entities(
      "واستقبل الأمير سلطان بن سلمان بن عبد العزيز رئيس الهيئة العامة للسياحة الوفد")
    #expect(son.filter { $0.label == .person }.map(\.text) == ["سلطان بن سلمان بن عبد العزيز"])
    #expect(!son.contains { $0.canonical == "King Salman of Saudi Arabia" })
    let relations = try RelationTests.relations(
      "واستقبل الأمير سعود بن نايف بن عبد العزيز أمير المنطقة الشرقية المواطنين")
    #expect(relations.contains("سعود بن نايف بن عبد العزيز | holds_title | الأمير"))
    #expect(!relations.contains { $0.hasPrefix("نايف بن عبد العزيز |") })
    // Its twin: the listed name itself, after a title, is that person.
    let father = try BundledRulesTests.entities(
      "واستقبل خادم الحرمين الشريفين الملك سلمان بن عبد العزيز الوفد")
    #expect(
      father.contains { $0.label == .person && $0.canonical == "King Salman of Saudi Arabia" })
  }

  /// The purpose after a centre's or a city's eponym belongs to the institution: one
  /// organization, no place inside it cut before the purpose or inside عبد العزيز.
  @Test(arguments: [
    (
      "وقدم مركز الملك سلمان للإغاثة والأعمال الإنسانية مساعدات",
      "مركز الملك سلمان للإغاثة والأعمال الإنسانية"
    ),
    (
      "وأعلنت مدينة الملك عبد العزيز للعلوم والتقنية عن برنامج",
      "مدينة الملك عبد العزيز للعلوم والتقنية"
    ),
    ("وتخرج في جامعة الملك عبدالله للعلوم والتقنية", "جامعة الملك عبدالله للعلوم والتقنية"),
    // A foundation or a society named the same way; على after the name is no name word.
    (
      "وقدمت مؤسسة الأمير محمد بن فهد للتنمية الإنسانية دعما",
      "مؤسسة الأمير محمد بن فهد للتنمية الإنسانية"
    ),
    ("وتشرف مؤسسة الملك خالد الخيرية على البرنامج", "مؤسسة الملك خالد الخيرية"),
  ])
  func anInstitutionWithAPurposeIsWhole(_ text: String, _ name: String) throws {
    let entities = try BundledRulesTests.entities(text)
    let described = entities.map { "\($0.label) \($0.text)" }
    #expect(entities.filter { $0.label == .organization }.map(\.text) == [name], "\(described)")
    #expect(!entities.contains { $0.label == .location }, "\(described)")
  }

  /// A place named after a person, with the adjective of a place after the name: the place is
  /// a LOCATION (an institution, a hospital or a university, an ORGANIZATION) and the name
  /// inside it no PERSON of a rule (a person the gazetteer knows, رفيق الحريري, still nests in
  /// it).
  @Test(arguments: [
    ("وهبطت الطائرة في قاعدة محمد نجيب العسكرية غرب المدينة", EntityLabel.location, "facility"),
    ("ووصل الوفد إلى مطار رفيق الحريري الدولي مساء أمس", .location, "facility"),
    ("ونقل المصاب إلى مستشفى سليمان الحبيب التخصصي", .organization, "institution"),
    ("وتخرج في جامعة الملك سعود قبل عامين", .organization, "institution"),
    // A centre, a city or an institution given a purpose with ل is an institution, whole.
    ("وقدم مركز الملك سلمان للإغاثة والأعمال الإنسانية مساعدات", .organization, "institution"),
    ("وأعلنت مدينة الملك عبد العزيز للعلوم والتقنية عن برنامج", .organization, "institution"),
  ])
  func aPlaceNamedAfterAPersonIsALocation(_ text: String, _ label: EntityLabel, _ kind: String)
    throws
  {
    let entities = try BundledRulesTests.entities(text)
    let described = entities.map { "\($0.label) \($0.text) \($0.source)" }
    #expect(
      !entities.contains { $0.label == .person && $0.source.hasPrefix("rule:") }, "\(described)")
    #expect(
      entities.contains {
        $0.label == label
          && $0.attributes.contains { $0.0 == "kind" && $0.1.stringValue == kind }
      }, "\(described)")
  }
}
