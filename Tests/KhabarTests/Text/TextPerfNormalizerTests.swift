import Testing

@testable import Khabar

/// The normalizer's fast paths against their definitions: the pair table against decoding and
/// the per-code-point table, the per-scalar byte offsets against the text's own scalars, and
/// whole normalizations of long hostile text against ICU segment by segment.
@Suite struct TextPerfNormalizerTests {
  /// Every two-byte key of `FoldTable.pairs` decodes, classifies and folds as the per-code-point
  /// entries say: simple one- and two-byte scalars give their unit, length and width; every
  /// other pair (a three- or four-byte lead, a continuation byte, an invalid lead, a complex
  /// scalar) is marked not simple.
  @Test func pairTableAgreesWithEntriesForEveryKey() {
    let table = FoldTable.shared
    var mismatches: [String] = []
    for key in 0..<0x10000 {
      let bytes = [UInt8(key & 0xFF), UInt8(key >> 8)]
      let pair = table.pairs[key]
      // What the general path would do with these two bytes.
      var expected = FoldTable.pairNotSimple
      let decoded: (scalar: Int, width: UInt32)? =
        if bytes[0] < 0x80 {
          (Int(bytes[0]), 1)
        } else if (0xC2..<0xE0).contains(bytes[0]) && bytes[1] & 0xC0 == 0x80 {
          (Int(bytes[0] & 0x1F) << 6 | Int(bytes[1] & 0x3F), 2)
        } else {
          nil
        }
      if let decoded {
        // The decoding agrees with Swift's own UTF-8 decoder.
        let text = String(decoding: bytes[..<Int(decoded.width)], as: UTF8.self)
        #expect(text.unicodeScalars.first?.value == UInt32(decoded.scalar))
        let entry = table.entries[decoded.scalar]
        if FoldTable.isSimple(entry) {
          let length = entry >> FoldTable.lengthShift & FoldTable.lengthMask
          expected =
            (length == 1 ? entry & 0xFFFF : pair & 0xFFFF) | length << 16
            | (decoded.width - 1) << 17
        }
      }
      if pair != expected { mismatches.append(String(key, radix: 16)) }
    }
    #expect(mismatches.isEmpty, "pairs folded differently: \(mismatches.prefix(20))")
  }

  /// Long generated text: the simple runs are long, the last byte is of every kind, and
  /// complex segments (marks, ligatures, astral scalars) fall in the middle of runs.
  static func longText(_ random: inout SplitMix64, length: Int) -> String {
    var view = String.UnicodeScalarView()
    let alphabet = FoldTableTests.alphabet
    for _ in 0..<length {
      // Mostly simple scalars, as in news.
      let index =
        random.next() % 4 == 0
        ? Int(random.next() % UInt64(alphabet.count)) : Int(random.next() % 60)
      view.append(alphabet[index])
    }
    return String(view)
  }

  @Test func longGeneratedTextNormalizesAsICUSegmentBySegment() {
    var random = SplitMix64(seed: 0x1000)
    for round in 0..<300 {
      let text = TextPerfNormalizerTests.longText(&random, length: Int(random.next() % 400))
      if !FoldTableTests.expectReferenceNormalization(text, round: round) { return }
    }
  }

  /// `originalText` of any scalar range is that slice of the text's scalars, whatever the
  /// widths of the scalars around its ends.
  @Test func originalTextSlicesEveryRangeExactly() {
    var random = SplitMix64(seed: 0x2000)
    let texts =
      ["", "a", "ب", "😀", "\u{FDFA}", "ا\u{0653}", "e\u{0301}x", "\r\n"]
      + (0..<60).map { _ in
        TextPerfNormalizerTests.longText(&random, length: Int(random.next() % 80))
      }
    for text in texts {
      let scalars = Array(text.unicodeScalars)
      let normalized = Normalizer().normalize(text)
      #expect(normalized.originalScalarCount == scalars.count)
      #expect(normalized.scalarOffsets.count == scalars.count + 1)
      for start in 0...scalars.count {
        for end in start...scalars.count {
          let expected = String(String.UnicodeScalarView(scalars[start..<end]))
          let got = normalized.originalText(start..<end)
          if got != expected {
            Issue.record("\(text.debugDescription) \(start)..<\(end): \(got.debugDescription)")
            return
          }
        }
      }
    }
  }

  /// A text that expands beyond its byte count (ligatures) is normalized again with room for
  /// every unit; its offsets stay exact.
  @Test func expandingTextKeepsOffsets() {
    let text =
      String(repeating: "\u{FDFA}", count: 40) + "إيران" + String(repeating: "\u{FDFA}", count: 3)
    let normalized = Normalizer().normalize(text)
    let reference = FoldTableTests.referenceNormalization(text)
    #expect(normalized.units == reference.units)
    #expect(normalized.originalText(40..<45) == "إيران")
  }
}
