/// The layout of a fixture's reviewed output, `NAME.expected.jsonl`: one output record written
/// one entity and one relation per line, without ids, so that a change to review is a changed
/// line in git.
///
/// Every line is a JSON object (the file is JSON Lines):
///
/// - line 1, the record without its entities and relations: `{"id":"010_gulf_summit"}`; for an
///   error record, the whole record (`{"error":"…","id":"…"}`) and nothing after it;
/// - one line per entity, in output order (start, then longer first, then label precedence:
///   the order of T1, T2, …), keys in reading order and no `id`:
///   `{"start":0,"end":6,"type":"LOCATION","text":"الرياض","canonical":"Riyadh",…}`;
/// - one line per relation (it has a `predicate`), in output order (of first evidence: the
///   order of R1, R2, …), no `id`, its subject and object named by span and type instead of
///   by T-id: `{"subject":{"start":36,"end":61,"type":"PERSON"},"predicate":"visited",…}`.
///
/// Offsets are those of the output: Unicode scalars of the article, 0-based, end exclusive.
/// Reading numbers the lines back into T1, T2, … and R1, R2, …, which gives exactly the record
/// `khabar extract` writes (FixtureTests holds every fixture to that), so an entity that a
/// rule change inserts is one added line, not a new number on every later line.
///
/// A file in the earlier layout, the whole record on one line, is read too;
/// `khabar test --update` rewrites it in this one.
public enum ExpectedFile {
  /// The keys written first on an entity line, in this order; any others follow, sorted.
  static let entityKeys = ["start", "end", "type", "text", "canonical", "source", "attributes"]
  /// The keys written first on a relation line, in this order; any others follow, sorted.
  static let relationKeys = [
    "subject", "predicate", "object", "triple", "rule", "evidence", "more_evidence",
  ]
  /// The keys written first in a span or entity reference.
  static let spanKeys = ["start", "end", "type"]

