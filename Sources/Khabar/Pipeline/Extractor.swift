/// Runs the pipeline on articles: normalize, tokenize, match the gazetteers, run the rule
/// phases, resolve overlaps, link short person mentions and a club's bare mentions, anchor
/// relative dates.
///
/// An extractor owns ICU iterators and is not safe to share between threads: give each worker
/// its own, over one shared `Gazetteer` and `RuleSet`.
public final class Extractor {
  public let gazetteer: Gazetteer
  public let rules: RuleSet
  /// Record every candidate's fate in `Extraction.decisions` (for `--explain`).
  public var explain = false
  /// How the rule matcher chooses where to run a rule; `.reference` (every rule at every
  /// token) is for tests that hold the start filters to the same matches.
  var matching: RuleMatcher.Mode = .filtered
  /// Where the rule matcher records every match, when a test sets it.
  var trace: MatchTrace?
  /// The learned name recognizer (nil: gazetteers and rules only).
  public var names: NameRecognizer?
  /// The name model's per-type weight sums, kept across this extractor's articles; nil looks
  /// up every feature of every token (the reference the tests hold the sums to).
  var nameScores: TypeScores? = TypeScores()
  let normalizer = Normalizer()
  /// The texts and display forms of spans, kept across this extractor's articles.
  let spanStrings = SpanStrings()
  let tokenizer: Tokenizer
  /// Per gazetteer entry: the `source` and attributes of its candidates, built once rather
  /// than per match.
  private let entrySources: [String]
  /// Per gazetteer entry, its label and canonical name: reading them off the entry copied the
  /// whole entry, forms and all.
  private let entryLabels: [EntityLabel]
  private let entryCanonicals: [String]
  private let entryAttributes: [[(String, JSONValue)]]
  /// Every word of the gazetteers and of the rules in one vocabulary, with its id in each (-1:
  /// not there) as its value (`Extractor.ids(_:)`): each token is looked up once for both,
  /// where two look-ups cost a tenth of the run.
  private let words: TokenVocabulary

  public init(gazetteer: Gazetteer, rules: RuleSet = .empty()) throws {
    self.gazetteer = gazetteer
    self.rules = rules
    self.tokenizer = try Tokenizer()
    entrySources = gazetteer.entries.map { "gazetteer:\($0.source)" }
    entryLabels = gazetteer.entries.map(\.label)
    entryCanonicals = gazetteer.entries.map(\.canonical)
    entryAttributes = gazetteer.outputAttributes.map { $0.map { ($0.0, .string($0.1)) } }
    var words = TokenVocabulary()
    var ids: [[Int32]] = [[], []]
    for (side, vocabulary) in [gazetteer.vocabulary, rules.lexicon].enumerated() {
      for id in 0..<vocabulary.count {
        // Interned from the key in place: a copy of each key cost most of this loop.
        let word = Int(vocabulary.key(id).withUnsafeBufferPointer { words.intern($0) })
        if word == ids[0].count {
          ids[0].append(-1)
          ids[1].append(-1)
        }
        ids[side][word] = Int32(id)
      }
    }
    words.setValues(
      zip(ids[0], ids[1]).map {
        UInt64(UInt32(bitPattern: $0)) | UInt64(UInt32(bitPattern: $1)) << 32
      })
    self.words = words
  }

  /// A word's gazetteer and rule ids from its value in `words`.
  @inline(__always)
  static func ids(_ value: UInt64) -> (gazetteer: Int32, rule: Int32) {
    (Int32(truncatingIfNeeded: value), Int32(truncatingIfNeeded: value >> 32))
  }

  /// "T1", "T2", …: the ids of the first entities of every article, made once (formatting
  /// an integer into a string per entity cost a percent of the run).
  static let entityIds = (1...1024).map { "T\($0)" }
  static let relationIds = (1...256).map { "R\($0)" }

  /// The id of the entity at `position` (0-based) in reading order.
  static func entityId(_ position: Int) -> String {
    position < entityIds.count ? entityIds[position] : "T\(position + 1)"
  }

  /// Normalizes and tokenizes `text` without matching.
  public func tokenize(_ text: String) -> TokenizedText {
    tokenizer.tokenize(normalizer.normalize(text))
  }

