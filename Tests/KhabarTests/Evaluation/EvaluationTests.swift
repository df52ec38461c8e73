import Foundation
import Testing

@testable import Khabar

@Suite final class EvaluationTests {
  /// This test's folder (a suite instance per test), removed with it: a folder made per
  /// `write` was left behind by every run.
  let folder: URL

  init() throws { folder = try TestPaths.temporaryFolder() }

  deinit { try? FileManager.default.removeItem(at: folder) }

  func write(_ text: String) throws -> String {
    let path = folder.appendingPathComponent("gold.conll").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func readsTwoColumnBIOIntoTextAndSpans() throws {
    let path = try write(
      "زار O\nالرئيس O\nطهران B-LOC\n. O\n\nوقال O\nمحمد B-PERS\nباقري I-PERS\nفي O\nالأمم B-ORG\nالمتحدة I-ORG\n"
    )
    let corpus = try CoNLLCorpus.read(path: path)
    #expect(corpus.sentenceCount == 2)
    #expect(corpus.tokenCount == 10)
    let doc = try #require(corpus.documents.first)
    #expect(doc.text == "زار الرئيس طهران .\nوقال محمد باقري في الأمم المتحدة\n")
    let scalars = Array(doc.text.unicodeScalars)
    let golds = doc.gold.map {
      "\($0.type):" + String(String.UnicodeScalarView(scalars[$0.start..<$0.end]))
    }
    #expect(Set(golds) == ["LOC:طهران", "PERS:محمد باقري", "ORG:الأمم المتحدة"])
  }

  /// `khabar eval --conll-out`: the corpus's tokens and sentences, line for line, tagged with
  /// the spans given (nested in a later column); the `# id` comments of an export are skipped.
  @Test func predictionsAsCoNLLPairWithTheGoldLines() throws {
    let path = try write(
      "# id = x\nزار O\nالرئيس O\nطهران B-LOC\n\nوقال O\nوزارة B-ORG\nالخارجية I-ORG\nالإيرانية I-ORG\n"
    )
    let corpus = try CoNLLCorpus.read(path: path)
    #expect(corpus.warnings == [] && corpus.tokenCount == 7)
    let doc = try #require(corpus.documents.first)
    // Text: "زار الرئيس طهران\nوقال وزارة الخارجية الإيرانية\n": طهران 11–16, وزارة 22–27,
    // الخارجية 28–36, الإيرانية 37–46.
    let spans = [
      CoNLLCorpus.Span(type: "LOC", start: 11, end: 16),
      CoNLLCorpus.Span(type: "ORG", start: 22, end: 46),
      CoNLLCorpus.Span(type: "NORP", start: 37, end: 46),
    ]
    #expect(
      doc.conll(spans) == """
        زار O
        الرئيس O
        طهران B-LOC

        وقال O
        وزارة B-ORG
        الخارجية I-ORG
        الإيرانية I-ORG B-NORP


        """)
  }

  @Test func readsNestedLayersAndToleratesBrokenTags() throws {
    let path = try write("وزير B-OCC O\nالدفاع I-OCC B-ORG\nالروسي I-OCC B-NORP\n. Oxyz O\n")
    let corpus = try CoNLLCorpus.read(path: path)
    let doc = try #require(corpus.documents.first)
    let scalars = Array(doc.text.unicodeScalars)
    let golds = Set(
      doc.gold.map { "\($0.type):" + String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) })
    #expect(golds == ["OCC:وزير الدفاع الروسي", "ORG:الدفاع", "NORP:الروسي"])
    #expect(corpus.warnings.count == 1)
    #expect(
      corpus.warnings.first?.hasSuffix(
        ":4:3: expected a BIO tag (B-X, I-X, O), found 'Oxyz'; read as O") == true)
  }

  @Test func scoresExactAndOverlapPerLabel() {
    var scores = EvaluationScores()
    let gold = [
      CoNLLCorpus.Span(type: "LOC", start: 0, end: 5),
      CoNLLCorpus.Span(type: "PERS", start: 10, end: 20),
    ]
    let predicted = [
      CoNLLCorpus.Span(type: "LOC", start: 0, end: 5),
      CoNLLCorpus.Span(type: "PERS", start: 10, end: 15),
      CoNLLCorpus.Span(type: "ORG", start: 30, end: 35),
      CoNLLCorpus.Span(type: "LOC", start: 40, end: 45),
    ]
    scores.add(gold: gold, predicted: predicted, labels: ["LOC", "PERS"])
    #expect(scores.perLabel["LOC"]?.exact == 1)
    #expect(scores.perLabel["LOC"]?.precision == 0.5)
    #expect(scores.perLabel["LOC"]?.recall == 1.0)
    #expect(scores.perLabel["PERS"]?.exact == 0)
    #expect(scores.perLabel["PERS"]?.overlapRecall == 1.0)
    #expect(scores.perLabel["ORG"] == nil)
    #expect(scores.total.gold == 2 && scores.total.predicted == 3)
  }

  @Test func predictionsAreWidenedToWholeTokens() throws {
    // Gold ANERcorp spans include proclitics (لمنظمة); Khabar's exclude them.
    let path = try write("وقال O\nمسؤول O\nفي O\nوروسيا B-LOC\n")
    let corpus = try CoNLLCorpus.read(path: path)
    let extractor = try Extractor(gazetteer: TestGazetteer.gazetteer())
    let scores = Evaluator.evaluate(corpus, extractor: extractor, mapping: .anercorp)
    #expect(scores.perLabel["LOC"]?.exact == 1)
  }

  @Test func mappingsParse() throws {
    #expect(
      try LabelMapping.parse("PERSON=PER,COUNTRY=GPE").map == [.person: "PER", .country: "GPE"])
    #expect(throws: CoNLLCorpus.Failure.self) { try LabelMapping.parse("PERSN=PER") }
  }
}

