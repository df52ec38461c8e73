/// One entry of a gazetteer file: the surface forms of one thing and what it is.
public struct GazetteerEntry: Sendable, Equatable {
  /// The Arabic surface forms as written in the file (before normalization).
  public var forms: [String]
  public var label: EntityLabel
  /// The stable (English) name the output reports.
  public var canonical: String
  /// `key=value` attributes from the file, in file order: `id`, `wikidata`, `country`, `kind`,
  /// `form`.
  public var attributes: [(String, String)]
  /// The file's name without its extension, such as "countries"; entities report
  /// `gazetteer:countries`.
  public var source: String
  /// Where the entry is written.
  public var file: String
  public var line: Int

  public static func == (lhs: GazetteerEntry, rhs: GazetteerEntry) -> Bool {
    lhs.forms == rhs.forms && lhs.label == rhs.label && lhs.canonical == rhs.canonical
      && lhs.attributes.elementsEqual(rhs.attributes, by: { $0 == $1 }) && lhs.source == rhs.source
      && lhs.file == rhs.file && lhs.line == rhs.line
  }

  /// The value of attribute `key`, if present.
  public func attribute(_ key: String) -> String? { attributes.first { $0.0 == key }?.1 }
}