  /// Extracts the entities of one article.
  public func extract(_ text: String) -> Extraction {
    let tokens = tokenize(text)
    var decisions: [Decision] = []
    let decide: ((Candidate, Bool, String) -> Void)? =
      explain
      ? { candidate, kept, reason in
        let range = tokens.text.originalRange(of: candidate.units)
        decisions.append(
          Decision(
            label: candidate.label, start: range.lowerBound, end: range.upperBound,
            text: tokens.text.originalText(range),
            source: candidate.source, priority: candidate.priority, kept: kept, reason: reason))
      } : nil

    var (accepted, proposed, ruleWords, matcher) = candidates(
      tokens, decide: decide, record: names != nil)
    AccusativeCut.apply(&accepted, text: tokens, decide: decide)
    let rules = self.rules
    PersonLinker.link(&accepted, text: tokens) { token in
      ruleWords[token] >= 0 && rules.isWordInItsOwnRight(ruleWords[token])
    }
    ClubLinker.link(&accepted, text: tokens)
    // After the linker: a short mention linked to a full name is strong evidence, and keeps
    // its canonical name.
    if let names, let proposed {
      names.add(
        to: &accepted, text: tokens, evidence: proposed, explain: explain, scores: nameScores,
        decide: decide)
      // A full name the model is sure of (score ≥ 0.9) links its later short mentions too
      // (لازلو بولوني … بولوني), as a strong source's does; a doubtful one links nothing.
      PersonLinker.link(
        &accepted, text: tokens,
        isRuleWord: { token in ruleWords[token] >= 0 && rules.isWordInItsOwnRight(ruleWords[token])
        },
        registers: { candidate in
          candidate.evidence == .strong
            || (candidate.source == NameRecognizer.source
              && NameRecognizer.isSure(candidate))
        },
        relabels: { $0.source == NameRecognizer.source })
    }
    AccusativeCut.apply(&accepted, text: tokens, decide: decide)
    DateAnchor.anchor(&accepted)

    var found: [(RelationCandidate, [Range<Int>], [String])] = []
    var work = WorkCount()
    if let phase = rules.relationPhase, let matcher {
      var candidates = matcher.relations(phase: phase, all: accepted, work: &work)
      // A bare title that stands for the one person who holds it (`TitleReference`).
      let references = TitleReference.resolve(
        candidates, entities: accepted, text: tokens, work: &work)
      candidates += TitleReference.relations(
        references, phase: phase, matcher: matcher, entities: &accepted, work: &work)
      found = RelationBuilder.build(candidates, entities: &accepted, work: &work)
    }

    // Entities in reading order: by original start, longer first, then label precedence, then
    // the order they were found in. Sorted as plain keys in a temporary buffer: sorting the
    // indices read each candidate through the array per comparison.
    struct ReadingOrder {
      var start: Int
      var end: Int
      var precedence: Int
      var index: Int
    }
    var entities: [Entity] = []
    var relations: [Relation] = []
    withUnsafeTemporaryAllocation(of: ReadingOrder.self, capacity: accepted.count) { buffer in
      var order = buffer
      accepted.withUnsafeBufferPointer { accepted in
        for i in accepted.indices {
          let range = tokens.text.originalRange(of: accepted[i].units)
          order.initializeElement(
            at: i,
            to: ReadingOrder(
              start: range.lowerBound, end: range.upperBound,
              precedence: accepted[i].label.precedence, index: i))
        }
        order.sort {
          ($0.start, -$0.end, $0.precedence, $0.index) < (
            $1.start, -$1.end, $1.precedence, $1.index
          )
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: accepted.count) { position in
          entities.reserveCapacity(accepted.count)
          for (p, key) in order.enumerated() {
            position[key.index] = p
            let c = accepted[key.index]
            entities.append(
              Entity(
                id: Extractor.entityId(p), label: c.label, start: key.start, end: key.end,
                text: tokens.text.originalText(key.start..<key.end, from: spanStrings),
                canonical: c.canonical,
                source: c.source, attributes: c.attributes))
          }
          relations = found.enumerated().map { index, item -> Relation in
            Relation(
              id: index < Extractor.relationIds.count
                ? Extractor.relationIds[index] : "R\(index + 1)",
              subject: Extractor.entityId(position[item.0.subject]), predicate: item.0.predicate,
              object: Extractor.entityId(position[item.0.object]), triple: item.2,
              rule: item.0.rule,
              evidence: item.1.map { tokens.text.originalRange(of: $0) },
              modality: item.0.modality)
          }
        }
        order.deinitialize()
      }
    }
    decisions.sort {
      ($0.start, -$0.end, $0.label.precedence) < ($1.start, -$1.end, $1.label.precedence)
    }
    return Extraction(
      entities: entities, relations: relations, tokens: tokens, decisions: decisions, work: work)
  }

