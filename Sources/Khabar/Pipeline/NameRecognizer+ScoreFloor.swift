extension NameRecognizer {
  /// The least score a model name needs, per label, to count at all (`--model-min-score`).
  ///
  /// A name scored below its label's floor is as if the model had not found it: it does not
  /// stand, does not replace the weak rules' entities it overlaps, and does not make a weak
  /// rule's name strong. The score compared is the one written in the entity's `score`
  /// attribute (two decimals), so that a floor of 0.9 keeps exactly the names that read 0.90 or
  /// more. No floor (0) keeps every name, the default.
  public struct ScoreFloor: Sendable, Equatable {
    public var person = 0.0
    public var organization = 0.0
    public var location = 0.0

    public init() {}

    /// The floor of names of `label` (0 for the labels the model does not give).
    public subscript(label: EntityLabel) -> Double {
      get {
        switch label {
        case .person: person
        case .organization: organization
        case .location: location
        default: 0
        }
      }
      set {
        switch label {
        case .person: person = newValue
        case .organization: organization = newValue
        case .location: location = newValue
        default: break
        }
      }
    }

    /// Whether any label has a floor.
    public var isEmpty: Bool { person == 0 && organization == 0 && location == 0 }

    /// Whether a name of `label` scored `score` is below its floor, as its score is written.
    func excludes(_ score: Double, label: EntityLabel) -> Bool {
      let floor = self[label]
      return floor > 0 && (score * 100).rounded() < floor * 100 - 1e-9
    }

    /// The floors of `--model-min-score` values, applied in order: `S` sets every label's,
    /// `LABEL=S` one label's (PERSON, ORGANIZATION or LOCATION); S is a number from 0 to 1.
    public init(parsing values: [String]) throws(ScoreFloorError) {
      self.init()
      for value in values {
        let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let number = String(parts.last ?? "")
        guard let score = Double(number), score.isFinite, (0...1).contains(score) else {
          throw ScoreFloorError(value: value, problem: "'\(number)' is not a score from 0 to 1")
        }
        guard parts.count == 2 else {
          (person, organization, location) = (score, score, score)
          continue
        }
        guard let label = EntityLabel(rawValue: String(parts[0])),
          [.person, .organization, .location].contains(label)
        else {
          throw ScoreFloorError(
            value: value,
            problem:
              "'\(parts[0])' is not a label of the name model (PERSON, ORGANIZATION, LOCATION)")
        }
        self[label] = score
      }
    }
  }

  /// A `--model-min-score` value that cannot be read.
  public struct ScoreFloorError: Error, Sendable, Equatable, CustomStringConvertible {
    public let value: String
    public let problem: String
    public var description: String {
      "--model-min-score '\(value)': \(problem) (a floor for every label, 0.9, or for one, "
        + "ORGANIZATION=0.9)"
    }
  }
}
