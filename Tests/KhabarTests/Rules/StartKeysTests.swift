import Testing

@testable import Khabar

@Suite struct StartKeysTests {
  /// Folding the all-zero rows changes no word's row: every lexicon id reads back the words it
  /// was given, the ids without bits share row 0, and no row is stored twice.
  @Test func foldedRowsReadBackAsGiven() {
    let banks = 3
    let stride = 1 + banks
    let count = 300
    var perWord = [UInt64](repeating: 0, count: count * stride)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for id in 0..<count where id % 5 == 2 || id == count - 1 {
      for k in 0..<stride {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        // Some words with bits in a requirement bank only, none in the phase word.
        perWord[id * stride + k] = k == 0 && id % 3 == 0 ? 0 : state | 1
      }
    }
    let keys = RuleSet.StartKeys(perWord: perWord, kindPhases: [1, 2, 3, 4], banks: banks)
    #expect(keys.stride == stride)
    #expect(keys.words.count == (1 + count / 5 + 1) * stride)
    #expect(keys.words[0..<stride].allSatisfy { $0 == 0 })
    #expect(keys.row(-1) == 0)
    for id in 0..<count {
      let row = keys.row(Int32(id))
      let given = Array(perWord[(id * stride)..<(id * stride + stride)])
      #expect(Array(keys.words[(row * stride)..<(row * stride + stride)]) == given)
      #expect((row != 0) == given.contains { $0 != 0 })
    }
  }
}
