/// Writes JSON compactly with object keys sorted by their UTF-8 bytes, so that the same value
/// always gives the same bytes.
///
/// Non-ASCII text is written as UTF-8, not escaped.
///
/// The writers append to a `JSONBuffer`; the `[UInt8]` entry points write through one.
public enum JSONWriter {
  /// The JSON text of `value` as UTF-8 bytes appended to `out`.
  public static func write(_ value: JSONValue, into out: inout [UInt8]) {
    out.appendJSON { write(value, into: &$0) }
  }

  static func write(_ value: JSONValue, into out: inout JSONBuffer) {
    switch value {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .number(let n): writeUTF8(n, into: &out)
    case .string(let s): writeString(s, into: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for i in items.indices {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        write(items[i], into: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members): writeObject(members, into: &out)
    }
  }

  /// Writes an object of `JSONValue` members: what `writeObject(_:into:writeValue:)` writes
  /// with `write` as `writeValue`, for the attributes of every entity.
  ///
  /// The last written key is remembered by its position, not as a `String`, and each value is
  /// written where it lies: the generic form retained and released a key and copied a value
  /// for every member.
  static func writeObject(_ members: [(String, JSONValue)], into out: inout JSONBuffer) {
    out.append(UInt8(ascii: "{"))
    members.withUnsafeBufferPointer { members in
      var previous = -1
      func writeMember(at position: Int) {
        if previous >= 0 {
          // A repeated key keeps its first occurrence, as in the generic form.
          if members[previous].0 == members[position].0 { return }
          out.append(UInt8(ascii: ","))
        }
        previous = position
        writeString(members[position].0, into: &out)
        out.append(UInt8(ascii: ":"))
        // Nearly every attribute is a string: written without copying the value first.
        if case .string(let value) = members[position].1 {
          writeString(value, into: &out)
        } else {
          write(members[position].1, into: &out)
        }
      }
      if isInKeyOrder(members) {
        for position in members.indices { writeMember(at: position) }
        return
      }
      withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
        sortPositions(of: members, into: order)
        for position in order { writeMember(at: position) }
      }
    }
    out.append(UInt8(ascii: "}"))
  }

  /// Writes an object whose member values `writeValue` renders: keys sorted by their UTF-8
  /// bytes (a stable sort), a repeated key written once with its first value.
  ///
  /// Writers of records whose values are not `JSONValue`s yet (output records) use it to skip
  /// building the tree and still order keys exactly as `write` does.
  static func writeObject<Value>(
    _ members: [(String, Value)], into out: inout JSONBuffer,
    writeValue: (Value, inout JSONBuffer) -> Void
  ) {
    out.append(UInt8(ascii: "{"))
    // Members are read through a buffer pointer: subscripting the array in this generic
    // function copied whole members (a retain and a release of each value) to read a key.
    members.withUnsafeBufferPointer { members in
      var previous: String?
      func writeMember(at position: Int) {
        // A repeated key keeps its first occurrence (the sort is stable). Keys in byte order
        // can still repeat: `==` finds "é" and "e\u{301}" equal.
        if let p = previous, p == members[position].0 { return }
        if previous != nil { out.append(UInt8(ascii: ",")) }
        previous = members[position].0
        writeString(members[position].0, into: &out)
        out.append(UInt8(ascii: ":"))
        writeValue(members[position].1, &out)
      }
      // Most objects Khabar writes are built in key order: check before sorting.
      if isInKeyOrder(members) {
        for position in members.indices { writeMember(at: position) }
        return
      }
      withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
        sortPositions(of: members, into: order)
        for position in order { writeMember(at: position) }
      }
    }
    out.append(UInt8(ascii: "}"))
  }

  /// Whether the keys of `members` are in order.
  private static func isInKeyOrder<Value>(_ members: UnsafeBufferPointer<(String, Value)>) -> Bool {
    var i = 1
    while i < members.count {
      if !keyPrecedes(members[i - 1].0, members[i].0) { return false }
      i += 1
    }
    return true
  }

