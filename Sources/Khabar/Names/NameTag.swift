/// The BIO tags of the name model: O, then B- and I- for PERSON, ORGANIZATION and LOCATION.
///
/// The raw value is the tag's index in the model's weight rows; the order is part of the model
/// file format.
enum NameTag: Int, CaseIterable, Sendable {
  case outside = 0
  case beginPerson, insidePerson
  case beginOrganization, insideOrganization
  case beginLocation, insideLocation

  /// The number of tags (`allCases.count`, which a test holds it to), a constant the compiler
  /// sees: the per-token loops over the tags are unrolled, without a lazy global's read and the
  /// overflow checks of a count it did not know.
  static let count = 7

  /// Every tag by its raw value: `decode` reads its tags here, where `init(rawValue:)` was a
  /// call per token.
  static let byRawValue: [NameTag] = allCases

  /// The three labels the model tags, in tag order.
  static let labels: [EntityLabel] = [.person, .organization, .location]

  /// `O`, `B-PERSON`, `I-PERSON`, …: the names written in the model file.
  var name: String {
    guard let label else { return "O" }
    return (isBegin ? "B-" : "I-") + label.rawValue
  }

  /// The label of a B- or I- tag; nil for O (`labels` in tag order, without reading the array:
  /// the spans read it for every token).
  var label: EntityLabel? {
    switch self {
    case .outside: nil
    case .beginPerson, .insidePerson: .person
    case .beginOrganization, .insideOrganization: .organization
    case .beginLocation, .insideLocation: .location
    }
  }

  var isBegin: Bool { rawValue % 2 == 1 }
  var isInside: Bool { rawValue != 0 && rawValue % 2 == 0 }

  static func begin(_ label: EntityLabel) -> NameTag? {
    NameTag.labels.firstIndex(of: label).flatMap { NameTag(rawValue: 1 + 2 * $0) }
  }

  static func inside(_ label: EntityLabel) -> NameTag? {
    NameTag.labels.firstIndex(of: label).flatMap { NameTag(rawValue: 2 + 2 * $0) }
  }

  /// `allows` as bits, by the row of the transitions.
  ///
  /// Row 0 is the start of a sentence, row 1 + p the place after tag p; bit `tag` is set when
  /// the tag may come there. The scores of the model's spans read it for each of their tokens'
  /// tags, without a call per tag.
  static let allowedAfter: [UInt8] = (0...count).map { row in
    let previous = row == 0 ? nil : NameTag(rawValue: row - 1)
    var bits: UInt8 = 0
    for tag in NameTag.allCases where allows(previous, then: tag) { bits |= 1 << tag.rawValue }
    return bits
  }

  /// Whether `self` may follow `previous` (nil: at the start of a sentence): an I- tag only
  /// after a B- or I- of its own label.
  static func allows(_ previous: NameTag?, then next: NameTag) -> Bool {
    guard next.isInside else { return true }
    guard let previous, previous != .outside else { return false }
    // The same label: the same pair of raw values (1–2, 3–4, 5–6).
    return (previous.rawValue - 1) / 2 == (next.rawValue - 1) / 2
  }
}
