import Foundation
import Testing

@testable import Khabar

/// The bundled rules on the seed article and on articles written for them.
@Suite struct BundledRulesTests {
  static func extractor() throws -> Extractor {
    try Extractor(gazetteer: TestPaths.bundledGazetteer.get(), rules: TestPaths.bundledRules.get())
  }

  static func entities(_ text: String) throws -> [Entity] { try extractor().extract(text).entities }

  /// Whether an entity of `label` has `text` (white space compared loosely: news uses NBSP).
  static func has(_ entities: [Entity], _ label: EntityLabel, _ text: String) -> Bool {
    entities.contains { $0.label == label && DisplayForm.of($0.text) == DisplayForm.of(text) }
  }

  @Test func seedArticleHasWhatIssueTwoAsks() throws {
    let text = try String(
      contentsOfFile: "\(TestPaths.fixtures)/000_e13e31a73540851b.txt", encoding: .utf8)
    let entities = try BundledRulesTests.entities(text)
    func expectEntity(
      _ label: EntityLabel, _ surface: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
      let found = BundledRulesTests.has(entities, label, surface)
      #expect(found, "missing \(label.rawValue) \(surface)", sourceLocation: sourceLocation)
    }
    expectEntity(.person, "محمد باقري")
    expectEntity(.person, "سيرغي شويغو")
    let bagheri = entities.filter { $0.label == .person && $0.text.contains("باقري") }
    // Every later باقري is the same person: the headline twice, and the body.
    #expect(bagheri.count >= 8)
    #expect(Set(bagheri.map(\.canonical)).count == 1)
    expectEntity(.title, "اللواء")
    expectEntity(.title, "الجنرال")
    expectEntity(.title, "وزير الدفاع الروسي")
    expectEntity(.title, "رئيس الأركان العامة للقوات المسلحة الايرانية")
    // In للقوات the span leaves the preposition ل out; the canonical name restores the article.
    #expect(
      entities.contains {
        $0.label == .organization && $0.text == "لقوات المسلحة الايرانية"
          && $0.canonical == "القوات المسلحة الايرانية"
      })
    expectEntity(.event, "مناورة مشتركة")
    expectEntity(.event, "التدريبات البحرية المشتركة")
    expectEntity(.event, "مؤتمر موسكو الأمني")
    expectEntity(.document, "وثيقة التعاون طويل الأمد")
    expectEntity(.date, "الأربعاء 20 سبتمبر 2023")
    expectEntity(.date, "مساء الثلاثاء")
    expectEntity(.date, "فبراير من العام المقبل")
    func value(_ surface: String) -> String? {
      entities.first { $0.label == .date && $0.text == surface }?.attributes.first {
        $0.0 == "value"
      }?.1.stringValue
    }
    #expect(value("الأربعاء 20 سبتمبر 2023") == "2023-09-20")
    #expect(value("مساء الثلاثاء") == "2023-09-19")
    #expect(value("فبراير من العام المقبل") == "2024-02")
    // The NORP inside the TITLE is kept: entities nest when their labels differ.
    #expect(entities.contains { $0.label == .norp && $0.text == "الروسي" })
  }

  @Test func unknownOfficialsAreFoundByRules() throws {
    // Names in no gazetteer: the ranks, offices and name chains find them.
    let text = """
      استقبل وزير الخارجية البحريني خالد بن أحمد آل خليفة في المنامة أمس نظيره الأوغندي \
      هنري أوكيلو، وبحث معه التعاون بين البلدين. وقال العميد ركن عادل الزهراني إن القوات \
      البحرية السعودية تشارك في التدريبات المشتركة. وأكد الزهراني أن التمرين ناجح. وقال رئيس مجلس المقاومة الشعبية إن المعارك مستمرة.
      """
    let entities = try BundledRulesTests.entities(text)
    let found = Set(entities.map { "\($0.label.rawValue) \($0.text)" })
    for expected in [
      "TITLE وزير الخارجية البحريني", "PERSON خالد بن أحمد آل خليفة", "TITLE نظيره الأوغندي",
      "PERSON هنري أوكيلو",
      "TITLE العميد ركن", "PERSON عادل الزهراني", "ORGANIZATION القوات البحرية السعودية",
      "EVENT التدريبات المشتركة",
      "DATE أمس", "LOCATION المنامة",
    ] {
      #expect(found.contains(expected), "missing \(expected)")
    }
    // After an office, an unknown first name is not taken for a name (precision over recall).
    #expect(!found.contains { $0.hasPrefix("PERSON مجلس") })
    let later = entities.filter { $0.label == .person && $0.text == "الزهراني" }
    #expect(later.count == 1)
    #expect(later.first?.canonical == "عادل الزهراني")
  }

  @Test func explainSaysWhoProducedAndWhoLost() throws {
    let extractor = try BundledRulesTests.extractor()
    extractor.explain = true
    let extraction = extractor.extract("قال وزير الدفاع الروسي الجنرال سيرغي شويغو")
    let kept = extraction.decisions.filter(\.kept)
    #expect(
      kept.contains {
        $0.label == .title && $0.text == "وزير الدفاع الروسي" && $0.source == "rule:title.minister"
      })
    #expect(kept.contains { $0.label == .norp && $0.source == "gazetteer:nationalities" })
    // title.office proposes وزير alone; the longer minister title wins the same start.
    #expect(
      extraction.decisions.contains {
        !$0.kept && $0.label == .title && $0.text == "وزير"
          && $0.reason.contains("leftmost-longest")
      })
  }
}

