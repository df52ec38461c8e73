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

  /// Normalizes `text`, reading its UTF-8 in place.
  public func normalize(_ text: String) -> NormalizedText {
    var original = text
    // Native strings are contiguous already; a bridged one is copied once here, and
    // `NormalizedText` relies on `original` being contiguous afterwards.
    original.makeContiguousUTF8()
    var output = UnitWriter(capacity: original.utf8.count + 16)
    var checkpoints: [Int32] = []
    let scalarCount = original.withUTF8 { bytes in
      checkpoints.reserveCapacity(bytes.count / NormalizedText.checkpointStride + 2)
      return FoldTable.shared.withTables { entries, pool in
        Normalizer.normalize(bytes, entries, pool, into: &output, checkpoints: &checkpoints)
      }
    }
    let (units, starts, ends) = output.finish()
    return NormalizedText(
      original: original, originalScalarCount: scalarCount, units: units, sourceStart: starts,
      sourceEnd: ends, checkpoints: checkpoints)
  }

  /// The normalization loop over valid UTF-8 `bytes`: appends every normalized unit with its
  /// original scalar span to `output` and the byte offset of every
  /// `NormalizedText.checkpointStride`-th scalar to `checkpoints`. Returns the scalar count.
  ///
  /// Each scalar is folded from the table as a segment of its own; a scalar without a boundary
  /// before it (a combining mark, rare in news text) reopens the segment it joins: the units
  /// written for it are taken back and the whole segment goes through ICU.
  private static func normalize(
    _ bytes: UnsafeBufferPointer<UInt8>, _ entries: UnsafeBufferPointer<UInt32>,
    _ pool: UnsafeBufferPointer<UInt16>, into output: inout UnitWriter,
    checkpoints: inout [Int32]
  ) -> Int {
    let count = bytes.count
    let strideMask = NormalizedText.checkpointStride - 1
    /// The scalar at byte offset `i` and its length in bytes (the input is valid UTF-8).
    @inline(__always) func decode(_ i: Int) -> (UInt32, Int) {
      let lead = UInt32(bytes[i])
      if lead < 0x80 { return (lead, 1) }
      if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[i + 1]) & 0x3F, 2) }
      if lead < 0xF0 {
        return (
          (lead & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | UInt32(bytes[i + 2]) & 0x3F, 3
        )
      }
      let value =
        (lead & 0x07) << 18 | (UInt32(bytes[i + 1]) & 0x3F) << 12
        | (UInt32(bytes[i + 2]) & 0x3F) << 6 | UInt32(bytes[i + 3]) & 0x3F
      return (value, 4)
    }
    @inline(__always) func hasBoundary(_ c: UInt32) -> Bool {
      if c < 0x10000 { return entries[Int(c)] & FoldTable.boundaryBit != 0 }
      return khabar_nfkc_casefold_boundary_before(c) != 0
    }
    /// Writes the ICU fold of `bytes[from..<to]` as units of original scalars `start..<end`.
    func foldThroughICU(_ from: Int, _ to: Int, _ start: Int32, _ end: Int32) {
      let segment = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
      for unit in FoldTable.foldSlow(units: Array(segment.utf16)) {
        output.append(unit, start, end)
      }
    }

    var byte = 0
    var scalar = 0
    // The open segment: where it begins in bytes and scalars, and its first output unit.
    var segmentByte = 0
    var segmentScalar = 0
    var segmentUnit = 0
    while byte < count {
      if scalar & strideMask == 0 { checkpoints.append(Int32(byte)) }
      let (c, width) = decode(byte)
      let entry = c < 0x10000 ? entries[Int(c)] : 0
      let start = Int32(scalar)
      if scalar > 0 && !(c < 0x10000 ? entry & FoldTable.boundaryBit != 0 : hasBoundary(c)) {
        // `c` combines with the open segment: take in every scalar up to the next boundary and
        // fold the segment as a whole.
        var end = byte + width
        scalar += 1
        while end < count {
          let (d, dWidth) = decode(end)
          if hasBoundary(d) { break }
          if scalar & strideMask == 0 { checkpoints.append(Int32(end)) }
          end += dWidth
          scalar += 1
        }
        output.truncate(to: segmentUnit)
        foldThroughICU(segmentByte, end, Int32(segmentScalar), Int32(scalar))
        byte = end
        continue
      }
      segmentByte = byte
      segmentScalar = scalar
      segmentUnit = output.count
      byte += width
      scalar += 1
      if c >= 0x10000 {
        foldThroughICU(segmentByte, byte, start, start + 1)
        continue
      }
      let length = Int(entry >> FoldTable.lengthShift & FoldTable.lengthMask)
      if length == 1 {
        output.append(UInt16(truncatingIfNeeded: entry), start, start + 1)
      } else {
        let offset = Int(entry & FoldTable.payloadMask)
        for k in offset..<(offset + length) { output.append(pool[k], start, start + 1) }
      }
    }
    if scalar & strideMask == 0 { checkpoints.append(Int32(count)) }
    return scalar
  }
}

