/// The JSONL output records of design.md.
public enum OutputRecord {
  /// Keys the output owns; an input field of the same name is not carried through.
  static let reserved: Set<String> = ["id", "entities", "relations", "error", "warnings"]

  /// The result record of an article: `id`, `entities`, `relations` and the article's other
  /// input fields, keys sorted.
  public static func result(for article: Article, _ extraction: Extraction) -> JSONValue {
    var members: [(String, JSONValue)] = article.extra.filter { !reserved.contains($0.0) }
    members.append(("id", .string(article.id)))
    members.append(("entities", .array(extraction.entities.map(\.json))))
    members.append(("relations", .array(extraction.relations.map(\.json))))
    if !article.warnings.isEmpty {
      members.append(("warnings", .array(article.warnings.map { .string($0) })))
    }
    return .object(members)
  }

  /// The error record of a record that could not be processed.
  public static func error(id: String, message: String) -> JSONValue {
    .object([("id", .string(id)), ("error", .string(message))])
  }

  /// A member of a result record, for writing it without building its `JSONValue` first.
  private enum ResultMember {
    case carried(JSONValue)
    case id, entities, relations, warnings, explain
  }

  /// Appends the JSONL line (with its newline) of the result record of `article`, with an
  /// `explain` list of the extractor's decisions when `explain` is set: the bytes of
  /// `line(result(for:_:))`, written straight from the entities.
  public static func writeResultLine(
    for article: Article, _ extraction: Extraction, explain: Bool, into out: inout [UInt8]
  ) {
    out.appendJSON { writeResultLine(for: article, extraction, explain: explain, into: &$0) }
  }

  static func writeResultLine(
    for article: Article, _ extraction: Extraction, explain: Bool, into out: inout JSONBuffer
  ) {
    // The members of `result(for:_:)`, in its order, so that sorting and repeated keys come
    // out the same; an input field named "explain" wins over the list, as it always has.
    var members: [(String, ResultMember)] = []
    members.reserveCapacity(article.extra.count + 5)
    for (key, value) in article.extra where !reserved.contains(key) {
      members.append((key, .carried(value)))
    }
    members.append(("id", .id))
    members.append(("entities", .entities))
    members.append(("relations", .relations))
    if !article.warnings.isEmpty { members.append(("warnings", .warnings)) }
    if explain { members.append(("explain", .explain)) }
    JSONWriter.writeObject(members, into: &out) { member, out in
      switch member {
      case .carried(let value): JSONWriter.write(value, into: &out)
      case .id: JSONWriter.writeString(article.id, into: &out)
      case .entities: writeArray(extraction.entities, into: &out) { $0.writeJSON(into: &$1) }
      case .relations: writeArray(extraction.relations, into: &out) { $0.writeJSON(into: &$1) }
      case .warnings:
        writeArray(article.warnings, into: &out) { JSONWriter.writeString($0, into: &$1) }
      case .explain:
        writeArray(extraction.decisions, into: &out) { JSONWriter.write($0.json, into: &$1) }
      }
    }
    out.append(0x0A)
  }

  /// Appends the JSONL line (with its newline) of the error record: the bytes of
  /// `line(error(id:message:))`.
  public static func writeErrorLine(id: String, message: String, into out: inout [UInt8]) {
    out.appendJSON { writeErrorLine(id: id, message: message, into: &$0) }
  }

  static func writeErrorLine(id: String, message: String, into out: inout JSONBuffer) {
    out.append(#"{"error":"#)
    JSONWriter.writeString(message, into: &out)
    out.append(#","id":"#)
    JSONWriter.writeString(id, into: &out)
    out.append("}\n")
  }

  private static func writeArray<Element>(
    _ items: [Element], into out: inout JSONBuffer, writeItem: (Element, inout JSONBuffer) -> Void
  ) {
    out.append(UInt8(ascii: "["))
    // By index: each item is lent to `writeItem`, not copied (an entity holds four strings).
    for i in items.indices {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      writeItem(items[i], &out)
    }
    out.append(UInt8(ascii: "]"))
  }

  /// One JSONL line (with its newline) for `value`.
  public static func line(_ value: JSONValue) -> [UInt8] {
    var out: [UInt8] = []
    JSONWriter.write(value, into: &out)
    out.append(0x0A)
    return out
  }
}