  /// The file text (every line ends with a newline) of `record`, a result or error record as
  /// `OutputRecord` makes it.
  public static func text(for record: JSONValue) -> String {
    guard case .object(let members) = record else { return JSONWriter.string(record) + "\n" }
    let header = members.filter { $0.0 != "entities" && $0.0 != "relations" }
    var lines = [JSONWriter.string(.object(header))]
    var references: [String: JSONValue] = [:]
    for entity in record["entities"]?.arrayValue ?? [] {
      if let id = entity["id"]?.stringValue, references[id] == nil {
        references[id] = .object(spanKeys.compactMap { key in entity[key].map { (key, $0) } })
      }
      lines.append(
        ordered(entity, first: entityKeys, leaving: ["id"]) { _, value in JSONWriter.string(value) }
      )
    }
    for relation in record["relations"]?.arrayValue ?? [] {
      lines.append(
        ordered(relation, first: relationKeys, leaving: ["id"]) { key, value in
          switch key {
          case "subject", "object":
            // An id that names no entity is kept as it is, so the file still says what was there.
            let reference = value.stringValue.flatMap { references[$0] } ?? value
            return ordered(reference, first: spanKeys, leaving: []) { JSONWriter.string($1) }
          case "evidence":
            return ordered(value, first: spanKeys, leaving: []) { JSONWriter.string($1) }
          case "more_evidence":
            let spans = (value.arrayValue ?? []).map {
              ordered($0, first: spanKeys, leaving: []) { JSONWriter.string($1) }
            }
            return value.arrayValue == nil
              ? JSONWriter.string(value) : "[" + spans.joined(separator: ",") + "]"
          default: return JSONWriter.string(value)
          }
        })
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// The record that `text` (the contents of `file`) describes, with the ids T1, T2, … and
  /// R1, R2, … given by line order.
  ///
  /// Every problem of the file is reported in one error.
  public static func record(from text: String, file: String) throws(DataFileError) -> JSONValue {
    var diagnostics: [Diagnostic] = []
    func problem(_ line: Int, _ message: String) {
      diagnostics.append(Diagnostic(file: file, line: line, column: 1, message: message))
    }
    var objects: [(line: Int, members: [(String, JSONValue)])] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let content = line.hasSuffix("\r") ? line.dropLast() : line
      if content.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      do {
        guard case .object(let members) = try JSONParser.parse(Array(content.utf8)) else {
          problem(index + 1, "expected a JSON object")
          continue
        }
        objects.append((index + 1, members))
      } catch {
        problem(index + 1, "invalid JSON: \(error)")
      }
    }
    guard diagnostics.isEmpty else { throw DataFileError(diagnostics) }
    guard let header = objects.first else {
      throw DataFileError([Diagnostic(file: file, line: 1, column: 1, message: "empty file")])
    }
    let headerRecord = JSONValue.object(header.members)
    if headerRecord["id"] == nil {
      throw DataFileError([
        Diagnostic(
          file: file, line: header.line, column: 1,
          message: "the first line is the record's id and other fields, found no 'id'")
      ])
    }
    // The earlier layout and error records: the whole record on the first line.
    if headerRecord["entities"] != nil || headerRecord["error"] != nil {
      for extra in objects.dropFirst() { problem(extra.line, "a line after a whole record") }
      guard diagnostics.isEmpty else { throw DataFileError(diagnostics) }
      return headerRecord
    }
    var entities: [JSONValue] = []
    var relationLines: [(line: Int, members: [(String, JSONValue)])] = []
    var ids: [String: String] = [:]
    for object in objects.dropFirst() {
      let value = JSONValue.object(object.members)
      if value["id"] != nil {
        problem(object.line, "'id' on an entity or relation line: ids come from line order")
      } else if value["predicate"] != nil {
        relationLines.append(object)
      } else if !relationLines.isEmpty {
        problem(object.line, "an entity line after a relation line")
      } else {
        let id = "T\(entities.count + 1)"
        if let key = referenceKey(value), ids[key] == nil { ids[key] = id }
        entities.append(.object([("id", .string(id))] + object.members))
      }
    }
    var relations: [JSONValue] = []
    for relation in relationLines {
      var members: [(String, JSONValue)] = [("id", .string("R\(relations.count + 1)"))]
      for (key, value) in relation.members {
        if key == "subject" || key == "object" {
          guard let reference = referenceKey(value), let id = ids[reference] else {
            problem(
              relation.line,
              "\(key) \(JSONWriter.string(value)) is no entity line of the file (start, end and type)"
            )
            continue
          }
          members.append((key, .string(id)))
        } else {
          members.append((key, value))
        }
      }
      relations.append(.object(members))
    }
    guard diagnostics.isEmpty else { throw DataFileError(diagnostics.sorted { $0.line < $1.line }) }
    return .object(
      header.members + [("entities", .array(entities)), ("relations", .array(relations))])
  }

  /// "TYPE start end" of an entity or an entity reference; nil if one of the three is missing.
  static func referenceKey(_ value: JSONValue) -> String? {
    guard let type = value["type"]?.stringValue, let start = value["start"]?.intValue,
      let end = value["end"]?.intValue
    else {
      return nil
    }
    return "\(type) \(start) \(end)"
  }

  /// An object's JSON text with the keys of `first` first, in that order, the others after
  /// them sorted (as `JSONWriter` sorts), and those of `leaving` left out; a value that is not
  /// an object is written by `JSONWriter`.
  static func ordered(
    _ value: JSONValue, first: [String], leaving: Set<String>, write: (String, JSONValue) -> String
  ) -> String {
    guard case .object(let members) = value else { return JSONWriter.string(value) }
    var seen: Set<String> = []
    // A repeated key keeps its first occurrence, as `JSONWriter` and the subscript do.
    let unique = members.filter { !leaving.contains($0.0) && seen.insert($0.0).inserted }
    let rank = Dictionary(uniqueKeysWithValues: first.enumerated().map { ($1, $0) })
    let sorted = unique.sorted { lhs, rhs in
      switch (rank[lhs.0], rank[rhs.0]) {
      case (let l?, let r?): return l < r
      case (.some, nil): return true
      case (nil, .some): return false
      case (nil, nil): return lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
      }
    }
    return "{"
      + sorted.map { JSONWriter.string(.string($0.0)) + ":" + write($0.0, $0.1) }.joined(
        separator: ",") + "}"
  }
}
