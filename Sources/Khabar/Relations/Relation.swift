/// A relation found by a relation rule, before deduplication.
///
/// Subject and object index the article's final entity candidates.
struct RelationCandidate: Sendable {
  var predicate: Predicate
  var subject: Int
  var object: Int
  /// Normalized UTF-16 range of the whole match.
  var evidence: Range<Int>
  var rule: String
  var priority: Int
  /// Whether the text says it did not happen or is yet to happen (`RuleMatcher.modality`).
  var modality: Modality = []
}

/// A typed relation between two entities of an article, with its evidence.
public struct Relation: Sendable {
  /// "R1", "R2", … in order of first evidence.
  public var id: String
  /// Entity ids ("T3").
  public var subject: String
  public var predicate: Predicate
  public var object: String
  /// (subject, predicate, object) rendered for people: canonical names, the object with its
  /// other participants ("cooperation document with Russia").
  public var triple: [String]
  public var rule: String
  /// Original Unicode-scalar spans of every sentence part that supports it, first one first.
  public var evidence: [Range<Int>]
  /// `negated` (`لم يوقع`) and `planned` (`سيزور`): written as `"negated": true` and
  /// `"planned": true`, only when set.
  public var modality: Modality = []

  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("id", .string(id)), ("subject", .string(subject)),
      ("predicate", .string(predicate.rawValue)),
      ("object", .string(object)), ("triple", .array(triple.map { .string($0) })),
      ("rule", .string(rule)),
    ]
    if let first = evidence.first {
      members.append(
        ("evidence", .object([("start", .int(first.lowerBound)), ("end", .int(first.upperBound))])))
    }
    for name in modality.names { members.append((name, .bool(true))) }
    if evidence.count > 1 {
      members.append(
        (
          "more_evidence",
          .array(
            evidence.dropFirst().map {
              .object([("start", .int($0.lowerBound)), ("end", .int($0.upperBound))])
            })
        ))
    }
    return .object(members)
  }

  /// Appends the JSON text of `json` (the same bytes as `JSONWriter.write(json, into:)`)
  /// without building the tree first.
  func writeJSON(into out: inout JSONBuffer) {
    // Keys in sorted order: evidence, id, more_evidence, negated, object, planned, predicate,
    // rule, subject, triple.
    out.append(UInt8(ascii: "{"))
    if let first = evidence.first {
      out.append(#""evidence":"#)
      Relation.writeSpan(first, into: &out)
      out.append(UInt8(ascii: ","))
    }
    out.append(#""id":"#)
    JSONWriter.writeString(id, into: &out)
    if evidence.count > 1 {
      out.append(#","more_evidence":["#)
      for (i, span) in evidence.dropFirst().enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        Relation.writeSpan(span, into: &out)
      }
      out.append(UInt8(ascii: "]"))
    }
    if modality.contains(.negated) { out.append(#","negated":true"#) }
    out.append(#","object":"#)
    JSONWriter.writeString(object, into: &out)
    if modality.contains(.planned) { out.append(#","planned":true"#) }
    out.append(#","predicate":"#)
    JSONWriter.writeString(predicate.rawValue, into: &out)
    out.append(#","rule":"#)
    JSONWriter.writeString(rule, into: &out)
    out.append(#","subject":"#)
    JSONWriter.writeString(subject, into: &out)
    out.append(#","triple":["#)
    for (i, part) in triple.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      JSONWriter.writeString(part, into: &out)
    }
    out.append("]}")
  }

  /// `{"end":…,"start":…}`: a span's object, keys sorted.
  private static func writeSpan(_ span: Range<Int>, into out: inout JSONBuffer) {
    out.append(#"{"end":"#)
    JSONWriter.writeInt(span.upperBound, into: &out)
    out.append(#","start":"#)
    JSONWriter.writeInt(span.lowerBound, into: &out)
    out.append(UInt8(ascii: "}"))
  }
}

/// Turns relation candidates into deduplicated relations and gives documents and events their
/// participants.
enum RelationBuilder {
  /// The English name of a DOCUMENT from its `subject` and `kind` attributes
  /// ("cooperation document"), else its canonical name.
  static func name(_ c: Candidate) -> String {
    func attribute(_ key: String) -> String? { c.attributes.first { $0.0 == key }?.1.stringValue }
    if c.label == .document, let kind = attribute("kind") {
      if let subject = attribute("subject") { return "\(subject) \(kind)" }
      return kind
    }
    return c.canonical
  }

  /// Whether the subjects of `predicate` are participants of its object.
  ///
  /// A switch, not an array literal's `contains`: that allocated the array for every relation.
  static func namesParticipants(_ predicate: Predicate) -> Bool {
    switch predicate {
    case .drafting, .negotiating, .signed, .participatesIn: true
    case .holdsTitle, .affiliatedWith, .metWith, .visited, .offersMediation, .locatedIn: false
    }
  }

  /// Adds `participants` to the DOCUMENT and EVENT objects of `found`, and returns the
  /// relations deduplicated by (subject, predicate, object) canonical names.
  ///
  /// `work` counts the evidence spans looked at.
  static func build(
    _ found: [RelationCandidate], entities: inout [Candidate], work: inout WorkCount
  ) -> [(RelationCandidate, [Range<Int>], [String])] {
    // Participants: every subject of a drafting/negotiating/signed/participates_in relation
    // the text does not deny (a planned signing names a party; `لم توقع مصر` does not).
    var participants: [Int: [String]] = [:]
    for r in found
    where RelationBuilder.namesParticipants(r.predicate) && !r.modality.contains(.negated) {
      let name = entities[r.subject].canonical
      if !(participants[r.object] ?? []).contains(name) {
        participants[r.object, default: []].append(name)
      }
    }
    for (object, names) in participants {
      entities[object].attributes.removeAll { $0.0 == "participants" }
      entities[object].attributes.append(("participants", .array(names.map { .string($0) })))
    }
    var result: [(RelationCandidate, [Range<Int>], [String])] = []
    // Per relation reported, the greatest end of its non-empty evidence spans: candidates come
    // by evidence start, so a new span overlaps a kept one exactly when it starts before that
    // end (comparing it with every kept span made a relation stated n times cost n²).
    var reach: [Int] = []
    // Triples already reported, found by comparing them (an article has a few): hashing the
    // Arabic names, which String hashing normalizes first, cost more than the rest of this.
    // Past a few dozen relations a dictionary takes over.
    // A relation said with other flags (`لم يوقع` here, `وقع` there) is another statement: the
    // key is the triple and the flags.
    var seen: [[String]: Int] = [:]
    func key(_ triple: [String], _ modality: Modality) -> [String] {
      modality.isEmpty ? triple : triple + modality.names
    }
    func index(of triple: [String], _ modality: Modality) -> Int? {
      if result.count <= 32 {
        return result.firstIndex { $0.2 == triple && $0.0.modality == modality }
      }
      if seen.isEmpty {
        for (i, r) in result.enumerated() where seen[key(r.2, r.0.modality)] == nil {
          seen[key(r.2, r.0.modality)] = i
        }
      }
      return seen[key(triple, modality)]
    }
    let ordered = found.sorted {
      ($0.evidence.lowerBound, -$0.evidence.count, -$0.priority) < (
        $1.evidence.lowerBound, -$1.evidence.count, -$1.priority
      )
    }
    for r in ordered {
      let subject = entities[r.subject].canonical
      var object = name(entities[r.object])
      let others = (participants[r.object] ?? []).filter { $0 != subject }
      if !others.isEmpty { object += " with " + others.joined(separator: " and ") }
      let triple = [subject, r.predicate.rawValue, object]
      if let index = index(of: triple, r.modality) {
        // Another place saying the same; a match inside evidence already kept adds nothing.
        work.evidenceSteps += 1
        if r.evidence.isEmpty || reach[index] <= r.evidence.lowerBound {
          result[index].1.append(r.evidence)
          if !r.evidence.isEmpty { reach[index] = max(reach[index], r.evidence.upperBound) }
        }
        continue
      }
      if !seen.isEmpty { seen[key(triple, r.modality)] = result.count }
      result.append((r, [r.evidence], triple))
      reach.append(r.evidence.isEmpty ? Int.min : r.evidence.upperBound)
    }
    return result
  }
}