@Suite struct DateValueTests {
  @Test(
    arguments: [
      ("2023-09-20", "day:-1", nil, nil, "2023-09-19"),
      ("2023-09-20", "year:+1", "XXXX-02", nil, "2024-02"),
      ("2023-12-31", "day:+1", nil, nil, "2024-01-01"),
      ("2024-03-01", "day:-1", nil, nil, "2024-02-29"),
      ("2023-09-20", "month:-9", nil, nil, "2022-12"),
      // Weeks are ISO weeks (Monday to Sunday), as TIMEX3 values "next week": 2023-09-20 is in W38.
      ("2023-09-20", "week:0", nil, nil, "2023-W38"),
      ("2023-09-20", "week:+1", nil, nil, "2023-W39"),
      ("2015-12-06", "week:+1", nil, nil, "2015-W50"),  // a Sunday ends its ISO week
      ("2024-12-25", "week:+1", nil, nil, "2025-W01"),  // the week of 2025-01-01 is 2025's first
      ("2021-01-07", "week:-1", nil, nil, "2020-W53"),
      ("2023-09-20", nil, nil, "Tuesday", "2023-09-19"),
      ("2023-09-20", nil, nil, "Wednesday", "2023-09-20"),
      ("2023-09-20", nil, nil, "Thursday", "2023-09-14"),
    ] as [(String, String?, String?, String?, String)])
  func anchorsRelativeDates(
    _ anchor: String, _ relative: String?, _ value: String?, _ weekday: String?, _ expected: String
  ) {
    #expect(
      DateValue.anchored(value: value, relative: relative, weekday: weekday, anchor: anchor)
        == expected)
  }

  @Test func absoluteValues() {
    let full = DateValue.Parts(
      day: "20", month: "9", year: "2023", weekday: "3", part: nil, relative: nil)
    #expect(
      full.attributes(key: "value").map { "\($0.0)=\($0.1.stringValue ?? "")" } == [
        "value=2023-09-20", "weekday=Wednesday",
      ])
    let bad = DateValue.Parts(
      day: "45", month: "9", year: nil, weekday: nil, part: nil, relative: nil)
    #expect(bad.attributes(key: "value").isEmpty)
  }
}

/// `khabar eval` without `--map` once scored ANERcorp with the Wojood mapping (micro F1 17.7).
@Suite struct TagSetDetectionTests {
  @Test(
    arguments: [
      (["PERS", "LOC", "ORG", "MISC"], "anercorp"),
      (["PERS", "LOC"], "anercorp"),
      (["PERS", "OCC", "GPE", "NORP", "DATE"], "wojood"),
      (["PER", "GPE"], nil),
      // Khabar's own labels (a `--format conll` export); NORP and DATE alone are Wojood's too.
      (["COUNTRY", "PERSON", "TITLE", "NORP", "DATE"], "khabar"),
      (["DOCUMENT"], "khabar"),
      (["NORP", "DATE"], "wojood"),
      (["COUNTRY", "GPE"], nil),
      ([], nil),
    ] as [([String], String?)])
  func presetFromTheCorpusTags(types: [String], preset: String?) {
    #expect(LabelMapping.detect(types: Set(types))?.name == preset)
  }

  @Test func corpusReportsItsTypesAndEvalSaysWhichMappingItUsed() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let anercorp = folder.appendingPathComponent("a.conll").path
    try "زار O\nالرئيس O\nمصر B-LOC\nمع O\nوفد B-ORG\n\nمحمد B-PERS\nعلي I-PERS\n. O\n"
      .write(toFile: anercorp, atomically: true, encoding: .utf8)
    #expect(try CoNLLCorpus.read(path: anercorp).types == ["LOC", "ORG", "PERS"])
    let detected = try runProcess(TestPaths.khabar, ["eval", anercorp])
    #expect(detected.status == 0, "\(detected.stderr)")
    let out = String(decoding: detected.stdout, as: UTF8.self)
    #expect(out.contains("mapping anercorp (detected from the corpus's tags LOC, ORG, PERS): "))
    #expect(!out.contains("GPE"))

    let given = try runProcess(TestPaths.khabar, ["eval", anercorp, "--map", "wojood"])
    #expect(String(decoding: given.stdout, as: UTF8.self).contains("mapping wojood (--map): "))
    #expect(given.stderr.contains("has no DATE, EVENT, GPE, LAW, NORP, OCC tags"))

    let other = folder.appendingPathComponent("o.conll").path
    try "زار O\nمصر B-COUNTRY\nمحمد B-PER\n".write(toFile: other, atomically: true, encoding: .utf8)
    let unknown = try runProcess(TestPaths.khabar, ["eval", other])
    #expect(unknown.status == 2)
    #expect(
      unknown.stderr
        == "khabar: \(other): cannot tell the tag set (its tags: COUNTRY, PER); pass --map anercorp, --map wojood, --map khabar or --map LABEL=TAG,…\n"
    )
  }
}
