import Testing

@testable import Khabar

/// `UTF8Validator` must accept exactly what `String(validating:as:)` accepts, and give the
/// same text, wherever a sequence falls against its eight-byte words.
@Suite struct UTF8ValidatorTests {
  /// What the standard library makes of `bytes`, and what the validator makes of them, agree.
  static func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let expected = String(validating: bytes, as: UTF8.self)
    let found = UTF8Validator.string(validating: bytes)
    #expect(
      found == expected, "bytes \(bytes.map { String($0, radix: 16) })",
      sourceLocation: sourceLocation)
    if let found, let expected {
      #expect(Array(found.utf8) == Array(expected.utf8), sourceLocation: sourceLocation)
    }
  }

  /// Fillers around a sequence: ASCII, two-byte Arabic letters, and a three-byte character.
  static let fillers: [[UInt8]] = [
    Array("abcdefghijklmnopqrst".utf8), Array("مرحبابالعالمين".utf8), Array("a‘ب’c".utf8),
  ]

  /// Second and later bytes worth trying: the edges of every continuation range, and bytes
  /// outside them.
  static let followers: [UInt8] = [
    0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xF4, 0xFF,
  ]

  @Test(arguments: [0, 1, 5, 6, 7, 8, 9, 13])
  func everyLeadByteAtEveryPlaceAgrees(_ place: Int) {
    for filler in UTF8ValidatorTests.fillers {
      for lead in UInt8.min...UInt8.max {
        for second in UTF8ValidatorTests.followers {
          for third in [UInt8(0x80), 0xBF, 0x41] {
            for fourth in [UInt8(0x80), 0xBF, 0x41] {
              var bytes = Array(filler.prefix(place))
              bytes += [lead, second, third, fourth]
              bytes += filler.prefix(9)
              UTF8ValidatorTests.expectAgreement(bytes)
              // The same sequence cut short at the end of the input.
              UTF8ValidatorTests.expectAgreement(Array(filler.prefix(place)) + [lead, second])
            }
          }
        }
      }
    }
  }

  @Test func everyTwoByteSequenceAgrees() {
    for lead in UInt8.min...UInt8.max {
      for second in UInt8.min...UInt8.max {
        UTF8ValidatorTests.expectAgreement(Array("نص".utf8) + [lead, second] + Array(" عربي".utf8))
      }
    }
  }

  @Test func randomMixturesAgree() {
    // Pieces that meet at every offset within a word: valid sequences of each length and
    // broken ones (a stray continuation, an overlong lead, a surrogate, a cut sequence).
    let pieces: [[UInt8]] = [
      [0x20], [0x61], Array("ب".utf8), Array("€".utf8), Array("😀".utf8), [0x80], [0xC1, 0xBF],
      [0xED, 0xA0, 0x80],
      [0xF4, 0x90, 0x80, 0x80], [0xD8], [0xE2, 0x80], Array("\u{10FFFF}".utf8),
      Array("\u{800}".utf8),
    ]
    var generator = SplitMix64(seed: 0x5EED)
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...24, using: &generator) {
        // Mostly valid pieces, so that errors also come late in long inputs.
        let piece =
          Int.random(in: 0..<100, using: &generator) < 90
          ? pieces[Int.random(in: 0...4, using: &generator)]
          : pieces.randomElement(using: &generator)!
        bytes += piece
      }
      UTF8ValidatorTests.expectAgreement(bytes)
    }
  }

  @Test func emptyInputIsTheEmptyString() {
    #expect(UTF8Validator.string(validating: []) == "")
  }
}
