import Foundation
import Testing

@testable import Khabar

/// `--model-min-score`: the least score a model name needs, per label, to count at all
/// (`NameRecognizer.ScoreFloor`).
@Suite struct ScoreFloorTests {
  typealias Floor = NameRecognizer.ScoreFloor

  @Test func valuesSetEveryLabelOrOneInOrder() throws {
    let all = try Floor(parsing: ["0.9"])
    #expect([all.person, all.organization, all.location] == [0.9, 0.9, 0.9])
    let some = try Floor(parsing: ["0.5", "ORGANIZATION=0.9", "LOCATION=1"])
    #expect([some.person, some.organization, some.location] == [0.5, 0.9, 1])
    // A later value overrides an earlier one.
    let later = try Floor(parsing: ["PERSON=0.7", "0.2"])
    #expect(later.person == 0.2)
    #expect(try Floor(parsing: []).isEmpty)
    #expect(try Floor(parsing: ["0"]).isEmpty)
    #expect(some[.title] == 0)
  }

  @Test(arguments: [
    "1.5", "-0.1", "x", "nan", "inf", "", "ORGANIZATION=", "TITLE=0.5", "organization=0.5", "=0.5",
  ])
  func aValueThatIsNoFloorIsAnError(_ value: String) {
    #expect(throws: NameRecognizer.ScoreFloorError.self) { try Floor(parsing: [value]) }
  }

