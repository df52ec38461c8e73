import Testing

@testable import Khabar

/// `String(utf16:)` (the model's candidates' canonical names) makes the string that
/// `String(decoding:as: UTF16.self)` makes, byte for byte, lone surrogates included.
@Suite struct UTF16StringTests {
  /// Units near every boundary of UTF-8's lengths, Arabic letters, surrogates alone and in
  /// pairs.
  static let units: [UInt16] = [
    0x00, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x0627, 0x0644, 0x200F, 0xD7FF, 0xD800, 0xDBFF,
    0xDC00, 0xDFFF, 0xE000, 0xFFFD, 0xFFFF, 0xD83D, 0xDE00,
  ]

  @Test(arguments: 0..<300)
  func givesWhatDecodingGives(seed: Int) {
    var random = SplitMix64(seed: UInt64(seed))
    let count = seed % 13
    let text = (0..<count).map { _ in
      UTF16StringTests.units[Int(random.next() % UInt64(UTF16StringTests.units.count))]
    }
    let made = text.withUnsafeBufferPointer { String(utf16: $0) }
    let expected = String(decoding: text, as: UTF16.self)
    #expect(Array(made.utf8) == Array(expected.utf8), "\(text.map { String($0, radix: 16) })")
  }

  @Test func pairsAndLoneSurrogates() {
    let cases: [([UInt16], String)] = [
      ([0xD83D, 0xDE00], "\u{1F600}"),
      ([0xD83D], "\u{FFFD}"),
      ([0xDE00, 0xD83D], "\u{FFFD}\u{FFFD}"),
      ([0xD83D, 0x0627], "\u{FFFD}\u{0627}"),
      ([0x0645, 0x062D, 0x0645, 0x062F], "محمد"),
    ]
    for (units, expected) in cases {
      #expect(units.withUnsafeBufferPointer { String(utf16: $0) } == expected)
    }
  }
}
