import Foundation
import Testing

@testable import Khabar

/// The record scanner reads every line exactly as the general path does.
///
/// `JSONRecordScanner` is a fast path for `InputRecord.fromJSONLine`: whatever line it takes,
/// it must give exactly the article the general path (`JSONParser` and the `JSONValue` tree)
/// gives, and every line it leaves must read as before. Each test runs both paths on the same
/// line and compares everything an article or a failure carries.
@Suite struct IOJSONRecordScannerTests {
  /// Both readings of `line`; true if the fast path answered.
  @discardableResult
  static func expectSameRecord(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation)
    -> Bool
  {
    line.withUnsafeBufferPointer { buffer in
      let general = InputRecord.fromJSONValue(buffer, place: "in.jsonl:3")
      let read = InputRecord.fromJSONLine(buffer, place: "in.jsonl:3")
      let fast = JSONRecordScanner.article(buffer)
      let shown = String(decoding: line, as: UTF8.self).debugDescription
      expectEqual(read, general, shown, sourceLocation)
      if let fast { expectEqual(.article(fast), general, shown, sourceLocation) }
      return fast != nil
    }
  }

  static func expectEqual(
    _ a: InputRecord, _ b: InputRecord, _ line: String, _ sourceLocation: SourceLocation
  ) {
    switch (a, b) {
    case (.article(let x), .article(let y)):
      #expect(same(x.id, y.id), "id of \(line)", sourceLocation: sourceLocation)
      #expect(same(x.text, y.text), "text of \(line)", sourceLocation: sourceLocation)
      #expect(x.warnings == y.warnings, "warnings of \(line)", sourceLocation: sourceLocation)
      #expect(x.extra.count == y.extra.count, "members of \(line)", sourceLocation: sourceLocation)
      for (m, n) in zip(x.extra, y.extra) {
        #expect(same(m.0, n.0), "key of \(line)", sourceLocation: sourceLocation)
        #expect(
          m.1 == n.1 && JSONWriter.string(m.1) == JSONWriter.string(n.1), "value of \(line)",
          sourceLocation: sourceLocation)
        if case .string(let s) = m.1, case .string(let t) = n.1 {
          #expect(same(s, t), "value of \(line)", sourceLocation: sourceLocation)
        }
      }
    case (.failure(let i, let m), .failure(let j, let n)):
      #expect(i == j && m == n, "failure of \(line): \(m) / \(n)", sourceLocation: sourceLocation)
    default:
      Issue.record("\(line): \(a) / \(b)", sourceLocation: sourceLocation)
    }
  }

  /// The same bytes, and the same knowledge about them: a string wrongly marked ASCII
  /// counts its UTF-16 units wrong.
  static func same(_ a: String, _ b: String) -> Bool {
    Array(a.utf8) == Array(b.utf8) && a.utf8Span.isKnownASCII == b.utf8Span.isKnownASCII
      && a.utf16.count == b.utf16.count && a.unicodeScalars.count == b.unicodeScalars.count
  }

  /// Pieces of string contents as they stand in JSON: plain text of each UTF-8 length,
  /// every escape (good and bad), raw control characters, and broken UTF-8.
  static let pieces: [[UInt8]] = {
    let text = [
      "a", "abc def ", "ب", "مرحبا بالعالم ", "€", "‘", "😀", "\u{7F}", "\u{10FFFF}", "\u{800}", "ﻻ",
      #"\n"#, #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\r"#, #"\t"#, #"\u0627"#, #"\u0041"#,
      #"\u0000"#, #"\u001F"#,
      #"\u00e9"#, #"\uFFFF"#, #"\ud83d\ude00"#, #"\uD800"#, #"\udc00"#, #"\ud800\u0041"#,
      #"\ud800x"#, #"\x"#, #"\u12"#,
      #"\u12G4"#, "\\", #"\uDFFF"#, #"\udbff\udfff"#, #"\udbff\ud800"#, #"\uDB00"#,
    ].map { Array($0.utf8) }
    let raw: [[UInt8]] = [
      [0x01], [0x0A], [0x1F], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xD8],
      [0xDF, 0xC0], [0xE0, 0x80, 0x80],
      [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
      [0xF4, 0x90, 0x80, 0x80], [0xF5],
      [0xFF],
    ]
    return text + raw
  }()

  /// String contents: mostly long runs of Arabic and ASCII (so that every piece falls at every
  /// place of a sixteen-byte step), with a few other pieces between them.
  static func contents(_ generator: inout SplitMix64) -> [UInt8] {
    var bytes: [UInt8] = []
    for _ in 0..<Int.random(in: 0...6, using: &generator) {
      switch Int.random(in: 0..<10, using: &generator) {
      case 0..<4:
        bytes += Array(
          String(repeating: "ب", count: Int.random(in: 0...24, using: &generator)).utf8)
        bytes += Array(String(repeating: "x", count: Int.random(in: 0...3, using: &generator)).utf8)
      case 4..<6:
        bytes += Array(
          String(repeating: "k", count: Int.random(in: 0...20, using: &generator)).utf8)
      case 6..<9:
        let good = pieces[Int.random(in: 0..<26, using: &generator)]
        bytes += good
      default:
        bytes += pieces.randomElement(using: &generator) ?? []
      }
    }
    return bytes
  }

  static func value(_ generator: inout SplitMix64, depth: Int = 0) -> [UInt8] {
    switch Int.random(in: 0..<20, using: &generator) {
    case 0..<11: return [0x22] + contents(&generator) + [0x22]
    case 11:
      return Array(
        ["12", "-0.5e+3", "0", "1E9", "01", "1.", "-", "2e", "1.5"].element(using: &generator).utf8)
    case 12:
      return Array(
        ["true", "false", "null", "tru", "nul", "\"\"", "\"", "'x'"].element(using: &generator).utf8
      )
    case 13 where depth < 3:
      let items = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
        value(&generator, depth: depth + 1)
      }
      return [0x5B] + Array(items.joined(separator: [0x2C])) + [0x5D]
    case 14 where depth < 3:
      let members = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
        [0x22] + contents(&generator) + Array("\":".utf8) + value(&generator, depth: depth + 1)
      }
      return [0x7B] + Array(members.joined(separator: [0x2C])) + [0x7D]
    case 15:
      // Nesting at the parser's limit: 511 levels inside a record fit, 512 do not.
      let levels = [510, 511, 512].element(using: &generator)
      return Array(repeating: 0x5B, count: levels) + Array(repeating: 0x5D, count: levels)
    default: return [0x22] + contents(&generator) + [0x22]
    }
  }

  static let keys: [String] = [
    "id", "text", "id", "text", "url", "source", "", "i\\u0064", "t\\u0065xt", "ïd", "\\u212A",
    "ID", "explain",
    "entities", "مفتاح", "te\\\"xt", "id ",
  ]

  static let spaces: [String] = ["", "", "", " ", "  ", "\t", "\r", "\n", " \r\n "]

  /// A record line: usually an object with an id and a text among other members, sometimes
  /// with a member missing, repeated or of another type, broken syntax or text around it.
  static func line(_ generator: inout SplitMix64) -> [UInt8] {
    func space() -> [UInt8] { Array(spaces.element(using: &generator).utf8) }
    var members: [[UInt8]] = []
    var names: [String] = []
    if Int.random(in: 0..<10, using: &generator) < 8 { names.append("id") }
    if Int.random(in: 0..<10, using: &generator) < 8 { names.append("text") }
    for _ in 0..<Int.random(in: 0...3, using: &generator) {
      names.append(keys.element(using: &generator))
    }
    names.shuffle(using: &generator)
    for name in names {
      var member = space() + [0x22] + Array(name.utf8) + [0x22] + space() + [0x3A] + space()
      if (name == "id" || name == "text") && Int.random(in: 0..<4, using: &generator) > 0 {
        member += [0x22] + contents(&generator) + [0x22]
      } else {
        member += value(&generator)
      }
      members.append(member + space())
    }
    var line = space() + [0x7B] + Array(members.joined(separator: [0x2C])) + [0x7D] + space()
    switch Int.random(in: 0..<40, using: &generator) {
    case 0: line.removeLast(Int.random(in: 0...min(line.count, 20), using: &generator))
    case 1: line += Array(["x", ",", "}", "{}", " 1"].element(using: &generator).utf8)
    case 2: line.insert(0x2C, at: line.count - 1)
    case 3:
      line = Array(
        ["[]", "\"x\"", "5", "null", "", " ", "{", "{\"id\":\"x\",}"].element(using: &generator)
          .utf8)
    case 4: line = [0xEF, 0xBB, 0xBF] + line
    default: break
    }
    return line
  }

  @Test func generatedHostileLinesReadTheSameOnBothPaths() {
    var generator = SplitMix64(seed: 0x10_4A50_4E4C)
    var taken = 0
    let count = 30_000
    for _ in 0..<count
    where IOJSONRecordScannerTests.expectSameRecord(IOJSONRecordScannerTests.line(&generator)) {
      taken += 1
    }
    // The fast path must also be the common one, or the comparison says little.
    #expect(taken > count / 5, "the scanner took \(taken) of \(count) lines")
  }

  @Test(arguments: [0, 1, 2, 7, 8, 14, 15, 16, 17, 30, 31])
  func everyByteAtEveryPlaceOfALongTextReadsTheSame(_ offset: Int) {
    // A byte of every value, alone and followed by a continuation, at each place against the
    // sixteen-byte steps of a text of Arabic letters.
    let arabic = Array(String(repeating: "ع", count: 20).utf8)
    for place in [0, 1, 13, 14, 15, 16, 17, 31, 32, 33] {
      for byte in UInt8.min...UInt8.max {
        for tail: [UInt8] in [[], [0x80], [0xBF, 0x80], [0xA7, 0x22]] {
          var text = Array(String(repeating: "x", count: offset).utf8) + arabic
          text.insert(contentsOf: [byte] + tail, at: min(place + offset, text.count))
          let line = Array(#"{"id": "a", "text": ""#.utf8) + text + Array(#"", "url": "u"}"#.utf8)
          IOJSONRecordScannerTests.expectSameRecord(line)
        }
      }
    }
  }

  @Test(arguments: [
    #"{"id": "a", "text": "نص"}"#,
    #"{"text": "نص", "id": 17}"#,
    #"{"id": -1.5e3, "text": ""}"#,
    #"{"id": "a", "id": "b", "text": "x", "text": 5}"#,
    #"{"id": "a", "text": "x", "id": null}"#,
    #"{"id": "", "text": "x"}"#,
    #"{"id": "", "id": "b", "text": "x"}"#,
    #"{"text": "x"}"#,
    #"{"id": "a"}"#,
    #"{"id": null, "text": "x"}"#,
    #"{"id": ["a"], "text": "x"}"#,
    #"{"id": "a", "text": null}"#,
    #"{"id": "a", "text": 5, "text": "x"}"#,
    #"{"i\u0064": "a", "t\u0065xt": "\u0627\n\"\/"}"#,
    #"{"\u212A": 1, "id": "a", "text": "b"}"#,
    #"{"id": "a", "text": "b", "extra": {"z": [1, {"y": "\ud83d\ude00"}], "a": true}, "n": -0}"#,
    #"{"id": "a", "text": "b",}"#,
    #"{"id": "a" "text": "b"}"#,
    #"{"id": "a", "text": "b"} x"#,
    #"  {"id":"a","text":"b"}  "#,
    #"{}"#,
    #"[]"#,
    "",
    "{\"id\": \"a\", \"text\": \"b\u{01}\"}",
  ])
  func edgeRecordsReadTheSame(_ line: String) {
    IOJSONRecordScannerTests.expectSameRecord(Array(line.utf8))
  }

  @Test func commonRecordsTakeTheFastPath() {
    let taken = IOJSONRecordScannerTests.expectSameRecord(
      Array(#"{"id": "a", "url": "http://x/ب", "text": "نص\n\"x\" €😀"}"#.utf8))
    #expect(taken)
    let numbered = IOJSONRecordScannerTests.expectSameRecord(
      Array(#"{"id": 7, "text": "x", "n": [1, 2]}"#.utf8))
    #expect(numbered)
  }

  @Test func fixtureArticlesReadTheSame() throws {
    // The articles and expected files; not the gold/ folder.
    let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixtures)
      .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".jsonl") }.sorted()
    var lines = 0
    for name in names {
      let path = TestPaths.fixtures + "/" + name
      let data = try #require(FileManager.default.contents(atPath: path))
      if name.hasSuffix(".txt") {
        // The article as a JSONL record, with its text escaped as the writer escapes it.
        let text = String(decoding: data, as: UTF8.self)
        let record = JSONValue.object([
          ("id", .string(name)), ("source", .string("fixture")), ("text", .string(text)),
        ])
        #expect(IOJSONRecordScannerTests.expectSameRecord(Array(JSONWriter.string(record).utf8)))
        lines += 1
      } else if name.hasSuffix(".jsonl") {
        // Expected files, a line per record header, entity and relation: objects, an entity
        // with its text.
        for line in data.split(separator: 0x0A) {
          IOJSONRecordScannerTests.expectSameRecord(Array(line))
          lines += 1
        }
      }
    }
    #expect(lines > 20)
  }
}

extension Array {
  /// A random element, as `randomElement(using:)` picks it, of an array known not to be empty.
  fileprivate func element(using generator: inout SplitMix64) -> Element {
    self[Int.random(in: 0..<count, using: &generator)]
  }
}
