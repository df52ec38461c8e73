import Foundation
import Testing

@testable import Khabar

/// Every predicate on sentences written for it, with negative cases: the same words, no relation.
@Suite struct RelationTests {
  /// "subject text | predicate | object text" for every relation found in `text`.
  static func relations(_ text: String) throws -> Set<String> {
    let extraction = try BundledRulesTests.extractor().extract(text)
    let byID = Dictionary(uniqueKeysWithValues: extraction.entities.map { ($0.id, $0) })
    return Set(
      extraction.relations.map {
        "\(byID[$0.subject]?.text ?? "?") | \($0.predicate.rawValue) | \(byID[$0.object]?.text ?? "?")"
      })
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: [String]
    var absent: [String] = []
    var testDescription: String { text }
  }

  static let positives: [Case] = [
    Case(
      text: "وقال الرئيس رجب طيب أردوغان خلال زيارته لطهران إن العلاقات جيدة",
      expected: ["رجب طيب أردوغان | visited | طهران"]),
    // The visitor is the nearest person before the noun, not the one whose invitation it is.
    Case(
      text:
        "ونقل الأمير محمد بن سلمان دعوة الملك سلمان بن عبدالعزيز للرئيس فلاديمير بوتين لزيارة الرياض",
      expected: ["فلاديمير بوتين | visited | الرياض"],
      absent: ["سلمان بن عبدالعزيز | visited | الرياض", "محمد بن سلمان | visited | الرياض"]),
    Case(
      text: "قال وزير الخارجية السعودي عادل الجبير إن الرياض ترحب",
      expected: [
        "عادل الجبير | holds_title | وزير الخارجية السعودي",
        "عادل الجبير | affiliated_with | السعودي",
      ]),
    Case(
      text:
        "وقال اللواء محمد باقري، خلال لقاء مع وزير الدفاع الروسي الجنرال سيرغي شويغو، إن العلاقات جيدة",
      expected: [
        "محمد باقري | met_with | سيرغي شويغو", "محمد باقري | holds_title | اللواء",
        "سيرغي شويغو | holds_title | وزير الدفاع الروسي",
        "سيرغي شويغو | holds_title | الجنرال", "سيرغي شويغو | affiliated_with | الروسي",
      ]),
    Case(
      text: "استقبل الملك سلمان بن عبد العزيز الرئيس رجب طيب أردوغان في الرياض",
      expected: ["سلمان بن عبد العزيز | met_with | رجب طيب أردوغان"]),
    Case(
      text: "زار الرئيس رجب طيب أردوغان طهران أمس", expected: ["رجب طيب أردوغان | visited | طهران"]),
    Case(
      text: "وثيقة التعاون طويل الأمد بين إيران وروسيا قيد الصياغة",
      expected: [
        "إيران | drafting | وثيقة التعاون طويل الأمد",
        "روسيا | drafting | وثيقة التعاون طويل الأمد",
      ]),
    Case(
      text: "تتفاوض إيران والسعودية على اتفاقية التعاون الأمني",
      expected: [
        "إيران | negotiating | اتفاقية التعاون الأمني",
        "السعودية | negotiating | اتفاقية التعاون الأمني",
      ]),
    Case(
      text: "وقعت مصر والسودان اتفاقية التعاون الدفاعي أمس",
      expected: [
        "مصر | signed | اتفاقية التعاون الدفاعي", "السودان | signed | اتفاقية التعاون الدفاعي",
      ]),
    Case(
      text: "بدأت مناورات بحرية مشتركة بين الصين وباكستان",
      expected: [
        "الصين | participates_in | مناورات بحرية مشتركة",
        "باكستان | participates_in | مناورات بحرية مشتركة",
      ]),
    Case(
      text: "وصفت الجمهورية الإسلامية الإيرانية إجراء مناورة مشتركة في فبراير بأنها فرصة",
      expected: ["الجمهورية الإسلامية الإيرانية | participates_in | مناورة مشتركة"]),
    Case(
      text: "أعلن استعداد إيران للمساعدة في حل الخلافات بين أذربيجان وأرمينيا",
      expected: ["إيران | offers_mediation | أذربيجان", "إيران | offers_mediation | أرمينيا"]),
    Case(
      text:
        "وأعلن الجنرال سيرغي شويغو استعداد بلاده لحل الخلافات بين الدولتين الجارتين أذربيجان وأرمينيا",
      expected: [
        "سيرغي شويغو | offers_mediation | أذربيجان", "سيرغي شويغو | offers_mediation | أرمينيا",
      ]),
    Case(text: "انطلقت القمة العربية في الرياض", expected: ["القمة العربية | located_in | الرياض"]),
    // An office, the body it serves, a form of address, the holder: the form of address says a
    // name in apposition follows.
    Case(
      text: "وقال المدير التجاري لموقع \"نون\" العربي الأستاذ سامي الحربي إن الأرباح ارتفعت",
      expected: [
        "سامي الحربي | holds_title | المدير التجاري",
        "سامي الحربي | affiliated_with | موقع \"نون\"",
      ]),
    Case(
      text: "ويقول المدير العام ورئيس تحرير \"الوطن\" الأستاذ فهد العتيبي إن الصحيفة تتطور",
      expected: [
        "فهد العتيبي | holds_title | رئيس تحرير", "فهد العتيبي | holds_title | المدير العام",
        "فهد العتيبي | affiliated_with | الوطن",
      ]),
    // The future form of a verb of holding talks, and a time given by what happens (خلال
    // زيارته …) between subject and object.
    Case(
      text: "وسيجري الوزير سامي الحربي خلال جولته التي تستمر أسبوعا محادثات مع نظيره فهد العتيبي",
      expected: ["سامي الحربي | met_with | فهد العتيبي"]),
    // The subject's offices in apposition, then the place and the day, then the object; a form
    // of address before the object.
    Case(
      text: "والتقى الأمير فهد بن سعد، نائب أمير المنطقة، في جدة، أمس، الوزير سامي الحربي",
      expected: ["فهد بن سعد | met_with | سامي الحربي"]),
    Case(
      text: "واستقبل الأمير فهد بن سعد في جدة اليوم معالي وزير الصحة سامي الحربي",
      expected: ["فهد بن سعد | met_with | سامي الحربي"]),
    Case(
      text:
        "واستقبل فخامة الرئيس فهد العتيبي رئيس الجمهورية في مقر إقامته بالرياض، اليوم، الوزير سامي الحربي",
      expected: ["فهد العتيبي | met_with | سامي الحربي"]),
    // A summit with the leaders of two countries: both take part.
    Case(
      text: "واستضافت الجزيرة الشهر الماضي قمة مصغرة مع قادة الأردن والعراق",
      expected: ["الأردن | participates_in | قمة مصغرة", "العراق | participates_in | قمة مصغرة"]),
    // The host of an event, after a verb with the event as its object pronoun.
    Case(
      text: "ورحب الوزير بالمحادثات التي تستضيفها سلطنة عمان",
      expected: ["المحادثات | located_in | سلطنة عمان"]),
    // The body the office serves in (في, ب), then the holder's name with no form of address.
    Case(
      text:
        "وكشف المشرف العام على العلاقات العامة والإعلام في وزارة الحج علي الغامدي أن اللجان رصدت",
      expected: [
        "علي الغامدي | holds_title | المشرف العام على العلاقات العامة",
        "علي الغامدي | affiliated_with | وزارة الحج",
      ]),
    // An office over a unit named by its field (إدارة العلاقات العامة) or body (فرع وزارة العمل).
    Case(
      text: "وقال مدير إدارة العلاقات العامة بأمانة جدة سامي الحربي إن العمل مستمر",
      expected: [
        "سامي الحربي | holds_title | مدير إدارة العلاقات العامة",
        "سامي الحربي | affiliated_with | أمانة جدة",
      ]),
    Case(
      text: "وأكد فهد العتيبي مدير عام فرع وزارة العمل بمنطقة القصيم أن الحملة مستمرة",
      expected: [
        "فهد العتيبي | holds_title | مدير عام فرع وزارة العمل",
        "فهد العتيبي | affiliated_with | وزارة العمل",
      ]),
    // A player and the club his position is written with, before or after his name.
    Case(
      text: "وأكد مهاجم الهلال ناصر الشمراني ولاعب النصر محمد السهلاوي أن المباراة صعبة",
      expected: [
        "ناصر الشمراني | affiliated_with | الهلال", "محمد السهلاوي | affiliated_with | النصر",
      ],
      absent: ["محمد السهلاوي | affiliated_with | الهلال"]),
    Case(
      text: "وقال ياسر القحطاني لاعب الهلال إن الفريق جاهز",
      expected: ["ياسر القحطاني | affiliated_with | الهلال"]),
    // Receptions: offices set off by commas, the first of a list of those received, a ruler
    // received as a brother.
    Case(
      text:
        "استقبل وزير العدل، الشيخ وليد الصمعاني، في ديوان الوزارة، رئيس ديوان المظالم، الشيخ "
        + "الدكتور خالد بن محمد اليوسف",
      expected: ["وليد الصمعاني | met_with | خالد بن محمد اليوسف"]),
    Case(
      text:
        "استقبل أمير منطقة الرياض فيصل بن بندر في مكتبه أمس كلاً من رئيس ديوان المراقبة العامة "
        + "أسامة بن جعفر فقيه ورئيس ديوان المظالم",
      expected: ["فيصل بن بندر | met_with | أسامة بن جعفر فقيه"]),
    Case(
      text:
        "استقبل الملك سلمان بن عبدالعزيز في قصر العوجا اليوم أخاه صاحب السمو الشيخ تميم بن حمد آل ثاني",
      expected: ["سلمان بن عبدالعزيز | met_with | تميم بن حمد آل ثاني"]),
    // A name with و after the player is the next one, not the club's.
    Case(
      text: "وأكد حارس الهلال محمد العويس وياسر القحطاني أن الفريق جاهز",
      expected: ["محمد العويس | affiliated_with | الهلال"],
      absent: ["ياسر القحطاني | affiliated_with | الهلال"]),
    // A position and club between two names are the second one's.
    Case(
      text: "وهنأ ياسر القحطاني لاعب النصر محمد السهلاوي على الفوز",
      expected: ["محمد السهلاوي | affiliated_with | النصر"],
      absent: ["ياسر القحطاني | affiliated_with | النصر"]),
  ]

