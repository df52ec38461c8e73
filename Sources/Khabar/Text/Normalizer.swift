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
    let byteCount = original.utf8.count
    // Offsets are 32-bit: a longer text would wrap them. (The CLI refuses articles over
    // `--max-article-bytes`, at most 1 GiB.)
    precondition(
      byteCount < Int(Int32.max) / 2,
      "a text of \(byteCount) bytes is too long to normalize (at most 1 GiB)")
    // A text has no more scalars than bytes: one offset per byte, plus the end, always suffices.
    let offsetCapacity = byteCount + 1
    // The arrays are written in place (copying them from a growable buffer cost as much as a
    // tenth of the normalization). Nearly every text folds to no more units than it has bytes;
    // one that expands more (long ligatures) is normalized again with room for all its units.
    var capacity = byteCount + 16
    while true {
      var scalarCount = 0
      var needed = 0
      var starts: [Int32] = []
      var ends: [Int32] = []
      var offsets: [Int32] = []
      let units = [UInt16](unsafeUninitializedCapacity: capacity) { unitBuffer, unitCount in
        starts = [Int32](unsafeUninitializedCapacity: capacity) { startBuffer, startCount in
          ends = [Int32](unsafeUninitializedCapacity: capacity) { endBuffer, endCount in
            offsets = [Int32](unsafeUninitializedCapacity: offsetCapacity) {
              offsetBuffer, offsetCount in
              var output = UnitWriter(units: unitBuffer, starts: startBuffer, ends: endBuffer)
              scalarCount = original.withUTF8 { bytes in
                FoldTable.shared.withTables { entries, pairs, pool in
                  Normalizer.normalize(
                    bytes, entries, pairs, pool, into: &output, offsets: offsetBuffer)
                }
              }
              offsetCount = scalarCount + 1
              needed = output.count
            }
            endCount = min(needed, capacity)
          }
          startCount = min(needed, capacity)
        }
        unitCount = min(needed, capacity)
      }
      if needed <= capacity {
        return NormalizedText(
          original: original, originalScalarCount: scalarCount, units: units,
          sourceStart: starts, sourceEnd: ends, scalarOffsets: offsets)
      }
      capacity = needed
    }
  }

  /// The normalization loop over valid UTF-8 `bytes`: appends every normalized unit with its
  /// original scalar span to `output`, writes the byte offset of every scalar and of the end to
  /// `offsets` (room for one per byte, plus one) and returns the scalar count.
  ///
  /// Each scalar is folded from the table as a segment of its own; a scalar without a boundary
  /// before it (a combining mark, rare in news text) reopens the segment it joins: the units
  /// written for it are taken back and the whole segment goes through ICU.
  private static func normalize(
    _ bytes: UnsafeBufferPointer<UInt8>, _ entries: UnsafeBufferPointer<UInt32>,
    _ pairs: UnsafeBufferPointer<UInt32>, _ pool: UnsafeBufferPointer<UInt16>,
    into output: inout UnitWriter, offsets: UnsafeMutableBufferPointer<Int32>
  ) -> Int {
    let count = bytes.count
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
      // UTF-16 never takes more units than UTF-8 takes bytes.
      withUnsafeTemporaryAllocation(of: UInt16.self, capacity: to - from) { segment in
        var count = 0
        var i = from
        while i < to {
          let (c, width) = decode(i)
          if c < 0x10000 {
            segment[count] = UInt16(truncatingIfNeeded: c)
            count += 1
          } else {
            segment[count] = UInt16(truncatingIfNeeded: 0xD7C0 + (c >> 10))
            segment[count + 1] = UInt16(truncatingIfNeeded: 0xDC00 | c & 0x3FF)
            count += 2
          }
          i += width
        }
        FoldTable.foldSlow(UnsafeBufferPointer(rebasing: segment[..<count])) {
          output.append($0, start, end)
        }
      }
    }

    var position = Position()
    // The open segment: where it begins in bytes and scalars, and its first output unit.
    var segmentByte = 0
    var segmentScalar = 0
    var segmentUnit = 0
    while position.byte < count {
      // Each scalar of a simple run reads at least one byte and writes at most one unit: when
      // the writer has room for every byte left, the run is written without capacity checks.
      if output.capacity - output.count >= count - position.byte {
        position.unit = output.count
        let before = position.scalar
        foldSimpleRun(bytes, pairs, output, offsets, &position)
        output.count = position.unit
        if position.byte == count { break }
        if position.scalar > before {
          // The run's last scalar is the open segment.
          segmentScalar = position.scalar - 1
          segmentByte = Int(offsets[segmentScalar])
          let (last, _) = decode(segmentByte)
          let written = Int(entries[Int(last)] >> FoldTable.lengthShift & 1)
          segmentUnit = position.unit - written
        }
      }
      let byte = position.byte
      let scalar = position.scalar
      offsets[scalar] = Int32(truncatingIfNeeded: byte)
      let (c, width) = decode(byte)
      let entry = c < 0x10000 ? entries[Int(c)] : 0
      let start = Int32(scalar)
      if scalar > 0 && !(c < 0x10000 ? entry & FoldTable.boundaryBit != 0 : hasBoundary(c)) {
        // `c` combines with the open segment: take in every scalar up to the next boundary and
        // fold the segment as a whole.
        var end = byte + width
        var endScalar = scalar + 1
        while end < count {
          let (d, dWidth) = decode(end)
          if hasBoundary(d) { break }
          offsets[endScalar] = Int32(truncatingIfNeeded: end)
          end += dWidth
          endScalar += 1
        }
        output.truncate(to: segmentUnit)
        foldThroughICU(segmentByte, end, Int32(segmentScalar), Int32(endScalar))
        position.byte = end
        position.scalar = endScalar
        continue
      }
      segmentByte = byte
      segmentScalar = scalar
      segmentUnit = output.count
      position.byte += width
      position.scalar += 1
      if c >= 0x10000 {
        foldThroughICU(segmentByte, position.byte, start, start + 1)
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
    offsets[position.scalar] = Int32(truncatingIfNeeded: count)
    return position.scalar
  }

  /// Where the normalization loop is: a byte offset in the input, the scalar that begins there
  /// (0-based), the next output unit.
  private struct Position {
    var byte = 0
    var scalar = 0
    var unit = 0
  }

  /// Folds the run of simple scalars below U+0800 (`FoldTable.isSimple`: Arabic letters,
  /// spaces, ASCII, nearly all of news text) that begins at `position`, up to the first other
  /// scalar, the last byte or the end.
  ///
  /// The output must have room for one unit per byte left.
  ///
  /// This loop is most of the normalizer's time. It reads two bytes at a time and looks them up
  /// in `FoldTable.pairs`, which decodes, classifies and folds a one- or two-byte scalar in one
  /// load (a lone last byte is left to the caller). It writes a unit even for a deleted scalar
  /// (length 0), where the output position then stays and the next unit overwrites it.
  @inline(__always)
  private static func foldSimpleRun(
    _ bytes: UnsafeBufferPointer<UInt8>, _ pairs: UnsafeBufferPointer<UInt32>,
    _ output: UnitWriter, _ offsets: UnsafeMutableBufferPointer<Int32>,
    _ position: inout Position
  ) {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return }
    // A pair read at `byte` needs `byte + 1` inside the text.
    let limit = bytes.count - 1
    var byte = position.byte
    var scalar = position.scalar
    var unit = position.unit
    while byte < limit {
      let key = UInt16(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt16.self))
      let entry = pairs[Int(key)]
      if entry & FoldTable.pairNotSimple != 0 { break }
      output.units[unit] = UInt16(truncatingIfNeeded: entry)
      output.starts[unit] = Int32(truncatingIfNeeded: scalar)
      output.ends[unit] = Int32(truncatingIfNeeded: scalar &+ 1)
      offsets[scalar] = Int32(truncatingIfNeeded: byte)
      unit &+= Int(entry >> FoldTable.pairLengthShift & 1)
      // The width from the lead byte (below 0xE0 here: one byte, or two from 0x80), not from
      // the entry: the next read then waits for one load, not two.
      byte &+= 1 &+ Int(key & 0x80) &>> 7
      scalar &+= 1
    }
    position = Position(byte: byte, scalar: scalar, unit: unit)
  }
}

