import Foundation

/// A gold fixture: an article annotated by hand (`Fixtures/gold/NAME.txt`) with the entities and
/// relations it states (`Fixtures/gold/NAME.gold.json`), and the score Khabar must reach on it.
///
/// Unlike a snapshot fixture (`NAME.expected.jsonl`, Khabar's own reviewed output), a gold
/// fixture holds only labels, spans and relations — no canonical names, sources or attributes —
/// and is scored (`GoldScore`) rather than compared line by line, against `threshold`.
///
/// Offsets are Unicode scalars of the article text, 0-based, end exclusive (Python's
/// `text[start:end]`), as in Khabar's output.
///
/// The file is JSON written one entity and one relation per line, sorted, so that a corrected
/// annotation is a changed line in `git diff`:
///
/// ```
/// {
///   "id": "gold_visit",
///   "threshold": {"f1": 1.0},
///   "entities": [
///     {"start": 0, "end": 6, "type": "PERSON", "text": "…"},
///   ],
///   "relations": [
///     {"subject": {"start": 0, "end": 6, "type": "PERSON", "text": "…"},
///      "predicate": "visited", "object": {…}}
///   ]
/// }
/// ```
public struct GoldFixture: Sendable, Equatable {
  /// An annotated entity.
  public struct Entity: Sendable, Hashable, Comparable {
    /// Unicode scalars of the article, 0-based.
    public var start: Int
    /// Unicode scalars of the article, exclusive.
    public var end: Int
    public var label: EntityLabel
    /// The article's text of `start..<end`.
    public var text: String

    public init(start: Int, end: Int, label: EntityLabel, text: String) {
      self.start = start
      self.end = end
      self.label = label
      self.text = text
    }

    /// Output order: start, then the longer first, then label precedence.
    public static func < (lhs: Entity, rhs: Entity) -> Bool {
      (lhs.start, -lhs.end, lhs.label.precedence, lhs.text)
        < (rhs.start, -rhs.end, rhs.label.precedence, rhs.text)
    }

    /// What identifies it: label and span.
    public var key: Key { Key(start: start, end: end, label: label) }

    /// An entity's label and span, without its text.
    public struct Key: Sendable, Hashable {
      public var start: Int
      public var end: Int
      public var label: EntityLabel
    }

    /// `PERSON 'محمد باقري' [253, 263)`.
    public var description: String { "\(label.rawValue) '\(text)' [\(start), \(end))" }
  }

  /// An annotated relation between two annotated entities.
  public struct Relation: Sendable, Hashable, Comparable {
    public var subject: Entity
    public var predicate: Predicate
    public var object: Entity
    /// The text denies it (`لم يوقع`): Khabar's `"negated": true`.
    public var negated = false
    /// The text plans it (`سيزور`): Khabar's `"planned": true`.
    public var planned = false

    public init(
      subject: Entity, predicate: Predicate, object: Entity, negated: Bool = false,
      planned: Bool = false
    ) {
      self.subject = subject
      self.predicate = predicate
      self.object = object
      self.negated = negated
      self.planned = planned
    }

    public static func < (lhs: Relation, rhs: Relation) -> Bool {
      if lhs.subject != rhs.subject { return lhs.subject < rhs.subject }
      if lhs.predicate != rhs.predicate { return lhs.predicate.rawValue < rhs.predicate.rawValue }
      if lhs.object != rhs.object { return lhs.object < rhs.object }
      return (lhs.negated ? 1 : 0, lhs.planned ? 1 : 0) < (rhs.negated ? 1 : 0, rhs.planned ? 1 : 0)
    }

    /// `met_with: PERSON 'a' [0, 1) → PERSON 'b' [5, 6)`, with its flags.
    public var description: String {
      let flags = (negated ? " negated" : "") + (planned ? " planned" : "")
      return "\(predicate.rawValue)\(flags): \(subject.description) → \(object.description)"
    }
  }

  /// The F1 each label and predicate must reach: `f1` unless named in `labels` or `predicates`.
  public struct Threshold: Sendable, Equatable {
    public var f1: Double = 1
    /// Per entity label (`"DATE": 0.5`).
    public var labels: [EntityLabel: Double] = [:]
    /// Per predicate (`"met_with": 0.5`).
    public var predicates: [Predicate: Double] = [:]

