import Testing

@testable import Khabar

/// A rule that reads the context a listed name stands in may declare the labels whose entity of
/// exactly its span it takes the place of (`replaces LOCATION`): لـ«الشرق الأوسط» is the
/// newspaper, not the region.
@Suite struct RuleReplacesTests {
  @Test(arguments: [
    ("rule r replaces LOCATION\n  match WORD\n  emit ORGANIZATION", [EntityLabel.location]),
    (
      "rule r priority 5 evidence weak replaces LOCATION COUNTRY\n  match WORD\n  emit ORGANIZATION",
      [.location, .country]
    ),
    ("rule r priority 5\n  match WORD\n  emit ORGANIZATION", []),
  ])
  func headerDeclaresWhatARuleReplaces(_ text: String, _ labels: [EntityLabel]) throws {
    let set = try RuleLanguageTests.compile(text)
    let expected = labels.reduce(UInt16(0)) { $0 | 1 << UInt16($1.precedence) }
    #expect(set.phases.flatMap(\.rules).map(\.spec.replaces) == [expected])
  }

  @Test(arguments: [
    (
      "rule r replaces\n  match WORD\n  emit ORGANIZATION",
      "t.rules:1:16: error: expected a label after 'replaces' (COUNTRY, NORP, ORGANIZATION, "
        + "LOCATION, PERSON, TITLE, EVENT, DOCUMENT, DATE)"
    ),
    (
      "rule r replaces LOCATION PLACE\n  match WORD\n  emit ORGANIZATION",
      "t.rules:1:26: error: unknown label 'PLACE' after 'replaces' (COUNTRY, NORP, ORGANIZATION, "
        + "LOCATION, PERSON, TITLE, EVENT, DOCUMENT, DATE)"
    ),
    (
      "relation r replaces LOCATION\n  match PERSON TITLE\n  emit holds_title 1 2",
      "t.rules:1:12: error: expected 'relation NAME [priority N]'"
    ),
  ])
  func aBadReplacesIsAnErrorAtItsPlace(_ text: String, _ message: String) {
    #expect(RuleLanguageTests.errors(text).first == message)
  }

  static func candidate(
    _ label: EntityLabel, _ units: Range<Int>, replaces: [EntityLabel] = []
  ) -> Candidate {
    Candidate(
      label: label, tokens: units, units: units, canonical: "", source: "test", attributes: [],
      priority: 0, order: 0,
      replaces: replaces.reduce(0) { $0 | 1 << UInt16($1.precedence) })
  }

  /// Only an entity of a label the rule names, and only of exactly its span, is replaced.
  @Test func onlyTheSameSpanOfANamedLabelIsReplaced() {
    var entities = [Self.candidate(.location, 2..<4)]
    EntityResolver.resolve(
      &entities, proposed: [Self.candidate(.organization, 2..<4, replaces: [.location])])
    #expect(entities.map(\.label) == [.organization])

    var longer = [Self.candidate(.location, 2..<4)]
    EntityResolver.resolve(
      &longer, proposed: [Self.candidate(.organization, 1..<4, replaces: [.location])])
    #expect(longer.map(\.label) == [.location, .organization])

    var otherLabel = [Self.candidate(.location, 2..<4)]
    EntityResolver.resolve(
      &otherLabel, proposed: [Self.candidate(.organization, 2..<4, replaces: [.country])])
    #expect(otherLabel.map(\.label) == [.location, .organization])

    var undeclared = [Self.candidate(.location, 2..<4)]
    EntityResolver.resolve(&undeclared, proposed: [Self.candidate(.organization, 2..<4)])
    #expect(undeclared.map(\.label) == [.location, .organization])
  }

  /// With the bundled rules: a newspaper named like a region, and a club named like its city.
  @Test(arguments: [
    ("وقال المتحدث لـ«الشرق الأوسط» إن الاجتماع انتهى", "الشرق الأوسط"),
    ("وقال مدرب نجران إن الفريق جاهز", "نجران"),
  ])
  func aNameInContextIsOneEntity(_ text: String, _ name: String) throws {
    let entities = try BundledRulesTests.entities(text).filter { $0.text == name }
    #expect(entities.map(\.label) == [.organization])
  }
}
