import Testing

@testable import Khabar

/// The bundled date rules for the ways news names a month, a day of a month and a vague span
/// (Rules/60-dates.rules).
@Suite struct NewsDateRulesTests {
  /// The dates of `text`, as written.
  static func dates(_ text: String) throws -> [String] {
    try BundledRulesTests.entities(text).filter { $0.label == .date }.map(\.text)
  }

  @Test(arguments: [
    ("وسيعود في سبتمبر المقبل", "سبتمبر المقبل"),
    ("وكان ذلك في شهر شعبان الماضي", "شهر شعبان الماضي"),
    ("وافتتح المعرض في مايو", "مايو"),
    ("ويبدأ في ال27 من شهر يوليو الحالي", "ال27 من شهر يوليو الحالي"),
    ("وتقام المباراة في الثاني عشر من أغسطس", "الثاني عشر من أغسطس"),
    ("ويصل في الخامس أو السادس من الشهر ذاته", "الخامس أو السادس من الشهر ذاته"),
    ("وسيعلن القرار خلال الأيام القليلة المقبلة", "الأيام القليلة المقبلة"),
    ("وزار المدينة أواخر رمضان الماضي", "أواخر رمضان الماضي"),
  ])
  func aDateAsNewsWritesIt(_ text: String, _ expected: String) throws {
    #expect(try Self.dates(text) == [expected])
  }

  /// A duration is no date, and a month name that is also a word or a name needs a day or a
  /// year next to it.
  @Test(arguments: [
    "وبقي في المستشفى ثلاثة أيام",
    "ومارس الرياضة منذ صغره",
    "وقالت تيريزا ماي إن الحكومة مستعدة",
  ])
  func noDate(_ text: String) throws {
    #expect(try Self.dates(text) == [])
  }
}
