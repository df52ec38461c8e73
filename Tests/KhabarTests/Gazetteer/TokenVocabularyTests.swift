import Testing

@testable import Khabar

@Suite struct TokenVocabularyTests {
  /// A key of Arabic letters for each `seed`, distinct for distinct seeds: the seed's digits in
  /// base 40, so keys of several lengths sharing prefixes.
  static func key(_ seed: Int) -> [UInt16] {
    var units: [UInt16] = []
    var n = seed
    repeat {
      units.append(UInt16(0x0621 + n % 40))
      n /= 40
    } while n > 0
    return units
  }

  func lookup(_ vocabulary: TokenVocabulary, _ key: [UInt16]) -> Int32? {
    key.withUnsafeBufferPointer { vocabulary.lookup($0) }
  }

  /// Ids are dense and stable through the table's growth (a record's id is read from the pool,
  /// past the 16 bits of its low half), every key comes back by id, and nothing else is found.
  @Test(arguments: [1, 70, 70_000])
  func internsAndFindsEveryKey(count: Int) {
    var vocabulary = TokenVocabulary()
    let keys = (0..<count).map(TokenVocabularyTests.key)
    let seen = Set(keys)
    for (i, key) in keys.enumerated() { #expect(vocabulary.intern(key) == Int32(i)) }
    #expect(vocabulary.count == count)
    // Interning again adds nothing.
    #expect(vocabulary.intern(keys[count - 1]) == Int32(count - 1))
    #expect(vocabulary.count == count)
    for (i, key) in keys.enumerated() {
      #expect(lookup(vocabulary, key) == Int32(i))
      #expect(Array(vocabulary.key(i)) == key)
    }
    // A key one unit longer or shorter, or with its last unit changed, is not found (unless it
    // was interned too).
    for key in keys.prefix(200) {
      for other in [key + [0x0627], Array(key.dropLast()), Array(key.dropLast()) + [0x0700]]
      where !seen.contains(other) {
        #expect(lookup(vocabulary, other) == nil)
      }
    }
  }

  /// A key's value (all 64 bits) comes back with it, 0 until set, and only for that key.
  @Test func keepsAValuePerKey() {
    var vocabulary = TokenVocabulary()
    let keys = (0..<500).map(TokenVocabularyTests.key)
    for key in keys { _ = vocabulary.intern(key) }
    for id in stride(from: 0, to: keys.count, by: 2) {
      vocabulary.setValue(UInt64(id) &* 0x9E37_79B9_7F4A_7C15 | 1 << 63, of: id)
    }
    for (id, key) in keys.enumerated() {
      let value = key.withUnsafeBufferPointer { vocabulary.value(of: $0) }
      #expect(value == (id % 2 == 0 ? UInt64(id) &* 0x9E37_79B9_7F4A_7C15 | 1 << 63 : 0))
      #expect(Array(vocabulary.key(id)) == key)
    }
    let missing = TokenVocabularyTests.key(keys.count)
    #expect(missing.withUnsafeBufferPointer { vocabulary.value(of: $0) } == nil)
  }

  /// A key longer than 16 bits of length (one word of an article can be) is kept whole: its
  /// id, units and value come back, and a key that differs only past 65,536 units is another.
  @Test func keepsKeysOfAnyLength() {
    var vocabulary = TokenVocabulary()
    let long = [UInt16](repeating: 0x0645, count: 70_000) + [0x062F]
    let other = [UInt16](repeating: 0x0645, count: 70_000) + [0x0631]
    let short = Array(long.prefix(70_000 - 65_536))
    let a = vocabulary.intern(long)
    let b = vocabulary.intern(short)
    #expect(a != b)
    #expect(vocabulary.intern(long) == a)
    #expect(Array(vocabulary.key(Int(a))) == long)
    #expect(Array(vocabulary.key(Int(b))) == short)
    #expect(other.withUnsafeBufferPointer { vocabulary.lookup($0) } == nil)
    vocabulary.setValue(42, of: Int(a))
    #expect(long.withUnsafeBufferPointer { vocabulary.value(of: $0) } == 42)
    #expect(short.withUnsafeBufferPointer { vocabulary.value(of: $0) } == 0)
  }

  /// Values set all at once read back as values set one by one.
  @Test func setsEveryValueAtOnce() {
    var vocabulary = TokenVocabulary()
    let keys = (0..<300).map(TokenVocabularyTests.key)
    for key in keys { _ = vocabulary.intern(key) }
    let values = keys.indices.map { UInt64($0) << 40 | UInt64($0 * 7 + 1) }
    vocabulary.setValues(values)
    for (id, key) in keys.enumerated() {
      #expect(key.withUnsafeBufferPointer { vocabulary.value(of: $0) } == values[id])
      #expect(key.withUnsafeBufferPointer { vocabulary.lookup($0) } == Int32(id))
    }
  }

  @Test func findsAKeyWithARestoredPrefix() {
    var vocabulary = TokenVocabulary()
    let id = vocabulary.intern(Array("القوات".utf16))
    let stem = Array("لقوات".utf16)
    stem.withUnsafeBufferPointer { stem in
      #expect(vocabulary.lookup(prefix: [0x0627], stem) == id)
      #expect(vocabulary.lookup(prefix: [], stem) == nil)
      #expect(vocabulary.value(ofPrefix: [0x0627], stem) == 0)
      #expect(vocabulary.value(ofPrefix: [], stem) == nil)
    }
  }

  @Test func emptyVocabularyFindsNothing() {
    let vocabulary = TokenVocabulary()
    #expect(lookup(vocabulary, Array("في".utf16)) == nil)
    #expect(lookup(vocabulary, []) == nil)
  }
}