    public init(
      f1: Double = 1, labels: [EntityLabel: Double] = [:], predicates: [Predicate: Double] = [:]
    ) {
      self.f1 = f1
      self.labels = labels
      self.predicates = predicates
    }

    public func minimum(for label: EntityLabel) -> Double { labels[label] ?? f1 }
    public func minimum(for predicate: Predicate) -> Double { predicates[predicate] ?? f1 }
  }

  /// The file name suffix of the annotation: `NAME.gold.json`.
  public static let suffix = ".gold.json"

  /// The fixture's name (its files are `NAME.txt` and `NAME.gold.json`).
  public var id: String
  /// The article, exactly as in `NAME.txt`.
  public var text: String
  public var entities: [Entity]
  public var relations: [Relation]
  public var threshold = Threshold()
  /// Why the threshold is what it is, or anything else a reviewer should know.
  public var note: String?
  /// Where the annotation came from (`brat`, `label-studio task 12, annotation 7`).
  public var origin: String?

  public init(
    id: String, text: String, entities: [Entity], relations: [Relation],
    threshold: Threshold = Threshold(), note: String? = nil, origin: String? = nil
  ) {
    self.id = id
    self.text = text
    self.entities = Array(Set(entities)).sorted()
    self.relations = Array(Set(relations)).sorted()
    self.threshold = threshold
    self.note = note
    self.origin = origin
  }
}

// MARK: - Checking

extension GoldFixture {
  /// The problems of the annotation against its text and Khabar's vocabulary.
  ///
  /// Spans out of the text or not equal to their slice, relation arguments of labels the
  /// predicate does not take, relation arguments that are no annotated entity. Empty when the
  /// fixture is sound.
  public func problems() -> [String] {
    let scalars = Array(text.unicodeScalars)
    var problems: [String] = []
    for entity in entities {
      guard 0 <= entity.start, entity.start < entity.end, entity.end <= scalars.count else {
        problems.append(
          "\(entity.description): the span is not inside the text (\(scalars.count) scalars)")
        continue
      }
      let slice = scalars.string(entity.start..<entity.end)
      if slice != entity.text {
        problems.append("\(entity.description): the text's slice is '\(slice)'")
      }
    }
    let known = Set(entities.map(\.key))
    for relation in relations {
      for (role, argument, allowed) in [
        ("subject", relation.subject, relation.predicate.subjects),
        ("object", relation.object, relation.predicate.objects),
      ] {
        if !known.contains(argument.key) {
          problems.append(
            "relation \(relation.description): the \(role) is no annotated entity")
        }
        if !allowed.contains(argument.label) {
          problems.append(
            "relation \(relation.description): \(relation.predicate.rawValue) takes no \(argument.label.rawValue) \(role) (\(GoldFixture.names(allowed)))"
          )
        }
      }
    }
    return problems
  }

  /// The raw values of `labels`, in precedence order, joined by commas.
  static func names(_ labels: Set<EntityLabel>) -> String {
    labels.sorted().map(\.rawValue).joined(separator: ", ")
  }

  /// Every label, for messages.
  static let labelNames = EntityLabel.allCases.map(\.rawValue).joined(separator: ", ")
  /// The relation flags an annotation may carry besides its predicate: `negated`, `planned`.
  static let flagNames = Set(Modality.named.map(\.name))
  /// Every predicate, for messages.
  static let predicateNames = Predicate.allCases.map(\.rawValue).joined(separator: ", ")
}

// MARK: - The file

/// Problems that make a gold fixture or an annotation export unusable, all found in one pass,
/// each naming its place.
public struct GoldFixtureError: Error, Sendable, CustomStringConvertible {
  public var problems: [String]
  public init(_ problems: [String]) { self.problems = problems }
  public var description: String { problems.joined(separator: "\n") }
}

