/// An entity found in an article.
public struct Entity: Sendable, Equatable {
  /// The entity's id within its record: "T1", "T2", … in text order.
  public var id: String
  public var label: EntityLabel
  /// Start offset in Unicode scalars of the original text, 0-based.
  public var start: Int
  /// End offset in Unicode scalars of the original text, exclusive.
  public var end: Int
  /// The original text of `start..<end`, unchanged.
  public var text: String
  /// A stable name: English where the gazetteer knows one, else the normalized Arabic.
  public var canonical: String
  /// What produced it: `gazetteer:FILE` or `rule:NAME`.
  public var source: String
  /// More facts: `id`, `wikidata`, `country`, `country_id`, `kind`, `form`, `proclitic`.
  public var attributes: [(String, JSONValue)]

  public static func == (lhs: Entity, rhs: Entity) -> Bool {
    lhs.id == rhs.id && lhs.label == rhs.label && lhs.start == rhs.start && lhs.end == rhs.end
      && lhs.text == rhs.text && lhs.canonical == rhs.canonical && lhs.source == rhs.source
      && lhs.attributes.elementsEqual(rhs.attributes, by: { $0.0 == $1.0 && $0.1 == $1.1 })
  }

  /// The entity as its JSON object of design.md.
  public var json: JSONValue {
    .object([
      ("attributes", .object(attributes.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })),
      ("canonical", .string(canonical)),
      ("end", .int(end)),
      ("id", .string(id)),
      ("source", .string(source)),
      ("start", .int(start)),
      ("text", .string(text)),
      ("type", .string(label.rawValue)),
    ])
  }

  /// Appends the JSON text of `json` (the same bytes as `JSONWriter.write(json, into:)`)
  /// without building the tree first: output records hold many entities, and the tree cost
  /// more than the writing.
  public func writeJSON(into out: inout [UInt8]) {
    out.appendJSON { writeJSON(into: &$0) }
  }

  func writeJSON(into out: inout JSONBuffer) {
    // Keys in sorted order, as `json` lists them.
    out.append(#"{"attributes":"#)
    JSONWriter.writeObject(attributes, into: &out)
    out.append(#","canonical":"#)
    JSONWriter.writeString(canonical, into: &out)
    out.append(#","end":"#)
    JSONWriter.writeInt(end, into: &out)
    out.append(#","id":"#)
    JSONWriter.writeString(id, into: &out)
    out.append(#","source":"#)
    JSONWriter.writeString(source, into: &out)
    out.append(#","start":"#)
    JSONWriter.writeInt(start, into: &out)
    out.append(#","text":"#)
    JSONWriter.writeString(text, into: &out)
    out.append(#","type":"#)
    out.append(quotedLabel)
    out.append(UInt8(ascii: "}"))
  }

  /// The JSON string of `label.rawValue`, quotes included.
  ///
  /// Labels are fixed ASCII words: as literals they skip the scan for escapes that
  /// `JSONWriter.writeString` makes of every string (a test holds the two to the same bytes for
  /// every label).
  private var quotedLabel: StaticString {
    switch label {
    case .country: #""COUNTRY""#
    case .norp: #""NORP""#
    case .organization: #""ORGANIZATION""#
    case .location: #""LOCATION""#
    case .person: #""PERSON""#
    case .title: #""TITLE""#
    case .event: #""EVENT""#
    case .document: #""DOCUMENT""#
    case .date: #""DATE""#
    }
  }
}

/// What Khabar found in one article.
public struct Extraction: Sendable {
  public var entities: [Entity]
  /// The article's relations, deduplicated, in order of first evidence.
  public var relations: [Relation]
  /// The article's normalized tokens, for callers that show or test them.
  public var tokens: TokenizedText
  /// Every candidate's fate, when the extractor explains (`Extractor.explain`).
  public var decisions: [Decision] = []
  /// What the article-wide look-ups cost (for tests).
  var work = WorkCount()
}
