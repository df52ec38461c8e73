import Foundation
import Testing

@testable import Khabar

/// The word before a model name that settles its label or that it is none
/// (`Rules/lists/model-cues.txt`, `ModelCues`).
@Suite struct ModelCuesTests {
  @Test(arguments: [
    ("LOCATION", ModelCue(verdict: .label(.location), applies: [])),
    (
      "PERSON if ORGANIZATION LOCATION",
      ModelCue(verdict: .label(.person), applies: [.organization, .location])
    ),
    ("none if ORGANIZATION", ModelCue(verdict: .none, applies: [.organization])),
    ("LOCATION whole", ModelCue(verdict: .label(.location), applies: [], whole: true)),
    (
      "ORGANIZATION whole if PERSON LOCATION",
      ModelCue(verdict: .label(.organization), applies: [.person, .location], whole: true)
    ),
  ])
  func aValueStatesACue(_ value: String, _ cue: ModelCue) {
    #expect(ModelCue.parse(value) == cue)
  }

  @Test(arguments: [
    "PLACE", "PERSON if", "PERSON when LOCATION", "none if DATE", "", "none whole",
    "LOCATION whole whole", "LOCATION if whole PERSON",
  ])
  func aValueThatStatesNoCueIsNone(_ value: String) {
    #expect(ModelCue.parse(value) == nil)
  }

  /// A value that states no cue is an error at its list file's line, when the rules load.
  @Test func aBadValueIsAnErrorAtItsLine() {
    do {
      _ = try RuleSet.compile(
        files: [], lists: [("model-cues", "# cues\nمدينة\tLOCATION\nقرية\tPLACE\nبلدة\n")],
        listDirectory: "lists")
      Issue.record("a bad cue was accepted")
    } catch {
      let messages = error.diagnostics.map(\.description)
      #expect(messages.count == 2, "\(messages)")
      #expect(
        messages.contains { $0.hasPrefix("lists/model-cues.txt:3:1") && $0.contains("PLACE") })
      #expect(
        messages.contains { $0.hasPrefix("lists/model-cues.txt:4:1") && $0.contains("no value") })
    }
  }

  /// A cue is read after a proclitic (بمدينة), and a word in لل with the article only: للعبة is
  /// "for the game", not ل + لعبة.
  @Test func aCueIsReadAfterItsProclitics() throws {
    var diagnostics: [Diagnostic] = []
    let list = WordList.parse(
      "مدينة\tLOCATION\nلعبة\tnone if ORGANIZATION\n", name: "model-cues", file: "model-cues.txt",
      diagnostics: &diagnostics)
    let cues = ModelCues(lists: ["model-cues": list])
    func cue(_ word: String) -> ModelCue? {
      Normalizer().normalize(word).units.withUnsafeBufferPointer { cues.cue(of: $0) }
    }
    #expect(cue("مدينة")?.verdict == .label(.location))
    #expect(cue("بمدينة")?.verdict == .label(.location))
    #expect(cue("لعبة")?.verdict == ModelCue.Verdict.none)
    #expect(cue("للعبة") == nil)
    #expect(cue("المدينة") == nil)
  }

  /// With the bundled model and lists: a company's name the model took for a place is the
  /// company's, and a film's title is no name; without the cue list the model's labels stand.
  @Test func theWordBeforeSettlesTheModelsName() throws {
    let rules = try TestPaths.bundledRules.get()
    let with = try FixtureTests.bundledExtractor()
    let without = try Extractor(gazetteer: TestPaths.bundledGazetteer.get(), rules: rules)
    without.names = NameRecognizer(
      model: try TestPaths.bundledNames.get().model,
      features: NameFeatures(lists: rules.lists.filter { $0.key != ModelCues.listName }))
    func names(_ extractor: Extractor, _ text: String) throws -> [String] {
      try extractor.extract(text).entities.filter { $0.source == NameRecognizer.source }
        .map { "\($0.label.rawValue) \($0.text)" }
    }
    let company = "ويعمل الموظفون في شركة بوناتي لأعمال البناء"
    #expect(try names(with, company) == ["ORGANIZATION بوناتي"])
    #expect(try names(without, company) == ["LOCATION بوناتي"])
    let film = "وتصدر فيلم «ترينريك» شباك التذاكر هذا الأسبوع"
    #expect(try names(with, film) == [])
    #expect(try names(without, film) == ["ORGANIZATION ترينريك"])
    // A stadium's name: without the cue the model's name loses to a weak rule's person.
    let stadium = "وتقام المباراة على ملعب كارلوس بيلمونتي في مدريد"
    func entities(_ extractor: Extractor) throws -> [String] {
      try extractor.extract(stadium).entities.map { "\($0.label.rawValue) \($0.text)" }
    }
    // `ملعب` is a cue that takes its word in (`whole`): the stadium is named whole.
    #expect(try entities(with).contains("LOCATION ملعب كارلوس بيلمونتي"))
    #expect(try entities(without).contains("PERSON كارلوس بيلمونتي"))
    // After a proclitic (`بشارع`) the name starts at the noun.
    let withClitic = try with.extract("وسار المتظاهرون بشارع كارلوس بيلمونتي في مدريد").entities
    #expect(
      withClitic.contains { $0.label == .location && $0.text == "شارع كارلوس بيلمونتي" },
      "\(withClitic.map { "\($0.label.rawValue) \($0.text)" })")
  }
}