  /// Fills `order` with the positions of `members` in key order, members of equal keys in
  /// their order.
  ///
  /// Sorting positions moves integers, not members, in scratch memory on the stack. Objects
  /// are small (an entity has a few attributes), so a stable insertion sort beats
  /// `sorted(by:)` and its closure calls.
  private static func sortPositions<Value>(
    of members: UnsafeBufferPointer<(String, Value)>, into order: UnsafeMutableBufferPointer<Int>
  ) {
    for i in order.indices {
      var j = i
      while j > 0 && keyPrecedes(members[i].0, members[order[j - 1]].0) {
        order[j] = order[j - 1]
        j -= 1
      }
      order[j] = i
    }
  }

  /// Whether `a` sorts before `b` by UTF-8 bytes: what `a.utf8.lexicographicallyPrecedes(b.utf8)`
  /// says, comparing two byte buffers instead of walking two UTF-8 views generically.
  ///
  /// The buffers are borrowed (`utf8.withContiguousStorageIfAvailable`), not taken from
  /// copies of the strings through the mutating `withUTF8`, which cost about 140 instructions
  /// a comparison of two short keys.
  @inline(__always)
  static func keyPrecedes(_ a: String, _ b: String) -> Bool {
    // Keys are nearly always short: their bytes are compared a word at a time.
    if let x = SmallUTF8(reading: a), let y = SmallUTF8(reading: b) {
      return SmallUTF8.precedes(x, y)
    }
    return keyPrecedesByBytes(a, b)
  }

