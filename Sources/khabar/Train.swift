import ArgumentParser
import Foundation
import Khabar

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train the name model (PERSON, ORGANIZATION, LOCATION) on gold CoNLL/BIO corpora.",
    discussion: """
      A structured averaged perceptron over Khabar's own tokens; its features include what \
      the gazetteers and rules (--gazetteers, --rules) propose, so retrain after changing \
      them. Gold spans are projected onto Khabar's tokens by character offsets; --map says \
      which tags are PERSON, ORGANIZATION and LOCATION (COUNTRY tags become LOCATION). \
      Deterministic: the same corpora, data and options give the same bytes.

      Progress goes to standard error after each iteration, with the entity-level scores \
      on the held-out documents (the last --held-out share of the documents, not trained \
      on; 0 trains on everything). --cross-validate K trains K times, each time holding out \
      one block of consecutive documents, prints per-fold and mean scores, and writes no model.

      Examples:
        khabar train ../shared/data/anercorp/train.conll --map anercorp -o Models/names.model
        khabar train ../shared/data/anercorp/train.conll --map anercorp --cross-validate 5
      """
  )

  @Argument(help: "CoNLL/BIO files.")
  var corpora: [String]

  @Option(help: "Label mapping: anercorp, wojood, or LABEL=TAG,LABEL=TAG….")
  var map: String = "anercorp"

  @Option(name: [.short, .customLong("output")], help: "Where to write the model.")
  var output: String?

  @Option(help: "Training passes over the data.")
  var iterations: Int = 12

  @Option(
    name: .customLong("cross-validate"),
    help: ArgumentHelp(
      "K-fold cross-validation by blocks of documents; writes no model.", valueName: "k"))
  var folds: Int?

  @Option(
    name: .customLong("held-out"),
    help: "Share of the documents held out to report progress on (0 to 1).")
  var heldOut: Double = 0.1

  @Option(help: "Sentences per document (article-level features see one document).")
  var sentences: Int = 50

  @Option(help: "Leave out features whose averaged weights are all below this.")
  var prune: Float = 0.05

  @Option(
    help: "With --cross-validate: write every held-out missed and spurious entity to this TSV file."
  )
  var errors: String?

  @OptionGroup var data: DataOptions

  mutating func run() throws {
    guard !corpora.isEmpty else { CommandSupport.fail("give at least one corpus") }
    guard output != nil || folds != nil else {
      CommandSupport.fail("give -o FILE (the model to write) or --cross-validate K")
    }
    guard (0..<1).contains(heldOut) else { CommandSupport.fail("--held-out must be in [0, 1)") }
    if let folds, folds < 2 { CommandSupport.fail("--cross-validate needs at least 2 folds") }
    if data.model != nil || data.noModel || !data.modelMinScore.isEmpty {
      CommandSupport.fail(
        "--model, --no-model and --model-min-score choose the model a run uses; train makes one "
          + "(-o FILE)")
    }
    let mapping: LabelMapping
    do {
      mapping = try LabelMapping.parse(map)
    } catch {
      CommandSupport.fail(error.description)
    }
    let (gazetteer, rules) = CommandSupport.loadData(gazetteers: data.gazetteers, rules: data.rules)
    let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
    let features = NameFeatures(lists: rules.lists)
    var trainer = NameTrainer(mapping: mapping)
    for path in corpora {
      let corpus: CoNLLCorpus
      do {
        corpus = try CoNLLCorpus.read(path: path, sentencesPerDocument: max(1, sentences))
      } catch {
        CommandSupport.fail(error.description)
      }
      trainer.add(corpus, extractor: extractor, features: features)
      CommandSupport.warn(
        "\(path): \(Wording.count(corpus.sentenceCount, "sentence")), \(Wording.count(corpus.tokenCount, "token")), \(Wording.count(corpus.documents.count, "document"))"
      )
    }
    let tags = trainer.scoredTags.sorted()
    func line(_ s: EvaluationScores) -> String {
      (tags.map { tag in
        let c = s.perLabel[tag] ?? .init()
        return "\(tag) P \(pct(c.precision)) R \(pct(c.recall)) F1 \(pct(c.f1))"
      } + ["micro F1 \(pct(s.total.f1))"]).joined(separator: "  ")
    }
    CommandSupport.warn(
      "gold projected onto Khabar's tokens and read back: \(line(trainer.projectionCeiling()))")
    var options = NameTrainer.Options()
    options.iterations = iterations
    options.prune = prune
    let count = trainer.documents.count
    if let folds {
      var all: [EvaluationScores] = []
      var rows = "kind\ttype\ttext\tcontext\n"
      for k in 0..<folds {
        let block = (count * k / folds)..<(count * (k + 1) / folds)
        let train = (0..<count).filter { !block.contains($0) }
        let held = Array(block)
        var last = EvaluationScores()
        let model = trainer.train(train, heldOut: held, options: options) { iteration, scores in
          if let scores {
            last = scores
            CommandSupport.warn("fold \(k + 1) iteration \(iteration): \(line(scores))")
          }
        }
        all.append(last)
        if errors != nil { _ = trainer.score(held, model: model) { rows += $0 + "\n" } }
        print(
          "fold \(k + 1) (documents \(block.lowerBound + 1)–\(block.upperBound)): \(line(last))")
      }
      if let errors { CommandSupport.writeWhole(rows, to: errors) }
      print("")
      print("label   P      R      F1     (mean of \(folds) folds)")
      for tag in tags + ["micro"] {
        func mean(_ f: (EvaluationScores.Counts) -> Double) -> Double {
          all.map { f(tag == "micro" ? $0.total : $0.perLabel[tag] ?? .init()) }.reduce(0, +)
            / Double(all.count)
        }
        print(
          tag.padding(toLength: 7, withPad: " ", startingAt: 0)
            + " \(pct(mean(\.precision)))  \(pct(mean(\.recall)))  \(pct(mean(\.f1)))")
      }
      return
    }
    let heldCount = Int((Double(count) * heldOut).rounded())
    let train = Array(0..<(count - heldCount))
    let held = Array((count - heldCount)..<count)
    let model = trainer.train(train, heldOut: held, options: options) { iteration, scores in
      CommandSupport.warn(
        "iteration \(iteration)" + (scores.map { ": held-out \(line($0))" } ?? ""))
    }
    let bytes = model.serialized()
    guard let output else { return }
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: output))
    } catch {
      CommandSupport.fail(
        "\(output): cannot write the model: \(error.localizedDescription)",
        status: ExitStatus.outputFailed)
    }
    CommandSupport.warn(
      "\(output): \(Wording.count(model.featureCount, "feature")), \(bytes.count) bytes")
  }

  func pct(_ x: Double) -> String { String(format: "%.3f", x) }
}