/// Output of the normalizer: one normalized UTF-16 unit and its original scalar span (start,
/// end exclusive) per entry, written through raw pointers into three arrays of equal capacity,
/// because appending to arrays costs a uniqueness and capacity check per unit.
///
/// Entries past the capacity are counted, not written: the caller then normalizes again with more
/// room.
private struct UnitWriter {
  let units: UnsafeMutableBufferPointer<UInt16>
  let starts: UnsafeMutableBufferPointer<Int32>
  let ends: UnsafeMutableBufferPointer<Int32>

  /// The number of entries written, or that would have been without the capacity limit.
  ///
  /// The normalizer's tight loop writes entries below `capacity` itself and then sets it.
  var count = 0

  var capacity: Int { units.count }

  init(
    units: UnsafeMutableBufferPointer<UInt16>, starts: UnsafeMutableBufferPointer<Int32>,
    ends: UnsafeMutableBufferPointer<Int32>
  ) {
    self.units = units
    self.starts = starts
    self.ends = ends
  }

  @inline(__always)
  mutating func append(_ unit: UInt16, _ start: Int32, _ end: Int32) {
    if count < capacity {
      units[count] = unit
      starts[count] = start
      ends[count] = end
    }
    count += 1
  }

  /// Drops the entries from `newCount` on.
  mutating func truncate(to newCount: Int) { count = newCount }
}

