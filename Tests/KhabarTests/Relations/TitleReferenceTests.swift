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

  @Test func holdsTitleAndAffiliationAreNeverCarried() {
    #expect(!TitleReference.carries(.holdsTitle))
    #expect(!TitleReference.carries(.affiliatedWith))
    #expect(TitleReference.carries(.metWith))
    #expect(TitleReference.carries(.visited))
  }
}