  @Test(arguments: positives)
  func findsRelations(_ c: Case) throws {
    let found = try RelationTests.relations(c.text)
    for expected in c.expected {
      #expect(found.contains(expected), "missing \(expected) in \(found)")
    }
    for absent in c.absent {
      #expect(!found.contains(absent), "unexpected \(absent) in \(found)")
    }
  }

  static let negatives: [(String, String)] = [
    ("قال وزير الخارجية إن عادل الجبير سيصل غدا", "holds_title"),
    ("التقى وزير الدفاع سيرغي شويغو بالسفير الروسي", "affiliated_with"),
    ("قال اللواء محمد باقري إن لقاء الجنرال سيرغي شويغو مهم", "met_with"),
    ("التقى اللواء محمد باقري الوفد. ثم وصل الجنرال سيرغي شويغو", "met_with"),
    ("قال الرئيس رجب طيب أردوغان إن طهران مهمة", "visited"),
    // The one invited is to visit (beside "خلال زيارته لطهران", a visit, in `positives`).
    ("وقال الرئيس رجب طيب أردوغان إنه يدعو المستثمرين لزيارة طهران", "visited"),
    ("وثيقة التعاون طويل الأمد بين إيران وروسيا وقعت أمس", "drafting"),
    ("قالت إيران إن اتفاقية التعاون الأمني مهمة", "negotiating"),
    ("رفضت مصر اتفاقية التعاون الدفاعي", "signed"),
    ("أعلنت الصين عن مناورة مشتركة", "participates_in"),
    ("أعلنت إيران أن الخلافات بين أذربيجان وأرمينيا عميقة", "offers_mediation"),
    ("انطلقت القمة العربية. وفي الرياض قال المسؤول", "located_in"),
    // تحرير is also "liberation": the place in quotes after it is no publication.
    ("وأعلنت القوات تحرير \"عدن\" الأستاذ سامي الحربي", "affiliated_with"),
    // A former club, with or without commas around the position.
    ("وتحدث ياسر القحطاني لاعب الهلال السابق عن المباراة", "affiliated_with"),
    ("وأكد ياسر القحطاني، لاعب الهلال السابق، أن الفريق جاهز", "affiliated_with"),
  ]

