import Testing

@testable import Khabar

@Suite struct JSONTests {
  @Test func writesSortedKeysAndKeepsNumbersAndArabic() throws {
    let value = try JSONParser.parse(
      Array(#"{"z": 1.50, "id": "٣", "a": [true, null, -0.0e+2], "text": "إيران\n\"x\""}"#.utf8))
    #expect(
      JSONWriter.string(value)
        == #"{"a":[true,null,-0.0e+2],"id":"٣","text":"إيران\n\"x\"","z":1.50}"#)
  }

  @Test func escapesControlAndLineSeparators() {
    #expect(JSONWriter.string(.string("a\u{01}\t\u{2028}b")) == #""a\u0001\t\u2028b""#)
  }

  @Test func decodesEscapesAndSurrogatePairs() throws {
    let value = try JSONParser.parse(Array(#"["\u0627\u0644", "\ud83d\ude00", "\/"]"#.utf8))
    #expect(value == .array([.string("ال"), .string("😀"), .string("/")]))
  }

  @Test(arguments: [
    (#"{"id": 1,}"#, "expected a string key at byte 9"),
    (#"{"id" 1}"#, "expected ':' after an object key at byte 6"),
    (#"[1 2]"#, "expected ',' or ']' in an array at byte 3"),
    (#""abc"#, "unterminated string at byte 4"),
    (#"{"a": tru}"#, "unexpected character '}' at byte 9"),
    (#""\ud800""#, #"unpaired surrogate in a \u escape at byte 7"#),
    (#"01"#, "unexpected text after the JSON value at byte 1"),
    ("", "unexpected end of input at byte 0"),
    ("{\"a\": \"x\u{01}\"}", "unescaped control character in a string at byte 8"),
  ])
  func rejectsMalformedJSONWithItsOffset(_ text: String, _ message: String) {
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    do {
      _ = try JSONParser.parse(Array(text.utf8))
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func rejectsInvalidUTF8InStrings() {
    let bytes: [UInt8] = Array(#"{"text": "ab"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
    do {
      _ = try JSONParser.parse(bytes)
      Issue.record("invalid UTF-8 accepted")
    } catch {
      #expect(error.description == "invalid UTF-8 at byte 12")
    }
  }

  @Test func refusesPathologicalNesting() {
    let text = String(repeating: "[", count: 100_000)
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
  }

  @Test func inputRecordsNameTheirPlace() {
    func read(_ line: String) -> InputRecord {
      Array(line.utf8).withUnsafeBufferPointer { InputRecord.fromJSONLine($0, place: "in.jsonl:7") }
    }
    guard case .article(let a) = read(#"{"id": "x", "text": "نص", "url": "u"}"#) else {
      Issue.record("not an article")
      return
    }
    #expect(a.id == "x" && a.text == "نص")
    #expect(a.extra.map(\.0) == ["url"])
    guard case .failure(let id, let message) = read(#"{"id": "x", "text": 5}"#) else {
      Issue.record("accepted a number as text")
      return
    }
    #expect(id == "x")
    #expect(message == #"in.jsonl:7:21: record 'x': "text" must be a string, found a number"#)
    guard case .failure(let id2, let message2) = read(#"{"id": "x", "text": "#) else {
      Issue.record("accepted broken JSON")
      return
    }
    #expect(id2 == "in.jsonl:7")
    #expect(message2 == "in.jsonl:7:21: invalid JSON: unexpected end of input")
  }
}
