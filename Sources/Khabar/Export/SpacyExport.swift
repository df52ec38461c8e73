/// spaCy/Prodigy JSONL: `{"text", "meta": {"id"}, "tokens", "spans", "relations"}`.
///
/// - `spans`: `start`, `end` (Unicode scalars of the text, end exclusive: Python's offsets),
///   `label`, and `token_start`, `token_end` (inclusive) into `tokens`. Nested entities are
///   all there (a span list, as spaCy's `doc.spans` holds, not `doc.ents`).
/// - `tokens`: Khabar's tokens, cut also at every entity boundary, so that every span starts
///   and ends on a token: `وروسيا` is `و` (`ws` false) and `روسيا`. Each has `text`, `start`,
///   `end`, `id` and `ws` (whether white space or anything else follows before the next token).
/// - `relations`: Prodigy's relation format: `head` and `child` are the indices of the last
///   token of the subject's and the object's span, `head_span` and `child_span` the spans
///   themselves, `label` the predicate; `"negated": true` and `"planned": true` as in the
///   JSONL record, only when set.
public enum SpacyExport {
  /// The record of one article.
  public static func record(id: String, text: String, _ extraction: Extraction) -> JSONValue {
    let scalars = Array(text.unicodeScalars)
    let layout = TokenLayout(extraction)
    // Token boundaries: Khabar's, plus every entity start and end inside a token.
    // Both sorted: one walk over tokens and cuts together (a filter per token was quadratic).
    let cuts = Set(extraction.entities.flatMap { [$0.start, $0.end] }).sorted()
    var next = 0
    var tokens: [Range<Int>] = []
    for range in layout.tokens {
      var start = range.lowerBound
      while next < cuts.count && cuts[next] <= range.lowerBound { next += 1 }
      while next < cuts.count && cuts[next] < range.upperBound {
        tokens.append(start..<cuts[next])
        start = cuts[next]
        next += 1
      }
      tokens.append(start..<range.upperBound)
    }
    var startToken: [Int: Int] = [:]
    var endToken: [Int: Int] = [:]
    for (index, token) in tokens.enumerated() {
      startToken[token.lowerBound] = index
      endToken[token.upperBound] = index
    }
    let tokenValues: [JSONValue] = tokens.enumerated().map { index, token in
      let next = index + 1 < tokens.count ? tokens[index + 1].lowerBound : scalars.count
      return .object([
        ("text", .string(scalars.string(token))), ("start", .int(token.lowerBound)),
        ("end", .int(token.upperBound)), ("id", .int(index)),
        ("ws", .bool(next > token.upperBound)),
      ])
    }
    var spans: [String: JSONValue] = [:]
    var spanValues: [JSONValue] = []
    var lastToken: [String: Int] = [:]
    for entity in extraction.entities {
      var members: [(String, JSONValue)] = [
        ("start", .int(entity.start)), ("end", .int(entity.end)),
        ("label", .string(entity.label.rawValue)),
      ]
      // An entity that covers no token (it never does: entities are made of tokens) keeps its
      // character offsets only.
      if let first = startToken[entity.start], let last = endToken[entity.end] {
        members += [("token_start", .int(first)), ("token_end", .int(last))]
        lastToken[entity.id] = last
      }
      let value = JSONValue.object(members)
      spans[entity.id] = value
      spanValues.append(value)
    }
    var relations: [JSONValue] = []
    for relation in extraction.relations {
      guard let head = spans[relation.subject], let child = spans[relation.object] else { continue }
      relations.append(
        .object(
          [
            ("head", lastToken[relation.subject].map { .int($0) } ?? .null),
            ("child", lastToken[relation.object].map { .int($0) } ?? .null),
            ("head_span", head), ("child_span", child),
            ("label", .string(relation.predicate.rawValue)),
          ] + relation.modality.names.map { ($0, JSONValue.bool(true)) }))
    }
    return .object([
      ("text", .string(text)), ("meta", .object([("id", .string(id))])),
      ("tokens", .array(tokenValues)), ("spans", .array(spanValues)),
      ("relations", .array(relations)),
    ])
  }

  /// The record of a record that could not be processed: an empty text, no spans, the message
  /// in `meta.error`.
  public static func errorRecord(id: String, message: String) -> JSONValue {
    .object([
      ("text", .string("")), ("meta", .object([("id", .string(id)), ("error", .string(message))])),
      ("tokens", .array([])), ("spans", .array([])), ("relations", .array([])),
    ])
  }
}