  @Test(arguments: negatives)
  func sameWordsNoRelation(_ text: String, _ predicate: String) throws {
    let found = try RelationTests.relations(text)
    #expect(!found.contains { $0.contains("| \(predicate) |") }, "\(found)")
  }

  @Test func seedArticleTriples() throws {
    let text = try String(
      contentsOfFile: "\(TestPaths.fixtures)/000_e13e31a73540851b.txt", encoding: .utf8)
    let extraction = try BundledRulesTests.extractor().extract(text)
    let triples = Set(extraction.relations.map { $0.triple.joined(separator: " | ") })
    for expected in [
      "Iran | drafting | cooperation document with Russia",
      "Russia | drafting | cooperation document with Iran",
      "Mohammad Bagheri | met_with | Sergey Shoigu",
      "Mohammad Bagheri | holds_title | رئيس الاركان العامة للقوات المسلحة الايرانية",
      "Sergey Shoigu | holds_title | وزير الدفاع الروسي", "Iran | participates_in | مناورة مشتركة",
      "Iran | offers_mediation | Azerbaijan", "Iran | offers_mediation | Armenia",
      "Sergey Shoigu | offers_mediation | Azerbaijan", "Sergey Shoigu | offers_mediation | Armenia",
    ] {
      #expect(triples.contains(expected), "missing \(expected)")
    }
    // Deduplicated: the drafting relation is stated four times, reported once with all evidence.
    let drafting = extraction.relations.filter {
      $0.triple == ["Iran", "drafting", "cooperation document with Russia"]
    }
    #expect(drafting.count == 1)
    #expect(drafting.first?.evidence.count == 4)
    // The document carries its participants.
    let document = extraction.entities.first { $0.label == .document }
    #expect(
      document?.attributes.first { $0.0 == "participants" }?.1
        == .array([.string("Iran"), .string("Russia")]))
  }

  /// A body right after an office's nationality adjective is the object of the clause's verb,
  /// not the office's complement; with a preposition written on it, it is.
  @Test func aBodyAfterTheNationalityOfAnOfficeIsNoAffiliation() throws {
    let object = try Self.relations(
      "ووصف آشتون كارتر وزير الدفاع الأمريكي القوات الكردية بأنها شريك فعال")
    #expect(object.contains("آشتون كارتر | holds_title | وزير الدفاع الأمريكي"))
    #expect(!object.contains("آشتون كارتر | affiliated_with | القوات الكردية"))
    // A conjunction on it joins another object: still no complement.
    let joined = try Self.relations(
      "وزار آشتون كارتر وزير الدفاع الأمريكي والقوات الكردية مدينة أربيل أمس")
    #expect(joined.contains("آشتون كارتر | visited | أربيل"))
    #expect(!joined.contains("آشتون كارتر | affiliated_with | القوات الكردية"))
    let complement = try Self.relations(
      "وقال آشتون كارتر وزير الدفاع الأمريكي بوزارة الدفاع الأمريكية إن الخطة جاهزة")
    #expect(complement.contains("آشتون كارتر | affiliated_with | وزارة الدفاع الأمريكية"))
  }

  @Test func relationRuleErrors() {
    #expect(
      RuleLanguageTests.errors("relation r\n  match a:PERSON b:PERSON\n  emit meets a b") == [
        "t.rules:3:8: error: unknown predicate 'meets' (known: holds_title, affiliated_with, met_with, visited, drafting, negotiating, signed, participates_in, offers_mediation, located_in)"
      ])
    #expect(
      RuleLanguageTests.errors("relation r\n  match a:PERSON b:PERSON\n  emit met_with a c") == [
        "t.rules:3:19: error: unknown capture 'c'"
      ])
  }
}

