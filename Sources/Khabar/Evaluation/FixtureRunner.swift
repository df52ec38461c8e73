import Foundation

/// Runs the pipeline on fixtures (`NAME.txt` with a reviewed `NAME.expected.jsonl`, laid out
/// as `ExpectedFile` describes) and compares the output with the expectation: entities by type
/// and span, relations by triple and their endpoints' type and span, never by id.
///
/// `swift test` and `khabar test` share this code.
public struct FixtureRunner {
  /// One fixture's outcome.
  public struct Outcome: Sendable {
    public var name: String
    /// The record Khabar produces now, as a JSONL line without its newline.
    public var actual: String
    /// The reviewed record, as a JSONL line without its newline (ids numbered by the expected
    /// file's line order), or nil when the fixture has no readable expected file.
    public var expected: String?
    /// The expected file as `update` writes it for `actual` (`ExpectedFile` layout).
    public var actualFile: String
    /// The expected file's text, or nil when there is none.
    public var expectedFile: String?
    /// Human-readable differences; empty when the fixture passes.
    public var differences: [String]
    public var passed: Bool { expected != nil && differences.isEmpty }
    /// Whether the expected file is byte for byte what `update` would write: false for a
    /// passing fixture whose file is in the earlier one-line layout or was edited by hand.
    public var fileIsCurrent: Bool { expectedFile == actualFile }
  }

  public let extractor: Extractor

  public init(extractor: Extractor) { self.extractor = extractor }

  /// The fixture names (file names without `.txt`) in `directory`, sorted; not the articles of
  /// gold fixtures (`NAME.txt` beside a `NAME.gold.json`: `GoldFixture`).
  public static func fixtureNames(in directory: String) throws -> [String] {
    let files = try FileManager.default.contentsOfDirectory(atPath: directory)
    let gold = Set(files.filter { $0.hasSuffix(GoldFixture.suffix) })
    return files.filter { $0.hasSuffix(".txt") }
      .map { String($0.dropLast(4)) }
      .filter { !gold.contains($0 + GoldFixture.suffix) }
      .sorted()
  }

  /// How a fixture's expected file is named: `NAME.expected.jsonl`.
  ///
  /// `khabar extract FOLDER` skips files named so (`ArticleReader.isFolderInput`).
  public static let expectedSuffix = ".expected.jsonl"

  /// Runs fixture `name` of `directory`.
  public func run(_ name: String, in directory: String) throws -> Outcome {
    let base = (directory as NSString).appendingPathComponent(name)
    let reader = ArticleReader(inputs: [.textFile(base + ".txt")])
    let record = reader.next()
    let value: JSONValue
    switch record {
    case .article(let article)?:
      value = OutputRecord.result(for: article, extractor.extract(article.text))
    case .failure(let id, let message)?: value = OutputRecord.error(id: id, message: message)
    case nil: value = OutputRecord.error(id: name, message: "no record")
    }
    let actual = JSONWriter.string(value)
    let actualFile = ExpectedFile.text(for: value)
    let path = base + FixtureRunner.expectedSuffix
    guard let data = FileManager.default.contents(atPath: path) else {
      return Outcome(
        name: name, actual: actual, expected: nil, actualFile: actualFile, expectedFile: nil,
        differences: ["no expected file \(path)"])
    }
    let expectedFile = String(decoding: data, as: UTF8.self)
    let expected: JSONValue
    do {
      expected = try ExpectedFile.record(from: expectedFile, file: path)
    } catch {
      return Outcome(
        name: name, actual: actual, expected: nil, actualFile: actualFile,
        expectedFile: expectedFile,
        differences: error.diagnostics.map(\.description))
    }
    return Outcome(
      name: name, actual: actual, expected: JSONWriter.string(expected), actualFile: actualFile,
      expectedFile: expectedFile,
      differences: FixtureRunner.compare(expected: expected, actual: value))
  }