@Suite struct BundledEventAndDateTests {
  @Test(arguments: [
    ("بدأت مناورات \"الرعد الشمالي\" أمس", "EVENT", "مناورات \"الرعد الشمالي\""),
    ("وتشارك في تمرين «درع الخليج المشترك 1» قوات", "EVENT", "تمرين «درع الخليج المشترك 1»"),
    ("وقعت الدولتان مذكرة تفاهم للتعاون", "DOCUMENT", "مذكرة تفاهم للتعاون"),
    ("وقعت الدولتان مذكرة تفاهم أمس", "DOCUMENT", "مذكرة تفاهم"),
    ("اتفاقية التعاون الدفاعي بين البلدين", "DOCUMENT", "اتفاقية التعاون الدفاعي"),
    ("في ١٧ يناير ٢٠٢٥ وصل", "DATE", "١٧ يناير ٢٠٢٥"),
    ("بتاريخ 15 / 1 / 1959 صدر", "DATE", "بتاريخ 15 / 1 / 1959"),
    ("في 24 أكتوبر / تشرين الأول 2008", "DATE", "24 أكتوبر / تشرين الأول 2008"),
    ("الأسبوع المقبل", "DATE", "الأسبوع المقبل"),
    // Festivals by their names: a season and a place, a theme, a title in quotes, an edition.
    ("وانطلق مهرجان صيف الشرقية 2015 أمس", "EVENT", "مهرجان صيف الشرقية 2015"),
    ("وزار مهرجان جدة التاريخية", "EVENT", "مهرجان جدة التاريخية"),
    ("وشارك في مهرجان التسوق والترفيه بالأحساء", "EVENT", "مهرجان التسوق والترفيه"),
    ("وتواصلت فعاليات مهرجان «عيدية» أمس", "EVENT", "مهرجان «عيدية»"),
    ("واختتم عيد وصيف الخرج 36 فعالياته", "EVENT", "عيد وصيف الخرج 36"),
    ("وانتهت فعاليات صيف الخرج 36 أمس", "EVENT", "فعاليات صيف الخرج 36"),
    // The celebrations of a feast, named by it; not someone's celebrations.
    ("وتتواصل احتفالات العيد في جدة", "EVENT", "احتفالات العيد"),
    // A contest by its title in quotes, the body that holds it or its art.
    (
      "ووزع الجوائز على الفائزين بمسابقة «40 تحت الأربعين» أمس", "EVENT", "مسابقة «40 تحت الأربعين»"
    ),
    ("وشارك في مسابقة الخط العربي", "EVENT", "مسابقة الخط العربي"),
    // A summit where or with whom it is held.
    ("وقطعت التزامات خلال قمة في كامب ديفيد", "EVENT", "قمة"),
    // Leagues by their division, country or sponsor.
    ("وصعد النادي إلى دوري الدرجة الأولى", "EVENT", "دوري الدرجة الأولى"),
    ("وبايرن بطل دوري ألمانيا لكرة القدم", "EVENT", "دوري ألمانيا لكرة القدم"),
    ("وتوج الهلال بطلا لدوري عبداللطيف جميل للمحترفين", "EVENT", "دوري عبداللطيف جميل للمحترفين"),
    ("وتوج الهلال بطلا لدوري عبداللطيف جميل للمحترفين", "ORGANIZATION", "عبداللطيف جميل"),
    ("وانطلق دوري جميل للمحترفين أمس", "EVENT", "دوري جميل للمحترفين"),
    ("وشارك في احتفالات عيد الفطر المبارك", "EVENT", "احتفالات عيد الفطر المبارك"),
    // السعودية after a definite noun is the adjective, a NORP; the country elsewhere.
    ("وارتفعت الأسهم السعودية أمس", "NORP", "السعودية"),
    ("وقال إن السعودية ستشارك", "COUNTRY", "السعودية"),
    ("ووصل الوفد إلى السعودية أمس", "COUNTRY", "السعودية"),
    ("وقدم الاتحاد الدعم للسعودية", "COUNTRY", "لسعودية"),
    // Named plans and initiatives, in the orders and spellings news gives them.
    ("وأقر البرلمان خطة العمل المشتركة الشاملة", "DOCUMENT", "خطة العمل المشتركة الشاملة"),
    ("ووضع الطرفان خريطة الطريق للمرحلة", "DOCUMENT", "خريطة الطريق"),
    ("ودعا إلى تنفيذ المبادرة الخليجية وآليتها", "DOCUMENT", "المبادرة الخليجية"),
  ])
  func findsEventsDocumentsAndDates(_ text: String, _ label: String, _ span: String) throws {
    let entities = try BundledRulesTests.entities(text)
    let found = entities.map { "\($0.label.rawValue) \($0.text)" }
    #expect(found.contains("\(label) \(span)"), "\(found)")
  }

