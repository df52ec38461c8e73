import Foundation

/// Runs the pipeline on fixtures (`NAME.txt` with a reviewed `NAME.expected.jsonl`) and
/// compares the output with the expectation. `swift test` and `khabar test` share this code.
public struct FixtureRunner {
  /// One fixture's outcome.
  public struct Outcome: Sendable {
    public var name: String
    /// The record Khabar produces now, as a JSONL line without its newline.
    public var actual: String
    /// The reviewed record, or nil when the fixture has no expected file yet.
    public var expected: String?
    /// Human-readable differences; empty when the fixture passes.
    public var differences: [String]
    public var passed: Bool { expected != nil && differences.isEmpty }
  }

  public let extractor: Extractor

  public init(extractor: Extractor) { self.extractor = extractor }

  /// The fixture names (file names without `.txt`) in `directory`, sorted.
  public static func fixtureNames(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".txt") }
      .map { String($0.dropLast(4)) }
      .sorted()
  }

  /// Runs fixture `name` of `directory`.
  public func run(_ name: String, in directory: String) throws -> Outcome {
    let base = (directory as NSString).appendingPathComponent(name)
    let reader = ArticleReader(inputs: [.textFile(base + ".txt")])
    let record = reader.next()
    let value: JSONValue
    switch record {
    case .article(let article)?: value = OutputRecord.result(for: article, extractor.extract(article.text))
    case .failure(let id, let message)?: value = OutputRecord.error(id: id, message: message)
    case nil: value = OutputRecord.error(id: name, message: "no record")
    }
    let actual = JSONWriter.string(value)
    guard let data = FileManager.default.contents(atPath: base + ".expected.jsonl") else {
      return Outcome(name: name, actual: actual, expected: nil, differences: ["no expected file \(base).expected.jsonl"])
    }
    let expectedText = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let expected: JSONValue
    do {
      expected = try JSONParser.parse(Array(expectedText.utf8))
    } catch {
      return Outcome(name: name, actual: actual, expected: expectedText, differences: ["\(base).expected.jsonl: invalid JSON: \(error)"])
    }
    return Outcome(name: name, actual: actual, expected: expectedText, differences: FixtureRunner.compare(expected: expected, actual: value))
  }

  /// The differences between an expected and an actual record: missing, unexpected and changed
  /// entities (keyed by type and span), each with its text and offsets.
  public static func compare(expected: JSONValue, actual: JSONValue) -> [String] {
    var differences: [String] = []
    if expected["error"] != actual["error"] {
      differences.append("error: expected \(expected["error"].map(JSONWriter.string) ?? "none"), found \(actual["error"].map(JSONWriter.string) ?? "none")")
    }
    func keyed(_ record: JSONValue) -> [String: JSONValue] {
      var result: [String: JSONValue] = [:]
      for entity in record["entities"]?.arrayValue ?? [] {
        let key = "\(entity["type"]?.stringValue ?? "?") \(entity["start"]?.intValue ?? -1)..<\(entity["end"]?.intValue ?? -1)"
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
        for field in ["text", "canonical", "source", "attributes"] where expectedEntity[field] != actualEntity[field] {
          differences.append("changed \(describe(expectedEntity)): \(field) \(expectedEntity[field].map(JSONWriter.string) ?? "none") → \(actualEntity[field].map(JSONWriter.string) ?? "none")")
        }
      } else {
        differences.append("missing \(describe(expectedEntity))")
      }
    }
    for key in a.keys.sorted(by: FixtureRunner.spanOrder) where e[key] == nil {
      if let entity = a[key] { differences.append("unexpected \(describe(entity))") }
    }
    // Relations are keyed by their triple; evidence and the rule are what may change.
    func relations(_ record: JSONValue) -> [String: JSONValue] {
      var result: [String: JSONValue] = [:]
      for relation in record["relations"]?.arrayValue ?? [] {
        let triple = (relation["triple"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
        result["(\(triple))"] = relation
      }
      return result
    }
    func evidence(_ r: JSONValue) -> String {
      let spans = [r["evidence"]].compactMap { $0 } + (r["more_evidence"]?.arrayValue ?? [])
      return spans.map { "[\($0["start"]?.intValue ?? -1), \($0["end"]?.intValue ?? -1))" }.joined(separator: " ")
    }
    let er = relations(expected)
    let ar = relations(actual)
    for key in er.keys.sorted() {
      guard let e = er[key] else { continue }
      guard let a = ar[key] else {
        differences.append("missing relation \(key) by \(e["rule"]?.stringValue ?? "?") at \(evidence(e))")
        continue
      }
      if e["rule"] != a["rule"] {
        differences.append("changed relation \(key): rule \(e["rule"]?.stringValue ?? "?") → \(a["rule"]?.stringValue ?? "?")")
      }
      if evidence(e) != evidence(a) {
        differences.append("changed relation \(key): evidence \(evidence(e)) → \(evidence(a))")
      }
      if e["subject"] != a["subject"] || e["object"] != a["object"] {
        differences.append("changed relation \(key): entities \(e["subject"]?.stringValue ?? "?")→\(e["object"]?.stringValue ?? "?") became \(a["subject"]?.stringValue ?? "?")→\(a["object"]?.stringValue ?? "?")")
      }
    }
    for key in ar.keys.sorted() where er[key] == nil {
      if let a = ar[key] { differences.append("unexpected relation \(key) by \(a["rule"]?.stringValue ?? "?") at \(evidence(a))") }
    }
    return differences
  }

  /// Per-label counts of expected and actual entities (same type and span) over fixtures.
  public struct LabelCounts: Sendable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public init() {}
    public var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
    public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
  }

  /// Adds one fixture's entities to per-label counts: reviewed expectations are the gold.
  public static func count(expected: JSONValue, actual: JSONValue, into counts: inout [String: LabelCounts]) {
    func keys(_ record: JSONValue) -> Set<String> {
      Set((record["entities"]?.arrayValue ?? []).map { "\($0["type"]?.stringValue ?? "?") \($0["start"]?.intValue ?? -1) \($0["end"]?.intValue ?? -1)" })
    }
    let e = keys(expected)
    let a = keys(actual)
    func label(_ key: String) -> String { String(key.split(separator: " ").first ?? "?") }
    for k in e.intersection(a) { counts[label(k), default: LabelCounts()].truePositives += 1 }
    for k in a.subtracting(e) { counts[label(k), default: LabelCounts()].falsePositives += 1 }
    for k in e.subtracting(a) { counts[label(k), default: LabelCounts()].falseNegatives += 1 }
  }

  /// Writes the actual record as the fixture's expected file.
  public static func update(_ outcome: Outcome, in directory: String) throws {
    let path = (directory as NSString).appendingPathComponent(outcome.name + ".expected.jsonl")
    try (outcome.actual + "\n").write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// Orders "TYPE start..<end" keys by start offset, then the rest of the key.
  static func spanOrder(_ lhs: String, _ rhs: String) -> Bool {
    func start(_ s: String) -> Int {
      Int(s.split(separator: " ").last?.split(separator: ".").first ?? "") ?? 0
    }
    return (start(lhs), lhs) < (start(rhs), rhs)
  }
}
