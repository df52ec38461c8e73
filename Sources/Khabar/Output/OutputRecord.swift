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
    if !article.warnings.isEmpty { members.append(("warnings", .array(article.warnings.map { .string($0) }))) }
    return .object(members)
  }

  /// The error record of a record that could not be processed.
  public static func error(id: String, message: String) -> JSONValue {
    .object([("id", .string(id)), ("error", .string(message))])
  }

  /// One JSONL line (with its newline) for `value`.
  public static func line(_ value: JSONValue) -> [UInt8] {
    var out: [UInt8] = []
    JSONWriter.write(value, into: &out)
    out.append(0x0A)
    return out
  }
}