  /// The gazetteer candidates and the rule phases over `tokens`: the entities they leave, every
  /// candidate they proposed (when `record`), each token's id in the rules' lexicon, and the
  /// rule matcher (for the relation phase).
  private func candidates(
    _ tokens: TokenizedText, decide: ((Candidate, Bool, String) -> Void)?, record: Bool
  ) -> (accepted: [Candidate], proposed: [Candidate]?, ruleWords: [Int32], matcher: RuleMatcher?) {
    // Each token's id as written, in the gazetteers' and in the rules' vocabularies.
    var gazetteerWords = [Int32](repeating: -1, count: tokens.tokens.count)
    var ruleWords = [Int32](repeating: -1, count: tokens.tokens.count)
    // Stored through raw buffers: an array subscript store costs a uniqueness check each.
    gazetteerWords.withUnsafeMutableBufferPointer { gazetteerWords in
      ruleWords.withUnsafeMutableBufferPointer { ruleWords in
        tokens.text.units.withUnsafeBufferPointer { units in
          tokens.tokens.withUnsafeBufferPointer { tokens in
            for i in tokens.indices {
              guard
                let value = words.value(of: UnsafeBufferPointer(rebasing: units[tokens[i].range]))
              else { continue }
              (gazetteerWords[i], ruleWords[i]) = Extractor.ids(value)
            }
          }
        }
      }
    }
    let readings = Proclitics.readings(of: tokens) { prefix, stem in
      words.value(ofPrefix: prefix, stem).map(Extractor.ids)
    }
    var accepted = gazetteerCandidates(tokens, ids: gazetteerWords, readings: readings)
    var proposedAll: [Candidate]? = record ? accepted : nil
    // Freed now rather than with the article: 4 bytes per token of the peak memory.
    gazetteerWords = []
    if let decide { for c in accepted { decide(c, true, "gazetteer match (leftmost-longest)") } }
    let hasRules = !rules.phases.isEmpty || rules.relationPhase != nil
    let matcher =
      hasRules
      ? RuleMatcher(
        rules: rules, text: tokens, wholeIds: ruleWords, readings: readings, mode: matching,
        trace: trace, spanStrings: spanStrings) : nil
    if let matcher {
      var index = EntityIndex(accepted, tokenCount: tokens.tokens.count)
      // By index, the phase read in place: `for phase in` copied each phase per article, a
      // retain and a release of each of its arrays (callgrind, 3,000 articles: 2.4 M
      // instructions fewer).
      for p in rules.phases.indices {
        let proposed = matcher.candidates(
          phase: rules.phases[p], entities: index, accepted: accepted)
        proposedAll?.append(contentsOf: proposed)
        if EntityResolver.resolve(&accepted, proposed: proposed, decide: decide) {
          index.update(accepted)
        }
      }
    }
    return (accepted, proposedAll, ruleWords, matcher)
  }

  /// The tokens of `text` and every candidate the gazetteers and rule phases proposed over them,
  /// before overlap resolution: what the name model's features read, in training as in a run.
  func nameEvidence(_ text: String) -> (tokens: TokenizedText, candidates: [Candidate]) {
    let tokens = tokenize(text)
    return (tokens, candidates(tokens, decide: nil, record: true).proposed ?? [])
  }

  private func gazetteerCandidates(
    _ tokens: TokenizedText, ids: [Int32], readings: [Proclitics.Reading]
  ) -> [Candidate] {
    gazetteer.matches(in: tokens, ids: ids, readings: readings).map { match in
      var attributes = entryAttributes[match.entry]
      if let clitic = match.proclitic {
        attributes.append(
          ("proclitic", .string(tokens.text.originalText(tokens.text.originalRange(of: clitic)))))
      }
      return Candidate(
        label: entryLabels[match.entry], tokens: match.tokens, units: match.units,
        canonical: entryCanonicals[match.entry],
        source: entrySources[match.entry], attributes: attributes, priority: 0, order: 0)
    }
  }
}

/// Gives relative dates and bare weekdays a value from the article's own date: the first DATE
/// with a full `YYYY-MM-DD` value (typically the dateline).
enum DateAnchor {
  static func anchor(_ entities: inout [Candidate]) {
    let dates = entities.indices.filter { entities[$0].label == .date }.sorted {
      entities[$0].units.lowerBound < entities[$1].units.lowerBound
    }
    func string(_ c: Candidate, _ key: String) -> String? {
      c.attributes.first { $0.0 == key }?.1.stringValue
    }
    guard
      let anchorIndex = dates.first(where: {
        string(entities[$0], "value").flatMap(DateValue.parse) != nil
      }),
      let anchor = string(entities[anchorIndex], "value")
    else { return }
    for i in dates where i != anchorIndex {
      let value = string(entities[i], "value")
      let relative = string(entities[i], "relative")
      let weekday = string(entities[i], "weekday")
      guard relative != nil || (value == nil && weekday != nil) else { continue }
      guard
        let anchored = DateValue.anchored(
          value: value, relative: relative, weekday: weekday, anchor: anchor)
      else { continue }
      entities[i].attributes.removeAll { $0.0 == "value" }
      entities[i].attributes.append(("value", .string(anchored)))
      entities[i].attributes.append(("anchor", .string(anchor)))
    }
  }
}
