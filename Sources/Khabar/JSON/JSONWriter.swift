/// Writes JSON compactly with object keys sorted by their UTF-8 bytes, so that the same value
/// always gives the same bytes. Non-ASCII text is written as UTF-8, not escaped.
public enum JSONWriter {
  /// The JSON text of `value` as UTF-8 bytes appended to `out`.
  public static func write(_ value: JSONValue, into out: inout [UInt8]) {
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let n): out.append(contentsOf: n.utf8)
    case .string(let s): writeString(s, into: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        write(item, into: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members): writeObject(members, into: &out) { write($0, into: &$1) }
    }
  }

  /// Writes an object whose member values `writeValue` renders: keys sorted by their UTF-8
  /// bytes (a stable sort), a repeated key written once with its first value.
  ///
  /// Writers of records whose values are not `JSONValue`s yet (entities, output records) use
  /// it to skip building the tree and still order keys exactly as `write` does.
  static func writeObject<Value>(
    _ members: [(String, Value)], into out: inout [UInt8], writeValue: (Value, inout [UInt8]) -> Void
  ) {
    out.append(UInt8(ascii: "{"))
    // Most objects Khabar writes are built in key order: check before sorting.
    var inOrder = true
    var i = 1
    while i < members.count {
      if !keyPrecedes(members[i - 1].0, members[i].0) {
        inOrder = false
        break
      }
      i += 1
    }
    // Sorting positions moves integers, not members (no retain and release of their values).
    let order = inOrder ? [] : members.indices.sorted { keyPrecedes(members[$0].0, members[$1].0) }
    var previous: String?
    var first = true
    for position in members.indices {
      let (key, item) = members[inOrder ? position : order[position]]
      // A repeated key keeps its first occurrence (stable sort keeps input order).
      if let p = previous, p == key { continue }
      previous = key
      if !first { out.append(UInt8(ascii: ",")) }
      first = false
      writeString(key, into: &out)
      out.append(UInt8(ascii: ":"))
      writeValue(item, &out)
    }
    out.append(UInt8(ascii: "}"))
  }

  /// Whether `a` sorts before `b` by UTF-8 bytes: what `a.utf8.lexicographicallyPrecedes(b.utf8)`
  /// says, comparing two byte buffers instead of walking two UTF-8 views generically.
  static func keyPrecedes(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { x in
      b.withUTF8 { y in
        for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] }
        return x.count < y.count
      }
    }
  }

  /// Appends text that is already JSON (a key with its quotes and colon, a bracket).
  static func writeRaw(_ json: StaticString, into out: inout [UInt8]) {
    out.append(contentsOf: UnsafeBufferPointer(start: json.utf8Start, count: json.utf8CodeUnitCount))
  }

  /// Appends `value` in decimal, the bytes of `String(value)` without making the string.
  static func writeInt(_ value: Int, into out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    // 20 digits hold any UInt64; they are produced last digit first.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var start = digits.count
      repeat {
        start -= 1
        digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
    }
  }

  /// The JSON text of `value` as a `String`.
  public static func string(_ value: JSONValue) -> String {
    var out: [UInt8] = []
    write(value, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  static func writeString(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var utf8 = s.utf8
    // Fast path through contiguous storage; Swift strings are almost always contiguous.
    let done = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      escape(bytes, into: &out)
      return true
    }
    if done == nil {
      var copy = s
      copy.makeContiguousUTF8()
      utf8 = copy.utf8
      _ = utf8.withContiguousStorageIfAvailable { escape($0, into: &out) }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// Appends `bytes` with JSON escapes. Runs of bytes that need none are found a word at a
  /// time and copied in one step; most text is such a run.
  private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var run = 0
    var i = JSONByteScan.firstEscapeCandidate(in: bytes, from: 0)
    while i < bytes.count {
      let b = bytes[i]
      // 0xE2 also starts characters that stay as they are: only U+2028 and U+2029 are escaped.
      if b == 0xE2 && !(i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)) {
        i = JSONByteScan.firstEscapeCandidate(in: bytes, from: i + 1)
        continue
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
      out.append(0x5C)
      switch b {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
      case 0x0A: out.append(UInt8(ascii: "n"))
      case 0x0D: out.append(UInt8(ascii: "r"))
      case 0x09: out.append(UInt8(ascii: "t"))
      case 0xE2:
        // U+2028 and U+2029 are valid JSON but end lines in JavaScript and some viewers.
        out.append(contentsOf: "u202".utf8)
        out.append(bytes[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
        i += 2
      default:
        out.append(contentsOf: "u00".utf8)
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 15)])
      }
      i += 1
      run = i
      i = JSONByteScan.firstEscapeCandidate(in: bytes, from: i)
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
  }
}
