import Testing

@testable import Khabar

/// The output records are written straight to bytes; they must be the bytes of writing their
/// `JSONValue` trees, whatever the input fields (reserved names, repeated keys, "explain").
@Suite struct JSONRecordWriterTests {
  static func extraction() throws -> Extraction {
    let extractor = try Extractor(gazetteer: TestGazetteer.gazetteer())
    extractor.explain = true
    var extraction = extractor.extract("زار وزير الدفاع الروسي طهران والقاهرة")
    // Attributes out of order, repeated, and with values of every kind.
    extraction.entities[0].attributes += [
      ("zeta", .array([.int(-3), .null, .bool(false)])), ("alpha", .string("\"q\"\n")),
      ("alpha", .string("second")),
      ("é", .object([("b", .int(1)), ("a", .number("2.5e3"))])),
    ]
    extraction.entities[0].start = -1
    extraction.entities[0].end = Int.max
    extraction.relations.append(
      Relation(
        id: "R1", subject: "T1", predicate: .visited, object: "T2", triple: ["a", "visited", "b"],
        rule: "r",
        evidence: [0..<3, 4..<9]))
    return extraction
  }

  static let articles: [Article] = [
    Article(id: "plain", text: ""),
    Article(
      id: "odd \"id\"\u{2028}", text: "",
      extra: [
        ("url", .string("http://x/ي")), ("explain", .int(1)), ("entities", .string("x")),
        ("error", .null),
        ("Z", .bool(true)), ("url", .string("again")), ("warnings", .array([])), ("é", .int(2)),
        ("", .string("empty")),
      ],
      warnings: ["duplicate id 'x'", "w\t2"]),
  ]

  @Test(arguments: EntityLabel.allCases)
  func everyLabelIsWrittenAsItsRawValue(_ label: EntityLabel) {
    let entity = Entity(
      id: "T1", label: label, start: 0, end: 1, text: "x", canonical: "x", source: "s",
      attributes: [])
    var written: [UInt8] = []
    entity.writeJSON(into: &written)
    var expected: [UInt8] = []
    JSONWriter.write(entity.json, into: &expected)
    #expect(written == expected)
  }

  @Test(arguments: [false, true])
  func resultLinesAreTheBytesOfTheirTree(_ explain: Bool) throws {
    let extraction = try JSONRecordWriterTests.extraction()
    #expect(extraction.entities.count > 1)
    for article in JSONRecordWriterTests.articles {
      var value = OutputRecord.result(for: article, extraction)
      if explain, case .object(var members) = value {
        members.append(("explain", .array(extraction.decisions.map(\.json))))
        value = .object(members)
      }
      var written: [UInt8] = []
      OutputRecord.writeResultLine(for: article, extraction, explain: explain, into: &written)
      #expect(
        String(decoding: written, as: UTF8.self)
          == String(decoding: OutputRecord.line(value), as: UTF8.self))
    }
  }

  @Test func entitiesAreTheBytesOfTheirTree() throws {
    for entity in try JSONRecordWriterTests.extraction().entities {
      var written: [UInt8] = []
      entity.writeJSON(into: &written)
      #expect(String(decoding: written, as: UTF8.self) == JSONWriter.string(entity.json))
    }
  }

  @Test(arguments: [[], [3..<9], [0..<3, 4..<9, 20..<31]])
  func relationsAreTheBytesOfTheirTree(_ evidence: [Range<Int>]) {
    let relation = Relation(
      id: "R2", subject: "T1", predicate: .signed, object: "T\"4\"",
      triple: ["إيران", "signed", "a\u{2028}b"],
      rule: "r\\1", evidence: evidence)
    var written = JSONBuffer()
    relation.writeJSON(into: &written)
    #expect(String(decoding: written.bytes, as: UTF8.self) == JSONWriter.string(relation.json))
  }

  @Test(arguments: [
    [("b", 1), ("a", 2)], [("c", 1), ("a", 2), ("b", 3), ("a", 4)],
    [("é", 1), ("e\u{301}", 2), ("d", 3)], [("a", 1), ("a", 2)],
    // In byte order already, yet equal as strings: the second is still dropped.
    [("e\u{301}", 1), ("é", 2)],
  ])
  func objectsSortTheirKeysAndKeepTheFirstOfARepeatedOne(_ members: [(String, Int)]) {
    let value = JSONValue.object(members.map { ($0.0, .int($0.1)) })
    var expected: [(String, Int)] = []
    for member in members.enumerated().sorted(by: {
      $0.element.0.utf8.lexicographicallyPrecedes($1.element.0.utf8)
        || ($0.element.0.utf8.elementsEqual($1.element.0.utf8) && $0.offset < $1.offset)
    }).map(\.element) where expected.last?.0 != member.0 {
      expected.append(member)
    }
    let text = "{" + expected.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    #expect(JSONWriter.string(value) == text)
  }

  @Test func errorLinesAreTheBytesOfTheirTree() {
    var written: [UInt8] = []
    OutputRecord.writeErrorLine(
      id: "in.jsonl:3", message: "in.jsonl:3:9: invalid JSON: \"x\"\n", into: &written)
    let tree = OutputRecord.line(
      OutputRecord.error(id: "in.jsonl:3", message: "in.jsonl:3:9: invalid JSON: \"x\"\n"))
    #expect(String(decoding: written, as: UTF8.self) == String(decoding: tree, as: UTF8.self))
  }

  @Test(arguments: [0, 7, -7, 10, 99, -100, 1_234_567, Int.max, Int.min])
  func integersAreWrittenAsTheirDecimalText(_ value: Int) {
    var written: [UInt8] = []
    JSONWriter.writeInt(value, into: &written)
    #expect(String(decoding: written, as: UTF8.self) == String(value))
  }

  @Test(arguments: [
    ("", "a"), ("a", ""), ("a", "ab"), ("ab", "b"), ("z", "é"), ("é", "ê"), ("id", "id"),
    ("B", "a"),
  ])
  func keysCompareByTheirUTF8Bytes(_ a: String, _ b: String) {
    #expect(JSONWriter.keyPrecedes(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8))
    #expect(JSONWriter.keyPrecedes(b, a) == b.utf8.lexicographicallyPrecedes(a.utf8))
  }
}
