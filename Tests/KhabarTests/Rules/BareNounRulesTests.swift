import Testing

@testable import Khabar

/// The bundled rules for events and documents named by their noun alone
/// (Rules/40-events.rules, Rules/50-documents.rules), the capital named by a nisba and the
/// countryside named by its city.
@Suite struct BareNounRulesTests {
  /// The texts of the entities of `label` in `text`.
  static func texts(_ label: EntityLabel, _ text: String) throws -> [String] {
    try BundledRulesTests.entities(text).filter { $0.label == label }.map(\.text)
  }

  /// A meeting, talks or an agreement named by the noun alone is an entity, with its
  /// adjectives, and a round of talks takes its ordinal and the talks.
  @Test(arguments: [
    ("وعقد الجانبان اجتماعا طارئا أمس", EntityLabel.event, "اجتماعا طارئا"),
    ("وبدأت الجولة السابعة من المفاوضات", .event, "الجولة السابعة من المفاوضات"),
    // من goes with the talks only: a round of something else ends at its ordinal.
    ("وفاز الفريق في الجولة الأولى من التصفيات", .event, "الجولة الأولى"),
    ("وتناولت المحادثات الثنائية ملفات عدة", .event, "المحادثات الثنائية"),
    ("وعقدت قمة مصغرة في المساء", .event, "قمة مصغرة"),
    ("ووقع الجانبان اتفاقا للتعاون", .document, "اتفاقا"),
    ("وتنص الاتفاقية الإعلامية على التبادل", .document, "الاتفاقية الإعلامية"),
    // An ordinal without من numbers the contracts of a list.
    ("والعقد الرابع تنفيذ شبكات المياه", .document, "العقد الرابع"),
    // الوثيقة after a word that is not a definite feminine or plural, or with a proclitic.
    ("ورفض الوزير إلغاء الوثيقة أمس", .document, "الوثيقة"),
    ("وأشار إلى ما ورد بالوثيقة من بنود", .document, "الوثيقة"),
    // An indefinite head takes indefinite adjectives, a definite one does not (a predicate),
    // and an adverb is no adjective.
    ("ووقع النادي عقدا احترافيا مع المهاجم", .document, "عقدا احترافيا"),
    ("وأعلنت الشركة عن صفقة قياسية في السوق", .document, "صفقة قياسية"),
    ("وقال إن الطرفين وقعا اتفاقا شاملا بشأن البرنامج", .document, "اتفاقا شاملا"),
    ("وقال إن الاتفاقية مهمة للبلدين", .document, "الاتفاقية"),
    ("ويبرم النادي صفقة سنويا مع الرعاة", .document, "صفقة"),
  ])
  func aBareNounIsAnEntity(_ text: String, _ label: EntityLabel, _ expected: String) throws {
    #expect(try Self.texts(label, text) == [expected])
  }

  /// A sports competition by its cup, championship or league and what names it is an event,
  /// located where it is held; a film's "starring" (بطولة الفيلم) and a cup of something are not.
  @Test func aCompetitionIsAnEvent() throws {
    #expect(try Self.texts(.event, "وتأهل المنتخب إلى نهائيات كأس العالم") == ["كأس العالم"])
    #expect(try Self.texts(.event, "ويشارك الفريق في دوري أبطال آسيا") == ["دوري أبطال آسيا"])
    #expect(
      try Self.texts(.event, "وفاز الهلال ببطولة كأس خادم الحرمين الشريفين") == [
        "كأس خادم الحرمين الشريفين"
      ])
    #expect(try Self.texts(.event, "والعمل من بطولة الفيلم الجديد أحمد حلمي") == [])
    #expect(try Self.texts(.event, "وشرب كأس ماء بارد") == [])
    // A super cup by its country, without كأس; a supermarket is no competition.
    #expect(
      try Self.texts(.event, "ويلتقي برشلونة وإشبيلية في السوبر الإسباني") == [
        "السوبر الإسباني"
      ])
    #expect(try Self.texts(.event, "وافتتح فرع جديد لمحلات السوبر ماركت") == [])
    #expect(try Self.texts(.event, "والفيلم من بطولة ألكسندرا ماريا لارا") == [])
    let relations = try RelationTests.relations(
      "وطرحت تذاكر كأس السوبر السعودي الذي سيقام في لندن على ملعب كوينز بارك")
    #expect(relations.contains("كأس السوبر السعودي | located_in | لندن"), "\(relations)")
  }

  /// "The top of", "agreeing on", "the decade" and "close" are written like a summit, an
  /// agreement, a contract and the document: no entity.
  @Test(arguments: [
    ("وقال إن أبناءه في قمة السعادة", EntityLabel.event),
    ("وقال إنه تم الاتفاق عليها", .document),
    // العقد "the decade" and العقود الآجلة "futures".
    ("وهو في العقد الثالث من عمره", .document),
    ("وتراجعت الأسعار خلال العقد الماضي", .document),
    ("وارتفعت العقود الآجلة للنفط أمس", .document),
    // الوثيقة "close" after a definite feminine or plural noun.
    ("وأكد الجانبان العلاقات الوثيقة بين البلدين", .document),
    ("ونوه الوزير بالصلة الوثيقة بين الجانبين", .document),
  ])
  func theOrdinaryWordIsNoEntity(_ text: String, _ label: EntityLabel) throws {
    #expect(try Self.texts(label, text) == [])
  }

  /// The one who arrives in the Saudi capital takes part in the summit, not Saudi Arabia: the
  /// capital is a place and the country inside it is no party.
  @Test func aCountryInsideTheNameOfItsCapitalTakesNoPart() throws {
    let extraction = try BundledRulesTests.extractor().extract(
      "وصل الملك إلى العاصمة السعودية للمشاركة في القمة")
    #expect(
      extraction.entities.contains { $0.label == .location && $0.text == "العاصمة السعودية" })
    #expect(extraction.relations.filter { $0.predicate == .participatesIn }.isEmpty)
  }

  /// The countryside of a city (ريف حلب) is a region, with the sides news gives it: one place,
  /// where the model and the gazetteer gave ريف and the city apart.
  @Test(arguments: [
    ("وسيطرت المعارضة على بلدات في ريف حلب الشمالي أمس", "ريف حلب الشمالي"),
    ("وقصفت الطائرات مواقع بريف دمشق", "ريف دمشق"),
    ("ويعيش في ريف محافظة الرقة منذ سنوات", "ريف محافظة الرقة"),
  ])
  func theCountrysideOfACityIsARegion(_ text: String, _ expected: String) throws {
    #expect(try Self.texts(.location, text) == [expected])
  }

  /// A subject captured inside a country's name (`[COUNTRY !LOCATION]+` tried from the
  /// name's second word) is no pair word: it must not stand for the two countries before it.
  @Test func aCaptureInsideANameIsNoPairWord() throws {
    let extraction = try BundledRulesTests.extractor().extract(
      "قالت روسيا إن الجمهورية الإسلامية الإيرانية وصفت إجراء مناورة مشتركة")
    let triples = extraction.relations.map { $0.triple.joined(separator: " | ") }
    #expect(triples == ["Iran | participates_in | مناورة مشتركة"])
  }
}
