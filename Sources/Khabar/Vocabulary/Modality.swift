/// What the text says of a relation besides the relation itself: that it did not happen
/// (`لم يوقع`) or that it is yet to happen (`من المقرر أن يزور`, `سيزور`).
///
/// Which words mark each one is data: `modality negated = @negation-cues` in a rule file names
/// the word list. A relation may be both (`لم يعد من المقرر أن يزور`: no longer planned); `لن
/// يوقع` (will not sign) is negated only.
public struct Modality: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let negated = Modality(rawValue: 1)
  public static let planned = Modality(rawValue: 2)

  /// The names a `modality` statement may use and the output keys, in sorted key order.
  public static let named: [(name: String, modality: Modality)] = [
    ("negated", .negated), ("planned", .planned),
  ]

  /// The names of the flags set, in sorted key order.
  public var names: [String] { Modality.named.filter { contains($0.modality) }.map(\.name) }
}
