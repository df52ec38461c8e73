import Foundation

extension Tokenizer {
  /// Splits word tokens after a teh marbuta that a letter follows: ة ends a word, so
  /// `الخارجيةعادل` is two words a missing space glued (`الخارجية` + `عادل`), and `وزير
  /// الخارجيةعادل الجبير` names the minister.
  ///
  /// Read from the original bytes, since normalization folds ة into ه (which may stand inside a
  /// word): ة is D8 A9 in UTF-8, an Arabic letter after it (U+0621–U+063A, U+0641–U+064A) D8 A1–BA
  /// or D9 81–8A, past any diacritics and tatweel. Found with a `memchr` for A9, which stops at
  /// every ة (about 0.6 % of the run's instructions); most articles have no such pair.
  static func splitGluedWords(_ text: NormalizedText, _ tokens: inout [Token]) {
    var glued: [Int] = []
    var original = text.original
    original.withUTF8 { bytes in
      guard let base = bytes.baseAddress, bytes.count >= 4 else { return }
      var i = 1
      while i + 2 < bytes.count {
        guard let hit = memchr(base + i, 0xA9, bytes.count - 2 - i) else { break }
        let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        i = k + 1
        guard bytes[k - 1] == 0xD8 else { continue }
        // Past diacritics and tatweel on the ة (U+064B–U+065F, U+0640: D9 8B–9F, D9 80).
        var j = k + 1
        while j + 1 < bytes.count && bytes[j] == 0xD9
          && (bytes[j + 1] == 0x80 || (0x8B...0x9F).contains(bytes[j + 1]))
        {
          j += 2
        }
        guard j + 1 < bytes.count else { continue }
        let next = bytes[j + 1]
        if (bytes[j] == 0xD8 && (0xA1...0xBA).contains(next))
          || (bytes[j] == 0xD9 && (0x81...0x8A).contains(next))
        {
          glued.append(k - 1)
        }
      }
    }
    guard !glued.isEmpty else { return }
    var splits: [Int] = []
    text.scalarOffsets.withUnsafeBufferPointer { offsets in
      text.sourceStart.withUnsafeBufferPointer { sourceStart in
        for byte in glued {
          // The scalar that begins at `byte`, then the first normalized unit it produced.
          let scalar = offsets.lowerBound(of: Int32(byte))
          guard scalar < offsets.count, offsets[scalar] == Int32(byte) else { continue }
          let unit = sourceStart.lowerBound(of: Int32(scalar))
          guard unit + 1 < text.units.count, sourceStart[unit] == Int32(scalar),
            text.units[unit] == 0x0647
          else { continue }
          splits.append(unit + 1)
        }
      }
    }
    guard !splits.isEmpty else { return }
    var result: [Token] = []
    result.reserveCapacity(tokens.count + splits.count)
    var s = 0
    for token in tokens {
      var token = token
      while s < splits.count && splits[s] <= Int(token.start) { s += 1 }
      while token.kind == .word && s < splits.count && splits[s] < Int(token.end) {
        var first = token
        first.end = Int32(splits[s])
        result.append(first)
        token.start = Int32(splits[s])
        s += 1
      }
      result.append(token)
    }
    tokens = result
  }
}
