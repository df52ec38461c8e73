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
  public var precedence: Int { EntityLabel.allCases.firstIndex(of: self) ?? 0 }

  public static func < (lhs: EntityLabel, rhs: EntityLabel) -> Bool {
    lhs.precedence < rhs.precedence
  }
}
