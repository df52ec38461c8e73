/// What the vocabulary says of each token type, kept across one extractor's articles: the
/// token's value in `TokenVocabulary` and the values of its proclitic readings, so that a word
/// met again is answered from one cache line rather than looked up once as written and once
/// per proclitic split (each look-up a hash and two or three cache misses in the vocabulary).
///
/// Direct-mapped, of fixed size (64 bytes per entry): a new word replaces the one in its entry.
/// Only tokens of at most `maximumLength` units are kept (nearly all of them); longer ones are
/// looked up every time. An entry is the token's hash, its length and its units, so a hit is
/// always the same text, and holds what the look-ups gave: the cache never changes a result.
///
/// The entries are aligned on cache lines, and an article's entries are asked for (prefetched)
/// in a first pass over its tokens, before the second reads them: each entry read is otherwise
/// a wait for memory.
///
/// Not thread-safe: each extractor (one per worker) has its own.
final class WordCache {
  /// The longest token kept, in UTF-16 units: the units are kept inline in the entry.
  static let maximumLength = 8
  /// Words per entry: hash; length, reading count and reading analyses; the token's value;
  /// three reading values; the units.
  private static let entryWords = 8
  /// The value of a token or stem the vocabulary does not hold: no value is all ones (each
  /// vocabulary word has an id on at least one side).
  static let absent = UInt64.max

  private let table: UnsafeMutableBufferPointer<UInt64>
  private let mask: Int

  /// A cache of `capacity` entries (a power of two).
  init(capacity: Int = 1 << 16) {
    precondition(capacity > 0 && capacity & (capacity - 1) == 0, "capacity \(capacity)")
    let words = capacity * WordCache.entryWords
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: words * MemoryLayout<UInt64>.stride, alignment: 64)
    table = UnsafeMutableBufferPointer(
      start: raw.bindMemory(to: UInt64.self, capacity: words), count: words)
    table.initialize(repeating: 0)
    mask = capacity - 1
  }

  deinit { table.deallocate() }

  /// The vocabulary value of each token of `text` (`absent` when none) into `values`, and the
  /// proclitic readings of its word tokens whose stems the vocabulary holds, in token order and
  /// per token shortest clitics first (`Proclitics.readings`).
  ///
  /// `values` has a place per token.
  func analyse(
    _ text: TokenizedText, vocabulary words: TokenVocabulary,
    into values: UnsafeMutableBufferPointer<UInt64>
  ) -> [Proclitics.Reading] {
    var readings: [Proclitics.Reading] = []
    let mask = self.mask
    let table = self.table
    let count = text.tokens.count
    // Per token: its hash, its units as two words (zero-padded) and its entry (-1: not kept).
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4 * count) { keys in
      text.text.units.withUnsafeBufferPointer { units in
        text.tokens.withUnsafeBufferPointer { tokens in
          for i in tokens.indices {
            let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
            let n = token.count
            guard n > 0 && n <= WordCache.maximumLength else {
              keys[4 * i + 3] = UInt64.max
              continue
            }
            let h = TokenVocabulary.hash(token)
            var k0: UInt64 = 0
            var k1: UInt64 = 0
            for j in 0..<min(n, 4) { k0 |= UInt64(token[j]) << UInt64(16 * j) }
            if n > 4 { for j in 4..<n { k1 |= UInt64(token[j]) << UInt64(16 * (j - 4)) } }
            let e = (Int(truncatingIfNeeded: h >> 24) & mask) &* WordCache.entryWords
            prefetch(table, e)
            keys[4 * i] = h
            keys[4 * i + 1] = k0
            keys[4 * i + 2] = k1
            keys[4 * i + 3] = UInt64(e)
          }
          for i in tokens.indices {
            let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
            let n = token.count
            guard keys[4 * i + 3] != UInt64.max else {
              // Looked up as `Proclitics.readings` does, uncached.
              values[i] = words.value(of: token) ?? WordCache.absent
              if tokens[i].kind == .word {
                for analysis in Proclitics.analyses(of: token) {
                  let stem = UnsafeBufferPointer(rebasing: token[analysis.cliticLength...])
                  guard let value = words.value(ofPrefix: analysis.restoredPrefix, stem) else {
                    continue
                  }
                  readings.append(WordCache.reading(i, analysis, value))
                }
              }
              continue
            }
            let h = keys[4 * i]
            let k0 = keys[4 * i + 1]
            let k1 = keys[4 * i + 2]
            let e = Int(keys[4 * i + 3])
            if !(table[e] == h && table[e + 1] & 0xFF == UInt64(n) && table[e + 6] == k0
              && table[e + 7] == k1)
            {
              // A miss: look the token up as written and per analysis, and keep the answers.
              table[e] = h
              table[e + 2] = words.value(of: token) ?? WordCache.absent
              var header = UInt64(n)
              var found: UInt64 = 0
              for analysis in Proclitics.analyses(of: token) {
                let stem = UnsafeBufferPointer(rebasing: token[analysis.cliticLength...])
                guard let value = words.value(ofPrefix: analysis.restoredPrefix, stem) else {
                  continue
                }
                precondition(found < 3, "more than three proclitic readings")
                let byte = UInt64(analysis.cliticLength) | (analysis.restoresAlef ? 0x80 : 0)
                header |= byte << UInt64(16 + 8 * found)
                table[e + 3 + Int(found)] = value
                found += 1
              }
              table[e + 1] = header | found << 8
              table[e + 6] = k0
              table[e + 7] = k1
            }
            values[i] = table[e + 2]
            let header = table[e + 1]
            let found = Int(header >> 8 & 0xFF)
            guard found > 0, tokens[i].kind == .word else { continue }
            for r in 0..<found {
              let byte = header >> UInt64(16 + 8 * r) & 0xFF
              readings.append(
                WordCache.reading(
                  i,
                  Proclitics.Analysis(
                    cliticLength: Int(byte & 0x7F), restoresAlef: byte & 0x80 != 0),
                  table[e + 3 + r]))
            }
          }
        }
      }
    }
    return readings
  }

  @inline(__always)
  private static func reading(_ token: Int, _ analysis: Proclitics.Analysis, _ value: UInt64)
    -> Proclitics.Reading
  {
    let ids = Extractor.ids(value)
    return Proclitics.Reading(
      token: Int32(token), cliticLength: Int32(analysis.cliticLength),
      restoresAlef: analysis.restoresAlef, gazetteer: ids.gazetteer, rule: ids.rule)
  }
}
