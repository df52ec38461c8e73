import Testing

@testable import Khabar

/// `JSONParser` and `JSONRecordScanner` decode escapes by one implementation (`JSONEscape`):
/// every escape form gives the same text by both, and every bad one fails both, the parser
/// with its message at its 0-based byte offset.
@Suite struct JSONEscapeTests {
  enum Expected: Sendable, CustomStringConvertible {
    case text(String)
    /// The message and the offset counted from the backslash (or `nil`: at the end of input).
    case failure(String, Int?)

    var description: String {
      switch self {
      case .text(let s): s.debugDescription
      case .failure(let m, let o): "\(m) at +\(o.map(String.init) ?? "end")"
      }
    }
  }

  static let cases: [(String, Expected)] = [
    (#"\""#, .text("\"")), (#"\\"#, .text("\\")), (#"\/"#, .text("/")), (#"\b"#, .text("\u{8}")),
    (#"\f"#, .text("\u{C}")), (#"\n"#, .text("\n")), (#"\r"#, .text("\r")), (#"\t"#, .text("\t")),
    (#"\u0000"#, .text("\u{0}")), (#"\u001f"#, .text("\u{1F}")), (#"\u0041"#, .text("A")),
    (#"\u007F"#, .text("\u{7F}")), (#"\u0080"#, .text("\u{80}")), (#"\u00e9"#, .text("é")),
    (#"\u00E9"#, .text("é")), (#"\u0627"#, .text("ا")), (#"\u2028"#, .text("\u{2028}")),
    (#"\uFFFF"#, .text("\u{FFFF}")), (#"\uD800\uDC00"#, .text("\u{10000}")),
    (#"\uD83D\uDE00"#, .text("😀")), (#"\ud83d\ude00"#, .text("😀")),
    (#"\uDBFF\uDFFF"#, .text("\u{10FFFF}")),
    (#"\u0627\n\""#, .text("ا\n\"")),
    // Errors.
    (#"\x"#, .failure("invalid escape '\\x'", 2)),
    (#"\U0041"#, .failure("invalid escape '\\U'", 2)),
    ("\\\u{1}", .failure("invalid escape '\\\\x1'", 2)),
    (#"\'"#, .failure("invalid escape '\\''", 2)),
    (#"\u12G4"#, .failure("invalid hex digit in a \\u escape", 4)),
    (#"\u 041"#, .failure("invalid hex digit in a \\u escape", 2)),
    (#"\uDC00"#, .failure("unpaired surrogate in a \\u escape", 6)),
    (#"\uDFFFx"#, .failure("unpaired surrogate in a \\u escape", 6)),
    (#"\uD800"#, .failure("unpaired surrogate in a \\u escape", 6)),
    (#"\uD800x"#, .failure("unpaired surrogate in a \\u escape", 6)),
    (#"\uD800\n"#, .failure("unpaired surrogate in a \\u escape", 6)),
    (#"\uD800\u0041"#, .failure("unpaired surrogate in a \\u escape", 12)),
    (#"\uD800\uD800"#, .failure("unpaired surrogate in a \\u escape", 12)),
    (#"\uDBFF\uE000"#, .failure("unpaired surrogate in a \\u escape", 12)),
    (#"\uD800\uDZ00"#, .failure("invalid hex digit in a \\u escape", 9)),
  ]

  /// What the parser makes of the JSON string `"` + `escape` + `"`.
  static func parsed(_ escape: String) -> Result<String, JSONParser.Failure> {
    do {
      guard case .string(let s) = try JSONParser.parse(Array(("\"" + escape + "\"").utf8)) else {
        return .failure(JSONParser.Failure(offset: -1, message: "not a string"))
      }
      return .success(s)
    } catch {
      return .failure(error)
    }
  }

  /// What the record scanner makes of `escape` as the text of a record; nil if it declines.
  static func scanned(_ escape: String) -> String? {
    Array((#"{"id":"1","text":""# + escape + #""}"#).utf8).withUnsafeBufferPointer {
      JSONRecordScanner.article($0)?.text
    }
  }

  @Test(arguments: cases)
  func bothPathsDecodeEveryEscapeAlike(_ escape: String, _ expected: Expected) {
    let parsed = JSONEscapeTests.parsed(escape)
    let scanned = JSONEscapeTests.scanned(escape)
    switch expected {
    case .text(let text):
      #expect((try? parsed.get()).map { Array($0.utf8) } == Array(text.utf8), "\(expected)")
      #expect(scanned.map { Array($0.utf8) } == Array(text.utf8), "\(expected)")
    case .failure(let message, let offset):
      // The backslash is at offset 1, after the opening quote.
      let at = offset.map { 1 + $0 } ?? escape.utf8.count + 2
      #expect(parsed == .failure(JSONParser.Failure(offset: at, message: message)), "\(expected)")
      #expect(scanned == nil, "\(expected)")
    }
  }

  @Test func anEscapeAtTheEndOfInputIsAnUnterminatedString() {
    // `"\` and nothing after the backslash.
    #expect(throws: JSONParser.Failure(offset: 2, message: "unterminated string")) {
      try JSONParser.parse(Array(#""\"#.utf8))
    }
    #expect(
      Array(#"{"id":"1","text":"\"#.utf8).withUnsafeBufferPointer { JSONRecordScanner.article($0) }
        == nil)
  }

  /// Every UTF-16 code unit as a `\u` escape, in upper and lower case: a scalar decodes to
  /// itself by both paths; a lone surrogate fails both.
  @Test func everyCodeUnitDecodesAlikeByBothPaths() {
    for block in 0..<256 {
      for uppercase in [false, true] {
        var escapes = ""
        var expected = ""
        for unit in (block << 8)..<((block + 1) << 8) {
          let hex = String(unit, radix: 16, uppercase: uppercase)
          escapes += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
          if let scalar = Unicode.Scalar(UInt32(unit)) { expected.unicodeScalars.append(scalar) }
        }
        if (0xD8..<0xE0).contains(block) {
          let message = "unpaired surrogate in a \\u escape"
          // A high surrogate meets another high one (12 bytes on), a low one stands alone.
          let failure = JSONParser.Failure(offset: 1 + (block < 0xDC ? 12 : 6), message: message)
          #expect(JSONEscapeTests.parsed(escapes) == .failure(failure), "block \(block)")
          #expect(JSONEscapeTests.scanned(escapes) == nil, "block \(block)")
        } else {
          #expect(
            (try? JSONEscapeTests.parsed(escapes).get()).map { Array($0.utf8) }
              == Array(expected.utf8))
          #expect(JSONEscapeTests.scanned(escapes).map { Array($0.utf8) } == Array(expected.utf8))
        }
      }
    }
  }
}
