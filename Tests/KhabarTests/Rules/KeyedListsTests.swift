import Testing

@testable import Khabar

@Suite struct KeyedListsTests {
  /// Lists made from (key, item) pairs are the lists made from the per-key arrays: every key's
  /// items in pair order, empty keys and keys past the last pair included.
  @Test func pairsGiveTheSameListsAsArrays() {
    let keyCount = 50
    var lists = [[Int]](repeating: [], count: keyCount)
    var pairs: [(key: Int32, item: Int32)] = []
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    for item in 0..<400 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      // Keys below 40 only: the last ten stay empty.
      let key = Int(state >> 33) % 40
      lists[key].append(item)
      pairs.append((Int32(key), Int32(item)))
    }
    let fromArrays = KeyedLists(lists)
    let fromPairs = KeyedLists(pairs: pairs, keyCount: keyCount)
    #expect(fromPairs.starts == fromArrays.starts)
    #expect(fromPairs.items == fromArrays.items)
    for key in 0..<keyCount {
      #expect(fromPairs.range(key).map { Int(fromPairs.items[$0]) } == lists[key])
    }
  }

  @Test func noPairsNoItems() {
    let lists = KeyedLists(pairs: [], keyCount: 3)
    #expect(lists.starts == [0, 0, 0, 0])
    #expect(lists.items.isEmpty && lists.range(1).isEmpty && lists.range(7).isEmpty)
  }
}
