import Foundation

/// A gold corpus in CoNLL/BIO form: `token TAG` per line (ANERcorp) or `token TAG TAG …`
/// with one BIO layer per column (Wojood's nested format); a blank line ends a sentence.
///
/// A line that starts with `# ` and whose second field is not a tag is a comment (`# id = …`,
/// as `khabar extract --format conll` writes).
public struct CoNLLCorpus: Sendable {
  /// A gold entity: its type and its span in `Document.text` (Unicode scalars, end exclusive).
  public struct Span: Sendable, Hashable {
    public var type: String
    public var start: Int
    public var end: Int
  }

  /// Sentences reassembled into one text (tokens joined by spaces, one sentence per line).
  public struct Document: Sendable {
    public var id: String
    public var text: String
    public var gold: [Span]
    /// Token spans of the text, to widen predictions to whole tokens.
    public var tokens: [Range<Int>]
  }

  public var documents: [Document]
  public var sentenceCount: Int
  public var tokenCount: Int
  /// Lines whose tag is not BIO (real corpora have a few), read as O: `file:line:column: message`.
  public var warnings: [String] = []
  /// The entity types of the corpus's BIO tags (`PERS` for `B-PERS`): what tells its tag set.
  public var types: Set<String> = []
  /// Whether a blank line follows the file's last token line.
  ///
  /// Wojood's files end without one (`… O\n`). `khabar eval --conll-out` ends the same way,
  /// to stay line for line.
  public var endsWithBlankLine = true

  public struct Failure: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Reads `path`, grouping `sentencesPerDocument` sentences into one document (so that
  /// later mentions can be linked to earlier full names, as in an article).
  public static func read(path: String, sentencesPerDocument: Int = 50) throws(Failure)
    -> CoNLLCorpus
  {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Failure(description: "\(path): cannot read")
    }
    let bytes = [UInt8](data)
    guard let content = String(validating: bytes, as: UTF8.self) else {
      let offset = JSONParser.invalidUTF8Offset(bytes)
      let (line, column) = TextPosition.lineAndColumn(ofByte: offset, in: bytes)
      throw Failure(description: "\(path):\(line):\(column): invalid UTF-8 at byte \(offset)")
    }
    var documents: [Document] = []
    var text = String.UnicodeScalarView()
    var length = 0
    var gold: [Span] = []
    var tokens: [Range<Int>] = []
    var open: [Int: (type: String, start: Int, end: Int)] = [:]
    var sentencesInDocument = 0
    var sentences = 0
    var tokenCount = 0
    var lineNumber = 0
    var warnings: [String] = []
    var types: Set<String> = []
    var blankAfterLastToken = false

    func closeAll() {
      for (_, e) in open.sorted(by: { $0.key < $1.key }) {
        gold.append(Span(type: e.type, start: e.start, end: e.end))
      }
      open = [:]
    }
    func endSentence() {
      closeAll()
      guard length > 0, text.last != "\n" else { return }
      text.append("\n")
      length += 1
      sentences += 1
      sentencesInDocument += 1
      if sentencesInDocument >= sentencesPerDocument { endDocument() }
    }
    func endDocument() {
      if length > 0 {
        documents.append(
          Document(id: "\(documents.count + 1)", text: String(text), gold: gold, tokens: tokens))
      }
      text = String.UnicodeScalarView()
      length = 0
      gold = []
      tokens = []
      sentencesInDocument = 0
    }

    var lines = content.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    // The empty "line" after the file's final line break is no blank line.
    if lines.count > 1 && lines.last?.isEmpty == true { lines.removeLast() }
    for raw in lines {
      lineNumber += 1
      let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if fields.isEmpty {
        blankAfterLastToken = true
        endSentence()
        continue
      }
      if fields[0] == "#" && fields.count >= 2 && fields[1] != "O" && !fields[1].hasPrefix("B-")
        && !fields[1].hasPrefix("I-")
      {
        continue
      }
      guard fields.count >= 2 else {
        throw Failure(description: "\(path):\(lineNumber):1: expected 'token TAG', found one field")
      }
      let token = fields[0]
      blankAfterLastToken = false
      if length > 0 && text.last != "\n" {
        text.append(" ")
        length += 1
      }
      let start = length
      text.append(contentsOf: token.unicodeScalars)
      length += token.unicodeScalars.count
      tokens.append(start..<length)
      tokenCount += 1
      for (layer, tag) in fields.dropFirst().enumerated() {
        if tag == "O" {
          if let e = open.removeValue(forKey: layer) {
            gold.append(Span(type: e.type, start: e.start, end: e.end))
          }
          continue
        }
        let parts = tag.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0] == "B" || parts[0] == "I" else {
          let column =
            raw.unicodeScalars.distance(from: raw.unicodeScalars.startIndex, to: tag.startIndex) + 1
          warnings.append(
            "\(path):\(lineNumber):\(column): expected a BIO tag (B-X, I-X, O), found '\(tag)'; read as O"
          )
          if let e = open.removeValue(forKey: layer) {
            gold.append(Span(type: e.type, start: e.start, end: e.end))
          }
          continue
        }
        let type = String(parts[1])
        types.insert(type)
        if parts[0] == "I", let e = open[layer], e.type == type {
          open[layer]?.end = length
        } else {
          if let e = open.removeValue(forKey: layer) {
            gold.append(Span(type: e.type, start: e.start, end: e.end))
          }
          open[layer] = (type, start, length)
        }
      }
      // A layer with no tag on this line (fewer columns) closes.
      for layer in open.keys where layer >= fields.count - 1 {
        if let e = open.removeValue(forKey: layer) {
          gold.append(Span(type: e.type, start: e.start, end: e.end))
        }
      }
    }
    endSentence()
    endDocument()
    return CoNLLCorpus(
      documents: documents, sentenceCount: sentences, tokenCount: tokenCount, warnings: warnings,
      types: types, endsWithBlankLine: blankAfterLastToken)
  }
}

