import CICUShim

/// Normalizes text for matching: ICU's NFKC_Casefold, then the Arabic folds of
/// arabic-notes §1, keeping a map from every normalized unit to the original scalars.
///
/// The work is table-driven: a table built once from ICU holds the folded output of every
/// BMP code point. ICU is consulted again only for a normalization segment of more than one
/// scalar (a letter followed by characters that may combine with it) and for scalars outside
/// the BMP. Every unit of a multi-scalar segment maps to the whole segment, so a diacritic on
/// a letter stays inside the span of that letter.
public struct Normalizer: Sendable {
  public init() {}

  /// Normalizes `text`.
  public func normalize(_ text: String) -> NormalizedText {
    normalize(scalars: Array(text.unicodeScalars))
  }

  /// Normalizes the scalars of a text.
  public func normalize(scalars: [Unicode.Scalar]) -> NormalizedText {
    let table = FoldTable.shared
    let count = scalars.count
    var units: [UInt16] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    units.reserveCapacity(count + 16)
    starts.reserveCapacity(count + 16)
    ends.reserveCapacity(count + 16)

    table.withTables { offsets, pool, boundary in
      scalars.withUnsafeBufferPointer { text in
        @inline(__always) func hasBoundary(_ scalar: Unicode.Scalar) -> Bool {
          let c = Int(scalar.value)
          if c < 0x10000 { return boundary[c >> 6] & (1 << UInt64(c & 63)) != 0 }
          return khabar_nfkc_casefold_boundary_before(scalar.value) != 0
        }
        var index = 0
        while index < count {
          // A segment: a scalar with a boundary before it, plus what may combine with it.
          let segmentStart = index
          index += 1
          while index < count && !hasBoundary(text[index]) { index += 1 }
          let c = Int(text[segmentStart].value)
          if index - segmentStart == 1 && c < 0x10000 {
            let lower = Int(offsets[c])
            let upper = Int(offsets[c + 1])
            var k = lower
            while k < upper {
              units.append(pool[k])
              starts.append(Int32(segmentStart))
              ends.append(Int32(index))
              k += 1
            }
          } else {
            for unit in table.foldSegment(text[segmentStart..<index]) {
              units.append(unit)
              starts.append(Int32(segmentStart))
              ends.append(Int32(index))
            }
          }
        }
      }
    }
    return NormalizedText(originalScalars: scalars, units: units, sourceStart: starts, sourceEnd: ends)
  }
}

/// The folded form of every BMP code point, computed once from ICU.
final class FoldTable: Sendable {
  static let shared = FoldTable()

  /// `pool[offsets[c]..<offsets[c + 1]]` is the folded output of BMP code point `c`.
  private let offsets: [Int32]
  private let pool: [UInt16]
  /// Bit set: 1 where NFKC_Casefold has a boundary before the BMP code point.
  private let boundary: [UInt64]

  private init() {
    var offsets = [Int32](repeating: 0, count: 0x10001)
    var pool: [UInt16] = []
    pool.reserveCapacity(0x11000)
    var boundary = [UInt64](repeating: 0, count: 0x10000 / 64)
    for c in 0..<0x10000 {
      offsets[c] = Int32(pool.count)
      if (0xD800...0xDFFF).contains(c) {
        // Unpaired surrogates never occur in a Swift String; keep the table total.
        pool.append(UInt16(c))
        boundary[c >> 6] |= 1 << UInt64(c & 63)
        continue
      }
      let folded = FoldTable.foldSlow(units: [UInt16(c)])
      pool.append(contentsOf: folded)
      // A deleted character that is not a combining mark (a bidi or zero-width mark) starts a
      // segment of its own, so that it never joins the span of the letter before it.
      let deletedStarter = folded.isEmpty && khabar_combining_class(UInt32(c)) == 0
      if deletedStarter || khabar_nfkc_casefold_boundary_before(UInt32(c)) != 0 {
        boundary[c >> 6] |= 1 << UInt64(c & 63)
      }
    }
    offsets[0x10000] = Int32(pool.count)
    self.offsets = offsets
    self.pool = pool
    self.boundary = boundary
  }

  /// Calls `body` with the table's storage: offsets, pool and boundary bits.
  func withTables<R>(
    _ body: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<UInt16>, UnsafeBufferPointer<UInt64>) -> R
  ) -> R {
    offsets.withUnsafeBufferPointer { o in
      pool.withUnsafeBufferPointer { p in boundary.withUnsafeBufferPointer { b in body(o, p, b) } }
    }
  }

  /// Folds a segment of several scalars through ICU, then the Arabic folds.
  func foldSegment<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> [UInt16] {
    var source: [UInt16] = []
    for scalar in scalars { source.append(contentsOf: String(scalar).utf16) }
    return FoldTable.foldSlow(units: source)
  }

  /// NFKC_Casefold through ICU, then the Arabic folds unit by unit.
  static func foldSlow(units source: [UInt16]) -> [UInt16] {
    var capacity = max(16, source.count * 4)
    var normalized: [UInt16] = []
    while true {
      var buffer = [UInt16](repeating: 0, count: capacity)
      let length = source.withUnsafeBufferPointer { src in
        buffer.withUnsafeMutableBufferPointer { dst in
          khabar_nfkc_casefold(src.baseAddress, Int32(src.count), dst.baseAddress, Int32(capacity))
        }
      }
      if length < 0 {
        // ICU failed on this input: keep the characters unnormalized rather than lose them.
        normalized = source
        break
      }
      if Int(length) > capacity {
        capacity = Int(length)
        continue
      }
      normalized = Array(buffer[0..<Int(length)])
      break
    }
    var result: [UInt16] = []
    result.reserveCapacity(normalized.count)
    for unit in normalized {
      if let replacement = ArabicFolds.fold(unit) {
        result.append(contentsOf: replacement)
      } else {
        result.append(unit)
      }
    }
    return result
  }
}
