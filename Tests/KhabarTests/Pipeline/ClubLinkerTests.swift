import Testing

@testable import Khabar

/// A club whose name is an ordinary word keeps that sense through the article once the article
/// has named it as a club (`ClubLinker`), beside no definite word, and never without it.
@Suite struct ClubLinkerTests {
  static let article = """
    الوحدة يجدد عقد مدافعه

    جددت إدارة نادي الوحدة عقد مدافعها لموسمين. وقال مدرب الوحدة إن الفريق سيغادر إلى المعسكر، \
    فيما أكدت الإدارة أن الوحدة الوطنية أساس النجاح، وأن المنتخب الوطني يستعد. وسيواجه الوحدة \
    فريق النهضة وديا، ثم يعود للوحدة لاعبوه الدوليون.
    """

  static func organizations(_ text: String, model: Bool) throws -> [Entity] {
    let extractor = try model ? FixtureTests.bundledExtractor() : BundledRulesTests.extractor()
    return extractor.extract(text).entities.filter { $0.label == .organization }
  }

  @Test(arguments: [false, true])
  func aClubNamedInTheArticleIsTheClubAtItsBareMentions(model: Bool) throws {
    let clubs = try ClubLinkerTests.organizations(ClubLinkerTests.article, model: model)
    let linked = clubs.filter { $0.source == ClubLinker.source }
    // The headline, وسيواجه الوحدة, and للوحدة without its ل (as every entity's span leaves it).
    #expect(linked.map(\.text) == ["الوحدة", "الوحدة", "لوحدة"])
    // The canonical name of the club its context named (مدرب الوحدة).
    let named = try #require(clubs.first { $0.source == "rule:org.club-after-sport-word" })
    #expect(linked.allSatisfy { $0.canonical == named.canonical })
    let scalars = Array(ClubLinkerTests.article.unicodeScalars)
    for club in linked {
      #expect(String(String.UnicodeScalarView(scalars[club.start..<club.end])) == club.text)
    }
    // الوحدة الوطنية is unity; الوطني after المنتخب an adjective.
    let unity = try #require(ClubLinkerTests.article.range(of: "الوحدة الوطنية"))
    let unityStart = ClubLinkerTests.article.unicodeScalars.distance(
      from: ClubLinkerTests.article.startIndex, to: unity.lowerBound)
    #expect(!clubs.contains { $0.start == unityStart })
  }

  /// Without a club named by its context, the word is the word.
  @Test func noClubInTheArticleLinksNothing() throws {
    let text = "دعوة إلى الوحدة\n\nدعا الخطيب إلى الوحدة بين المسلمين، وقال إن الوحدة قوة."
    #expect(try ClubLinkerTests.organizations(text, model: false).isEmpty)
  }
}