/// Growable output of the normalizer: one normalized UTF-16 unit and its original scalar span
/// (start, end exclusive) per entry, written through raw pointers because appending to three
/// arrays costs a uniqueness and capacity check per unit.
private struct UnitWriter: ~Copyable {
  private var units: UnsafeMutablePointer<UInt16>
  private var starts: UnsafeMutablePointer<Int32>
  private var ends: UnsafeMutablePointer<Int32>
  private var capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    units = .allocate(capacity: capacity)
    starts = .allocate(capacity: capacity)
    ends = .allocate(capacity: capacity)
  }

  /// The number of entries written.
  private(set) var count = 0

  @inline(__always)
  mutating func append(_ unit: UInt16, _ start: Int32, _ end: Int32) {
    if count == capacity { grow() }
    units[count] = unit
    starts[count] = start
    ends[count] = end
    count += 1
  }

  /// Drops the entries from `newCount` on.
  mutating func truncate(to newCount: Int) { count = newCount }

  private mutating func grow() {
    let larger = capacity * 2
    func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
      let new = UnsafeMutablePointer<T>.allocate(capacity: larger)
      new.moveInitialize(from: old, count: count)
      old.deallocate()
      return new
    }
    units = moved(units)
    starts = moved(starts)
    ends = moved(ends)
    capacity = larger
  }

  deinit {
    units.deallocate()
    starts.deallocate()
    ends.deallocate()
  }

  /// The written entries as arrays.
  consuming func finish() -> ([UInt16], [Int32], [Int32]) {
    (
      Array(UnsafeBufferPointer(start: units, count: count)),
      Array(UnsafeBufferPointer(start: starts, count: count)),
      Array(UnsafeBufferPointer(start: ends, count: count))
    )
  }
}

/// The folded form of every BMP code point, computed once from ICU.
final class FoldTable: Sendable {
  static let shared = FoldTable()

  /// One entry per BMP code point: `boundaryBit`, the length of its folded output in UTF-16
  /// units (`entry >> lengthShift & lengthMask`), and a payload (`entry & payloadMask`): the
  /// folded unit itself when the length is 1 (nearly every letter), else an offset into `pool`.
  private let entries: [UInt32]
  private let pool: [UInt16]

  /// Set where NFKC_Casefold has a boundary before the code point (or the code point is a
  /// deleted starter, see `init`).
  static let boundaryBit: UInt32 = 1 << 31
  static let lengthShift: UInt32 = 24
  static let lengthMask: UInt32 = 0x7F
  static let payloadMask: UInt32 = 0xFF_FFFF

  private init() {
    var entries = [UInt32](repeating: 0, count: 0x10000)
    var pool: [UInt16] = []
    for c in 0..<0x10000 {
      if (0xD800...0xDFFF).contains(c) {
        // Unpaired surrogates never occur in a Swift String; keep the table total.
        entries[c] = FoldTable.boundaryBit | 1 << FoldTable.lengthShift | UInt32(c)
        continue
      }
      let folded = FoldTable.foldSlow(units: [UInt16(c)])
      // A deleted character that is not a combining mark (a bidi or zero-width mark) starts a
      // segment of its own, so that it never joins the span of the letter before it.
      let deletedStarter = folded.isEmpty && khabar_combining_class(UInt32(c)) == 0
      let boundary = deletedStarter || khabar_nfkc_casefold_boundary_before(UInt32(c)) != 0
      var entry =
        (boundary ? FoldTable.boundaryBit : 0) | UInt32(folded.count) << FoldTable.lengthShift
      if folded.count == 1 {
        entry |= UInt32(folded[0])
      } else {
        entry |= UInt32(pool.count)
        pool.append(contentsOf: folded)
      }
      entries[c] = entry
    }
    self.entries = entries
    self.pool = pool
  }

  /// Calls `body` with the table's storage: the entries and the pool.
  func withTables<R>(_ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt16>) -> R) -> R {
    entries.withUnsafeBufferPointer { e in pool.withUnsafeBufferPointer { p in body(e, p) } }
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
