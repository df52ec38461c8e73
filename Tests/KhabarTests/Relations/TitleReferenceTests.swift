import Testing

@testable import Khabar

/// A bare title standing for the one person who holds it in the article (`TitleReference`):
/// each case that refers has a twin that must not.
@Suite struct TitleReferenceTests {
  /// The `refers_to` of each TITLE of `text` that has one, as "title → holder".
  static func references(_ text: String) throws -> [String] {
    try BundledRulesTests.extractor().extract(text).entities.compactMap { e in
      guard e.label == .title,
        let holder = e.attributes.first(where: { $0.0 == "refers_to" })?.1.stringValue
      else { return nil }
      return "\(e.text) → \(holder)"
    }
  }

  @Test func aRepeatedOfficeIsItsHolder() throws {
    let text =
      "وصل وزير الخارجية الأمريكي جون كيري إلى القاهرة أمس.\nوزار وزير الخارجية الأمريكي الأردن بعد ذلك."
    let relations = try RelationTests.relations(text)
    #expect(relations.contains("جون كيري | visited | الأردن"))
    #expect(relations.contains("جون كيري | visited | القاهرة"))
    // The title that refers gets the holder's canonical name; the one beside the name none.
    let references = try TitleReferenceTests.references(text)
    #expect(references.count == 1)
    #expect(references.first?.hasPrefix("وزير الخارجية الأمريكي → ") == true)
  }

  @Test func oneWordIsTheOnlyHolderOfADefiniteOffice() throws {
    let relations = try RelationTests.relations(
      "قال وزير الحج بندر حجار إن الموسم ناجح.\nوزار الوزير مكة المكرمة أمس.")
    #expect(relations.contains("بندر حجار | visited | مكة المكرمة"))
  }

  @Test func twoHoldersMakeItAmbiguous() throws {
    let text =
      "التقى الرئيس المصري عبد الفتاح السيسي الرئيس الفرنسي فرانسوا هولاند في باريس.\nوزار الرئيس ليون أمس."
    let relations = try RelationTests.relations(text)
    // Both held an office that الرئيس begins: neither visited.
    #expect(relations.contains("عبد الفتاح السيسي | met_with | فرانسوا هولاند"))
    #expect(!relations.contains { $0.hasSuffix("| visited | ليون") })
    #expect(try TitleReferenceTests.references(text).isEmpty)
  }

  @Test func anOfficeRelativeToSomeoneElseIsNoAntecedent() throws {
    // رئيس بلاده is a president of someone's country, not the one الرئيس names.
    let text = "قال رئيس بلاده يوري موسيفيني إن الأزمة ستحل.\nوزار الرئيس كمبالا أمس."
    let relations = try RelationTests.relations(text)
    #expect(relations.contains("يوري موسيفيني | holds_title | رئيس بلاده"))
    #expect(!relations.contains { $0.hasSuffix("| visited | كمبالا") })
  }

  @Test func aTitleWithANameNextToItIsThatPersons() throws {
    // الرئيس الأمريكي الأسبق جيمي كارتر: the office of another man, named after it.
    let text =
      "وصل الرئيس الأمريكي باراك أوباما إلى كينيا.\nوالتقى الرئيس الأمريكي الأسبق جيمي كارتر بوزير الخارجية المصري سامح شكري."
    let relations = try RelationTests.relations(text)
    #expect(relations.contains("باراك أوباما | visited | كينيا"))
    #expect(!relations.contains("باراك أوباما | met_with | سامح شكري"))
    #expect(try TitleReferenceTests.references(text).isEmpty)
  }

