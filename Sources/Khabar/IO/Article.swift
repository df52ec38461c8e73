/// One input article.
public struct Article: Sendable {
  public var id: String
  public var text: String
  /// The record's other fields (everything but `id` and `text`), carried into the output.
  public var extra: [(String, JSONValue)]
  /// What was odd about the record but did not stop it (an assigned id, a duplicate id); each
  /// names its place and goes to the output record's `warnings` and to standard error.
  public var warnings: [String]

  public init(id: String, text: String, extra: [(String, JSONValue)] = [], warnings: [String] = [])
  {
    self.id = id
    self.text = text
    self.extra = extra
    self.warnings = warnings
  }
}

/// One input record as read: an article, or a record that cannot be processed.
public enum InputRecord: Sendable {
  case article(Article)
  /// A record that yields an error line: its id (or a place-derived one) and why.
  case failure(id: String, message: String)

  public var id: String {
    switch self {
    case .article(let a): return a.id
    case .failure(let id, _): return id
    }
  }
}

extension InputRecord {
  /// Reads one JSONL line (`{"id": …, "text": …, …}`).
  ///
  /// `place` names the line ("file:12") for messages and for the id of a record that has none.
  public static func fromJSONLine(_ line: UnsafeBufferPointer<UInt8>, place: String) -> InputRecord
  {
    fromJSONLine(line, place: { place })
  }

  /// `fromJSONLine(_:place:)` with the place made only when a message or an id needs it:
  /// most records have both an id and a text, and the scanner reads them directly.
  static func fromJSONLine(_ line: UnsafeBufferPointer<UInt8>, place makePlace: () -> String)
    -> InputRecord
  {
    if let article = JSONRecordScanner.article(line) { return .article(article) }
    return fromJSONValue(line, place: makePlace())
  }

  /// The general path of `fromJSONLine`: parses the whole line into a `JSONValue`, then looks
  /// at its members.
  ///
  /// Every error and warning is worded here.
  static func fromJSONValue(_ line: UnsafeBufferPointer<UInt8>, place: String) -> InputRecord {
    /// `place:COLUMN` for byte `offset` of the line (columns count Unicode scalars, from 1).
    func at(_ offset: Int) -> String {
      "\(place):\(TextPosition.lineAndColumn(ofByte: offset, in: Array(line)).1)"
    }
    let value: JSONValue
    do {
      value = try JSONParser.parse(line)
    } catch {
      return .failure(id: place, message: "\(at(error.offset)): invalid JSON: \(error.message)")
    }
    let start = JSONParser.firstValueOffset(line)
    guard case .object(let members) = value else {
      return .failure(
        id: place, message: "\(at(start)): expected a JSON object, found \(value.typeName)")
    }
    func member(_ key: String) -> String {
      at(JSONParser.memberValueOffset(line, key: key) ?? start)
    }
    let id: String
    var warnings: [String] = []
    switch value["id"] {
    case .string(let s)? where !s.isEmpty: id = s
    case .number(let n)?: id = n
    case .string?:
      // An empty id names nothing (and every empty id would be the same): like a missing one.
      id = place
      warnings.append("\(place): the record's \"id\" is empty; assigned id '\(place)'")
    case nil:
      // A record without an id is still processed, under an id made from its place.
      id = place
      warnings.append("\(place): the record has no \"id\"; assigned id '\(place)'")
    case let other?:
      return .failure(
        id: place,
        message: "\(member("id")): \"id\" must be a string or a number, found \(other.typeName)")
    }
    guard let textValue = value["text"] else {
      return .failure(id: id, message: "\(at(start)): record '\(id)' has no \"text\"")
    }
    guard case .string(let text) = textValue else {
      return .failure(
        id: id,
        message:
          "\(member("text")): record '\(id)': \"text\" must be a string, found \(textValue.typeName)"
      )
    }
    let extra = members.filter { $0.0 != "id" && $0.0 != "text" }
    return .article(Article(id: id, text: text, extra: extra, warnings: warnings))
  }
}
