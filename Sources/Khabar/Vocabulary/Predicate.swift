/// The relation predicates of design.md, with the entity labels each accepts.
public enum Predicate: String, Sendable, CaseIterable {
  case holdsTitle = "holds_title"
  case affiliatedWith = "affiliated_with"
  case metWith = "met_with"
  case visited
  case drafting
  case negotiating
  case signed
  case participatesIn = "participates_in"
  case offersMediation = "offers_mediation"
  case locatedIn = "located_in"

  /// Labels the subject may have.
  public var subjects: Set<EntityLabel> {
    switch self {
    case .holdsTitle, .metWith, .visited: return [.person]
    case .affiliatedWith: return [.person, .organization]
    case .drafting, .negotiating, .signed: return [.country, .person, .organization]
    case .participatesIn: return [.country, .organization, .person]
    case .offersMediation: return [.country, .person]
    case .locatedIn: return [.event, .location, .organization]
    }
  }

  /// Labels the object may have.
  public var objects: Set<EntityLabel> {
    switch self {
    case .holdsTitle: return [.title]
    case .affiliatedWith: return [.country, .organization, .norp]
    case .metWith: return [.person]
    case .visited: return [.location, .country]
    case .drafting, .negotiating, .signed: return [.document]
    case .participatesIn: return [.event]
    case .offersMediation: return [.country, .event]
    case .locatedIn: return [.location, .country]
    }
  }
}

extension Predicate {
  /// Whether the text can deny or plan the relation (`Modality`).
  ///
  /// The predicates of events can: meetings, visits, work on documents, taking part, offers of
  /// mediation. Not a title, an affiliation or where something is: they are said by apposition
  /// or a phrase, and a negation or future before them belongs to the clause's verb (`لم يجد
  /// رئيس البرلمان الكويتي مرزوق الغانم` denies the finding, not the office).
  public var takesModality: Bool {
    switch self {
    case .holdsTitle, .affiliatedWith, .locatedIn: return false
    case .metWith, .visited, .drafting, .negotiating, .signed, .participatesIn, .offersMediation:
      return true
    }
  }

  /// `subjects` and `objects` as bits by label precedence, made once: the sets are built anew
  /// on every call, and the matcher asks per relation match.
  private static let allLabelBits: [Predicate: (subjects: UInt16, objects: UInt16)] = Dictionary(
    uniqueKeysWithValues: allCases.map { predicate in
      func bits(_ labels: Set<EntityLabel>) -> UInt16 {
        labels.reduce(0) { $0 | 1 << UInt16($1.precedence) }
      }
      return (predicate, (bits(predicate.subjects), bits(predicate.objects)))
    })

  var labelBits: (subjects: UInt16, objects: UInt16) { Predicate.allLabelBits[self] ?? (0, 0) }
}
