/// Runs the pipeline on articles: normalize, tokenize, match the gazetteers, build entities.
///
/// An extractor owns ICU iterators and is not safe to share between threads: give each worker
/// its own, over one shared `Gazetteer`.
public final class Extractor {
  public let gazetteer: Gazetteer
  let normalizer = Normalizer()
  let tokenizer: Tokenizer

  public init(gazetteer: Gazetteer) throws {
    self.gazetteer = gazetteer
    self.tokenizer = try Tokenizer()
  }

  /// Extracts the entities of one article.
  public func extract(_ text: String) -> Extraction {
    let tokens = tokenizer.tokenize(normalizer.normalize(text))
    var entities: [Entity] = []
    for match in gazetteer.matches(in: tokens) {
      let entry = gazetteer.entries[match.entry]
      let range = tokens.text.originalRange(of: match.units)
      var attributes: [(String, JSONValue)] = gazetteer.outputAttributes[match.entry].map {
        ($0.0, .string($0.1))
      }
      if let clitic = match.proclitic {
        attributes.append(("proclitic", .string(tokens.text.originalText(tokens.text.originalRange(of: clitic)))))
      }
      entities.append(
        Entity(
          id: "", label: entry.label, start: range.lowerBound, end: range.upperBound,
          text: tokens.text.originalText(range), canonical: entry.canonical,
          source: "gazetteer:\(entry.source)", attributes: attributes))
    }
    entities.sort {
      ($0.start, -$0.end, $0.label.precedence) < ($1.start, -$1.end, $1.label.precedence)
    }
    for index in entities.indices { entities[index].id = "T\(index + 1)" }
    return Extraction(entities: entities, relations: [], tokens: tokens)
  }
}

extension Extractor {
  /// Normalizes and tokenizes `text` without matching.
  public func tokenize(_ text: String) -> TokenizedText {
    tokenizer.tokenize(normalizer.normalize(text))
  }
}