/// Entity-level scores of predictions against gold spans, per label.
public struct EvaluationScores: Sendable {
  public struct Counts: Sendable {
    public var gold = 0
    public var predicted = 0
    public var exact = 0
    /// Predicted entities that overlap a gold entity of the same type.
    public var overlapPredicted = 0
    /// Gold entities overlapped by a prediction of the same type.
    public var overlapGold = 0

    public init() {}

    public var precision: Double { predicted == 0 ? 0 : Double(exact) / Double(predicted) }
    public var recall: Double { gold == 0 ? 0 : Double(exact) / Double(gold) }
    public var f1: Double {
      precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
    public var overlapPrecision: Double {
      predicted == 0 ? 0 : Double(overlapPredicted) / Double(predicted)
    }
    public var overlapRecall: Double { gold == 0 ? 0 : Double(overlapGold) / Double(gold) }
    public var overlapF1: Double {
      let p = overlapPrecision
      let r = overlapRecall
      return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    mutating func add(_ other: Counts) {
      gold += other.gold
      predicted += other.predicted
      exact += other.exact
      overlapPredicted += other.overlapPredicted
      overlapGold += other.overlapGold
    }
  }

  public var perLabel: [String: Counts] = [:]
  /// Per source kind (`gazetteer`, `rule`, `link`, `model`): the predictions of that source
  /// against every gold entity, so that recall is the share of the gold it finds.
  public var perSource: [String: Counts] = [:]

  public init() {}

  /// The kind of an entity's `source`: `gazetteer:people` → `gazetteer`, `model:names` → `model`.
  public static func sourceKind(_ source: String) -> String {
    String(source.prefix { $0 != ":" })
  }

  /// All labels together (micro average).
  public var total: Counts {
    var t = Counts()
    for c in perLabel.values { t.add(c) }
    return t
  }

  /// Adds one document: `gold` and `predicted` spans (types already mapped).
  public mutating func add(
    gold: [CoNLLCorpus.Span], predicted: [CoNLLCorpus.Span], labels: Set<String>
  ) {
    let goldSet = Set(gold.filter { labels.contains($0.type) })
    let predictedSet = Set(predicted.filter { labels.contains($0.type) })
    for span in goldSet {
      perLabel[span.type, default: Counts()].gold += 1
      if predictedSet.contains(where: {
        $0.type == span.type && $0.start < span.end && span.start < $0.end
      }) {
        perLabel[span.type, default: Counts()].overlapGold += 1
      }
    }
    for span in predictedSet {
      perLabel[span.type, default: Counts()].predicted += 1
      if goldSet.contains(span) { perLabel[span.type, default: Counts()].exact += 1 }
      if goldSet.contains(where: {
        $0.type == span.type && $0.start < span.end && span.start < $0.end
      }) {
        perLabel[span.type, default: Counts()].overlapPredicted += 1
      }
    }
  }
}

/// Maps Khabar labels to a corpus's labels: `COUNTRY=LOC,LOCATION=LOC,PERSON=PERS`.
public struct LabelMapping: Sendable {
  public var map: [EntityLabel: String]

