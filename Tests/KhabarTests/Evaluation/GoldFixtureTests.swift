import Foundation
import Testing

@testable import Khabar

/// Gold fixtures (issue 13): importing annotations, their file, and scoring against them.
///
/// brat and Label Studio imports, the file they are written as, and scoring Khabar's output
/// against them. Every expected offset here was counted by hand from the texts (each emoji is one
/// Unicode scalar and two UTF-16 units).
@Suite struct GoldFixtureTests {
  /// `😀 زار الجبير باريس`: 😀 0, space 1, زار 2–5, space 5, الجبير 6–12, space 12, باريس 13–18.
  static let bratText = "😀 زار الجبير باريس"

  static let bratAnn =
    [
      "T1\tPERSON 6 12\tالجبير",
      "T2\tLOCATION 13 18\tباريس",
      "R1\tvisited Arg1:T1 Arg2:T2",
      "#1\tAnnotatorNotes T1\ta note",
      "A1\tNegated R1",
    ].joined(separator: "\n") + "\n"

  /// The file `fixture add` writes for `bratAnn`, written out by hand.
  static let bratGoldFile =
    [
      "{",
      #"  "id": "visit","#,
      #"  "from": "brat","#,
      #"  "threshold": {"f1": 1.0},"#,
      #"  "entities": ["#,
      #"    {"start": 6, "end": 12, "type": "PERSON", "text": "الجبير"},"#,
      #"    {"start": 13, "end": 18, "type": "LOCATION", "text": "باريس"}"#,
      #"  ],"#,
      #"  "relations": ["#,
      #"    {"subject": {"start": 6, "end": 12, "type": "PERSON", "text": "الجبير"}, "#
        + #""predicate": "visited", "#
        + #""object": {"start": 13, "end": 18, "type": "LOCATION", "text": "باريس"}}"#,
      "  ]",
      "}",
    ].joined(separator: "\n") + "\n"

  @Test func bratPairBecomesTheGoldFile() throws {
    let imported = try GoldFixture.fromBrat(
      ann: GoldFixtureTests.bratAnn, text: GoldFixtureTests.bratText, file: "v.ann", id: "visit")
    #expect(imported.fixture.fileText == GoldFixtureTests.bratGoldFile)
    // The note and the attribute are skipped, each with a note naming its line.
    #expect(imported.notes.count == 2)
    #expect(imported.notes.first?.hasPrefix("v.ann:4: skipped #1") == true)
    #expect(imported.notes.last?.hasPrefix("v.ann:5: skipped A1") == true)
  }

  @Test func goldFileReadsBackToTheSameFixture() throws {
    let imported = try GoldFixture.fromBrat(
      ann: GoldFixtureTests.bratAnn, text: GoldFixtureTests.bratText, file: "v.ann", id: "visit")
    let read = try GoldFixture.parse(
      json: GoldFixtureTests.bratGoldFile, text: GoldFixtureTests.bratText, file: "v.gold.json")
    #expect(read == imported.fixture)
    #expect(read.relations.first?.object.text == "باريس")
  }

  /// brat problems, each with the place a person must look: `file:line:column`, the column in
  /// Unicode scalars of the `.ann` line (counted by hand; a tab is one).
  @Test(arguments: [
    // "T1\t" is 3 scalars: the label starts at column 4, "0 5;7 9" at 4 + 7 = 11.
    ("T1\tPERSON 0 5;7 9\t😀 زار", "a.ann:1:11: error: discontinuous span '0 5;7 9'"),
    ("T1\tPERSONA 6 12\tالجبير", "a.ann:1:4: error: unknown label 'PERSONA'"),
    // "T1\t" is columns 1–3, "PERSON 6 11" 4–14, the tab 15: the text starts at column 16.
    ("T1\tPERSON 6 11\tالجبير", "a.ann:1:16: error: text 'الجبير' is not the text's [6, 11)"),
    // PERSON 4–9, a space, 6 at 11, a space, 99 at 13.
    ("T1\tPERSON 6 99\tالجبير", "a.ann:1:13: error: end '99' is not an offset"),
    // "R1\tmet_with " is 12 scalars: Arg1 at 13, "Arg1:T1 " is 8 more: Arg2 at 21.
    (
      "T1\tPERSON 6 12\tالجبير\nR1\tmet_with Arg1:T1 Arg2:T9",
      "a.ann:2:21: error: 'T9' is no entity"
    ),
    (
      "T1\tPERSON 6 12\tالجبير\nR1\tmeets Arg1:T1 Arg2:T1",
      "a.ann:2:4: error: unknown predicate 'meets'"
    ),
    // visited takes a LOCATION or COUNTRY object, not a PERSON: "R1\tvisited " is 11 scalars,
    // Arg1 at 12, Arg2 at 20.
    (
      "T1\tPERSON 6 12\tالجبير\nR1\tvisited Arg1:T1 Arg2:T1",
      "a.ann:2:20: error: visited takes no PERSON as Arg2"
    ),
    ("X1\tsomething", "a.ann:1:1: error: unknown annotation line 'X1'"),
  ])
  func bratProblemsNameTheirPlace(_ ann: String, _ expected: String) {
    do {
      _ = try GoldFixture.fromBrat(
        ann: ann, text: GoldFixtureTests.bratText, file: "a.ann", id: "a")
      Issue.record("no error for \(ann)")
    } catch {
      #expect(error.problems.count == 1)
      #expect(error.problems.first?.hasPrefix(expected) == true, "\(error.problems)")
    }
  }

