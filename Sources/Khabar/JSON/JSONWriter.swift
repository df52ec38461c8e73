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
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      // Most objects Khabar writes are built in key order: check before sorting.
      var inOrder = true
      var i = 1
      while i < members.count {
        if !members[i - 1].0.utf8.lexicographicallyPrecedes(members[i].0.utf8) {
          inOrder = false
          break
        }
        i += 1
      }
      let sorted = inOrder ? members : members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
      var previous: String?
      var first = true
      for (key, item) in sorted {
        // A repeated key keeps its first occurrence (stable sort keeps input order).
        if let p = previous, p == key { continue }
        previous = key
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        write(item, into: &out)
      }
      out.append(UInt8(ascii: "}"))
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

  private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x00..<0x20, 0x7F:
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
      case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
        // U+2028 and U+2029 are valid JSON but end lines in JavaScript and some viewers.
        out.append(contentsOf: Array("\\u202".utf8))
        out.append(bytes[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
        i += 2
      default: out.append(b)
      }
      i += 1
    }
  }
}
