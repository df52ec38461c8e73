import Testing

@testable import Khabar

/// The bundled rules for a kingdom named by its common noun and for the titles of coaches and
/// monarchs (Rules/10-organizations.rules, Rules/lists/offices.txt).
@Suite struct CommonNounRulesTests {
  /// `المملكة` alone is a country; inside a full name the gazetteer's longer entry wins.
  @Test func theKingdomAloneIsACountry() throws {
    let entities = try BundledRulesTests.entities(
      "وقال إن المملكة المتحدة والمملكة العربية السعودية تدعمان الحل، وإن المملكة ترحب")
    let countries = entities.filter { $0.label == .country }.map { "\($0.text) \($0.source)" }
    #expect(
      countries == [
        "المملكة المتحدة gazetteer:countries", "المملكة العربية السعودية gazetteer:countries",
        "المملكة rule:country.the-kingdom",
      ])
  }

  /// A coach holds a post in a club, and the Saudi king's style is his title.
  @Test func coachesAndTheCustodianHoldTitles() throws {
    let extraction = try BundledRulesTests.extractor().extract(
      "وقال المدرب الروماني لازلو بولوني إن خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز استقبل الفريق"
    )
    let titles = extraction.entities.filter { $0.label == .title }.map(\.text)
    #expect(titles.contains("المدرب الروماني"))
    #expect(titles.contains("خادم الحرمين الشريفين"))
    let triples = Set(extraction.relations.map { $0.triple.joined(separator: " | ") })
    #expect(triples.contains("King Salman of Saudi Arabia | holds_title | خادم الحرمين الشريفين"))
  }

  /// الرئيسة and رئيسة are also the adjective "main": after a noun and before a stop word they
  /// are no title; before a name, a nisba or the head of a body they are, and the longer
  /// offices that begin with them are untouched.
  @Test func theFeminineHeadIsATitleOnlyWhereAnOfficeCanBe() throws {
    func titles(_ text: String) throws -> [String] {
      try BundledRulesTests.entities(text).filter { $0.label == .title }.map(\.text)
    }
    #expect(try titles("وأغلقت الشرطة الطرق الرئيسة في المدينة") == [])
    #expect(try titles("وحدد التقرير ثلاثة عوامل رئيسة، أولها الأسعار") == [])
    #expect(try titles("وأعلنت الرئيسة البرازيلية ديلما روسيف الخطة") == ["الرئيسة البرازيلية"])
    #expect(try titles("وقالت الرئيسة ديلما روسيف إن الحكومة مستعدة") == ["الرئيسة"])
    #expect(try titles("وقالت رئيسة الوزراء البريطانية إن") == ["رئيسة الوزراء البريطانية"])
    // Before a unit, the office takes the unit and its field (title.unit).
    #expect(try titles("وقالت رئيسة قسم التمريض إن") == ["رئيسة قسم التمريض"])
  }

  /// الإمام after إلى is "the front" unless a given name follows; بابا is "a door" unless a see
  /// follows; الداعية with a ل complement is "calling for".
  @Test(arguments: [
    ("وتدفع هذه العوامل السوق إلى الأمام", []),
    ("وصلى المأمومون خلف الإمام في المسجد", ["الإمام"]),
    ("وينسب المسجد إلى الإمام محمد بن إدريس الشافعي", ["الإمام"]),
    ("وهذا الأمر يفتح بابا واسعا للفساد", []),
    ("والتقى بابا الفاتيكان وفدا من المسلمين", ["بابا الفاتيكان"]),
    ("وأغلقت السلطات الجمعيات الداعية لازدراء الأديان", []),
    ("وقال الداعية عائض القرني إن", ["الداعية"]),
    // المساعدة is also "the help": an office only before a name or as the special assistant.
    ("ونحن مستعدون لتقديم كل المساعدة الضرورية", []),
    ("وحضرت المساعدة الفنية لينا محمد الحفل", ["المساعدة الفنية"]),
    ("واعترف عبر مساعدة تنظيم داعش", []),
  ])
  func officesThatAreAlsoOtherWords(_ text: String, _ expected: [String]) throws {
    #expect(
      try BundledRulesTests.entities(text).filter { $0.label == .title }.map(\.text) == expected)
  }

  /// The country or organization inside a person's title, before the name or after it set
  /// off by a comma, is where the person serves; in a verb-first clause the title before the
  /// object's name is the object's, not the subject's.
  @Test(arguments: [
    ("وقال رئيس جنوب السودان سلفا كير إن", "سلفا كير | affiliated_with | South Sudan"),
    ("وقال سلفا كير، رئيس جنوب السودان، إن", "سلفا كير | affiliated_with | South Sudan"),
    (
      "واستقبل الملك سلمان رئيس وزراء باكستان نواز شريف",
      "Nawaz Sharif | affiliated_with | Pakistan"
    ),
  ])
  func theOrganizationInATitleIsTheAffiliation(_ text: String, _ expected: String) throws {
    let relations = try BundledRulesTests.extractor().extract(text).relations
    let affiliations = relations.filter { $0.predicate == .affiliatedWith }
    #expect(affiliations.map { $0.triple.joined(separator: " | ") } == [expected])
  }
}
