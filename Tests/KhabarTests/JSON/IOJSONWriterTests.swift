import Testing

@testable import Khabar

/// Strings of up to 15 bytes are written and compared from two words (`SmallUTF8`), longer ones
/// from the bytes `utf8Span` lends, and the general path borrows them through
/// `utf8.withContiguousStorageIfAvailable`.
///
/// All paths must give the same bytes, and short keys the same order.
@Suite struct IOJSONWriterTests {
  /// JSON text of `s` by a byte-at-a-time reference: the escapes `JSONWriter` promises.
  static func reference(_ s: String) -> [UInt8] {
    var out: [UInt8] = [0x22]
    let bytes = Array(s.utf8)
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case 0x22: out += Array(#"\""#.utf8)
      case 0x5C: out += Array(#"\\"#.utf8)
      case 0x0A: out += Array(#"\n"#.utf8)
      case 0x0D: out += Array(#"\r"#.utf8)
      case 0x09: out += Array(#"\t"#.utf8)
      case 0..<0x20, 0x7F:
        let hex = Array("0123456789abcdef".utf8)
        out += Array(#"\u00"#.utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
      case 0xE2
      where i + 2 < bytes.count && bytes[i + 1] == 0x80
        && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
        out += Array((bytes[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
        i += 2
      default: out.append(b)
      }
      i += 1
    }
    return out + [0x22]
  }

  static func written(_ s: String, general: Bool = false) -> [UInt8] {
    var buffer = JSONBuffer(capacity: 64)
    // Something before, so that the small path writes at an offset.
    buffer.append("[")
    if general {
      JSONWriter.writeAnyString(s, into: &buffer)
    } else {
      JSONWriter.writeString(s, into: &buffer)
    }
    return Array(buffer.bytes.dropFirst())
  }

  /// Characters worth placing: every escape candidate, bytes next to them, each UTF-8 length.
  static let pieces: [String] = [
    "a", "Z", "0", " ", "~", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
    "\u{80}", "é",
    "ب", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "€", "‘", "😀", "\u{10FFFF}",
  ]

  @Test(arguments: Array(0...20) + [23, 24, 31, 32, 33, 40])
  func everyPieceAtEveryPlaceWritesLikeTheGeneralPath(_ length: Int) {
    for filler in ["x", "ب"] {
      for piece in IOJSONWriterTests.pieces {
        for place in 0...length {
          var s = String(repeating: filler, count: length)
          s.insert(contentsOf: piece, at: s.index(s.startIndex, offsetBy: place))
          // The same text made three ways: inserted into, decoded from bytes, appended to.
          let decoded = String(decoding: Array(s.utf8), as: UTF8.self)
          var appended = String(repeating: filler, count: place)
          appended += piece
          appended += String(repeating: filler, count: length - place)
          for text in [s, decoded, appended] {
            let expected = IOJSONWriterTests.reference(text)
            #expect(IOJSONWriterTests.written(text) == expected, "\(text.debugDescription)")
            #expect(
              IOJSONWriterTests.written(text, general: true) == expected, "\(text.debugDescription)"
            )
            if text.utf8.count <= 15 {
              let small = SmallUTF8(reading: text)
              #expect(small?.count == text.utf8.count, "not small: \(text.debugDescription)")
              if let small {
                var bytes: [UInt8] = []
                for i in 0..<16 {
                  let word = i < 8 ? small.low : small.high
                  bytes.append(UInt8(truncatingIfNeeded: word >> UInt64((i % 8) * 8)))
                }
                // Its bytes, then zeros.
                #expect(
                  bytes == Array(text.utf8) + Array(repeating: 0, count: 16 - text.utf8.count))
              }
            }
          }
        }
      }
    }
  }

  @Test func longerStringsAreReadFromTheirSpan() {
    var appended = String(repeating: "ب", count: 9)
    appended += "\u{2028}x"
    let texts = [
      String(repeating: "y", count: 16), String(repeating: "ب", count: 8), "gazetteer:countries",
      appended,
      String(decoding: Array("rule:title.office\n".utf8), as: UTF8.self),
      String(Substring("a literal that is long enough")),
    ]
    for text in texts {
      #expect(SmallUTF8(reading: text) == nil)
      #expect(IOJSONWriterTests.written(text) == IOJSONWriterTests.reference(text))
      #expect(IOJSONWriterTests.written(text, general: true) == IOJSONWriterTests.reference(text))
    }
  }

  @Test func smallKeysSortByTheirBytes() {
    var keys = [
      "", "a", "b", "ab", "abc", "a\u{0}", "a\u{0}b", "id", "idx", "wikidata", "wikidatb",
      "country",
      "country_id", "é", "e\u{301}", "ب", "بب", "~", "\u{7F}", "😀", "fifteen bytes!!",
      "fifteen bytes!", "fifteen bytes!\u{0}",
    ]
    keys += keys.map { String(decoding: Array($0.utf8), as: UTF8.self) + "z" }
    for a in keys {
      for b in keys {
        let expected = a.utf8.lexicographicallyPrecedes(b.utf8)
        #expect(
          JSONWriter.keyPrecedes(a, b) == expected, "\(a.debugDescription) < \(b.debugDescription)")
        #expect(JSONWriter.keyPrecedesByBytes(a, b) == expected)
        if let x = SmallUTF8(reading: a), let y = SmallUTF8(reading: b) {
          #expect(SmallUTF8.precedes(x, y) == expected)
        }
      }
    }
  }

  @Test func integersAreTheirDecimalTextAtEveryDigitCount() {
    var values = Array(-1_000...20_000)
    var power = 1
    for _ in 0..<18 {
      power *= 10
      values += [power - 1, power, power + 1, -power + 1, -power, -power - 1]
    }
    values += [Int.max, Int.min, Int.max - 1, Int.min + 1]
    for value in values {
      var buffer = JSONBuffer(capacity: 64)
      JSONWriter.writeInt(value, into: &buffer)
      #expect(Array(buffer.bytes) == Array(String(value).utf8), "\(value)")
    }
  }
}
