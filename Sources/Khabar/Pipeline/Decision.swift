/// Why a candidate was kept or dropped, for `--explain`.
public struct Decision: Sendable {
  public var label: EntityLabel
  /// Original Unicode-scalar span.
  public var start: Int
  public var end: Int
  public var text: String
  public var source: String
  public var priority: Int
  public var kept: Bool
  public var reason: String

  public var json: JSONValue {
    .object([
      ("type", .string(label.rawValue)), ("start", .int(start)), ("end", .int(end)),
      ("text", .string(text)),
      ("source", .string(source)), ("priority", .int(priority)), ("kept", .bool(kept)),
      ("reason", .string(reason)),
    ])
  }
}
