/// A strict JSON parser (RFC 8259) over UTF-8 bytes with errors that name the byte offset.
public struct JSONParser {
  /// Why a text is not JSON, and where.
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based byte offset into the parsed bytes.
    public var offset: Int
    public var message: String
    public var description: String { "\(message) at byte \(offset)" }
  }

  /// Nesting deeper than this is refused rather than risking the stack.
  public static let maximumDepth = 512

  private let bytes: UnsafeBufferPointer<UInt8>
  private var position = 0
  private var depth = 0

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Parses one JSON value that fills `bytes` (white space around it allowed).
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
    var parser = JSONParser(bytes)
    parser.skipSpace()
    let value = try parser.parseValue()
    parser.skipSpace()
    if parser.position != bytes.count { throw parser.fail("unexpected text after the JSON value") }
    return value
  }

  /// Parses the value at `position` of `bytes` as a member of a top-level object (one level
  /// of nesting already entered, so that the depth limit falls where it does for the whole
  /// line) and returns it with the offset just past it.
  static func parseMemberValue(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int)
    throws(Failure) -> (JSONValue, Int)
  {
    var parser = JSONParser(bytes)
    parser.position = position
    parser.depth = 1
    let value = try parser.parseValue()
    return (value, parser.position)
  }

  /// The byte offset (0-based) of the value of member `key` in the JSON object that fills
  /// `bytes`, for messages that point at it; nil when `bytes` is not such an object or has no
  /// such member.
  static func memberValueOffset(_ bytes: UnsafeBufferPointer<UInt8>, key: String) -> Int? {
    var parser = JSONParser(bytes)
    parser.skipSpace()
    guard parser.position < bytes.count, bytes[parser.position] == UInt8(ascii: "{") else {
      return nil
    }
    parser.position += 1
    parser.depth = 1
    while true {
      parser.skipSpace()
      guard parser.position < bytes.count, bytes[parser.position] == UInt8(ascii: "\""),
        let name = try? parser.parseString()
      else { return nil }
      parser.skipSpace()
      guard parser.position < bytes.count, bytes[parser.position] == UInt8(ascii: ":") else {
        return nil
      }
      parser.position += 1
      parser.skipSpace()
      if name == key { return parser.position }
      guard (try? parser.parseValue()) != nil else { return nil }
      parser.skipSpace()
      guard parser.position < bytes.count, bytes[parser.position] == UInt8(ascii: ",") else {
        return nil
      }
      parser.position += 1
    }
  }

  /// The byte offset (0-based) of the first byte of `bytes` that is not JSON white space.
  static func firstValueOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var parser = JSONParser(bytes)
    parser.skipSpace()
    return parser.position
  }

  /// Parses one JSON value from an array of bytes.
  public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
    let result: Result<JSONValue, Failure> = bytes.withUnsafeBufferPointer { buffer in
      do throws(Failure) { return .success(try parse(buffer)) } catch { return .failure(error) }
    }
    return try result.get()
  }

  private func fail(_ message: String) -> Failure { Failure(offset: position, message: message) }

  private mutating func skipSpace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  private mutating func parseValue() throws(Failure) -> JSONValue {
    guard position < bytes.count else { throw fail("unexpected end of input") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
    case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
    case UInt8(ascii: "n"): try expectWord("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw fail("unexpected character '\(JSONParser.printable(bytes[position]))'")
    }
  }

  /// `byte` as it is quoted in a message: itself if printable ASCII, else `\x` and its hex.
  static func printable(_ byte: UInt8) -> String {
    byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
  }

  private mutating func expectWord(_ word: StaticString) throws(Failure) {
    let n = word.utf8CodeUnitCount
    for i in 0..<n where position + i >= bytes.count || bytes[position + i] != word.utf8Start[i] {
      guard position + i < bytes.count else {
        throw Failure(offset: bytes.count, message: "unexpected end of input")
      }
      throw Failure(
        offset: position + i,
        message: "unexpected character '\(JSONParser.printable(bytes[position + i]))'")
    }
    position += n
  }

  private mutating func enter() throws(Failure) {
    depth += 1
    if depth > JSONParser.maximumDepth {
      throw fail("nesting deeper than \(JSONParser.maximumDepth)")
    }
  }

  private mutating func parseObject() throws(Failure) -> JSONValue {
    try enter()
    position += 1
    var members: [(String, JSONValue)] = []
    skipSpace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
      position += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard position < bytes.count else { throw fail("unexpected end of input in an object") }
      guard bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
      let key = try parseString()
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw fail("expected ':' after an object key")
      }
      position += 1
      skipSpace()
      members.append((key, try parseValue()))
      skipSpace()
      guard position < bytes.count else { throw fail("unexpected end of input in an object") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      if bytes[position] == UInt8(ascii: "}") {
        position += 1
        depth -= 1
        return .object(members)
      }
      throw fail("expected ',' or '}' in an object")
    }
  }

  private mutating func parseArray() throws(Failure) -> JSONValue {
    try enter()
    position += 1
    var items: [JSONValue] = []
    skipSpace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
      position += 1
      depth -= 1
      return .array(items)
    }
    while true {
      skipSpace()
      items.append(try parseValue())
      skipSpace()
      guard position < bytes.count else { throw fail("unexpected end of input in an array") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      if bytes[position] == UInt8(ascii: "]") {
        position += 1
        depth -= 1
        return .array(items)
      }
      throw fail("expected ',' or ']' in an array")
    }
  }

  private mutating func parseNumber() throws(Failure) -> JSONValue {
    let start = position
    func digits(_ p: inout Int) -> Int {
      let s = p
      while p < bytes.count && bytes[p] >= 0x30 && bytes[p] <= 0x39 { p += 1 }
      return p - s
    }
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count else { throw fail("unexpected end of input in a number") }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
    } else if digits(&position) == 0 {
      throw fail("expected a digit")
    }
    if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
      position += 1
      if digits(&position) == 0 { throw fail("expected a digit after '.'") }
    }
    if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
      position += 1
      if position < bytes.count
        && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
      {
        position += 1
      }
      if digits(&position) == 0 { throw fail("expected a digit in the exponent") }
    }
    return .number(
      String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
  }

  private mutating func parseString() throws(Failure) -> String {
    position += 1
    let start = position
    position = JSONByteScan.firstStringStop(in: bytes, from: position)
    guard position < bytes.count else { throw fail("unterminated string") }
    if bytes[position] == UInt8(ascii: "\"") {
      // No escapes, so the bytes are the string once their UTF-8 is checked.
      let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
      position += 1
      guard let s = UTF8Validator.string(validating: slice) else {
        throw Failure(offset: start + JSONParser.invalidUTF8Offset(slice), message: "invalid UTF-8")
      }
      return s
    }
    if bytes[position] < 0x20 { throw fail("unescaped control character in a string") }
    // A backslash: decode into a copy, moving the runs between escapes in bulk. Escapes only
    // shrink, so the rest of the input bounds the copy and it never grows.
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count - start)
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
    while true {
      // `position` is at a backslash.
      let (scalar, end) = try JSONEscape.decode(bytes, at: position)
      position = end
      if scalar.isASCII {
        out.append(UInt8(truncatingIfNeeded: scalar.value))
      } else {
        out.append(contentsOf: scalar.utf8)
      }
      let run = position
      position = JSONByteScan.firstStringStop(in: bytes, from: position)
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<position]))
      guard position < bytes.count else { break }
      if bytes[position] == UInt8(ascii: "\"") {
        position += 1
        guard let s = UTF8Validator.string(validating: out) else {
          throw Failure(offset: start + JSONParser.invalidUTF8Offset(out), message: "invalid UTF-8")
        }
        return s
      }
      if bytes[position] < 0x20 { throw fail("unescaped control character in a string") }
    }
    throw fail("unterminated string")
  }

  /// The offset of the first byte where `bytes` stops being valid UTF-8 (its count if valid).
  public static func invalidUTF8Offset<C: Collection<UInt8>>(_ bytes: C) -> Int
  where C.Index == Int {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var consumed = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): consumed += UTF8.width(scalar)
      case .emptyInput: return consumed
      case .error: return consumed
      }
    }
  }
}
