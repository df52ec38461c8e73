import Testing

@testable import Khabar

/// Clubs whose names are ordinary words are organizations only where sport says so
/// (Rules/10-organizations.rules).
@Suite struct ClubRulesTests {
  static func organizations(_ text: String) throws -> [String] {
    try OrganizationRulesTests.organizations(text)
  }

  @Test(arguments: [
    ("وسجل لاعب الهلال هدفا", ["الهلال"]),
    ("وفاز الهلال والنصر في الجولة", ["الهلال", "النصر"]),
    ("وقال مدرب الاتحاد إن الفريق جاهز", ["الاتحاد"]),
  ])
  func aClubInASportsContext(_ text: String, _ expected: [String]) throws {
    #expect(try Self.organizations(text) == expected)
  }

  /// الاتفاق is the Dammam club where sport says so, and then no agreement; after ضد alone it is
  /// the agreement, and بالاتفاق مع is "in agreement with".
  @Test(arguments: [
    ("وغاب لاعب الاتفاق عن التدريبات", ["ORGANIZATION الاتفاق"]),
    ("ولعب في الاتفاق والخليج", ["ORGANIZATION الاتفاق", "ORGANIZATION الخليج"]),
    ("وحشد النواب ضد الاتفاق في الكونغرس", ["DOCUMENT الاتفاق", "ORGANIZATION الكونغرس"]),
    ("وتنشر الصحيفة المقال بالاتفاق مع الكاتب", []),
  ])
  func alIttifaqIsAClubOrAnAgreement(_ text: String, _ expected: [String]) throws {
    let entities = try BundledRulesTests.entities(text).filter {
      $0.label == .organization || $0.label == .document
    }
    #expect(entities.map { "\($0.label.rawValue) \($0.text)" } == expected)
  }

  /// A club named by a city and a word (مانشستر يونايتد, ريال مدريد) is one organization, and
  /// its city no place (England, the league's, is one); a standing after a club (بطل دوري …) is no one's name.
  @Test func aClubNamedByItsCityIsNoPlace() throws {
    let entities = try BundledRulesTests.entities(
      "وقال المدرب جوزيه مورينيو مدرب مانشستر يونايتد بطل دوري انجلترا إن ريال مدريد سيخسر")
    let described = entities.map { "\($0.label) \($0.text)" }
    #expect(
      entities.filter { $0.label == .organization }.map(\.canonical) == [
        "Manchester United", "Real Madrid",
      ], "\(described)")
    #expect(
      entities.filter { $0.label == .location }.map(\.text) == ["انجلترا"], "\(described)")
    #expect(
      entities.filter { $0.label == .person }.map(\.text) == ["جوزيه مورينيو"], "\(described)")
  }

  /// Paris Saint-Germain is often written without Paris, and Saint Petersburg with ج: the model
  /// had tagged سان alone a place 60 times in the news corpus.
  @Test func saintGermainAndSaintPetersburgAreWhole() throws {
    let entities = try BundledRulesTests.entities(
      "وانتقل اللاعب إلى سان جرمان، وقال مدرب سان جيرمان إن المنتدى في سان بطرسبرج مهم")
    #expect(
      entities.filter { $0.label == .organization }.map(\.canonical) == [
        "Paris Saint-Germain", "Paris Saint-Germain",
      ])
    #expect(entities.filter { $0.label == .location }.map(\.canonical) == ["Saint Petersburg"])
  }

  @Test(arguments: [
    "وظهر الهلال في السماء ليلة العيد",
    "وقالت مديرة إدارة التعاون الأفريقي إن الوفد وصل",
    "وتقع الجزيرة في الخليج العربي",
  ])
  func theOrdinaryWordIsNoClub(_ text: String) throws {
    #expect(try Self.organizations(text) == [])
  }
}