/// The folded form of every BMP code point, computed once from ICU.
final class FoldTable: Sendable {
  static let shared = FoldTable()

  /// One entry per BMP code point: `boundaryBit`, the length of its folded output in UTF-16
  /// units (`entry >> lengthShift & lengthMask`), and a payload (`entry & payloadMask`): the
  /// folded unit itself when the length is 1 (nearly every letter), else an offset into `pool`.
  let entries: [UInt32]
  let pool: [UInt16]
  /// The fold of every simple scalar (`isSimple`) of one or two bytes of UTF-8, indexed by the
  /// two bytes that begin it as a little-endian `UInt16` (the byte after a one-byte scalar is
  /// any byte): the folded unit (`pair & 0xFFFF`), its length (0 or 1) at `pairLengthShift`,
  /// its width in bytes less one at `pairWidthShift`; `pairNotSimple` for every other pair.
  let pairs: [UInt32]

  /// Set where NFKC_Casefold has a boundary before the code point (or the code point is a
  /// deleted starter, see `init`).
  static let boundaryBit: UInt32 = 1 << 31
  static let lengthShift: UInt32 = 24
  static let lengthMask: UInt32 = 0x7F
  static let payloadMask: UInt32 = 0xFF_FFFF
  static let pairLengthShift: UInt32 = 16
  static let pairWidthShift: UInt32 = 17
  static let pairNotSimple: UInt32 = 1 << 31

  /// Whether `entry` is that of a scalar that starts a segment of its own and folds to at
  /// most one unit (its payload then is that unit): `boundaryBit` set, length 0 or 1.
  @inline(__always)
  static func isSimple(_ entry: UInt32) -> Bool { entry >> (lengthShift + 1) == 1 << 6 }