  static func keyPrecedesByBytes(_ a: String, _ b: String) -> Bool {
    let result = a.utf8.withContiguousStorageIfAvailable { x in
      b.utf8.withContiguousStorageIfAvailable { y in
        for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] }
        return x.count < y.count
      }
    }
    return (result ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
  }

  /// Appends `value` in decimal, the bytes of `String(value)` without making the string.
  static func writeInt(_ value: Int, into out: inout [UInt8]) {
    out.appendJSON { writeInt(value, into: &$0) }
  }

  @inline(__always)
  static func writeInt(_ value: Int, into out: inout JSONBuffer) {
    // A sign and 20 digits hold any Int. The digits are counted first, then written from
    // the last, two at a time from a table: offsets have two to five digits, and a
    // division and a store per digit, then turning them round, cost three times as much.
    out.append(upTo: 21) { start in
      var first = start
      if value < 0 {
        first.pointee = UInt8(ascii: "-")
        first += 1
      }
      var magnitude = value.magnitude
      var digits = 1
      var bound: UInt = 10
      while digits < 20 && magnitude >= bound {
        digits &+= 1
        bound &*= 10
      }
      let end = first + digits
      var p = end
      let pairs = digitPairs.utf8Start
      while magnitude >= 100 {
        let pair = Int(magnitude % 100) &* 2
        magnitude /= 100
        p -= 2
        p[0] = pairs[pair]
        p[1] = pairs[pair &+ 1]
      }
      if magnitude >= 10 {
        p[-2] = pairs[Int(magnitude) &* 2]
        p[-1] = pairs[Int(magnitude) &* 2 &+ 1]
      } else {
        p[-1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
      }
      return end - start
    }
  }

  /// "00", "01", … "99" end to end: the two digits of every number below 100.
  private static let digitPairs: StaticString = """
    0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
    5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899
    """

  /// The JSON text of `value` as a `String`.
  public static func string(_ value: JSONValue) -> String {
    var out: [UInt8] = []
    write(value, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static let hex: StaticString = "0123456789abcdef"

  static func writeString(_ s: String, into out: inout [UInt8]) {
    out.appendJSON { writeString(s, into: &$0) }
  }

  /// Appends `s` as a JSON string: quoted, with the escapes JSON needs.
  @inline(never)
  static func writeString(_ s: String, into out: inout JSONBuffer) {
    // Most strings written are small (ids, attribute keys and values, short names) and need
    // no escape: their two words are tested and stored whole, with the quotes, and the
    // buffer only counts the bytes that belong to the string.
    if let small = SmallUTF8(reading: s), !small.hasEscapeCandidate {
      out.append(upTo: 18) { start in
        let raw = UnsafeMutableRawPointer(start)
        start.pointee = UInt8(ascii: "\"")
        raw.storeBytes(of: small.low.littleEndian, toByteOffset: 1, as: UInt64.self)
        raw.storeBytes(of: small.high.littleEndian, toByteOffset: 9, as: UInt64.self)
        start[small.count + 1] = UInt8(ascii: "\"")
        return small.count + 2
      }
      return
    }
    writeLongString(s, into: &out)
  }

  /// `writeString` for a string that is not small, or needs an escape.
  ///
  /// Out of line, so that the small strings' path saves and restores few registers.
  @inline(never)
  private static func writeLongString(_ s: String, into out: inout JSONBuffer) {
    withUTF8(s) { writeQuoted($0, into: &out) }
  }

  /// `writeString` for any string, short or not: its UTF-8 borrowed, scanned and copied.
  @inline(never)
  static func writeAnyString(_ s: String, into out: inout JSONBuffer) {
    withUTF8(s) { writeQuoted($0, into: &out) }
  }

  /// Appends `bytes` (valid UTF-8) as a JSON string.
  @inline(__always)
  private static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout JSONBuffer) {
    // Nearly every string (ids, keys, names) has nothing to escape: it is copied as it is
    // scanned, a word at a time, with its quotes, in one capacity check. Copying and
    // scanning in one pass saves a `memcpy` call per string; most strings are short.
    var first = bytes.count
    out.append(upTo: bytes.count + 2) { start in
      guard let source = bytes.baseAddress else {
        start[0] = UInt8(ascii: "\"")
        start[1] = UInt8(ascii: "\"")
        return 2
      }
      first = JSONByteScan.copyUntilEscapeCandidate(
        from: source, count: bytes.count, to: start + 1)
      guard first == bytes.count else { return 0 }
      start.pointee = UInt8(ascii: "\"")
      start[bytes.count + 1] = UInt8(ascii: "\"")
      return bytes.count + 2
    }
    guard first < bytes.count else { return }
    out.append(UInt8(ascii: "\""))
    escape(bytes, from: first, into: &out)
    out.append(UInt8(ascii: "\""))
  }

  /// Appends the UTF-8 of `s` unchanged (a JSON number kept as its text).
  private static func writeUTF8(_ s: String, into out: inout JSONBuffer) {
    withUTF8(s) { out.append($0) }
  }

  /// Calls `body` with the UTF-8 of `s` in contiguous memory, copying only a string that is
  /// not (Swift strings almost always are).
  @inline(__always)
  private static func withUTF8(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    if s.utf8.withContiguousStorageIfAvailable(body) == nil {
      var copy = s
      copy.makeContiguousUTF8()
      copy.withUTF8(body)
    }
  }

  /// Appends `bytes` with JSON escapes.
  ///
  /// Runs of bytes that need none are found a word at a time and copied in one step; most text is
  /// such a run.
  ///
  /// `first` is the index of the first byte that may need an escape.
  private static func escape(
    _ bytes: UnsafeBufferPointer<UInt8>, from first: Int, into out: inout JSONBuffer
  ) {
    var run = 0
    var i = first
    while i < bytes.count {
      let b = bytes[i]
      // 0xE2 also starts characters that stay as they are: only U+2028 and U+2029 are escaped.
      if b == 0xE2
        && !(i + 2 < bytes.count && bytes[i + 1] == 0x80
          && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9))
      {
        i = JSONByteScan.firstEscapeCandidate(in: bytes, from: i + 1)
        continue
      }
      out.append(UnsafeBufferPointer(rebasing: bytes[run..<i]))
      out.append(0x5C)
      switch b {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
      case 0x0A: out.append(UInt8(ascii: "n"))
      case 0x0D: out.append(UInt8(ascii: "r"))
      case 0x09: out.append(UInt8(ascii: "t"))
      case 0xE2:
        // U+2028 and U+2029 are valid JSON but end lines in JavaScript and some viewers.
        out.append("u202")
        out.append(bytes[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
        i += 2
      default:
        out.append("u00")
        out.append(hex.utf8Start[Int(b >> 4)])
        out.append(hex.utf8Start[Int(b & 15)])
      }
      i += 1
      run = i
      i = JSONByteScan.firstEscapeCandidate(in: bytes, from: i)
    }
    out.append(UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
  }
}
