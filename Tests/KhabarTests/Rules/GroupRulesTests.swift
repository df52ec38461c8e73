import Testing

@testable import Khabar

/// Groups that only context names (Rules/15-groups.rules).
@Suite struct GroupRulesTests {
  static func groups(_ text: String) throws -> [String] {
    try BundledRulesTests.entities(text).filter { $0.label == .norp }.map(\.text)
  }

  /// السنة is the Sunnis joined to another group, after أهل, or beside a people or a plural
  /// of fighters.
  @Test(arguments: [
    ("واندلعت اشتباكات بين السنة والشيعة في المدينة", ["السنة", "الشيعة"]),
    ("وقال زعماء الشيعة والسنة إن الحوار مستمر", ["الشيعة", "السنة"]),
    ("وأكد علماء أهل السنة رفضهم", ["السنة"]),
    ("وطالب العرب السنة بحقوقهم", ["العرب", "السنة"]),
    ("واستهدف المسلحين السنة في المنطقة", ["السنة"]),
  ])
  func theSunnisBesideAGroup(_ text: String, _ expected: [String]) throws {
    #expect(try Self.groups(text) == expected)
  }

  /// The year and the Sunnah have no group beside them; a nationality before the year (للسنة
  /// after المغربي) is no coordination.
  @Test(arguments: [
    "وارتفعت الأسعار في هذه السنة",
    "وقال إن الكتاب والسنة واضحان",
    "واستشهد بالسنة النبوية",
    "وارتفع الإنتاج المغربي للسنة الرابعة",
  ])
  func theYearAndTheSunnahAreNoGroup(_ text: String) throws {
    #expect(try Self.groups(text).filter { $0.contains("سنة") } == [])
  }
}
