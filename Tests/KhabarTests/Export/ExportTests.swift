import Foundation
import Testing

@testable import Khabar

/// The export formats on written Arabic examples, with values checked by hand.
@Suite struct ExportTests {
  static func extract(_ text: String) throws -> Extraction {
    try BundledRulesTests.extractor().extract(text)
  }

  // MARK: CoNLL

  /// A sentence with a nested NORP in a TITLE and a country after the proclitic و.
  @Test func conllTagsWholeTokensWithNestedEntitiesInLaterColumns() throws {
    let text = "وقال وزير الدفاع الروسي سيرغي شويغو إن إيران وروسيا"
    let conll = CoNLLExport.document(id: "a", text: text, try Self.extract(text))
    #expect(
      conll == """
        # id = a
        وقال O
        وزير B-TITLE
        الدفاع I-TITLE
        الروسي I-TITLE B-NORP
        سيرغي B-PERSON
        شويغو I-PERSON
        إن O
        إيران B-COUNTRY
        وروسيا B-COUNTRY


        """)
  }

  @Test func conllLayersAreFirstFreeOutermostFirst() {
    typealias S = CoNLLExport.TokenSpan
    // Tokens 0–3: an outer ORG over 0–2, a LOC nested at 2, a DATE crossing the ORG's end
    // (two spans widened into the same token), and the same LOC twice (written once). The
    // DATE, longer than the LOC, takes the first free layer (1); its layer stays 1 at token 3,
    // where layer 0 is free again.
    let tags = CoNLLExport.tags(
      [
        S(first: 2, end: 3, label: "LOC"), S(first: 0, end: 3, label: "ORG"),
        S(first: 2, end: 4, label: "DATE"), S(first: 2, end: 3, label: "LOC"),
      ], tokenCount: 5)
    #expect(
      tags == [
        ["B-ORG"], ["I-ORG"], ["I-ORG", "B-DATE", "B-LOC"], ["O", "I-DATE"], ["O"],
      ])
  }

  /// A sentence break inside an entity (a date the sentence breaker cut) would split it for
  /// every reader: the two sentences are written as one.
  @Test func conllJoinsSentencesThatAnEntityCrosses() {
    let scalars = Array("أ ب. ج د. ه".unicodeScalars)
    let tokens = [0..<1, 2..<3, 3..<4, 5..<6, 7..<8, 8..<9, 10..<11]
    let lines = CoNLLExport.sentences(
      scalars: scalars, tokens: tokens, sentences: [0, 0, 0, 1, 1, 1, 2],
      spans: [CoNLLExport.TokenSpan(first: 1, end: 4, label: "DATE")])
    #expect(lines == "أ O\nب B-DATE\n. I-DATE\nج I-DATE\nد O\n. O\n\nه O\n\n")
  }

  @Test func conllErrorRecordAndCommentsOnOneLine() {
    #expect(
      CoNLLExport.error(id: "x\ny", message: "f.jsonl:2:3: bad")
        == "# id = x\\ny\n# error = f.jsonl:2:3: bad\n\n")
  }

  /// What `--format conll` writes, `khabar eval` reads back: the comment line is skipped.
  @Test func conllExportReadsBackAsACorpus() throws {
    let text = "وقال وزير الدفاع الروسي سيرغي شويغو إن إيران وروسيا"
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("a.conll").path
    try CoNLLExport.document(id: "a", text: text, try Self.extract(text)).write(
      toFile: path, atomically: true, encoding: .utf8)
    let corpus = try CoNLLCorpus.read(path: path)
    #expect(corpus.warnings == [])
    #expect(corpus.tokenCount == 9)
    let gold = Set(corpus.documents[0].gold.map { "\($0.type) \($0.start) \($0.end)" })
    // Offsets in the reassembled text, which is the sentence itself (single spaces).
    #expect(
      gold == [
        "TITLE 5 23", "NORP 17 23", "PERSON 24 35", "COUNTRY 39 44", "COUNTRY 45 51",
      ])
  }

  // MARK: brat

  /// brat counts code points of the .txt as written: the emoji is 1, "\r\n" is 2.
  @Test func bratOffsetsCountCodePointsWithCRLFAndEmoji() throws {
    let text = "😀\r\nزار الرئيس رجب طيب أردوغان طهران"
    let extraction = try Self.extract(text)
    let ann = BratExport.annotations(text: text, extraction)
    let lines = ann.split(separator: "\n").map(String.init)
    let person = try #require(lines.first { $0.contains("\tPERSON ") })
    let place = try #require(lines.first { $0.contains("\tLOCATION ") })
    #expect(person.hasSuffix("\tPERSON 14 29\tرجب طيب أردوغان"))
    #expect(place.hasSuffix("\tLOCATION 30 35\tطهران"))
    let personId = String(person.prefix { $0 != "\t" })
    let placeId = String(place.prefix { $0 != "\t" })
    #expect(lines.contains { $0.hasSuffix("\tvisited Arg1:\(personId) Arg2:\(placeId)") })
    let files = BratExport.files(id: "a", text: text, extraction)
    #expect(files.files.map(\.suffix) == [".txt", ".ann"])
    #expect(Array(files.files[0].contents.utf8) == Array(text.utf8))
  }

  @Test func bratSplitsAnEntityAtLineBreaksIntoFragments() {
    let scalars = Array("ab\r\ncd\nef".unicodeScalars)
    #expect(BratExport.lineFragments(0..<9, in: scalars) == [0..<2, 4..<6, 7..<9])
    #expect(BratExport.lineFragments(4..<6, in: scalars) == [4..<6])
  }

  @Test(arguments: [
    ("2015-07-21-00118", "2015-07-21-00118"), ("a/b", "a%2Fb"), ("..", "%2E."), ("", "%"),
    ("50%", "50%25"), (".hidden", "%2Ehidden"), ("a\\b\n", "a%5Cb%0A"), ("خبر/١", "خبر%2F١"),
  ])
  func bratFileNamesAreSafe(id: String, name: String) {
    #expect(BratExport.fileName(for: id) == name)
  }

  @Test func bratFileNamesOfLongIdsEndInTheirHash() {
    let long = String(repeating: "خ", count: 150)  // 300 bytes
    let name = BratExport.fileName(for: long)
    #expect(name.utf8.count == 200 + 1 + 16)
    #expect(name.hasPrefix(String(repeating: "خ", count: 100) + "~"))
    #expect(name != BratExport.fileName(for: long + "x"))
  }

  @Test func bratConfigurationDeclaresEveryLabelAndPredicate() {
    let conf = BratExport.annotationConfiguration()
    for label in EntityLabel.allCases { #expect(conf.contains("\n\(label.rawValue)\n")) }
    #expect(conf.contains("\nmet_with\tArg1:PERSON, Arg2:PERSON\n"))
    #expect(conf.contains("\nvisited\tArg1:PERSON, Arg2:COUNTRY|LOCATION\n"))
    #expect(Predicate.allCases.allSatisfy { conf.contains("\n\($0.rawValue)\t") })
  }

  // MARK: Label Studio

  @Test func labelStudioTaskHoldsRegionsRelationsAndScores() throws {
    let text = "زار الرئيس رجب طيب أردوغان طهران"
    var extraction = try Self.extract(text)
    let place = try #require(extraction.entities.firstIndex { $0.label == .location })
    extraction.entities[place].attributes.append(("score", .number("0.75")))
    let task = LabelStudioExport.task(id: "n1", text: text, extraction)
    #expect(task["data"] == .object([("id", .string("n1")), ("text", .string(text))]))
    let result = try #require(task["predictions"]?.arrayValue?.first?["result"]?.arrayValue)
    let region = try #require(result.first { $0["id"] == .string(extraction.entities[place].id) })
    #expect(region["from_name"] == .string("label") && region["to_name"] == .string("text"))
    #expect(region["type"] == .string("labels"))
    #expect(
      region["value"]
        == .object([
          ("start", .int(27)), ("end", .int(32)), ("text", .string("طهران")),
          ("labels", .array([.string("LOCATION")])),
        ]))
    #expect(region["score"] == .number("0.75"))
    let person = try #require(extraction.entities.first { $0.label == .person })
    let visit = try #require(
      result.first {
        $0["type"] == .string("relation") && $0["labels"] == .array([.string("visited")])
      })
    #expect(visit["from_id"] == .string(person.id))
    #expect(visit["to_id"] == .string(extraction.entities[place].id))
    // Only the model's entities carry a score.
    #expect(result.filter { $0["score"] != nil }.count == 1)
  }

  @Test func labelConfigurationNamesWhatTheTasksUse() {
    let xml = LabelStudioExport.labelConfiguration()
    #expect(xml.contains("<Labels name=\"label\" toName=\"text\">"))
    #expect(xml.contains("<Text name=\"text\" value=\"$text\""))
    #expect(xml.contains("direction: rtl"))
    for label in EntityLabel.allCases {
      #expect(xml.contains("<Label value=\"\(label.rawValue)\""))
    }
    for p in Predicate.allCases { #expect(xml.contains("<Relation value=\"\(p.rawValue)\"/>")) }
  }

  // MARK: Negated and planned relations

  /// A denied or planned relation must not read as a fact in any tool.
  @Test func negatedAndPlannedRelationsCarryTheirFlagsInEveryFormat() throws {
    let text = "لم توقع مصر الاتفاقية. من المقرر أن يزور الرئيس رجب طيب أردوغان طهران"
    let extraction = try Self.extract(text)
    // Egypt (T1) did not sign the agreement (T2); Erdoğan (T4) is to visit Tehran (T5).
    let ann = BratExport.annotations(text: text, extraction)
    #expect(ann.contains("\nR1\tsigned Arg1:T1 Arg2:T2\n"))
    #expect(ann.contains("\nR2\tvisited Arg1:T4 Arg2:T5\n"))
    #expect(ann.hasSuffix("#1\tAnnotatorNotes R1\tnegated\n#2\tAnnotatorNotes R2\tplanned\n"))
    let result = try #require(
      LabelStudioExport.task(id: "m", text: text, extraction)["predictions"]?.arrayValue?.first?[
        "result"]?.arrayValue)
    let labels = result.filter { $0["type"] == .string("relation") }.map { $0["labels"] }
    #expect(
      labels == [
        .array([.string("signed"), .string("negated")]),
        .array([.string("visited"), .string("planned")]), .array([.string("holds_title")]),
      ])
    let relations = try #require(
      SpacyExport.record(id: "m", text: text, extraction)["relations"]?.arrayValue)
    #expect(relations.map { $0["negated"] } == [.bool(true), nil, nil])
    #expect(relations.map { $0["planned"] } == [nil, .bool(true), nil])
    #expect(LabelStudioExport.labelConfiguration().contains("<Relation value=\"negated\"/>"))
  }

  // MARK: spaCy / Prodigy

  @Test func spacyTokensAreCutAtTheProclitic() throws {
    let text = "بين إيران وروسيا"
    let record = SpacyExport.record(id: "s", text: text, try Self.extract(text))
    #expect(record["meta"] == .object([("id", .string("s"))]))
    let tokens = try #require(record["tokens"]?.arrayValue)
    #expect(tokens.map { $0["text"]?.stringValue ?? "" } == ["بين", "إيران", "و", "روسيا"])
    #expect(tokens.map { $0["ws"] } == [.bool(true), .bool(true), .bool(false), .bool(false)])
    let spans = try #require(record["spans"]?.arrayValue)
    #expect(
      spans == [
        .object([
          ("start", .int(4)), ("end", .int(9)), ("label", .string("COUNTRY")),
          ("token_start", .int(1)), ("token_end", .int(1)),
        ]),
        .object([
          ("start", .int(11)), ("end", .int(16)), ("label", .string("COUNTRY")),
          ("token_start", .int(3)), ("token_end", .int(3)),
        ]),
      ])
  }

  @Test func spacyRelationsPointAtTheLastTokenOfEachSpan() throws {
    let text = "زار الرئيس رجب طيب أردوغان طهران"
    let record = SpacyExport.record(id: "s", text: text, try Self.extract(text))
    let relations = try #require(record["relations"]?.arrayValue)
    let visit = try #require(relations.first { $0["label"] == .string("visited") })
    // Tokens: زار 0, الرئيس 1, رجب 2, طيب 3, أردوغان 4, طهران 5.
    #expect(visit["head"] == .int(4))
    #expect(visit["child"] == .int(5))
    #expect(visit["head_span"]?["token_start"] == .int(2))
    #expect(visit["child_span"]?["start"] == .int(27))
  }
}
