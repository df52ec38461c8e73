import Testing

@testable import Khabar

/// The bundled relation rules for taking part in an event and for where events and
/// organizations are (Rules/70-relations.rules), with the places named by the noun of their
/// kind (Rules/10-organizations.rules).
@Suite struct EventRelationTests {
  /// The triples of `text` made by `rule` (a rule name's prefix).
  static func triples(_ text: String, rule: String) throws -> [String] {
    try ClauseRelationTests.triples(text, rule: rule)
  }

  @Test(arguments: [
    (
      "وقال وزير الخارجية عادل الجبير في مؤتمر صحافي إن", "participates.speaker-at",
      ["Adel al-Jubeir | participates_in | مؤتمر صحافي"]
    ),
    (
      "وقال الجبير في مؤتمر صحافي مشترك عقده مع وزير الخارجية المصري سامح شكري",
      "participates.held-with", ["Sameh Shoukry | participates_in | مؤتمر صحافي مشترك"]
    ),
    (
      "بدأت في الخرطوم أعمال الجولة السابعة بحضور وزير المياه المصري الدكتور حسام مغازي",
      "participates.in-presence-of", ["حسام مغازي | participates_in | الجولة السابعة"]
    ),
    (
      "وتقام المباراة النهائية، ما بين نادي الهلال ونادي النصر", "participates.between-sides",
      [
        "نادي الهلال | participates_in | المباراة النهائية with نادي النصر",
        "نادي النصر | participates_in | المباراة النهائية with نادي الهلال",
      ]
    ),
    ("قبرص تحتضن محادثات السلام", "located.host", ["محادثات | located_in | Cyprus"]),
    (
      "من الجولة السادسة للمفاوضات التي عقدت بالقاهرة الشهر الماضي", "located.held-in",
      ["الجولة السادسة للمفاوضات | located_in | Cairo"]
    ),
    (
      "شراكة بين نادي الجيل وجمعية تحفيظ القرآن الكريم بالأحساء", "located.organization-in",
      ["جمعية تحفيظ القران الكريم | located_in | Al-Ahsa"]
    ),
  ])
  func anEventOrOrganizationRelation(_ text: String, _ rule: String, _ expected: [String]) throws {
    #expect(try Self.triples(text, rule: rule) == expected)
  }

  /// With في between them, a place as often belongs to an earlier noun than the organization.
  @Test func aPlaceAfterFiIsNotTheOrganizations() throws {
    #expect(try Self.triples("مركز إمداد للبحرية الروسية في بورتسودان", rule: "located.") == [])
  }

  /// A place no gazetteer holds, named with the noun of its kind; an adjective after حي is
  /// no name.
  @Test func aPlaceNamedWithItsKind() throws {
    let entities = try BundledRulesTests.entities(
      "وصل إلى حي شعبي في محافظة سيبيتوكي ثم حي كانيوشا")
    let places = entities.filter { $0.label == .location }.map(\.text)
    #expect(places == ["محافظة سيبيتوكي", "حي كانيوشا"])
  }

  /// A pronoun after و ends the place's name (the engine strips no proclitic from a two-letter
  /// word).
  @Test func aPronounAfterWawEndsThePlace() throws {
    let entities = try BundledRulesTests.entities(
      "ووضعتني الجامعة في محافظة حقل وهي تبعد عنها كثيرا")
    #expect(entities.filter { $0.label == .location }.map(\.text) == ["محافظة حقل"])
  }

  /// A town no gazetteer holds, between مدينة, بلدة or منطقة and its country's adjective.
  ///
  /// The adjective stays a NORP. Without the adjective, مدينة takes no name (مدينة كبيرة).
  @Test(arguments: [
    ("وتقام الأعمال في مدينة سان مالو الفرنسية أمس", ["مدينة سان مالو"]),
    ("وقال متحدث باسم المحكمة في بلدة كريمس النمساوية", ["بلدة كريمس"]),
    ("ظهرت الدوائر في منطقة سامارا الروسية", ["منطقة سامارا"]),
    ("وانتقل إلى مدينة كبيرة في الشمال", []),
  ])
  func aTownBeforeItsCountrysAdjective(_ text: String, _ expected: [String]) throws {
    let entities = try BundledRulesTests.entities(text)
    #expect(entities.filter { $0.label == .location }.map(\.text) == expected)
    #expect(entities.contains { $0.label == .norp } == !expected.isEmpty)
  }

  /// An organization is in the town that في and the noun of its kind name, the noun opening the
  /// town's own name or not.
  @Test func anOrganizationInATownNamedWithItsKind() throws {
    #expect(
      try Self.triples(
        "وأقام النادي السعودي في مدينة شيفلد البريطانية حفلا", rule: "located.organization-in")
        == ["النادي السعودي | located_in | مدينة شيفلد"])
  }
}