  /// The mapping for ANERcorp (PERS, LOC, ORG).
  ///
  /// Its MISC is mostly currencies and events, not nationalities, so NORP maps to nothing.
  public static let anercorp = LabelMapping(map: [
    .person: "PERS", .country: "LOC", .location: "LOC", .organization: "ORG",
  ])
  /// The mapping for Wojood (PERS, OCC, GPE, LOC, NORP, ORG, EVENT, DATE, LAW).
  public static let wojood = LabelMapping(map: [
    .person: "PERS", .title: "OCC", .country: "GPE", .location: "GPE", .norp: "NORP",
    .organization: "ORG",
    .event: "EVENT", .date: "DATE", .document: "LAW",
  ])

  /// Khabar's own labels unchanged (COUNTRY→COUNTRY, …): for a corpus in Khabar's labels, such
  /// as a corrected `khabar extract --format conll` export.
  public static let khabar = LabelMapping(
    map: Dictionary(uniqueKeysWithValues: EntityLabel.allCases.map { ($0, $0.rawValue) }))

  /// The entity types of ANERcorp's tags.
  public static let anercorpTypes: Set<String> = ["PERS", "LOC", "ORG", "MISC"]
  /// The 21 entity types of Wojood's tags.
  public static let wojoodTypes: Set<String> = [
    "PERS", "NORP", "OCC", "ORG", "GPE", "LOC", "FAC", "EVENT", "DATE", "TIME", "CARDINAL",
    "ORDINAL",
    "PERCENT", "LANGUAGE", "QUANTITY", "WEBSITE", "UNIT", "LAW", "MONEY", "PRODUCT", "CURR",
  ]

  /// The preset for a corpus whose tags have entity `types`, with its name: `anercorp` when
  /// every type is one of ANERcorp's (PERS, LOC, ORG, MISC), `wojood` when every type is one of
  /// Wojood's and one at least is not ANERcorp's (OCC, GPE, NORP, …), `khabar` when every type
  /// is one of Khabar's labels (COUNTRY, PERSON, …, as `khabar extract --format conll` writes)
  /// and one at least is not Wojood's; nil otherwise (another tag set, or no entity at all),
  /// when only the user can say.
  public static func detect(types: Set<String>) -> (name: String, mapping: LabelMapping)? {
    guard !types.isEmpty else { return nil }
    if types.isSubset(of: anercorpTypes) { return ("anercorp", .anercorp) }
    if types.isSubset(of: wojoodTypes) { return ("wojood", .wojood) }
    if types.isSubset(of: Set(EntityLabel.allCases.map(\.rawValue))) { return ("khabar", .khabar) }
    return nil
  }