  /// The differences between an expected and an actual record: missing, unexpected and changed
  /// entities (keyed by type and span), each with its text and offsets, then relations (keyed
  /// by triple) with a changed rule, evidence or endpoint.
  ///
  /// Ids are never compared: an endpoint is its entity's type and span, so renumbered entities are
  /// no difference.
  public static func compare(expected: JSONValue, actual: JSONValue) -> [String] {
    var differences: [String] = []
    if expected["error"] != actual["error"] {
      differences.append(
        "error: expected \(expected["error"].map(JSONWriter.string) ?? "none"), found \(actual["error"].map(JSONWriter.string) ?? "none")"
      )
    }
    func keyed(_ record: JSONValue) -> [String: JSONValue] {
      var result: [String: JSONValue] = [:]
      for entity in record["entities"]?.arrayValue ?? [] {
        let key =
          "\(entity["type"]?.stringValue ?? "?") \(entity["start"]?.intValue ?? -1)..<\(entity["end"]?.intValue ?? -1)"
        result[key] = entity
      }
      return result
    }
    func describe(_ e: JSONValue) -> String {
      "\(e["type"]?.stringValue ?? "?") '\(e["text"]?.stringValue ?? "")' [\(e["start"]?.intValue ?? -1), \(e["end"]?.intValue ?? -1)) → \(e["canonical"]?.stringValue ?? "")"
    }
    let e = keyed(expected)
    let a = keyed(actual)
    for key in e.keys.sorted(by: FixtureRunner.spanOrder) {
      guard let expectedEntity = e[key] else { continue }
      if let actualEntity = a[key] {
        for field in ["text", "canonical", "source", "attributes"]
        where expectedEntity[field] != actualEntity[field] {
          differences.append(
            "changed \(describe(expectedEntity)): \(field) \(expectedEntity[field].map(JSONWriter.string) ?? "none") → \(actualEntity[field].map(JSONWriter.string) ?? "none")"
          )
        }
      } else {
        differences.append("missing \(describe(expectedEntity))")
      }
    }
    for key in a.keys.sorted(by: FixtureRunner.spanOrder) where e[key] == nil {
      if let entity = a[key] { differences.append("unexpected \(describe(entity))") }
    }
    // Relations are keyed by their triple and flags (`negated`, `planned`: a changed flag is a
    // missing relation and an unexpected one); evidence and the rule are what may change.
    func relations(_ record: JSONValue) -> [String: JSONValue] {
      var result: [String: JSONValue] = [:]
      for relation in record["relations"]?.arrayValue ?? [] {
        let triple = (relation["triple"]?.arrayValue ?? []).compactMap(\.stringValue).joined(
          separator: ", ")
        let flags = Modality.named.map(\.name).filter {
          if case .bool(true) = relation[$0] { return true }
          return false
        }
        result["(\(triple))" + flags.map { " \($0)" }.joined()] = relation
      }
      return result
    }
    func evidence(_ r: JSONValue) -> String {
      let spans = [r["evidence"]].compactMap { $0 } + (r["more_evidence"]?.arrayValue ?? [])
      return spans.map { "[\($0["start"]?.intValue ?? -1), \($0["end"]?.intValue ?? -1))" }.joined(
        separator: " ")
    }
    func spans(_ record: JSONValue) -> [String: String] {
      var result: [String: String] = [:]
      for entity in record["entities"]?.arrayValue ?? [] {
        guard let id = entity["id"]?.stringValue, result[id] == nil else { continue }
        result[id] =
          "\(entity["type"]?.stringValue ?? "?") [\(entity["start"]?.intValue ?? -1), \(entity["end"]?.intValue ?? -1))"
      }
      return result
    }
    let expectedSpans = spans(expected)
    let actualSpans = spans(actual)
    func endpoint(_ id: JSONValue?, in spans: [String: String]) -> String {
      id?.stringValue.flatMap { spans[$0] } ?? id.map(JSONWriter.string) ?? "none"
    }
    let er = relations(expected)
    let ar = relations(actual)
    for key in er.keys.sorted() {
      guard let e = er[key] else { continue }
      guard let a = ar[key] else {
        differences.append(
          "missing relation \(key) by \(e["rule"]?.stringValue ?? "?") at \(evidence(e))")
        continue
      }
      if e["rule"] != a["rule"] {
        differences.append(
          "changed relation \(key): rule \(e["rule"]?.stringValue ?? "?") → \(a["rule"]?.stringValue ?? "?")"
        )
      }
      if evidence(e) != evidence(a) {
        differences.append("changed relation \(key): evidence \(evidence(e)) → \(evidence(a))")
      }
      // Endpoints by span and type, never by T-id: an entity inserted before them renumbers
      // them without changing the relation.
      for end in ["subject", "object"]
      where endpoint(e[end], in: expectedSpans) != endpoint(a[end], in: actualSpans) {
        differences.append(
          "changed relation \(key): \(end) \(endpoint(e[end], in: expectedSpans)) → \(endpoint(a[end], in: actualSpans))"
        )
      }
    }
    for key in ar.keys.sorted() where er[key] == nil {
      if let a = ar[key] {
        differences.append(
          "unexpected relation \(key) by \(a["rule"]?.stringValue ?? "?") at \(evidence(a))")
      }
    }
    return differences
  }

  /// Per-label counts of expected and actual entities (same type and span) over fixtures.
  public struct LabelCounts: Sendable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public init() {}
    public var precision: Double {
      truePositives + falsePositives == 0
        ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    public var recall: Double {
      truePositives + falseNegatives == 0
        ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    public var f1: Double {
      precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
  }

  /// Adds one fixture's entities to per-label counts: reviewed expectations are the gold.
  public static func count(
    expected: JSONValue, actual: JSONValue, into counts: inout [String: LabelCounts]
  ) {
    func keys(_ record: JSONValue) -> Set<String> {
      Set(
        (record["entities"]?.arrayValue ?? []).map {
          "\($0["type"]?.stringValue ?? "?") \($0["start"]?.intValue ?? -1) \($0["end"]?.intValue ?? -1)"
        })
    }
    let e = keys(expected)
    let a = keys(actual)
    func label(_ key: String) -> String { String(key.split(separator: " ").first ?? "?") }
    for k in e.intersection(a) { counts[label(k), default: LabelCounts()].truePositives += 1 }
    for k in a.subtracting(e) { counts[label(k), default: LabelCounts()].falsePositives += 1 }
    for k in e.subtracting(a) { counts[label(k), default: LabelCounts()].falseNegatives += 1 }
  }

  /// Writes the actual record as the fixture's expected file, in the `ExpectedFile` layout.
  public static func update(_ outcome: Outcome, in directory: String) throws {
    let path = (directory as NSString).appendingPathComponent(outcome.name + expectedSuffix)
    try outcome.actualFile.write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// Orders "TYPE start..<end" keys by start offset, then the rest of the key.
  static func spanOrder(_ lhs: String, _ rhs: String) -> Bool {
    func start(_ s: String) -> Int {
      Int(s.split(separator: " ").last?.split(separator: ".").first ?? "") ?? 0
    }
    return (start(lhs), lhs) < (start(rhs), rhs)
  }
}
