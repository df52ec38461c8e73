import ArgumentParser
import Foundation
import Khabar

struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score extraction against a gold corpus in CoNLL/BIO form, per label.",
    discussion: """
      Reads `token TAG` lines (ANERcorp) or `token TAG TAG …` lines with one BIO layer \
      per column (Wojood's nested entities); a blank line ends a sentence. Sentences are \
      joined into documents of --sentences sentences, extracted, and compared at the entity \
      level: exact (same type and span; predictions are widened to whole tokens, since gold \
      spans include proclitics) and overlap (same type, spans overlap).

      --map names how Khabar's labels become the corpus's tags: a preset (anercorp: \
      PERSON=PERS, COUNTRY and LOCATION=LOC, ORGANIZATION=ORG; wojood: PERSON=PERS, \
      TITLE=OCC, COUNTRY and LOCATION=GPE, NORP, ORGANIZATION=ORG, EVENT, DATE, \
      DOCUMENT=LAW; khabar: Khabar's own labels unchanged, COUNTRY=COUNTRY, …) or \
      LABEL=TAG pairs. Without --map the preset is chosen from the corpus's tags (only PERS, \
      LOC, ORG, MISC: anercorp; Wojood's types such as OCC, GPE, NORP: wojood; Khabar's \
      labels such as COUNTRY, PERSON, TITLE, as `khabar extract --format conll` writes them: \
      khabar), and any other tag set needs --map. The output says which mapping was used and \
      how it was chosen.

      Examples:
        khabar eval ../shared/data/anercorp/train.conll
        khabar eval ../shared/data/wojood-sample/val.txt --map wojood --json
        khabar eval gold.conll --map PERSON=PER,COUNTRY=GPE --labels PER,GPE
      """
  )

  @Argument(help: "A CoNLL/BIO file.")
  var path: String

  @Option(
    help:
      "Label mapping: anercorp, wojood, khabar, or LABEL=TAG,LABEL=TAG… (default: the preset for the corpus's tags)."
  )
  var map: String?

  @Option(
    help: "Score only these corpus tags (comma-separated); default: every tag the mapping produces."
  )
  var labels: String?

  @Option(help: "Sentences per document.")
  var sentences: Int = 50

  @Flag(help: "Print the scores as JSON.")
  var json = false

  @Option(
    help:
      "Write every missed and spurious entity, with context, to this TSV file (kind, type, text, context)."
  )
  var errors: String?

  @Option(
    help: ArgumentHelp(
      "Write the scored predictions as CoNLL to this file: the corpus's tokens and sentences, line for line with it, tagged with the predictions (widened to whole tokens; nested ones in extra columns), for another scorer such as seqeval.",
      valueName: "file"))
  var conllOut: String?

  @OptionGroup var data: DataOptions

  mutating func run() throws {
    let corpus: CoNLLCorpus
    do {
      corpus = try CoNLLCorpus.read(path: path, sentencesPerDocument: max(1, sentences))
    } catch {
      CommandSupport.fail(error.description)
    }
    let tags = corpus.types.sorted().joined(separator: ", ")
    let mapping: LabelMapping
    let mappingName: String
    let chosen: String
    if let map {
      do {
        mapping = try LabelMapping.parse(map)
      } catch {
        CommandSupport.fail(error.description)
      }
      mappingName = map
      chosen = "--map"
      let absent = Set(mapping.map.values).subtracting(corpus.types).sorted()
      if !absent.isEmpty {
        CommandSupport.warn(
          "warning: \(path) has no \(absent.joined(separator: ", ")) tags (its tags: \(tags)): every such prediction counts as spurious",
          prefix: false)
      }
    } else if let detected = LabelMapping.detect(types: corpus.types) {
      (mappingName, mapping) = detected
      chosen = "detected from the corpus's tags \(tags)"
    } else {
      CommandSupport.fail(
        "\(path): cannot tell the tag set (\(corpus.types.isEmpty ? "no entity tags" : "its tags: " + tags)); "
          + "pass --map anercorp, --map wojood, --map khabar or --map LABEL=TAG,…")
    }
    for warning in corpus.warnings.prefix(5) {
      CommandSupport.warn("warning: " + warning, prefix: false)
    }
    if corpus.warnings.count > 5 {
      CommandSupport.warn(
        "warning: \(Wording.count(corpus.warnings.count - 5, "more malformed tag"))", prefix: false)
    }
    let extractor = try data.extractor()
    let scored = labels.map { Set($0.split(separator: ",").map(String.init)) }
    var rows = "kind\ttype\ttext\tcontext\n"
    let collect: ((Evaluator.Mismatch) -> Void)? =
      errors == nil
      ? nil
      : { m in
        rows += "\(m.kind)\t\(m.type)\t\(m.text)\t\(m.context)\n"
      }
    var predictedCoNLL = ""
    let scores = Evaluator.evaluate(
      corpus, extractor: extractor, mapping: mapping, labels: scored, mismatches: collect,
      predictions: conllOut == nil ? nil : { predictedCoNLL += $0.conll($1) })
    if let conllOut {
      // Each sentence ends with a blank line; the corpus's last may not (Wojood's files).
      if !corpus.endsWithBlankLine && predictedCoNLL.hasSuffix("\n\n") {
        predictedCoNLL.removeLast()
      }
      CommandSupport.writeWhole(predictedCoNLL, to: conllOut)
    }
    // As `extract -o` does: a regular file is replaced, a device or FIFO written through.
    if let errors { CommandSupport.writeWhole(rows, to: errors) }
    let names = scores.perLabel.keys.sorted()
    func round(_ x: Double) -> JSONValue { .number(String(format: "%.4f", x)) }
    func row(_ c: EvaluationScores.Counts) -> JSONValue {
      .object([
        ("gold", .int(c.gold)), ("predicted", .int(c.predicted)), ("exact_match", .int(c.exact)),
        ("precision", round(c.precision)), ("recall", round(c.recall)), ("f1", round(c.f1)),
        ("overlap_precision", round(c.overlapPrecision)),
        ("overlap_recall", round(c.overlapRecall)), ("overlap_f1", round(c.overlapF1)),
      ])
    }
    if json {
      let value = JSONValue.object([
        ("corpus", .string(path)), ("sentences", .int(corpus.sentenceCount)),
        ("tokens", .int(corpus.tokenCount)),
        ("mapping_name", .string(mappingName)), ("mapping_chosen", .string(chosen)),
        (
          "mapping",
          .object(
            mapping.map.sorted { $0.key.precedence < $1.key.precedence }.map {
              ($0.key.rawValue, .string($0.value))
            })
        ),
        ("labels", .object(names.map { ($0, row(scores.perLabel[$0] ?? .init())) })),
        ("micro", row(scores.total)),
        (
          "sources",
          .object(
            scores.perSource.keys.sorted().map { kind in
              var counts = scores.perSource[kind] ?? .init()
              counts.gold = scores.total.gold
              return (kind, row(counts))
            })
        ),
      ])
      print(JSONWriter.string(value))
      return
    }
    print(
      "\(path): \(Wording.count(corpus.sentenceCount, "sentence")), \(Wording.count(corpus.tokenCount, "token"))"
    )
    print(
      "mapping \(mappingName) (\(chosen)): "
        + mapping.map.sorted { $0.key.precedence < $1.key.precedence }.map {
          "\($0.key.rawValue)→\($0.value)"
        }.joined(separator: " "))
    func pct(_ x: Double) -> String { String(format: "%5.1f", x * 100) }
    func pad(_ s: String, _ n: Int) -> String {
      s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
    func lpad(_ s: String, _ n: Int) -> String {
      s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
    }
    // The label column fits the longest label (ORGANIZATION with --map khabar).
    let width = max(7, names.map(\.count).max() ?? 0)
    print("")
    print(pad("label", width) + "  gold  pred   exact: P     R     F1    overlap: P     R     F1")
    for (name, counts) in names.map({ ($0, scores.perLabel[$0] ?? .init()) }) + [
      ("micro", scores.total)
    ] {
      print(
        "\(pad(name, width)) \(lpad(String(counts.gold), 5)) \(lpad(String(counts.predicted), 5))        \(pct(counts.precision)) \(pct(counts.recall)) \(pct(counts.f1))            \(pct(counts.overlapPrecision)) \(pct(counts.overlapRecall)) \(pct(counts.overlapF1))"
      )
    }
    // Per source: each source's predictions against all the gold (recall: the share it finds).
    print("")
    print("source      pred   exact: P     R     F1    overlap: P     R")
    for kind in scores.perSource.keys.sorted() {
      var counts = scores.perSource[kind] ?? .init()
      counts.gold = scores.total.gold
      print(
        "\(pad(kind, 10)) \(lpad(String(counts.predicted), 5))        \(pct(counts.precision)) \(pct(counts.recall)) \(pct(counts.f1))            \(pct(counts.overlapPrecision)) \(pct(counts.overlapRecall))"
      )
    }
  }
}