  @Test func theErrorNamesTheValueAndWhatIsWrong() {
    #expect(
      throws: NameRecognizer.ScoreFloorError(
        value: "TITLE=0.5",
        problem: "'TITLE' is not a label of the name model (PERSON, ORGANIZATION, LOCATION)")
    ) {
      try Floor(parsing: ["TITLE=0.5"])
    }
    let error = NameRecognizer.ScoreFloorError(
      value: "1.5", problem: "'1.5' is not a score from 0 to 1")
    #expect(
      error.description.hasPrefix("--model-min-score '1.5': '1.5' is not a score from 0 to 1"))
  }

  /// A floor compares the score as the entity's attribute writes it, to two decimals.
  @Test func theFloorReadsTheScoreAsWritten() throws {
    let floor = try Floor(parsing: ["PERSON=0.9"])
    #expect(!floor.excludes(0.9, label: .person))
    #expect(!floor.excludes(0.896, label: .person))  // written 0.90
    #expect(floor.excludes(0.894, label: .person))  // written 0.89
    #expect(!floor.excludes(0.1, label: .organization))
    #expect(!Floor().excludes(0, label: .person))
  }

  /// The bundled data, with the bundled model under the floors of `floor`.
  static func extractor(floor: [String]) throws -> Extractor {
    let recognizer = try TestPaths.bundledNames.get()
    let extractor = try Extractor(
      gazetteer: TestPaths.bundledGazetteer.get(), rules: TestPaths.bundledRules.get())
    extractor.names = NameRecognizer(
      model: recognizer.model, features: recognizer.features,
      scoreFloor: try Floor(parsing: floor))
    return extractor
  }

  static let text =
    "وأوضح منير فخري عبد النور أن المصانع الجديدة ستفتح أبوابها قريبا. وشارك محمد يوسف عبد العزيز "
    + "في الندوة التي عقدت مساء أمس، كما حضرها برونو رودريغيز لإجراء محادثات مع المنظمين."

  /// With the bundled data: a model name below the floor is gone, and the weak rule's name it
  /// had replaced stands again; the other names, and everything else, are as without a floor.
  @Test func aNameBelowTheFloorLeavesTheWeakRulesNameStanding() throws {
    let plain = try FixtureTests.bundledExtractor()
    plain.explain = true
    let before = plain.extract(Self.text)
    func score(_ e: Entity) -> Double? {
      e.attributes.first { $0.0 == "score" }.flatMap {
        if case .number(let s) = $0.1 { Double(s) } else { nil }
      }
    }
    // A weak rule's name the model replaced, and the model's name over it.
    let replaced = before.decisions.filter { $0.reason.hasPrefix("replaced by the name model") }
    let pair = replaced.lazy.compactMap { weak in
      before.entities.first {
        $0.source == NameRecognizer.source && $0.start < weak.end && weak.start < $0.end
      }.map { (weak, $0) }
    }.first
    let (weak, model) = try #require(pair, "the text no longer has a weak name the model replaces")
    let modelScore = try #require(score(model))
    #expect(modelScore < 1, "no floor can be set above \(modelScore)")

    let floored = try Self.extractor(floor: ["\(model.label.rawValue)=\(modelScore + 0.01)"])
    let after = floored.extract(Self.text)
    func described(_ entities: [Entity]) -> [String] {
      entities.map { "\($0.label.rawValue) \($0.start) \($0.end) \($0.source) \($0.text)" }
    }
    #expect(!described(after.entities).contains(described([model])[0]))
    #expect(
      after.entities.contains {
        $0.start == weak.start && $0.end == weak.end && $0.source == weak.source
      }, "\(described(after.entities))")
    // Every model name of that label left reaches the floor; the rest is as before.
    for e in after.entities where e.source == NameRecognizer.source && e.label == model.label {
      #expect(try #require(score(e)) >= modelScore + 0.01 - 1e-9)
    }
    let unaffected = { (e: Entity) in
      !(e.start < weak.end && weak.start < e.end) && !(e.start < model.end && model.start < e.end)
    }
    #expect(
      described(after.entities.filter(unaffected))
        == described(before.entities.filter(unaffected)))
  }

  /// A floor of 0 changes nothing.
  @Test func noFloorIsTheDefault() throws {
    let plain = try FixtureTests.bundledExtractor()
    let zero = try Self.extractor(floor: ["0"])
    let a = plain.extract(Self.text).entities.map { "\($0.start) \($0.end) \($0.source)" }
    let b = zero.extract(Self.text).entities.map { "\($0.start) \($0.end) \($0.source)" }
    #expect(a == b)
  }

  /// `khabar extract --model-min-score`: a bad value, or one with `--no-model`, exits with
  /// status 2 and says why; a floor leaves out the names below it.
  @Test func theOptionOfExtract() throws {
    let record = Data(#"{"id": "a", "text": "\#(Self.text)"}"#.utf8)
    let bad = try runProcess(
      TestPaths.khabar, ["extract", "--model-min-score", "PERSON=2", "-"], input: record)
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("--model-min-score 'PERSON=2': '2' is not a score from 0 to 1"))
    let contradiction = try runProcess(
      TestPaths.khabar, ["extract", "--no-model", "--model-min-score", "0.5", "-"], input: record)
    #expect(contradiction.status == 2)
    #expect(contradiction.stderr.contains("contradicts --no-model"))
    #expect(contradiction.stdout.isEmpty)
    // `train` makes a model: the options that choose one for a run are errors there.
    let train = try runProcess(
      TestPaths.khabar, ["train", "x.conll", "-o", "x.model", "--model-min-score", "0.5"],
      input: Data())
    #expect(train.status == 2)
    #expect(train.stderr.contains("train makes one"))
    // A floor of 1 keeps the names written 1.00 (برونو رودريغيز here) and leaves out the
    // others, whose weak rules' names stand again (منير فخري).
    let all = try runProcess(TestPaths.khabar, ["extract", "-"], input: record)
    let sure = try runProcess(
      TestPaths.khabar, ["extract", "--model-min-score", "1", "-"], input: record)
    #expect(all.status == 0 && sure.status == 0)
    func names(_ result: ProcessResult) throws -> [String] {
      let object = try #require(
        try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
      let entities = try #require(object["entities"] as? [[String: Any]])
      return entities.map {
        let score = ($0["attributes"] as? [String: Any])?["score"].map { " \($0)" } ?? ""
        return "\($0["source"] ?? "") \($0["text"] ?? "")\(score)"
      }
    }
    let before = try names(all)
    let after = try names(sure)
    #expect(before.filter { $0.hasPrefix("model:names") }.count > 1)
    #expect(after.filter { $0.hasPrefix("model:names") } == ["model:names برونو رودريغيز 1.0"])
    #expect(after.contains("rule:person.given-family منير فخري"))
    #expect(!before.contains("rule:person.given-family منير فخري"))
  }
}