@Suite struct CountryPairTests {
  @Test func theTwoCountriesResolveWhenUnambiguous() throws {
    let resolved = try RelationTests.relations(
      "التقى وفد من إيران وفدا من روسيا. وبدأت التدريبات البحرية المشتركة بين البلدين")
    #expect(resolved.contains("إيران | participates_in | التدريبات البحرية المشتركة"))
    #expect(resolved.contains("روسيا | participates_in | التدريبات البحرية المشتركة"))
    // Three countries before it: البلدين is ambiguous and gives nothing.
    let ambiguous = try RelationTests.relations(
      "زار وفد من إيران روسيا والصين. وبدأت التدريبات البحرية المشتركة بين البلدين")
    #expect(!ambiguous.contains { $0.contains("participates_in") })
  }
}

/// The same triple stated in several places is reported once with every place as evidence,
/// whether an article has a few relations (compared one by one) or many (a dictionary).
@Suite struct RelationDeduplicationTests {
  static func build(people: Int) -> [(RelationCandidate, [Range<Int>], [String])] {
    var entities: [Candidate] = []
    func entity(_ label: EntityLabel, _ name: String, at token: Int) -> Int {
      entities.append(
        Candidate(
          label: label, tokens: token..<(token + 1), units: (10 * token)..<(10 * token + 5),
          canonical: name, source: "test",
          attributes: [], priority: 0, order: 0))
      return entities.count - 1
    }
    var found: [RelationCandidate] = []
    for p in 0..<people {
      let person = entity(.person, "شخص \(p)", at: 2 * p)
      let place = entity(.location, "مدينة \(p)", at: 2 * p + 1)
      // Each visit is stated twice, in two places of the article.
      for evidence in [(100 * p)..<(100 * p + 20), (100 * p + 50)..<(100 * p + 70)] {
        found.append(
          RelationCandidate(
            predicate: .visited, subject: person, object: place, evidence: evidence, rule: "r",
            priority: 0))
      }
    }
    var work = WorkCount()
    return RelationBuilder.build(found, entities: &entities, work: &work)
  }