extension GoldFixture {
  /// The `NAME.gold.json` text: one entity and one relation per line, sorted, keys in reading
  /// order, ending with a newline.
  public var fileText: String {
    func string(_ s: String) -> String { JSONWriter.string(.string(s)) }
    func entity(_ e: Entity) -> String {
      "{\"start\": \(e.start), \"end\": \(e.end), \"type\": \(string(e.label.rawValue)), \"text\": \(string(e.text))}"
    }
    var lines = ["{", "  \"id\": \(string(id)),"]
    if let origin { lines.append("  \"from\": \(string(origin)),") }
    if let note { lines.append("  \"note\": \(string(note)),") }
    var threshold = ["\"f1\": \(GoldFixture.number(self.threshold.f1))"]
    if !self.threshold.labels.isEmpty {
      let members = self.threshold.labels.sorted { $0.key < $1.key }.map {
        "\(string($0.key.rawValue)): \(GoldFixture.number($0.value))"
      }
      threshold.append("\"labels\": {\(members.joined(separator: ", "))}")
    }
    if !self.threshold.predicates.isEmpty {
      let members = self.threshold.predicates.sorted { $0.key.rawValue < $1.key.rawValue }.map {
        "\(string($0.key.rawValue)): \(GoldFixture.number($0.value))"
      }
      threshold.append("\"predicates\": {\(members.joined(separator: ", "))}")
    }
    lines.append("  \"threshold\": {\(threshold.joined(separator: ", "))},")
    lines.append("  \"entities\": [")
    for (index, e) in entities.enumerated() {
      lines.append("    " + entity(e) + (index == entities.count - 1 ? "" : ","))
    }
    lines.append("  ],")
    lines.append("  \"relations\": [")
    for (index, r) in relations.enumerated() {
      var flags = ""
      if r.negated { flags += ", \"negated\": true" }
      if r.planned { flags += ", \"planned\": true" }
      lines.append(
        "    {\"subject\": \(entity(r.subject)), \"predicate\": \(string(r.predicate.rawValue)), \"object\": \(entity(r.object))\(flags)}"
          + (index == relations.count - 1 ? "" : ","))
    }
    lines.append("  ]")
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A threshold as JSON writes it: `1.0`, `0.75`.
  static func number(_ value: Double) -> String { "\(value)" }

  /// The JSON value of `json`, or its syntax error at `file:line:column`.
  static func parseJSON(_ json: String, file: String) throws(GoldFixtureError) -> JSONValue {
    do {
      return try JSONParser.parse(Array(json.utf8))
    } catch {
      let (line, column) = TextPosition.lineAndColumn(ofByte: error.offset, in: Array(json.utf8))
      throw GoldFixtureError(["\(file):\(line):\(column): error: \(error.message)"])
    }
  }

  /// The fixture `json` (a `NAME.gold.json`, named `file` in messages) describes for `text`.
  ///
  /// Every problem is reported at once: unknown keys' values of the wrong type, unknown labels
  /// and predicates, spans that are not their slice of `text`, relation arguments that are no
  /// annotated entity.
  public static func parse(json: String, text: String, file: String) throws(GoldFixtureError)
    -> GoldFixture
  {
    let value = try GoldFixture.parseJSON(json, file: file)
    var problems: [String] = []
    func problem(_ place: String, _ message: String) {
      problems.append("\(file): \(place): \(message)")
    }
    guard case .object = value else { throw GoldFixtureError(["\(file): expected a JSON object"]) }
    func entity(_ v: JSONValue, _ place: String) -> Entity? {
      guard let start = v["start"]?.intValue, let end = v["end"]?.intValue,
        let type = v["type"]?.stringValue
      else {
        problem(place, "expected start, end (integers) and type")
        return nil
      }
      guard let label = EntityLabel(rawValue: type) else {
        problem(place, "unknown label '\(type)' (Khabar's labels: \(labelNames))")
        return nil
      }
      return Entity(start: start, end: end, label: label, text: v["text"]?.stringValue ?? "")
    }
    var entities: [Entity] = []
    for (index, v) in (value["entities"]?.arrayValue ?? []).enumerated() {
      if let e = entity(v, "entities[\(index)]") { entities.append(e) }
    }
    let byKey = Dictionary(entities.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    var relations: [Relation] = []
    for (index, v) in (value["relations"]?.arrayValue ?? []).enumerated() {
      let place = "relations[\(index)]"
      guard let name = v["predicate"]?.stringValue else {
        problem(place, "no predicate")
        continue
      }
      guard let predicate = Predicate(rawValue: name) else {
        problem(place, "unknown predicate '\(name)' (Khabar's predicates: \(predicateNames))")
        continue
      }
      guard let s = v["subject"].flatMap({ entity($0, place + ".subject") }),
        let o = v["object"].flatMap({ entity($0, place + ".object") })
      else { continue }
      // An argument is the annotated entity of its span and label (its text is for readers).
      guard let subject = byKey[s.key], let object = byKey[o.key] else {
        problem(
          place, "the \(byKey[s.key] == nil ? "subject" : "object") is no entity of 'entities'")
        continue
      }
      relations.append(
        Relation(
          subject: subject, predicate: predicate, object: object,
          negated: v["negated"] == .bool(true),
          planned: v["planned"] == .bool(true)))
    }
    var threshold = Threshold()
    // An F1 to reach: a number from 0 to 1.
    func minimum(_ v: JSONValue, _ place: String) -> Double? {
      guard let d = GoldFixture.double(v), (0...1).contains(d) else {
        problem(place, "expected a number from 0 to 1 (an F1), found \(JSONWriter.string(v))")
        return nil
      }
      return d
    }
    if let t = value["threshold"] {
      if let v = t["f1"], let f1 = minimum(v, "threshold.f1") { threshold.f1 = f1 }
      if case .object(let members)? = t["labels"] {
        for (key, v) in members {
          guard let label = EntityLabel(rawValue: key) else {
            problem("threshold.labels", "'\(key)' is not a label (Khabar's labels: \(labelNames))")
            continue
          }
          if let d = minimum(v, "threshold.labels.\(key)") { threshold.labels[label] = d }
        }
      }
      if case .object(let members)? = t["predicates"] {
        for (key, v) in members {
          guard let predicate = Predicate(rawValue: key) else {
            problem(
              "threshold.predicates",
              "'\(key)' is not a predicate (Khabar's predicates: \(predicateNames))")
            continue
          }
          if let d = minimum(v, "threshold.predicates.\(key)") {
            threshold.predicates[predicate] = d
          }
        }
      }
    }
    let fileName = (file as NSString).lastPathComponent
    let id =
      value["id"]?.stringValue
      ?? (fileName.hasSuffix(suffix) ? String(fileName.dropLast(suffix.count)) : fileName)
    let fixture = GoldFixture(
      id: id, text: text, entities: entities, relations: relations, threshold: threshold,
      note: value["note"]?.stringValue, origin: value["from"]?.stringValue)
    problems += fixture.problems().map { "\(file): \($0)" }
    guard problems.isEmpty else { throw GoldFixtureError(problems) }
    return fixture
  }

  static func double(_ value: JSONValue) -> Double? {
    if case .number(let text) = value { return Double(text) }
    return nil
  }

  /// The gold fixture names (`NAME` of `NAME.gold.json`) in `directory`, sorted; none when the
  /// folder does not exist.
  public static func names(in directory: String) -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return files.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }
      .map { String($0.dropLast(suffix.count)) }.sorted()
  }

