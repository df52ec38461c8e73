import Testing

@testable import Khabar

/// The bundled rules that find organizations by their head noun (Rules/10-organizations.rules).
@Suite struct OrganizationRulesTests {
  /// The organizations of `text` found by rules, as written.
  static func organizations(_ text: String) throws -> [String] {
    try BundledRulesTests.entities(text).filter { $0.label == .organization }.map(\.text)
  }

  /// A head noun and its complement make one organization, whatever the complement is: a
  /// definite noun, a place, a name no list holds, an adjective, a ل complement.
  @Test(arguments: [
    ("أعلن نادي النصر تعاقده مع المدرب", "نادي النصر"),
    ("وقالت كلية الطب إن الدراسة تبدأ غدا", "كلية الطب"),
    ("ووقعت جمعية تحفيظ القرآن الكريم الاتفاق", "جمعية تحفيظ القرآن الكريم"),
    ("وزار الوفد جامعة جدة صباحا", "جامعة جدة"),
    ("ونظمت غرفة أبها معرضا للكتاب", "غرفة أبها"),
    ("واستحوذ بنك بيريوس على الحصة", "بنك بيريوس"),
    ("وقال الاتحاد السعودي لكرة القدم في بيان", "الاتحاد السعودي لكرة القدم"),
    ("ودعت السفارة الأمريكية رعاياها إلى الحذر", "السفارة الأمريكية"),
    ("وفاز مرشح الحزب الديمقراطي بالمقعد", "الحزب الديمقراطي"),
  ])
  func aHeadAndItsComplementAreOneOrganization(_ text: String, _ expected: String) throws {
    #expect(try Self.organizations(text).contains(expected))
  }

  /// Heads that are as often ordinary words make no organization with an ordinary complement,
  /// and an indefinite adjective after a company is no name.
  @Test(arguments: [
    "وتحدثت غرفة العمليات عن حركة المرور في المدينة",
    "وستطرح شركة قابضة جديدة أسهمها",
    "ووضع الناخب الورقة في صندوق الاقتراع",
  ])
  func ordinaryWordsAfterAHeadAreNoOrganization(_ text: String) throws {
    #expect(try Self.organizations(text) == [])
  }

  /// A definite noun that is no adjective ends the name: in a verb-first clause it is as often
  /// the verb's object.
  @Test func theObjectOfTheVerbIsNotPartOfTheName() throws {
    #expect(
      try Self.organizations("وأصدرت الهيئة الوطنية البيان بعد الاجتماع") == ["الهيئة الوطنية"])
  }

  /// A university or hospital named after a king is an organization, and a verb after the
  /// name does not join it.
  @Test func anInstitutionNamedAfterAKingEndsAtTheVerb() throws {
    #expect(
      try Self.organizations("وأعلن مستشفى الملك فهد التخصصي تبلغ تكلفته مليون ريال")
        == ["مستشفى الملك فهد التخصصي"])
  }
}
