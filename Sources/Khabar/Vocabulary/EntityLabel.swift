/// The entity labels of design.md.
///
/// The declaration order is the precedence between labels when two gazetteer entries of
/// different labels cover exactly the same tokens (الكويت the country before الكويت the city).
public enum EntityLabel: String, Sendable, CaseIterable, Comparable, Codable {
  case country = "COUNTRY"
  case norp = "NORP"
  case organization = "ORGANIZATION"
  case location = "LOCATION"
  case person = "PERSON"
  case title = "TITLE"
  case event = "EVENT"
  case document = "DOCUMENT"
  case date = "DATE"

  /// The position of the label in the precedence order (0 is first).
  ///
  /// A switch, not a search of `allCases`: the matcher asks for it per token.
  @inline(__always)
  public var precedence: Int {
    switch self {
    case .country: 0
    case .norp: 1
    case .organization: 2
    case .location: 3
    case .person: 4
    case .title: 5
    case .event: 6
    case .document: 7
    case .date: 8
    }
  }

  public static func < (lhs: EntityLabel, rhs: EntityLabel) -> Bool {
    lhs.precedence < rhs.precedence
  }
}