  /// Reads fixture `name` of `directory` (`NAME.txt` and `NAME.gold.json`).
  public static func load(_ name: String, in directory: String) throws(GoldFixtureError)
    -> GoldFixture
  {
    let base = (directory as NSString).appendingPathComponent(name)
    let text = try readText(base + ".txt", what: "the article")
    let json = try readText(base + suffix, what: "the annotation")
    return try parse(json: json, text: text, file: base + suffix)
  }

  /// The UTF-8 text of the file at `path`, or why it cannot be read: `PATH: cannot read the
  /// article: no such file` (a folder, a permission, or the system's reason).
  public static func readText(_ path: String, what: String = "the file") throws(GoldFixtureError)
    -> String
  {
    var isFolder: ObjCBool = false
    let reason: String
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      reason = "no such file"
    } else if isFolder.boolValue {
      reason = "it is a folder"
    } else if !FileManager.default.isReadableFile(atPath: path) {
      reason = "permission denied"
    } else {
      do {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else {
          throw GoldFixtureError(["\(path): \(what) is not UTF-8"])
        }
        return text
      } catch let error as GoldFixtureError {
        throw error
      } catch {
        reason = error.localizedDescription
      }
    }
    throw GoldFixtureError(["\(path): cannot read \(what): \(reason)"])
  }

  /// Writes `NAME.txt` and `NAME.gold.json` into `directory` (made if missing).
  public func write(into directory: String) throws {
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    let base = (directory as NSString).appendingPathComponent(id)
    try Data(text.utf8).write(to: URL(fileURLWithPath: base + ".txt"), options: .atomic)
    try Data(fileText.utf8).write(
      to: URL(fileURLWithPath: base + GoldFixture.suffix), options: .atomic)
  }
}
