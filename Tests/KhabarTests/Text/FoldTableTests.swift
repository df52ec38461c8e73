import CICUShim
import Testing

@testable import Khabar

/// The fold table is built with shortcuts (ICU's inert test instead of normalizing every code
/// point) and read by the normalizer with shortcuts (a tight loop for single-unit folds): both
/// must give exactly what asking ICU about every code point and every segment gives.
@Suite struct FoldTableTests {
  /// The entry of BMP code point `c` as the table was first built: ICU asked about each one.
  static func referenceEntry(_ c: Int) -> (boundary: Bool, folded: [UInt16]) {
    if (0xD800...0xDFFF).contains(c) { return (true, [UInt16(c)]) }
    let folded = FoldTable.foldSlow(units: [UInt16(c)])
    let deletedStarter = folded.isEmpty && khabar_combining_class(UInt32(c)) == 0
    return (deletedStarter || khabar_nfkc_casefold_boundary_before(UInt32(c)) != 0, folded)
  }

  @Test func tableEqualsICUForEveryBMPCodePoint() {
    let table = FoldTable.shared
    var mismatches: [String] = []
    for c in 0..<0x10000 {
      let entry = table.entries[c]
      let length = Int(entry >> FoldTable.lengthShift & FoldTable.lengthMask)
      let payload = Int(entry & FoldTable.payloadMask)
      let folded = length == 1 ? [UInt16(payload)] : Array(table.pool[payload..<(payload + length)])
      let reference = FoldTableTests.referenceEntry(c)
      if (entry & FoldTable.boundaryBit != 0) != reference.boundary || folded != reference.folded {
        mismatches.append(String(c, radix: 16))
      }
    }
    #expect(mismatches.isEmpty, "code points folded differently: \(mismatches.prefix(20))")
  }

  /// The normalization of `text` by its definition: the text cut into segments before every
  /// scalar with a boundary (or a deleted starter), each segment folded by ICU as a whole, and
  /// each of its units mapped to the whole segment.
  static func referenceNormalization(_ text: String) -> (units: [UInt16], map: [Range<Int>]) {
    let scalars = Array(text.unicodeScalars)
    func startsSegment(_ s: Unicode.Scalar) -> Bool {
      s.value < 0x10000
        ? referenceEntry(Int(s.value)).boundary
        : khabar_nfkc_casefold_boundary_before(s.value) != 0
    }
    var units: [UInt16] = []
    var map: [Range<Int>] = []
    var start = 0
    while start < scalars.count {
      var end = start + 1
      while end < scalars.count && !startsSegment(scalars[end]) { end += 1 }
      var segment = String.UnicodeScalarView()
      segment.append(contentsOf: scalars[start..<end])
      for unit in FoldTable.foldSlow(units: Array(String(segment).utf16)) {
        units.append(unit)
        map.append(start..<end)
      }
      start = end
    }
    return (units, map)
  }

  /// Characters that exercise every path: single-unit folds, deletions, expansions, combining
  /// marks that compose or reorder, scalars outside the BMP.
  static let alphabet: [Unicode.Scalar] =
    Array(
      "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىةـ ٠١٩۱۴ ،؛؟«»aZz09.,-\n\t"
        .unicodeScalars)
    + [
      "\u{064B}", "\u{064E}", "\u{0650}", "\u{0651}", "\u{0652}", "\u{0653}", "\u{0654}",
      "\u{0655}", "\u{0670}", "\u{06D6}", "\u{200C}", "\u{200F}", "\u{2066}", "\u{FEFF}",
      "\u{FEFB}", "\u{FDF2}", "\u{FDFA}", "\u{FEE3}", "\u{0301}", "\u{0327}", "\u{00C9}",
      "\u{1E9E}", "\u{212B}", "\u{AC00}", "\u{1161}", "\u{11A8}", "\u{3300}", "\u{F900}",
      "\u{1F600}", "\u{1D400}", "\u{2F800}", "\u{00A0}",
    ]

  @Test func normalizerEqualsSegmentByICUOnGeneratedText() {
    var generator = SplitMix64(seed: 0x5EED)
    for round in 0..<3000 {
      let length = Int(generator.next() % 24)
      var view = String.UnicodeScalarView()
      for _ in 0..<length {
        view.append(
          FoldTableTests.alphabet[Int(generator.next() % UInt64(FoldTableTests.alphabet.count))])
      }
      if !FoldTableTests.expectReferenceNormalization(String(view), round: round) { return }
    }
  }

  /// Expects the normalizer's units and source map for `text` to be the reference's; returns
  /// whether they are (callers stop at the first difference).
  static func expectReferenceNormalization(_ text: String, round: Int) -> Bool {
    let normalized = Normalizer().normalize(text)
    let reference = referenceNormalization(text)
    let map = (0..<normalized.units.count).map {
      Int(normalized.sourceStart[$0])..<Int(normalized.sourceEnd[$0])
    }
    #expect(normalized.units == reference.units, "round \(round): \(text.debugDescription)")
    #expect(map == reference.map, "round \(round): \(text.debugDescription)")
    return normalized.units == reference.units && map == reference.map
  }
}