  @Test(arguments: [3, 40])
  func sameTripleReportedOnce(people: Int) {
    let relations = RelationDeduplicationTests.build(people: people)
    #expect(relations.count == people)
    #expect(relations.allSatisfy { $0.1.count == 2 })
    #expect(Set(relations.map { $0.2.joined(separator: "|") }).count == people)
  }
}

/// The running index of countries gives, at every token, what scanning every entity before it
/// gave (the definition), whatever the order of the look-ups.
@Suite struct CountryPairsTests {
  /// The definition, by a scan of all entities: the latest mention of each country ending at or
  /// before `token`; the two of them when there are exactly two.
  static func scan(_ all: [Candidate], before token: Int) -> [Int]? {
    var latest: [String: Int] = [:]
    for (i, e) in all.enumerated() where e.label == .country && e.tokens.upperBound <= token {
      if let j = latest[e.canonical], all[j].tokens.lowerBound > e.tokens.lowerBound { continue }
      latest[e.canonical] = i
    }
    return latest.count == 2 ? latest.values.sorted() : nil
  }

  @Test(arguments: 0..<40)
  func agreesWithTheScan(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    let tokens = 16
    // Countries (and other labels) at random tokens, in no particular order, some starting at
    // the same token, two or three names in all so that every answer occurs.
    let names = ["Iran", "Russia", "China"].prefix(Int.random(in: 2...3, using: &random))
    var all: [Candidate] = []
    for _ in 0..<Int.random(in: 0...12, using: &random) {
      let start = Int.random(in: 0..<tokens, using: &random)
      let length = Int.random(in: 1...3, using: &random)
      let label: EntityLabel = Bool.random(using: &random) ? .country : .event
      all.append(
        Candidate(
          label: label, tokens: start..<(start + length),
          units: (4 * start)..<(4 * (start + length)),
          canonical: names.randomElement(using: &random) ?? "", source: "test", attributes: [],
          priority: 0, order: 0))
    }
    var pairs = CountryPairs(all)
    // In text order, then in any order: the cursor must come back.
    let queries =
      Array(0...(tokens + 3))
      + (0..<60).map { _ in Int.random(in: 0...(tokens + 3), using: &random) }
    for token in queries {
      let expected = CountryPairsTests.scan(all, before: token)
      #expect(
        pairs.pair(before: token).map { [$0.0, $0.1] } == expected,
        "token \(token) in \(all.map { ($0.canonical, $0.tokens) })")
    }
  }
}
