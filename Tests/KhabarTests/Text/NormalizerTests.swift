import Testing

@testable import Khabar

@Suite struct NormalizerTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var normalized: String
    /// For each normalized unit, the original scalar range that produced it.
    var map: [Range<Int>]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "alef with hamza below", input: "إيران", normalized: "ايران",
      map: [0..<1, 1..<2, 2..<3, 3..<4, 4..<5]),
    Case(name: "alef with madda and wasla", input: "آٱ", normalized: "اا", map: [0..<1, 1..<2]),
    Case(
      name: "alef maqsura", input: "مصطفى", normalized: "مصطفي",
      map: [0..<1, 1..<2, 2..<3, 3..<4, 4..<5]),
    Case(
      name: "teh marbuta", input: "القاهرة", normalized: "القاهره",
      map: (0..<7).map { $0..<($0 + 1) }),
    Case(
      name: "tatweel deleted", input: "طهـــران", normalized: "طهران",
      map: [0..<1, 1..<2, 5..<6, 6..<7, 7..<8]),
    Case(
      name: "diacritics stay with their letter", input: "مُحَمَّد", normalized: "محمد",
      map: [0..<2, 2..<4, 4..<7, 7..<8]),
    Case(
      name: "bidi and zero-width marks deleted", input: "\u{200F}إيران\u{200E}\u{2066}",
      normalized: "ايران", map: [1..<2, 2..<3, 3..<4, 4..<5, 5..<6]),
    Case(
      name: "lam-alef ligature expands", input: "\u{FEFB}", normalized: "لا", map: [0..<1, 0..<1]),
    Case(
      name: "presentation forms", input: "\u{FEE3}\u{FEBC}\u{FEAE}", normalized: "مصر",
      map: [0..<1, 1..<2, 2..<3]),
    Case(
      name: "Allah ligature", input: "\u{FDF2}", normalized: "الله",
      map: [0..<1, 0..<1, 0..<1, 0..<1]),
    Case(
      name: "Farsi yeh and keheh", input: "ایران کرمان", normalized: "ايران كرمان",
      map: (0..<11).map { $0..<($0 + 1) }),
    Case(name: "Persian heh forms", input: "ەہ", normalized: "هه", map: [0..<1, 1..<2]),
    Case(
      name: "Arabic-Indic digits", input: "٢٠٢٣", normalized: "2023",
      map: [0..<1, 1..<2, 2..<3, 3..<4]),
    Case(
      name: "extended Arabic-Indic digits", input: "۱۴۰۲", normalized: "1402",
      map: [0..<1, 1..<2, 2..<3, 3..<4]),
    Case(
      name: "Latin case folded", input: "NATO", normalized: "nato",
      map: [0..<1, 1..<2, 2..<3, 3..<4]),
    Case(
      name: "decomposed madda composes, then folds", input: "ا\u{0653}", normalized: "ا",
      map: [0..<2]),
    Case(
      name: "decomposed hamza on waw composes and stays", input: "و\u{0654}", normalized: "ؤ",
      map: [0..<2]),
    Case(name: "lone diacritic at the start", input: "\u{064E}ب", normalized: "ب", map: [1..<2]),
    Case(
      name: "emoji is two UTF-16 units of one scalar", input: "😀", normalized: "😀",
      map: [0..<1, 0..<1]),
    Case(name: "quranic marks", input: "ب\u{06D6}", normalized: "ب", map: [0..<2]),
    Case(name: "empty", input: "", normalized: "", map: []),
  ]

  @Test(arguments: cases)
  func folds(_ c: Case) {
    let n = Normalizer().normalize(c.input)
    #expect(n.string == c.normalized)
    let map = (0..<n.units.count).map { Int(n.sourceStart[$0])..<Int(n.sourceEnd[$0]) }
    #expect(map == c.map)
  }

  @Test func rangeOverDeletedCharactersCoversThem() {
    let text = "قال طهـــران اليوم"
    let n = Normalizer().normalize(text)
    let s = n.string
    #expect(s == "قال طهران اليوم")
    let range = n.originalRange(of: 4..<9)
    #expect(n.originalText(range) == "طهـــران")
  }

  @Test func punctuationIsKept() {
    #expect(Normalizer().normalize("، ؛ ؟ « » ٪").string == "، ؛ ؟ « » ٪")
  }
}