  @Test func aTitleInsideANameRefersToNoOne() throws {
    let text =
      "استقبل الملك سلمان بن عبد العزيز الرئيس رجب طيب أردوغان.\nوزار وفد من جامعة الملك خالد أبها."
    let extraction = try BundledRulesTests.extractor().extract(text)
    #expect(
      extraction.entities.contains { $0.label == .organization && $0.text == "جامعة الملك خالد" })
    // The title inside the name is there (else this would test nothing), and refers to no one.
    #expect(extraction.entities.filter { $0.label == .title && $0.text == "الملك" }.count == 2)
    #expect(try TitleReferenceTests.references(text).isEmpty)
  }

  @Test func anOfficeInConstructWithACommonNounRefersToNoOne() throws {
    // رئيس البحوث is a head of research, not the prime minister: an office in construct with
    // a common noun is of something no one holds here.
    let text = "التقى رئيس الوزراء البريطاني ديفيد كاميرون وفدا من رجال الأعمال.\n"
    let open = try RelationTests.relations(text + "ووصل رئيس البحوث في المنظمة إلى لندن أمس.")
    #expect(open.contains("ديفيد كاميرون | holds_title | رئيس الوزراء البريطاني"))
    #expect(!open.contains { $0.hasSuffix("| visited | لندن") })
    // Its twin: the office itself, whole.
    let whole = try RelationTests.relations(text + "ووصل رئيس الوزراء إلى لندن أمس.")
    #expect(whole.contains("ديفيد كاميرون | visited | لندن"))
  }

  @Test func anOfficeInConstructIsOfTheNameAfterIt() throws {
    // Built by hand, as the model would give them: two holders of a رئيس of an organization
    // (رئيس الفيفا, رئيس اليويفا), then a bare رئيس الفيفا and a bare رئيس البحوث.
    let text =
      "قال رئيس الفيفا جوزيف بلاتر كلمة. وقال رئيس اليويفا ميشال بلاتيني كلمة. وزار رئيس «الفيفا» موسكو. وزار رئيس البحوث لندن."
    let tokens = try BundledRulesTests.extractor().tokenize(text)
    let words = tokens.tokens.map { String(decoding: tokens.text.units[$0.range], as: UTF16.self) }
    var entities: [Candidate] = []
    /// An entity of `label` over `count` tokens from the `occurrence`th token reading `first`.
    func add(_ label: EntityLabel, _ first: String, _ count: Int = 1, occurrence: Int = 0) -> Int {
      let start = words.indices.filter { words[$0] == first }[occurrence]
      let span = start..<(start + count)
      let units =
        tokens.tokens[span.lowerBound].range
        .lowerBound..<tokens.tokens[span.upperBound - 1].range.upperBound
      let canonical = String(decoding: tokens.text.units[units], as: UTF16.self)
      entities.append(
        Candidate(
          label: label, tokens: span, units: units, canonical: canonical, source: "test",
          attributes: [], priority: 0, order: 0))
      return entities.count - 1
    }
    let titles = (0..<4).map { add(.title, "رئيس", occurrence: $0) }
    _ = add(.organization, "الفيفا")
    _ = add(.organization, "اليويفا")
    _ = add(.organization, "الفيفا", occurrence: 1)
    let blatter = add(.person, "جوزيف", 2)
    let platini = add(.person, "ميشال", 2)
    let relations = [(blatter, titles[0]), (platini, titles[1])].map { person, title in
      RelationCandidate(
        predicate: .holdsTitle, subject: person, object: title, evidence: 0..<1, rule: "test",
        priority: 0)
    }
    var work = WorkCount()
    let references = TitleReference.resolve(
      relations, entities: entities, text: tokens, work: &work)
    // رئيس «الفيفا» is Blatter's office, not Platini's; رئيس البحوث is no one's. Read as one
    // word, رئيس would have had two holders and referred to no one.
    #expect(references.map(\.title) == [titles[2]])
    #expect(references.map(\.holder) == [blatter])
  }

  @Test func definiteWordsBehindTheirProclitics() {
    func definite(_ word: String) -> Bool {
      TitleReference.isDefinite(ArraySlice(Array(word.utf16)))
    }
    for word in ["الوزراء", "للمنظمة", "والتعليم", "بالمنطقة", "فالرئيس", "وللشؤون"] {
      #expect(definite(word), "\(word)")
    }
    for word in ["رئيس", "بوروندي", "لندن", "لله", "بلاده", "والي"] {
      #expect(!definite(word), "\(word)")
    }
  }

  @Test func holdsTitleAndAffiliationAreNeverCarried() {
    #expect(!TitleReference.carries(.holdsTitle))
    #expect(!TitleReference.carries(.affiliatedWith))
    #expect(TitleReference.carries(.metWith))
    #expect(TitleReference.carries(.visited))
  }
}
