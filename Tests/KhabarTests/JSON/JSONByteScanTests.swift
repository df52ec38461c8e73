import Testing

@testable import Khabar

/// The word-at-a-time scans must stop exactly where a byte-by-byte loop stops, wherever the
/// byte falls within a word and whatever bytes surround it.
@Suite struct JSONByteScanTests {
  static func isStringStop(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 }
  static func isEscapeCandidate(_ byte: UInt8) -> Bool {
    isStringStop(byte) || byte == 0x7F || byte == 0xE2
  }

  static func reference(_ bytes: [UInt8], from start: Int, _ isStop: (UInt8) -> Bool) -> Int {
    bytes[start...].firstIndex(where: isStop) ?? bytes.count
  }

  /// Expects both scans of `buffer` (holding `bytes`) from `start` to stop where a byte loop does.
  static func expectBothScansStop(
    _ bytes: [UInt8], _ buffer: UnsafeBufferPointer<UInt8>, from start: Int
  ) {
    #expect(
      JSONByteScan.firstStringStop(in: buffer, from: start)
        == reference(bytes, from: start, isStringStop))
    #expect(
      JSONByteScan.firstEscapeCandidate(in: buffer, from: start)
        == reference(bytes, from: start, isEscapeCandidate))
  }

  /// Bytes next to the ones the scans look for (a borrow or an off-by-one would show there).
  static let neighbours: [UInt8] = [
    0x00, 0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x80, 0xA8, 0xD8, 0xE1, 0xE3, 0xFF,
  ]

  @Test(arguments: [0, 1, 7, 8, 9, 15, 16])
  func everyByteAtEveryPlaceStopsLikeAByteLoop(_ place: Int) {
    for filler in JSONByteScanTests.neighbours where !JSONByteScanTests.isEscapeCandidate(filler) {
      for byte in UInt8.min...UInt8.max {
        var bytes = [UInt8](repeating: filler, count: 19)
        bytes[place] = byte
        bytes.withUnsafeBufferPointer { buffer in
          for start in 0...place {
            JSONByteScanTests.expectBothScansStop(bytes, buffer, from: start)
          }
        }
      }
    }
  }

  @Test func randomRunsOfNearbyBytesStopLikeAByteLoop() {
    var generator = SplitMix64(seed: 2015)
    let alphabet = JSONByteScanTests.neighbours + [0x22, 0x5C, 0x7F, 0xE2, 0x0A, 0x61, 0xD9]
    for _ in 0..<3000 {
      let count = Int(generator.next() % 40)
      let bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      bytes.withUnsafeBufferPointer { buffer in
        for start in 0...count { JSONByteScanTests.expectBothScansStop(bytes, buffer, from: start) }
      }
    }
  }

  @Test(arguments: [
    (#"\n"#, "\n"), (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\u0627"#, "ا"),
    (#"\ud83d\ude00"#, "😀"),
  ])
  func escapesDecodeWhereverTheyFall(_ escape: String, _ decoded: String) throws {
    for before in 0...17 {
      for after in [0, 1, 8, 9] {
        let head =
          String(repeating: "ب", count: before / 2) + String(repeating: "x", count: before % 2)
        let tail = String(repeating: "y", count: after)
        let json = "\"" + head + escape + tail + escape + "\""
        #expect(try JSONParser.parse(Array(json.utf8)) == .string(head + decoded + tail + decoded))
      }
    }
  }

  @Test func controlCharactersAreRefusedWhereverTheyFall() {
    for before in 0...17 {
      for escaped in [false, true] {
        let head = (escaped ? #"\t"# : "") + String(repeating: "x", count: before)
        let bytes = Array(("\"" + head).utf8) + [0x01] + Array("x\"".utf8)
        do {
          _ = try JSONParser.parse(bytes)
          Issue.record("control character accepted")
        } catch {
          #expect(
            error.description
              == "unescaped control character in a string at byte \(1 + head.utf8.count)")
        }
      }
    }
  }

  @Test func invalidUTF8AfterAnEscapeKeepsItsOffset() {
    // The offset counts decoded bytes after the opening quote, as it always has.
    let bytes: [UInt8] = Array(#""\nab"#.utf8) + [0xC3, 0x28] + Array(#"""#.utf8)
    do {
      _ = try JSONParser.parse(bytes)
      Issue.record("invalid UTF-8 accepted")
    } catch {
      #expect(error.description == "invalid UTF-8 at byte 4")
    }
  }
}

/// The writer's bulk escaping must give the bytes of the byte-at-a-time loop it replaced.
@Suite struct JSONWriterEscapeTests {
  /// The escaping of JSONWriter before it copied runs in bulk.
  static func reference(_ bytes: [UInt8]) -> [UInt8] {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = [0x22]
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case 0x22: out += [0x5C, 0x22]
      case 0x5C: out += [0x5C, 0x5C]
      case 0x0A: out += Array(#"\n"#.utf8)
      case 0x0D: out += Array(#"\r"#.utf8)
      case 0x09: out += Array(#"\t"#.utf8)
      case 0x00..<0x20, 0x7F: out += Array(#"\u00"#.utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
      case 0xE2
      where i + 2 < bytes.count && bytes[i + 1] == 0x80
        && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
        out += Array(#"\u202"#.utf8) + [bytes[i + 2] == 0xA8 ? 0x38 : 0x39]
        i += 2
      default: out.append(b)
      }
      i += 1
    }
    return out + [0x22]
  }

  static func written(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    JSONWriter.writeString(String(decoding: bytes, as: UTF8.self), into: &out)
    return out
  }

  @Test func everyASCIICharacterAtEveryPlaceEscapesLikeTheByteLoop() {
    for place in 0..<17 {
      for byte in UInt8(0)...0x7F {
        var bytes = Array("abcdefghijklmnopq".utf8)
        bytes[place] = byte
        #expect(JSONWriterEscapeTests.written(bytes) == JSONWriterEscapeTests.reference(bytes))
      }
    }
  }

  /// Strings of every length up to three words, so that the byte loop of short strings, whole
  /// words and the overlapping last word each meet every kind of byte at every place.
  @Test(arguments: 0..<25) func everyLengthEscapesLikeTheByteLoop(_ length: Int) {
    for place in 0..<max(length, 1) {
      for byte: UInt8 in [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x22, 0x41, 0x5C, 0x7F] {
        var bytes = Array(String(repeating: "y", count: length).utf8)
        if length > 0 { bytes[place] = byte }
        #expect(JSONWriterEscapeTests.written(bytes) == JSONWriterEscapeTests.reference(bytes))
      }
      for separator in ["\u{2028}", "\u{2029}", "\u{2026}", "ب"] {
        let units = Array(separator.utf8)
        guard place + units.count <= length else { continue }
        var bytes = Array(String(repeating: "y", count: length).utf8)
        bytes.replaceSubrange(place..<place + units.count, with: units)
        #expect(JSONWriterEscapeTests.written(bytes) == JSONWriterEscapeTests.reference(bytes))
      }
    }
  }

  @Test func randomTextWithSeparatorsEscapesLikeTheByteLoop() {
    var generator = SplitMix64(seed: 2028)
    let pieces = [
      "\u{2028}", "\u{2029}", "\u{2026}", "\u{200F}", "\u{E2}", "\"", "\\", "\n", "\r", "\t",
      "\u{01}", "\u{7F}", "ب", "x", "😀",
    ]
    for _ in 0..<2000 {
      let text = (0..<Int(generator.next() % 24)).map { _ in
        pieces[Int(generator.next() % UInt64(pieces.count))]
      }.joined()
      let bytes = Array(text.utf8)
      #expect(JSONWriterEscapeTests.written(bytes) == JSONWriterEscapeTests.reference(bytes))
    }
  }
}
