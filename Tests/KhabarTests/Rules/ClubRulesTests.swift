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

  @Test(arguments: [
    "وظهر الهلال في السماء ليلة العيد",
    "وقالت مديرة إدارة التعاون الأفريقي إن الوفد وصل",
    "وتقع الجزيرة في الخليج العربي",
  ])
  func theOrdinaryWordIsNoClub(_ text: String) throws {
    #expect(try Self.organizations(text) == [])
  }
}
