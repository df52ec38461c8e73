/// A JSON value that keeps what it was given: numbers keep their text, objects keep their
/// members (written back with sorted keys).
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number, as its JSON text (so that carried-through values are written back unchanged).
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in input order; `JSONWriter` sorts them by key.
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      // Objects are unordered: compare members by key.
      guard a.count == b.count else { return false }
      let sa = a.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
      let sb = b.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
      return zip(sa, sb).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// A number from an integer.
  public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

  /// The member `key` of an object (the first, if repeated).
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var intValue: Int? {
    if case .number(let n) = self { return Int(n) }
    return nil
  }

  /// The JSON type name, for messages ("expected a string, found a number").
  public var typeName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