  /// A `.ann` written with CRLF line ends (Windows) reads as with LF: the same fixture, and a
  /// problem's line number counts CRLF lines.
  @Test func bratWithCRLFLineEnds() throws {
    let crlf = GoldFixtureTests.bratAnn.replacingOccurrences(of: "\n", with: "\r\n")
    #expect(crlf.utf8.filter { $0 == 13 }.count == 5)
    let imported = try GoldFixture.fromBrat(
      ann: crlf, text: GoldFixtureTests.bratText, file: "v.ann", id: "visit")
    #expect(imported.fixture.fileText == GoldFixtureTests.bratGoldFile)
    #expect(imported.notes.last?.hasPrefix("v.ann:5: skipped A1") == true)
    do {
      _ = try GoldFixture.fromBrat(
        ann: "T1\tPERSON 6 12\tالجبير\r\nT2\tPERSONA 13 18\tباريس\r\n",
        text: GoldFixtureTests.bratText, file: "a.ann", id: "a")
      Issue.record("no error")
    } catch {
      #expect(error.problems.count == 1)
      #expect(error.problems.first?.hasPrefix("a.ann:2:4: error: unknown label 'PERSONA'") == true)
    }
  }

  @Test func bratReportsEveryProblemAtOnce() {
    let ann = "T1\tPERSONA 6 12\tالجبير\nT2\tPERSON 0 5;7 9\tx\nT3\tLOCATION 13 18\tباريس"
    #expect(throws: GoldFixtureError.self) {
      try GoldFixture.fromBrat(ann: ann, text: GoldFixtureTests.bratText, file: "a.ann", id: "a")
    }
    do {
      _ = try GoldFixture.fromBrat(
        ann: ann, text: GoldFixtureTests.bratText, file: "a.ann", id: "a")
    } catch {
      #expect(error.problems.map { $0.prefix(9) } == ["a.ann:1:4", "a.ann:2:1"])
    }
  }

  @Test func relationFlagsComeFromBratNotesAndLabelStudioLabels() throws {
    // As `khabar extract --format brat` and `--format label-studio` write a denied or planned
    // relation.
    let ann =
      GoldFixtureTests.bratAnn.replacingOccurrences(of: "A1\tNegated R1\n", with: "")
      + "#2\tAnnotatorNotes R1\tnegated planned\n"
    let brat = try GoldFixture.fromBrat(
      ann: ann, text: GoldFixtureTests.bratText, file: "v.ann", id: "visit")
    #expect(brat.fixture.relations.map(\.negated) == [true])
    #expect(brat.fixture.relations.map(\.planned) == [true])
    // Only the note on T1 is skipped.
    #expect(brat.notes.count == 1)
    #expect(brat.fixture.fileText.contains(#""negated": true, "planned": true}"#))
    let read = try GoldFixture.parse(
      json: brat.fixture.fileText, text: GoldFixtureTests.bratText, file: "v.gold.json")
    #expect(read == brat.fixture)

    let export = GoldFixtureTests.studioExport().replacingOccurrences(
      of: #"["visited"]"#, with: #"["visited", "planned"]"#)
    let studio = try GoldFixture.fromLabelStudio(json: export, file: "e.json", id: "v", task: nil)
    #expect(studio.fixture.relations.map(\.planned) == [true])
    #expect(studio.fixture.relations.map(\.negated) == [false])

    do {
      _ = try GoldFixture.fromBrat(
        ann: "T1\tPERSON 6 12\tالجبير\n#1\tAnnotatorNotes R9\tnegated\n",
        text: GoldFixtureTests.bratText, file: "a.ann", id: "a")
      Issue.record("no error")
    } catch {
      #expect(
        error.problems == ["a.ann:2:1: error: the note's relation 'R9' is no R line of the file"])
    }
  }

  // MARK: - Label Studio

  /// The Label Studio test text, with three astral scalars.
  ///
  /// `😀 زار الجبير 🇫🇷 باريس` in UTF-16 (Label Studio's offsets): 😀 0–2, space 2, زار 3–6,
  /// space 6, الجبير 7–13, space 13, 🇫🇷 14–18 (two astral scalars), space 18, باريس 19–24.
  /// Unicode scalars: 😀 0, زار 2–5, الجبير 6–12, 🇫🇷 13–15, باريس 16–21.
  static let studioText = "😀 زار الجبير 🇫🇷 باريس"

  /// A Label Studio export of one task: an older annotation, a cancelled newer one, and the
  /// latest live one, which has the entities, a relation and a rating (skipped with a note).
  ///
  /// The default offsets are code points, as Label Studio counts them today.
  static func studioExport(
    person: (Int, Int) = (6, 12), place: (Int, Int) = (16, 21), taskCount: Int = 1
  ) -> String {
    let text = JSONWriter.string(.string(studioText))
    func task(_ n: Int) -> String {
      """
      {"id": \(n), "data": {"text": \(text), "id": "art\(n)"},
       "annotations": [
        {"id": 1, "was_cancelled": false, "created_at": "2026-01-01T10:00:00Z",
         "updated_at": "2026-01-01T10:00:00Z", "result": []},
        {"id": 3, "was_cancelled": true, "updated_at": "2026-01-03T10:00:00Z", "result": []},
        {"id": 2, "was_cancelled": false, "updated_at": "2026-01-02T10:00:00Z", "result": [
          {"id": "p1", "type": "labels", "from_name": "label", "to_name": "text",
           "value": {"start": \(person.0), "end": \(person.1), "text": "الجبير", "labels": ["PERSON"]}},
          {"id": "l1", "type": "labels", "from_name": "label", "to_name": "text",
           "value": {"start": \(place.0), "end": \(place.1), "text": "باريس", "labels": ["LOCATION"]}},
          {"type": "relation", "from_id": "p1", "to_id": "l1", "direction": "right",
           "labels": ["visited"]},
          {"id": "c1", "type": "choices", "value": {"choices": ["good"]}}
        ]}
       ],
       "predictions": []}
      """
    }
    return "[" + (1...taskCount).map(task).joined(separator: ",\n") + "]"
  }

  static let studioEntities = [
    GoldFixture.Entity(start: 6, end: 12, label: .person, text: "الجبير"),
    GoldFixture.Entity(start: 16, end: 21, label: .location, text: "باريس"),
  ]

  @Test func labelStudioCodePointOffsetsAreTakenAsTheyAre() throws {
    let imported = try GoldFixture.fromLabelStudio(
      json: GoldFixtureTests.studioExport(), file: "e.json", id: "visit", task: nil)
    let fixture = imported.fixture
    #expect(fixture.entities == GoldFixtureTests.studioEntities)
    #expect(fixture.relations.map(\.predicate) == [.visited])
    #expect(fixture.relations.first?.subject.start == 6)
    #expect(fixture.relations.first?.object.start == 16)
    // The latest live annotation is annotation 2 (3 is newer but cancelled).
    #expect(fixture.origin == "label-studio task 1 (data.id 'art1'), annotation 2")
    #expect(imported.notes.count == 1)
    #expect(imported.notes.first?.contains("skipped a 'choices' result") == true)
    #expect(fixture.problems() == [])
  }

  @Test func olderUTF16OffsetsBecomeScalars() throws {
    // The same regions in UTF-16 units, as Label Studio wrote them before it counted code points.
    let imported = try GoldFixture.fromLabelStudio(
      json: GoldFixtureTests.studioExport(person: (7, 13), place: (19, 24)), file: "e.json",
      id: "visit", task: nil)
    #expect(imported.fixture.entities == GoldFixtureTests.studioEntities)
    #expect(imported.fixture.relations.first?.object.start == 16)
    #expect(imported.notes.contains { $0.contains("offsets read as UTF-16 code units") })
  }

  @Test func scalarOffsetsOfUTF16() {
    // a 😀 b: UTF-16 a 0, 😀 1–3, b 3; scalars a 0, 😀 1, b 2.
    #expect(GoldFixture.scalarOffsets(ofUTF16In: "a😀b") == [0, 1, nil, 2, 3])
  }

  @Test func aSpanInsideASurrogatePairIsRefused() {
    // As UTF-16, 15 is between the two halves of 🇫; as code points, 24 is past the end (21).
    do {
      _ = try GoldFixture.fromLabelStudio(
        json: GoldFixtureTests.studioExport(place: (15, 24)), file: "e.json", id: "v", task: nil)
      Issue.record("no error")
    } catch {
      #expect(
        error.problems == [
          "e.json: task 1 (data.id 'art1'), result 'l1': value.text 'باريس' is not the text's [15, 24): "
            + "in code points outside the text, in UTF-16 units outside the text or inside a surrogate pair"
        ])
    }
  }

  @Test func aSpanWhoseTextIsNotItsSliceIsRefused() {
    // Code points [15, 21) take the space before باريس; UTF-16 [15, 21) starts inside 🇫.
    do {
      _ = try GoldFixture.fromLabelStudio(
        json: GoldFixtureTests.studioExport(place: (15, 21)), file: "e.json", id: "v", task: nil)
      Issue.record("no error")
    } catch {
      #expect(
        error.problems == [
          "e.json: task 1 (data.id 'art1'), result 'l1': value.text 'باريس' is not the text's [15, 21): "
            + "in code points ' باريس', in UTF-16 units outside the text or inside a surrogate pair"
        ])
    }
  }

  @Test func severalAnnotatedTasksNeedTask() throws {
    let export = GoldFixtureTests.studioExport(taskCount: 2)
    do {
      _ = try GoldFixture.fromLabelStudio(json: export, file: "e.json", id: "v", task: nil)
      Issue.record("no error")
    } catch {
      #expect(
        error.problems == [
          "e.json: 2 tasks are annotated (task 1 (data.id 'art1'), task 2 (data.id 'art2')): choose one with --task ID"
        ])
    }
    let byDataId = try GoldFixture.fromLabelStudio(
      json: export, file: "e.json", id: "v", task: "art2")
    #expect(byDataId.fixture.origin == "label-studio task 2 (data.id 'art2'), annotation 2")
    let byTaskId = try GoldFixture.fromLabelStudio(json: export, file: "e.json", id: "v", task: "1")
    #expect(byTaskId.fixture.origin == "label-studio task 1 (data.id 'art1'), annotation 2")
  }

  /// The problems of importing `json`, or a recorded issue when it imports.
  static func studioProblems(_ json: String, task: String? = nil) -> [String] {
    do {
      _ = try GoldFixture.fromLabelStudio(json: json, file: "e.json", id: "v", task: task)
      Issue.record("no error")
      return []
    } catch {
      return error.problems
    }
  }

  /// An annotation without a `result` list says nothing of the article: refused, naming the task
  /// and the annotation (an empty list is an annotation that found nothing).
  @Test func anAnnotationWithoutAResultIsRefused() throws {
    // The latest live annotation of studioExport() is annotation 2, whose result opens the line.
    let export = GoldFixtureTests.studioExport()
    let start = #""updated_at": "2026-01-02T10:00:00Z", "result": ["#
    let list = try #require(export.range(of: start))
    let end = try #require(export.range(of: "\n  ]}", range: list.upperBound..<export.endIndex))
    let prefix = "e.json: task 1 (data.id 'art1'), annotation 2: "
    let null = export.replacingCharacters(
      in: list.lowerBound..<end.upperBound,
      with: #""updated_at": "2026-01-02T10:00:00Z", "result": null}"#)
    #expect(
      GoldFixtureTests.studioProblems(null) == [
        prefix + "its result is null (a list of regions and relations; [] for an article with none)"
      ])
    let missing = export.replacingCharacters(
      in: list.lowerBound..<end.upperBound, with: #""updated_at": "2026-01-02T10:00:00Z"}"#)
    #expect(
      GoldFixtureTests.studioProblems(missing) == [
        prefix + "it has no result (a list of regions and relations; [] for an article with none)"
      ])
    let empty = export.replacingCharacters(
      in: list.lowerBound..<end.upperBound,
      with: #""updated_at": "2026-01-02T10:00:00Z", "result": []}"#)
    let imported = try GoldFixture.fromLabelStudio(json: empty, file: "e.json", id: "v", task: nil)
    #expect(imported.fixture.entities.isEmpty)
    #expect(imported.fixture.origin == "label-studio task 1 (data.id 'art1'), annotation 2")
  }

  /// `--task 1` when task 1's id is 1 and task 2's data.id is "1": refused with the forms that
  /// name each alone, and those forms choose.
  @Test func aTaskThatNamesTwoTasksIsRefused() throws {
    let export = GoldFixtureTests.studioExport(taskCount: 2)
      .replacingOccurrences(of: #""id": "art2""#, with: #""id": "1""#)
    #expect(
      GoldFixtureTests.studioProblems(export, task: "1") == [
        "e.json: --task '1' is ambiguous: it names task 1 (data.id 'art1') by its Label Studio id "
          + "and task 2 (data.id '1') by its data.id; choose one with --task id=1 or --task data.id=1"
      ])
    let byData = try GoldFixture.fromLabelStudio(
      json: export, file: "e.json", id: "v", task: "data.id=1")
    #expect(byData.fixture.origin == "label-studio task 2 (data.id '1'), annotation 2")
    let byId = try GoldFixture.fromLabelStudio(json: export, file: "e.json", id: "v", task: "id=1")
    #expect(byId.fixture.origin == "label-studio task 1 (data.id 'art1'), annotation 2")
    #expect(
      GoldFixtureTests.studioProblems(export, task: "id=art1") == ["e.json: no task with id 'art1'"]
    )
    // Two tasks of one data.id: each by its id.
    let twice = GoldFixtureTests.studioExport(taskCount: 2)
      .replacingOccurrences(of: #""id": "art2""#, with: #""id": "art1""#)
    #expect(
      GoldFixtureTests.studioProblems(twice, task: "art1") == [
        "e.json: --task 'art1' is ambiguous: it names task 1 (data.id 'art1') by its data.id "
          + "and task 2 (data.id 'art1') by its data.id; choose one with --task id=1 or --task id=2"
      ])
  }

  /// An object that is not a task (an API answer `{"tasks": […]}`) is no export; one task on its
  /// own is.
  @Test func aWrappedExportIsRefused() throws {
    let export = GoldFixtureTests.studioExport()
    #expect(
      GoldFixtureTests.studioProblems(#"{"tasks": "# + export + "}") == [
        "e.json: expected a Label Studio export (a JSON list of tasks), found an object (keys: tasks)"
      ])
    let task = String(export.dropFirst().dropLast())
    let imported = try GoldFixture.fromLabelStudio(json: task, file: "e.json", id: "v", task: nil)
    #expect(imported.fixture.entities == GoldFixtureTests.studioEntities)
  }

  @Test func unknownLabelsAndPredicatesAreRefused() {
    let export = GoldFixtureTests.studioExport()
      .replacingOccurrences(of: #"["PERSON"]"#, with: #"["PER"]"#)
      .replacingOccurrences(of: #"["visited"]"#, with: #"["went_to"]"#)
    do {
      _ = try GoldFixture.fromLabelStudio(json: export, file: "e.json", id: "v", task: nil)
      Issue.record("no error")
    } catch {
      #expect(error.problems.count == 2)
      #expect(
        error.problems.first?.hasPrefix(
          "e.json: task 1 (data.id 'art1'), result 'p1': unknown label 'PER'") == true)
      #expect(
        error.problems.last?.hasPrefix(
          "e.json: task 1 (data.id 'art1'), relation 'p1' → 'l1': unknown predicate 'went_to'")
          == true)
    }
  }

  // MARK: - Scoring

  static let scoredText = "زار الجبير وكيري باريس"

  /// Gold: الجبير 4–10 and كيري 12–16 (after و at 11) PERSON, باريس 17–22 LOCATION, and each
  /// visited باريس.
  static func scoredGold(_ threshold: GoldFixture.Threshold) -> GoldFixture {
    let jubeir = GoldFixture.Entity(start: 4, end: 10, label: .person, text: "الجبير")
    let kerry = GoldFixture.Entity(start: 12, end: 16, label: .person, text: "كيري")
    let paris = GoldFixture.Entity(start: 17, end: 22, label: .location, text: "باريس")
    return GoldFixture(
      id: "scored", text: scoredText, entities: [jubeir, kerry, paris],
      relations: [
        .init(subject: jubeir, predicate: .visited, object: paris),
        .init(subject: kerry, predicate: .visited, object: paris),
      ], threshold: threshold)
  }

  /// An output that finds الجبير and باريس, takes وكيري (11–16, with its proclitic) for the
  /// person, and finds only الجبير's visit.
  static func scoredOutput() -> ([GoldFixture.Entity], [GoldFixture.Relation]) {
    let jubeir = GoldFixture.Entity(start: 4, end: 10, label: .person, text: "الجبير")
    let wrongKerry = GoldFixture.Entity(start: 11, end: 16, label: .person, text: "وكيري")
    let paris = GoldFixture.Entity(start: 17, end: 22, label: .location, text: "باريس")
    return (
      [jubeir, wrongKerry, paris], [.init(subject: jubeir, predicate: .visited, object: paris)]
    )
  }

  @Test func scoresPerLabelAndPredicate() throws {
    let gold = GoldFixtureTests.scoredGold(.init())
    #expect(gold.problems() == [])
    let (entities, relations) = GoldFixtureTests.scoredOutput()
    let score = GoldScore(gold, entities: entities, relations: relations)
    // PERSON: 1 TP, 1 FP (وكيري), 1 FN (كيري): P = R = F1 = 1/2. LOCATION exact.
    #expect(score.labels[.person]?.truePositives == 1)
    #expect(score.labels[.person]?.falsePositives == 1)
    #expect(score.labels[.person]?.falseNegatives == 1)
    #expect(score.labels[.person]?.f1 == 0.5)
    #expect(score.labels[.location]?.f1 == 1)
    // visited: 1 TP, 1 FN: P 1, R 1/2, F1 2/3.
    #expect(score.predicates[.visited]?.falseNegatives == 1)
    #expect(abs((score.predicates[.visited]?.f1 ?? 0) - 2.0 / 3.0) < 1e-12)
    #expect(score.missedEntities.map(\.text) == ["كيري"])
    #expect(score.extraEntities.map(\.text) == ["وكيري"])
    #expect(score.missedRelations.map(\.subject.text) == ["كيري"])
    #expect(score.extraRelations.isEmpty)
    // The default threshold, 1.0 for every label and predicate, fails on both.
    #expect(!score.passed)
    #expect(score.failures == ["PERSON F1 0.500 < 1.0", "visited F1 0.667 < 1.0"])
    let report = score.report(threshold: gold.threshold)
    #expect(report.contains("miss  PERSON 'كيري' [12, 16)"))
    #expect(report.contains("extra PERSON 'وكيري' [11, 16)"))
    #expect(
      report.contains(
        "miss  relation visited: PERSON 'كيري' [12, 16) → LOCATION 'باريس' [17, 22)"))
  }

  @Test func aThresholdAtTheScorePasses() {
    let (entities, relations) = GoldFixtureTests.scoredOutput()
    let lenient = GoldFixtureTests.scoredGold(
      .init(f1: 1, labels: [.person: 0.5], predicates: [.visited: 0.66]))
    #expect(GoldScore(lenient, entities: entities, relations: relations).passed)
    // Just above the score fails, and only that label.
    let strict = GoldFixtureTests.scoredGold(
      .init(f1: 1, labels: [.person: 0.51], predicates: [.visited: 0.66]))
    #expect(
      GoldScore(strict, entities: entities, relations: relations).failures == [
        "PERSON F1 0.500 < 0.51"
      ])
  }

  @Test func anExtraLabelTheGoldLacksFails() {
    // A DATE nobody annotated: precision 0 for DATE, so its F1 is 0.
    var (entities, relations) = GoldFixtureTests.scoredOutput()
    entities.append(GoldFixture.Entity(start: 0, end: 3, label: .date, text: "زار"))
    relations = GoldFixtureTests.scoredGold(.init()).relations
    let gold = GoldFixtureTests.scoredGold(.init(f1: 0.5))
    let score = GoldScore(gold, entities: entities, relations: relations)
    #expect(score.failures == ["DATE F1 0.000 < 0.5"])
  }

  @Test func thresholdIsReadFromTheFile() throws {
    let file = GoldFixtureTests.bratGoldFile.replacingOccurrences(
      of: #""threshold": {"f1": 1.0}"#,
      with: #""threshold": {"f1": 0.9, "labels": {"DATE": 0.5}, "predicates": {"visited": 0.0}}"#)
    let fixture = try GoldFixture.parse(
      json: file, text: GoldFixtureTests.bratText, file: "v.gold.json")
    #expect(fixture.threshold.minimum(for: .person) == 0.9)
    #expect(fixture.threshold.minimum(for: .date) == 0.5)
    #expect(fixture.threshold.minimum(for: .visited) == 0)
    #expect(fixture.fileText == file)
  }

  /// A threshold is an F1, from 0 to 1, of Khabar's labels and predicates.
  ///
  /// Each problem names the file and the key.
  @Test func aThresholdOutsideZeroToOneOrOfAnUnknownLabelIsRefused() {
    let file = GoldFixtureTests.bratGoldFile.replacingOccurrences(
      of: #""threshold": {"f1": 1.0}"#,
      with: #""threshold": {"f1": 1.7, "labels": {"BAR": 0.5, "DATE": -0.1, "PERSON": "x"}, "#
        + #""predicates": {"went_to": 0.5, "visited": 1.0}}"#)
    do {
      _ = try GoldFixture.parse(json: file, text: GoldFixtureTests.bratText, file: "v.gold.json")
      Issue.record("no error")
    } catch {
      #expect(
        error.problems == [
          "v.gold.json: threshold.f1: expected a number from 0 to 1 (an F1), found 1.7",
          "v.gold.json: threshold.labels: 'BAR' is not a label (Khabar's labels: \(GoldFixture.labelNames))",
          "v.gold.json: threshold.labels.DATE: expected a number from 0 to 1 (an F1), found -0.1",
          #"v.gold.json: threshold.labels.PERSON: expected a number from 0 to 1 (an F1), found "x""#,
          "v.gold.json: threshold.predicates: 'went_to' is not a predicate (Khabar's predicates: \(GoldFixture.predicateNames))",
        ])
    }
  }

  @Test func aGoldFileWhoseSpanIsNotItsSliceIsRefused() {
    let file = GoldFixtureTests.bratGoldFile.replacingOccurrences(
      of: #""start": 13, "end": 18, "type": "LOCATION""#,
      with: #""start": 12, "end": 17, "type": "LOCATION""#)
    do {
      _ = try GoldFixture.parse(json: file, text: GoldFixtureTests.bratText, file: "v.gold.json")
      Issue.record("no error")
    } catch {
      #expect(
        error.problems.contains(
          "v.gold.json: LOCATION 'باريس' [12, 17): the text's slice is ' باري'"))
    }
  }

  @Test func snapshotFixturesLeaveGoldArticlesOut() throws {
    // A folder holding both kinds: a.txt with a.expected.jsonl, g.txt with g.gold.json.
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["a.txt", "a.expected.jsonl", "g.txt", "g.gold.json"] {
      try "x".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    #expect(try FixtureRunner.fixtureNames(in: folder.path) == ["a"])
    #expect(GoldFixture.names(in: folder.path) == ["g"])
    #expect(GoldFixture.names(in: folder.appendingPathComponent("missing").path) == [])
  }

  // MARK: - The bundled gold fixtures

  static let goldFolder = TestPaths.fixtures + "/gold"
  static let names = GoldFixture.names(in: goldFolder)

  @Test func thereAreThreeGoldFixtures() {
    #expect(GoldFixtureTests.names.count >= 3)
  }

  /// A gold fixture's brat source in Fixtures/gold/src imports to exactly its annotation, so the
  /// two cannot drift apart.
  @Test(arguments: names)
  func bratSourceMatchesTheGoldFile(_ name: String) throws {
    let src = GoldFixtureTests.goldFolder + "/src/" + name
    guard FileManager.default.fileExists(atPath: src + ".ann") else { return }
    let imported = try GoldFixture.fromBrat(
      ann: String(contentsOfFile: src + ".ann", encoding: .utf8),
      text: String(contentsOfFile: src + ".txt", encoding: .utf8), file: src + ".ann", id: name)
    let gold = try GoldFixture.load(name, in: GoldFixtureTests.goldFolder)
    #expect(imported.fixture.text == gold.text)
    #expect(imported.fixture.entities == gold.entities)
    #expect(imported.fixture.relations == gold.relations)
  }
}