  private init() {
    var entries = [UInt32](repeating: 0, count: 0x10000)
    var pool: [UInt16] = []
    for c in 0..<0x10000 {
      if (0xD800...0xDFFF).contains(c) {
        // Unpaired surrogates never occur in a Swift String; keep the table total.
        entries[c] = FoldTable.boundaryBit | 1 << FoldTable.lengthShift | UInt32(c)
        continue
      }
      if khabar_nfkc_casefold_is_inert(UInt32(c)) != 0 {
        // Most code points: NFKC_Casefold keeps them as they are and they have a boundary on
        // either side, so only the Arabic folds apply. Asking ICU to normalize each of the
        // 65,536 code points cost 35 ms at every start.
        switch ArabicFolds.fold(UInt16(c)) {
        case .keep:
          entries[c] = FoldTable.boundaryBit | 1 << FoldTable.lengthShift | UInt32(c)
        case .delete:
          // Length 0; the payload is an offset into the pool, as for every length but 1.
          entries[c] = FoldTable.boundaryBit | UInt32(pool.count)
        case .replace(let unit):
          entries[c] = FoldTable.boundaryBit | 1 << FoldTable.lengthShift | UInt32(unit)
        }
        continue
      }
      let folded = FoldTable.foldSlow(units: [UInt16(c)])
      // A deleted character that is not a combining mark (a bidi or zero-width mark) starts
      // a segment of its own, so that it never joins the span of the letter before it.
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
    self.pairs = FoldTable.pairs(of: entries)
  }

  /// The pair table (`pairs`) of `entries`.
  static func pairs(of entries: [UInt32]) -> [UInt32] {
    var pairs = [UInt32](repeating: pairNotSimple, count: 0x10000)
    for key in 0..<0x10000 {
      let lead = key & 0xFF
      let next = key >> 8
      let scalar: Int
      let width: UInt32
      if lead < 0x80 {
        (scalar, width) = (lead, 1)
      } else if lead >= 0xC2 && lead < 0xE0 && next & 0xC0 == 0x80 {
        (scalar, width) = ((lead & 0x1F) << 6 | next & 0x3F, 2)
      } else {
        continue
      }
      let entry = entries[scalar]
      guard isSimple(entry) else { continue }
      pairs[key] =
        entry & 0xFFFF | (entry >> lengthShift & 1) << pairLengthShift
        | (width - 1) << pairWidthShift
    }
    return pairs
  }

  /// Calls `body` with the table's storage: the entries, the pairs and the pool.
  func withTables<R>(
    _ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt16>)
      -> R
  ) -> R {
    entries.withUnsafeBufferPointer { e in
      pairs.withUnsafeBufferPointer { s in pool.withUnsafeBufferPointer { p in body(e, s, p) } }
    }
  }

  /// NFKC_Casefold through ICU, then the Arabic folds unit by unit.
  static func foldSlow(units source: [UInt16]) -> [UInt16] {
    var result: [UInt16] = []
    source.withUnsafeBufferPointer { source in foldSlow(source) { result.append($0) } }
    return result
  }

  /// Calls `body` with every unit of the fold of `source`: NFKC_Casefold through ICU, then the
  /// Arabic folds unit by unit.
  ///
  /// The normalizer folds every segment with a diacritic this way: ICU writes into a stack
  /// buffer, large enough for nearly every segment, so that no array is allocated.
  static func foldSlow(_ source: UnsafeBufferPointer<UInt16>, _ body: (UInt16) -> Void) {
    func emit(_ unit: UInt16) {
      switch ArabicFolds.fold(unit) {
      case .keep: body(unit)
      case .delete: break
      case .replace(let replacement): body(replacement)
      }
    }
    /// Normalizes into `buffer`: the output length, or nil when ICU failed.
    func normalize(into buffer: UnsafeMutableBufferPointer<UInt16>) -> Int? {
      let length = khabar_nfkc_casefold(
        source.baseAddress, Int32(source.count), buffer.baseAddress, Int32(buffer.count))
      return length < 0 ? nil : Int(length)
    }
    let stackCapacity = 64
    withUnsafeTemporaryAllocation(of: UInt16.self, capacity: stackCapacity) { stack in
      guard let length = normalize(into: stack) else {
        // ICU failed on this input: keep the characters unnormalized rather than lose them.
        source.forEach(emit)
        return
      }
      if length <= stackCapacity {
        stack[..<length].forEach(emit)
        return
      }
      let heap = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: length)
      defer { heap.deallocate() }
      if let written = normalize(into: heap), written <= length {
        heap[..<written].forEach(emit)
      } else {
        source.forEach(emit)
      }
    }
  }
}