  /// Parses `LABEL=TAG,LABEL=TAG` or a preset name (`anercorp`, `wojood`, `khabar`).
  public static func parse(_ text: String) throws(CoNLLCorpus.Failure) -> LabelMapping {
    switch text {
    case "anercorp": return .anercorp
    case "wojood": return .wojood
    case "khabar": return .khabar
    default: break
    }
    var map: [EntityLabel: String] = [:]
    for pair in text.split(separator: ",") {
      let parts = pair.split(separator: "=")
      guard parts.count == 2, let label = EntityLabel(rawValue: String(parts[0])) else {
        throw CoNLLCorpus.Failure(
          description:
            "bad mapping '\(pair)': expected LABEL=TAG with LABEL one of \(EntityLabel.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      map[label] = String(parts[1])
    }
    return LabelMapping(map: map)
  }
}

/// Runs the extractor over a gold corpus and scores it.
public enum Evaluator {
  /// A disagreement with the gold corpus: `missed` (gold, not predicted exactly) or `spurious`
  /// (predicted, not in the gold), with the document text around it.
  public struct Mismatch: Sendable {
    public var kind: String
    public var type: String
    public var text: String
    public var context: String

    /// Calls `report` with every span of the scored `labels` in `gold` but not in `predicted`
    /// ("missed") and the other way round ("spurious"), each in text order, with its text and
    /// 40 scalars of context either side (line breaks shown as ⏎) from `text`.
    public static func list(
      gold: [CoNLLCorpus.Span], predicted: [CoNLLCorpus.Span], labels: Set<String>,
      text: String, _ report: (Mismatch) -> Void
    ) {
      let scalars = Array(text.unicodeScalars)
      func slice(_ s: CoNLLCorpus.Span) -> String { scalars.string(s.start..<s.end) }
      func context(_ s: CoNLLCorpus.Span) -> String {
        let a = max(0, s.start - 40)
        let b = min(scalars.count, s.end + 40)
        return scalars.string(a..<b).split(separator: "\n").joined(
          separator: " ⏎ ")
      }
      let goldSet = Set(gold.filter { labels.contains($0.type) })
      let predictedSet = Set(predicted.filter { labels.contains($0.type) })
      for g in goldSet.subtracting(predictedSet).sorted(by: { $0.start < $1.start }) {
        report(Mismatch(kind: "missed", type: g.type, text: slice(g), context: context(g)))
      }
      for p in predictedSet.subtracting(goldSet).sorted(by: { $0.start < $1.start }) {
        report(Mismatch(kind: "spurious", type: p.type, text: slice(p), context: context(p)))
      }
    }
  }

  /// Scores `corpus`; `mismatches` receives every disagreement, `predictions` each document
  /// with the predicted spans that were scored (mapped, widened to whole tokens, of the scored
  /// labels).
  public static func evaluate(
    _ corpus: CoNLLCorpus, extractor: Extractor, mapping: LabelMapping, labels: Set<String>? = nil,
    mismatches: ((Mismatch) -> Void)? = nil,
    predictions: ((CoNLLCorpus.Document, [CoNLLCorpus.Span]) -> Void)? = nil
  ) -> EvaluationScores {
    let scored = labels ?? Set(mapping.map.values)
    var scores = EvaluationScores()
    for document in corpus.documents {
      let entities = extractor.extract(document.text).entities
      var predicted: [CoNLLCorpus.Span] = []
      var sources: [String] = []
      for entity in entities {
        guard let type = mapping.map[entity.label] else { continue }
        // Gold spans cover whole tokens (proclitics included): widen predictions the same way.
        let start = document.tokens.first { $0.contains(entity.start) }?.lowerBound ?? entity.start
        let end = document.tokens.first { $0.contains(entity.end - 1) }?.upperBound ?? entity.end
        predicted.append(CoNLLCorpus.Span(type: type, start: start, end: end))
        sources.append(EvaluationScores.sourceKind(entity.source))
      }
      scores.add(gold: document.gold, predicted: predicted, labels: scored)
      predictions?(document, predicted.filter { scored.contains($0.type) })
      for kind in Set(sources).sorted() {
        var one = EvaluationScores()
        one.add(
          gold: document.gold, predicted: zip(predicted, sources).filter { $0.1 == kind }.map(\.0),
          labels: scored)
        scores.perSource[kind, default: .init()].add(one.total)
      }
      if let mismatches {
        Mismatch.list(
          gold: document.gold, predicted: predicted, labels: scored, text: document.text,
          mismatches)
      }
    }
    return scores
  }
}

extension CoNLLCorpus.Document {
  /// The document as CoNLL lines, its tokens tagged with `spans` (whole tokens, as `Evaluator`
  /// predicts them): the corpus's own tokens and sentences, so that the lines pair with the
  /// gold file's line for line (`khabar eval --conll-out`).
  public func conll(_ spans: [CoNLLCorpus.Span]) -> String {
    var startToken: [Int: Int] = [:]
    var endToken: [Int: Int] = [:]
    for (index, token) in tokens.enumerated() {
      startToken[token.lowerBound] = index
      endToken[token.upperBound] = index
    }
    let scalars = Array(text.unicodeScalars)
    // Sentences are lines of the text: a token after a line break starts the next one.
    var sentence = 0
    var sentences: [Int] = []
    for token in tokens {
      if token.lowerBound > 0 && scalars[token.lowerBound - 1] == "\n" { sentence += 1 }
      sentences.append(sentence)
    }
    let tokenSpans = spans.compactMap { span -> CoNLLExport.TokenSpan? in
      guard let first = startToken[span.start], let last = endToken[span.end] else { return nil }
      return CoNLLExport.TokenSpan(first: first, end: last + 1, label: span.type)
    }
    return CoNLLExport.sentences(
      scalars: scalars, tokens: tokens, sentences: sentences, spans: tokenSpans,
      joiningSentencesInsideSpans: false)
  }
}