  /// A festival of this year is no festival named "this year", and وصيف without a place and an
  /// edition is the runner-up.
  @Test func notAFestivalsName() throws {
    let thisYear = try BundledRulesTests.entities("ويشتمل مهرجان هذا العام على عروض")
    #expect(thisYear.filter { $0.label == .event }.map(\.text) == ["مهرجان"])
    let runnerUp = try BundledRulesTests.entities("وحل الفريق وصيف الدوري الموسم الماضي")
    #expect(!runnerUp.contains { $0.label == .event })
    let peak = try BundledRulesTests.entities("ويعتلي المتنزه أعلى قمة في منطقة الباحة")
    #expect(!peak.contains { $0.label == .event })
    let periodic = try BundledRulesTests.entities("ويجتمعون بشكل دوري، وقال إن دوري في الفيلم صعب")
    #expect(!periodic.contains { $0.label == .event })
    let people = try BundledRulesTests.entities("ونظمت احتفالات الأهالي في الحي")
    #expect(people.filter { $0.label == .event }.map(\.text) == ["احتفالات"])
    let feastIn = try BundledRulesTests.entities("وتتواصل احتفالات العيد بمكة المكرمة")
    #expect(feastIn.filter { $0.label == .event }.map(\.text) == ["احتفالات العيد"])
  }

  @Test func arabicIndicDigitsGiveISOValues() throws {
    let entities = try BundledRulesTests.entities("الخميس ١٧ يناير ٢٠٢٥")
    let date = entities.first { $0.label == .date }
    #expect(date?.attributes.first { $0.0 == "value" }?.1 == .string("2025-01-17"))
  }

  /// A group named by its plural or adjective is a NORP (the Shia, as the Kurds are), the
  /// eurozone a region; السنة alone stays "the year" (the Sunnis are named only beside another
  /// group: GroupRulesTests).
  @Test func groupsAndRegionsNamedByCommonWords() throws {
    let shia = try BundledRulesTests.entities("واستهدف التفجير مسجدا للشيعة في الكويت")
    #expect(shia.contains { $0.label == .norp && $0.canonical == "Shia Muslims" })
    #expect(!shia.contains { $0.label == .organization })
    let euro = try BundledRulesTests.entities("وارتفعت البطالة في منطقة اليورو خلال يونيو")
    #expect(euro.contains { $0.label == .location && $0.canonical == "Eurozone" })
    let year = try BundledRulesTests.entities("وتراجعت الأرباح في السنة الماضية")
    #expect(!year.contains { $0.label == .norp })
    // The districts of Aden are places, not people (دار سعد "Saad's house").
    let aden = try BundledRulesTests.entities("وتقدمت القوات نحو دار سعد وخور مكسر والتواهي")
    #expect(
      aden.filter { $0.label == .location }.map(\.text) == ["دار سعد", "خور مكسر", "التواهي"])
    // The Free Syrian Army is no Syrian army: the armed group's name is listed whole.
    let fsa = try BundledRulesTests.entities("واشتبك مقاتلو الجيش السوري الحر مع القوات الحكومية")
    #expect(fsa.contains { $0.label == .organization && $0.canonical == "Free Syrian Army" })
    // Civil defence is a body; its adjective المدني is no one's name.
    let defence = try BundledRulesTests.entities(
      "وباشرت فرق الدفاع المدني الموقع. وقال محمد المدني إن")
    #expect(defence.contains { $0.label == .organization && $0.canonical == "Civil Defense" })
    #expect(defence.filter { $0.label == .person }.map(\.text) == ["محمد المدني"])
  }
}
