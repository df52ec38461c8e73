/// Reads the common input record — `{"id": …, "text": …, …}` with a string or number id, a
/// string text and any other members — in one pass over its bytes, without building a
/// `JSONValue` tree first.
///
/// It is a fast path and nothing else: it answers only for records that `JSONParser` reads
/// without error and that `InputRecord.fromJSONLine` turns into an article with no warning,
/// and then with the same article. Anything else (malformed JSON, invalid UTF-8, a missing,
/// empty or odd id, a non-string text, a key that is not ASCII) gets nil, and the general
/// path reads the line and words the error. `IOJSONRecordScannerTests` holds the two paths to
/// the same answers on fixtures and on generated hostile lines.
///
/// Strings are decoded and their UTF-8 checked in the same pass, sixteen bytes at a step
/// while they are ASCII and two-byte sequences (all of Arabic); the general parser found the
/// end of a string, copied it, then checked the copy, about 9 instructions a byte of text.
enum JSONRecordScanner {
  /// The article of the JSON object `line`, or nil when the general path must read it.
  static func article(_ line: UnsafeBufferPointer<UInt8>) -> Article? {
    guard line.count > 0 else { return nil }
    // Decoding only shrinks a string, and a step may store 16 bytes past the last one kept.
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: line.count + 16)
    defer { scratch.deallocate() }
    var scanner = Scanner(bytes: line, scratch: scratch)
    return scanner.record()
  }

  private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let scratch: UnsafeMutablePointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>) {
      self.bytes = bytes
      self.scratch = scratch
    }

    private enum Key {
      case id, text, other
    }

    mutating func record() -> Article? {
      skipSpace()
      guard next(is: UInt8(ascii: "{")) else { return nil }
      var id: String?
      var text: String?
      var extra: [(String, JSONValue)] = []
      skipSpace()
      while true {
        guard next(is: UInt8(ascii: "\"")), let (keyCount, keyIsASCII) = string() else {
          return nil
        }
        // Keys are compared as `String`s by the general path (canonical equivalence): only
        // ASCII keys are sure to equal "id" or "text" exactly when their bytes do.
        guard keyIsASCII else { return nil }
        let key: Key
        if keyCount == 2 && scratch[0] == UInt8(ascii: "i") && scratch[1] == UInt8(ascii: "d") {
          key = .id
        } else if keyCount == 4 && scratch[0] == UInt8(ascii: "t")
          && scratch[1] == UInt8(ascii: "e")
          && scratch[2] == UInt8(ascii: "x") && scratch[3] == UInt8(ascii: "t")
        {
          key = .text
        } else {
          key = .other
        }
        let name = key == .other ? makeString(count: keyCount, isASCII: true) : ""
        skipSpace()
        guard next(is: UInt8(ascii: ":")) else { return nil }
        skipSpace()
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "\"") {
          position += 1
          guard let (count, isASCII) = string() else { return nil }
          // The first of repeated members counts, as in `JSONValue.subscript`; later ones of
          // `id` and `text` are dropped like the first.
          switch key {
          case .id: if id == nil { id = makeString(count: count, isASCII: isASCII) }
          case .text: if text == nil { text = makeString(count: count, isASCII: isASCII) }
          case .other: extra.append((name, .string(makeString(count: count, isASCII: isASCII))))
          }
        } else {
          guard let value = otherValue() else { return nil }
          switch key {
          case .id:
            if id == nil {
              guard case .number(let n) = value else { return nil }
              id = n
            }
          case .text: if text == nil { return nil }
          case .other: extra.append((name, value))
          }
        }
        skipSpace()
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
          skipSpace()
          continue
        }
        guard bytes[position] == UInt8(ascii: "}") else { return nil }
        position += 1
        break
      }
      skipSpace()
      guard position == bytes.count, let id, !id.isEmpty, let text else { return nil }
      return Article(id: id, text: text, extra: extra)
    }

    /// A member value that is not a string, read by the general parser at the depth of a
    /// member of the record (so that its nesting limit is the same); nil on any error.
    private mutating func otherValue() -> JSONValue? {
      do {
        let (value, end) = try JSONParser.parseMemberValue(bytes, at: position)
        position = end
        return value
      } catch {
        return nil
      }
    }

    private func makeString(count: Int, isASCII: Bool) -> String {
      let decoded = UnsafeBufferPointer(start: scratch, count: count)
      return unsafe String(copying: UTF8Span(unchecked: decoded.span, isKnownASCII: isASCII))
    }

    @inline(__always)
    private mutating func next(is byte: UInt8) -> Bool {
      guard position < bytes.count && bytes[position] == byte else { return false }
      position += 1
      return true
    }

    @inline(__always)
    private mutating func skipSpace() {
      while position < bytes.count {
        switch bytes[position] {
        case 0x20, 0x09, 0x0A, 0x0D: position += 1
        default: return
        }
      }
    }

    /// Decodes the string that starts at `position` (after its opening quote) into `scratch`
    /// and moves past its closing quote: the decoded byte count and whether they are all
    /// ASCII, or nil for anything the general parser must judge (an error of any kind).
    mutating func string() -> (count: Int, isASCII: Bool)? {
      guard let base = bytes.baseAddress else { return nil }
      let raw = UnsafeRawPointer(base)
      let out = UnsafeMutableRawPointer(scratch)
      let end = bytes.count
      var i = position
      var o = 0
      // The string's bytes ORed together, lane by lane, and whether an escape or a sequence
      // taken one at a time was not ASCII.
      var seen = SIMD16<UInt8>()
      var sawNonASCII = false
      while true {
        // Sixteen bytes at a step while they need no decoding and are ASCII or whole two-byte
        // sequences. `i` stays on a sequence boundary (a step that ends on a lead byte is one
        // shorter), so the byte before it (read for the lead test of lane 0) never leads.
        while i &+ 16 <= end {
          // In bounds: bytes i - 1 ..< i + 16 of the line (i is past the opening quote), and
          // scratch o ..< o + 16 (o ≤ i, and the scratch has 16 bytes more than the line).
          let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
          let before = raw.loadUnaligned(fromByteOffset: i &- 1, as: SIMD16<UInt8>.self)
          out.storeBytes(of: v, toByteOffset: o, as: SIMD16<UInt8>.self)
          if let lane = Self.firstLane(Self.flags(v, before: before)) {
            // The clean lanes before the flagged one are kept, up to their last boundary.
            var kept = lane
            if kept > 0 && base[i &+ kept &- 1] >= 0xC0 { kept &-= 1 }
            if Self.hasHighByte(v, before: kept) { sawNonASCII = true }
            i &+= kept
            o &+= kept
            break
          }
          seen |= v
          let step = v[15] >= 0xC0 ? 15 : 16
          i &+= step
          o &+= step
        }
        // One unit at a time: a closing quote, an escape, an ASCII byte or one UTF-8 sequence.
        guard i < end else { return nil }
        let byte = base[i]
        if byte == UInt8(ascii: "\"") {
          position = i &+ 1
          let isASCII = !sawNonASCII && !Self.hasHighByte(seen, before: 16)
          return (o, isASCII)
        }
        if byte == UInt8(ascii: "\\") {
          guard let (next, written, isASCII) = escape(at: i, into: scratch + o) else { return nil }
          if !isASCII { sawNonASCII = true }
          i = next
          o &+= written
          continue
        }
        if byte < 0x20 { return nil }
        if byte < 0x80 {
          scratch[o] = byte
          i &+= 1
          o &+= 1
          continue
        }
        guard let length = UTF8Validator.sequenceLength(base, at: i, count: end) else { return nil }
        sawNonASCII = true
        (scratch + o).update(from: base + i, count: length)
        i &+= length
        o &+= length
      }
    }

    /// Decodes the escape at `index` (a backslash) into `out` by `JSONEscape`, as the general
    /// parser does: the index after it, the bytes written and whether they are ASCII; nil for
    /// a bad escape.
    @inline(__always)
    private func escape(at index: Int, into out: UnsafeMutablePointer<UInt8>) -> (Int, Int, Bool)? {
      do {
        let (scalar, end) = try JSONEscape.decode(bytes, at: index)
        return (end, JSONEscape.writeUTF8(scalar, to: out), scalar.isASCII)
      } catch {
        return nil
      }
    }

    /// The lanes of `v` (sixteen string bytes; `before` the same bytes one place earlier)
    /// that need the one-at-a-time path: a quote, a backslash or a control character; a byte
    /// of 0x80 or more that is neither a continuation (80–BF) nor the lead of a two-byte
    /// sequence (C2–DF); a continuation not after such a lead, or a lead not before one.
    ///
    /// Only `.==` and `.<` between two vectors, with the constants as typed vectors: other
    /// comparisons, and comparisons with a scalar, compiled to a loop over the lanes.
    @inline(__always)
    private static func flags(_ v: SIMD16<UInt8>, before: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
      let quote = SIMD16<UInt8>(repeating: 0x22)
      let backslash = SIMD16<UInt8>(repeating: 0x5C)
      let space = SIMD16<UInt8>(repeating: 0x20)
      let stops = (v .== quote) .| (v .== backslash) .| (v .< space)
      // A lead of two bytes is C2–DF: shifted by 0x3E, 0–29.
      let leadShift = SIMD16<UInt8>(repeating: 0x3E)
      let leadCount = SIMD16<UInt8>(repeating: 30)
      let lead = (v &+ leadShift) .< leadCount
      let leadBefore = (before &+ leadShift) .< leadCount
      // A continuation is 80–BF: shifted by 0x80, 0–63; ASCII is 00–7F.
      let half = SIMD16<UInt8>(repeating: 0x80)
      let continuation = (v &+ half) .< SIMD16<UInt8>(repeating: 0x40)
      let ascii = v .< half
      return stops .| .!(ascii .| lead .| continuation) .| (continuation .^ leadBefore)
    }

    /// Whether one of the first `count` bytes of `v` is 0x80 or more.
    @inline(__always)
    private static func hasHighByte(_ v: SIMD16<UInt8>, before count: Int) -> Bool {
      let words = unsafeBitCast(v, to: SIMD2<UInt64>.self)
      let high: UInt64 = 0x8080_8080_8080_8080
      if count >= 8 {
        let rest = count == 16 ? UInt64.max : (1 << UInt64((count - 8) * 8)) &- 1
        return words[0] & high != 0 || words[1] & high & rest != 0
      }
      return words[0] & high & ((1 << UInt64(count * 8)) &- 1) != 0
    }

    /// The first lane of `mask` that is set, or nil if none is.
    @inline(__always)
    private static func firstLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Int? {
      let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
      if words[0] != 0 { return words[0].trailingZeroBitCount / 8 }
      if words[1] != 0 { return 8 + words[1].trailingZeroBitCount / 8 }
      return nil
    }
  }
}
