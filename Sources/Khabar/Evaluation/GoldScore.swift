/// Khabar's output on a gold fixture, scored per label and per predicate against the fixture's
/// annotation and threshold.
///
/// An entity counts when one of the output has the same label and exactly the same span; a
/// relation when one has the same predicate, the same `negated` and `planned` flags, and
/// arguments with exactly the same spans as the annotated subject and object (their labels are
/// scored with the entities). The fixture passes when every label and predicate that occurs in
/// the annotation or in the output reaches its threshold F1 (`GoldFixture.Threshold`).
public struct GoldScore: Sendable {
  public typealias Counts = FixtureRunner.LabelCounts

  public var name: String
  /// Per entity label (`PERSON`), for the labels in the annotation or the output.
  public var labels: [EntityLabel: Counts] = [:]
  /// Per predicate, for the predicates in the annotation or the output.
  public var predicates: [Predicate: Counts] = [:]
  /// Annotated entities the output lacks.
  public var missedEntities: [GoldFixture.Entity] = []
  /// Output entities the annotation lacks.
  public var extraEntities: [GoldFixture.Entity] = []
  public var missedRelations: [GoldFixture.Relation] = []
  public var extraRelations: [GoldFixture.Relation] = []
  /// What is below its threshold: `PERSON F1 0.667 < 1.0`.
  public var failures: [String] = []

  public var passed: Bool { failures.isEmpty }

  /// Scores `extraction`, Khabar's output on `fixture.text`, against `fixture`.
  public init(_ fixture: GoldFixture, extraction: Extraction) {
    let found = extraction.entities.map {
      GoldFixture.Entity(start: $0.start, end: $0.end, label: $0.label, text: $0.text)
    }
    let byId = Dictionary(
      zip(extraction.entities.map(\.id), found), uniquingKeysWith: { first, _ in first })
    let relations = extraction.relations.compactMap { r -> GoldFixture.Relation? in
      guard let subject = byId[r.subject], let object = byId[r.object] else { return nil }
      return GoldFixture.Relation(
        subject: subject, predicate: r.predicate, object: object,
        negated: r.modality.contains(.negated), planned: r.modality.contains(.planned))
    }
    self.init(fixture, entities: found, relations: relations)
  }

  /// Scores output `entities` and `relations` against `fixture`.
  public init(
    _ fixture: GoldFixture, entities: [GoldFixture.Entity], relations: [GoldFixture.Relation]
  ) {
    name = fixture.id
    let gold = Set(fixture.entities.map(\.key))
    let output = Set(entities.map(\.key))
    for entity in Set(fixture.entities) {
      if output.contains(entity.key) {
        labels[entity.label, default: Counts()].truePositives += 1
      } else {
        labels[entity.label, default: Counts()].falseNegatives += 1
        missedEntities.append(entity)
      }
    }
    var counted: Set<GoldFixture.Entity.Key> = []
    for entity in entities where !gold.contains(entity.key) && counted.insert(entity.key).inserted {
      labels[entity.label, default: Counts()].falsePositives += 1
      extraEntities.append(entity)
    }
    /// A relation's identity: predicate, flags and argument spans.
    struct Key: Hashable {
      var predicate: Predicate
      var subject: Range<Int>
      var object: Range<Int>
      var negated: Bool
      var planned: Bool
      init(_ r: GoldFixture.Relation) {
        predicate = r.predicate
        subject = r.subject.start..<r.subject.end
        object = r.object.start..<r.object.end
        negated = r.negated
        planned = r.planned
      }
    }
    let goldRelations = Set(fixture.relations.map(Key.init))
    let outputRelations = Set(relations.map(Key.init))
    var seenGold: Set<Key> = []
    for relation in fixture.relations where seenGold.insert(Key(relation)).inserted {
      if outputRelations.contains(Key(relation)) {
        predicates[relation.predicate, default: Counts()].truePositives += 1
      } else {
        predicates[relation.predicate, default: Counts()].falseNegatives += 1
        missedRelations.append(relation)
      }
    }
    var seenOutput: Set<Key> = []
    for relation in relations
    where !goldRelations.contains(Key(relation)) && seenOutput.insert(Key(relation)).inserted {
      predicates[relation.predicate, default: Counts()].falsePositives += 1
      extraRelations.append(relation)
    }
    missedEntities.sort()
    extraEntities.sort()
    missedRelations.sort()
    extraRelations.sort()
    for label in labels.keys.sorted() {
      guard let counts = labels[label] else { continue }
      let minimum = fixture.threshold.minimum(for: label)
      if counts.f1 + 1e-9 < minimum {
        failures.append("\(label.rawValue) F1 \(GoldScore.format(counts.f1)) < \(minimum)")
      }
    }
    for predicate in predicates.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
      guard let counts = predicates[predicate] else { continue }
      let minimum = fixture.threshold.minimum(for: predicate)
      if counts.f1 + 1e-9 < minimum {
        failures.append("\(predicate.rawValue) F1 \(GoldScore.format(counts.f1)) < \(minimum)")
      }
    }
  }

  /// Every label's and predicate's counts summed: the fixture's micro-averaged entity and
  /// relation scores.
  public var entityTotal: Counts { GoldScore.sum(labels.values) }
  public var relationTotal: Counts { GoldScore.sum(predicates.values) }

  static func sum<S: Sequence<Counts>>(_ all: S) -> Counts {
    all.reduce(into: Counts()) {
      $0.truePositives += $1.truePositives
      $0.falsePositives += $1.falsePositives
      $0.falseNegatives += $1.falseNegatives
    }
  }

  /// `0.667`: three decimals.
  static func format(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }

  /// The report `khabar test` prints for this fixture, one line each: misses and extras with
  /// their text and span, then a row of counts, P, R and F1 per label and per predicate with its
  /// threshold, a `<` marking each row below it.
  public func report(threshold: GoldFixture.Threshold) -> [String] {
    var lines: [String] = []
    lines += missedEntities.map { "miss  \($0.description)" }
    lines += extraEntities.map { "extra \($0.description)" }
    lines += missedRelations.map { "miss  relation \($0.description)" }
    lines += extraRelations.map { "extra relation \($0.description)" }
    lines.append("                   TP   FP   FN   P      R      F1     min")
    func row(_ name: String, _ c: Counts, _ minimum: Double) -> String {
      let below = c.f1 + 1e-9 < minimum ? " <" : ""
      return name.padding(toLength: 17, withPad: " ", startingAt: 0)
        + [c.truePositives, c.falsePositives, c.falseNegatives].map {
          String(repeating: " ", count: max(0, 5 - String($0).count)) + String($0)
        }.joined() + "   "
        + [c.precision, c.recall, c.f1, minimum].map(GoldScore.format).joined(separator: "  ")
        + below
    }
    for label in labels.keys.sorted() {
      if let c = labels[label] {
        lines.append(row(label.rawValue, c, threshold.minimum(for: label)))
      }
    }
    for predicate in predicates.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
      if let c = predicates[predicate] {
        lines.append(row(predicate.rawValue, c, threshold.minimum(for: predicate)))
      }
    }
    return lines
  }
}
