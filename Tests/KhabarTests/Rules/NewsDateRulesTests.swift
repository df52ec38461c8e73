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
    // The month glossed in a second system, in parentheses or after a slash.
    ("وقتل في 22 أبريل (نيسان) 2014 في غارة", "22 أبريل (نيسان) 2014"),
    ("وأعلن في تموز (يوليو) أن الشركة تريد العودة", "تموز (يوليو)"),
    ("وكان ذلك في مايو (أيار) الماضي", "مايو (أيار) الماضي"),
    ("واندلع الصراع في أبريل (نيسان) من العام الماضي", "أبريل (نيسان) من العام الماضي"),
    ("ويبدأ في الخامس من شهر يوليو (تموز) المقبل", "الخامس من شهر يوليو (تموز) المقبل"),
    ("وانتخب في يونيو / حزيران 2004", "يونيو / حزيران 2004"),
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
  /// اليوم is today, not inside a name (the news site عين اليوم) and not a day an ordinal or
  /// an adjective names.
  @Test(arguments: [
    ("وقال الوزير اليوم إن العمل مستمر", ["اليوم"]),
    ("عين اليوم – جدة: بدأت الفعاليات", []),
    ("وشهد اليوم الأول من المهرجان إقبالا كبيرا", []),
    ("وفي اليوم التالي غادر الوفد", []),
    ("واحتفلت المملكة باليوم الوطني", []),
  ])
  func todayIsTheDayOfWriting(_ text: String, _ expected: [String]) throws {
    #expect(try Self.dates(text) == expected)
  }
}
