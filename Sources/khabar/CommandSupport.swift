import ArgumentParser
import Foundation
import Khabar

/// What every subcommand shares: finding and loading data, reporting, exiting.
enum CommandSupport {
  /// Loads the gazetteers and the rules (from the overrides or the bundled folders) at the
  /// same time, on two threads: start-up is the slower of the two, not their sum.
  ///
  /// Problems are reported as when the folders were loaded one after the other: every problem
  /// of the gazetteers, or else of the rules (a missing rules folder counts as theirs), and then
  /// the process exits with status 2.
  static func loadData(gazetteers: String?, rules: String?) -> (Gazetteer, RuleSet) {
    let gazetteerFolder = locate("Gazetteers", flag: "--gazetteers", override: gazetteers)
    let gazetteerLoad = Concurrent { () -> Result<Gazetteer, DataFileError> in
      Result { () throws(DataFileError) in try GazetteerLoader.load(directory: gazetteerFolder) }
    }
    let ruleLocation = DataLocator.locate("Rules", override: rules)
    let ruleLoad = ruleLocation.found.map { folder in
      Result { () throws(DataFileError) in try RuleSet.load(directory: folder) }
    }
    let gazetteer = loaded("Gazetteers", in: gazetteerFolder, gazetteerLoad.wait())
    guard let ruleFolder = ruleLocation.found, let ruleLoad else {
      notFound("Rules", flag: "--rules", searched: ruleLocation.searched)
    }
    return (gazetteer, loaded("Rules", in: ruleFolder, ruleLoad))
  }

  /// The data that `result` loaded from data folder `name`, or (when it failed) every problem
  /// reported and an exit.
  private static func loaded<T>(
    _ name: String, in folder: String, _ result: Result<T, DataFileError>
  ) -> T {
    switch result {
    case .success(let data):
      return data
    case .failure(let error):
      for diagnostic in error.diagnostics { warn(diagnostic.description, prefix: false) }
      fail(
        "the \(name.lowercased()) in \(folder) have \(Wording.count(error.diagnostics.count, "problem")); nothing was processed"
      )
    }
  }

  /// Loads gazetteers, rules and (unless `noModel`) the name model into an extractor.
  static func extractor(
    gazetteers: String?, rules: String?, model: String?, noModel: Bool,
    scoreFloor: NameRecognizer.ScoreFloor = NameRecognizer.ScoreFloor()
  ) throws -> Extractor {
    let (gazetteer, rules) = loadData(gazetteers: gazetteers, rules: rules)
    let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
    extractor.names = names(model: model, noModel: noModel, scoreFloor: scoreFloor, rules: rules)
    return extractor
  }

  /// The name recognizer of the model file `model` with the features of `rules`, or nil with
  /// `noModel`.
  ///
  /// Without `model`, the file is `names.model` in the Models folder, found as the Gazetteers
  /// folder is. A model that cannot be found or read is reported, and the process exits with
  /// status 2.
  static func names(
    model: String?, noModel: Bool,
    scoreFloor: NameRecognizer.ScoreFloor = NameRecognizer.ScoreFloor(), rules: RuleSet
  ) -> NameRecognizer? {
    if noModel {
      if model != nil { fail("--model and --no-model contradict each other") }
      return nil
    }
    let path: String
    if let model {
      path = model
    } else {
      let located = DataLocator.locate("Models", override: nil)
      guard let folder = located.found else {
        warn("cannot find the name model (Models/names.model). Looked in:")
        for folder in located.searched { warn("  " + folder, prefix: false) }
        fail(
          "Pass --model FILE or --no-model, or set KHABAR_MODELS to the folder that holds names.model "
            + "(or KHABAR_HOME to a clone of the Khabar repository).", prefix: false)
      }
      path = (folder as NSString).appendingPathComponent(NameRecognizer.fileName)
    }
    do {
      let loaded = try NameModel.load(path: path)
      return NameRecognizer(
        model: loaded, features: NameFeatures(lists: rules.lists), scoreFloor: scoreFloor)
    } catch {
      warn(error.description, prefix: false)
      fail("the name model cannot be used; pass --model FILE or --no-model")
    }
  }

  private static func locate(_ name: String, flag: String, override: String?) -> String {
    let located = DataLocator.locate(name, override: override)
    guard let folder = located.found else { notFound(name, flag: flag, searched: located.searched) }
    return folder
  }

  /// Says where data folder `name` was looked for and how to name it, and exits.
  private static func notFound(_ name: String, flag: String, searched: [String]) -> Never {
    warn("cannot find the \(name.lowercased()). Looked in:")
    for folder in searched { warn("  " + folder, prefix: false) }
    fail(
      "Pass \(flag) DIR, or set KHABAR_HOME to the folder that holds Gazetteers/ and Rules/ (a clone "
        + "of the Khabar repository), or install the data beside the binary as BIN/../share/khabar/\(name).",
      prefix: false)
  }

  /// Writes one line to standard error: `khabar: ` (unless `prefix` is false), then `message`
  /// with its control characters escaped (ids and paths come from the input and may hold ESC or
  /// line breaks), then a line feed.
  static func warn(_ message: String, prefix: Bool = true) {
    writeStandardError((prefix ? "khabar: " : "") + Wording.escapingControls(message) + "\n")
  }

  /// Writes `text` to standard error as it is (the progress line's carriage returns).
  ///
  /// A standard error that cannot be written is ignored: there is nowhere left to say so.
  static func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      guard var next = bytes.baseAddress else { return }
      var left = bytes.count
      while left > 0 {
        let n = write(STDERR_FILENO, next, left)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        next += n
        left -= n
      }
    }
  }

  /// Writes `text` whole to `path` as `extract -o` writes (a regular file replaced, a device or
  /// FIFO written through, a link followed); on failure reports the path and the reason and exits
  /// with `ExitStatus.outputFailed`.
  static func writeWhole(_ text: String, to path: String) {
    var text = text
    do {
      let file = try OutputFile(path: path)
      try text.withUTF8 { try file.write($0) }
      try file.finish()
    } catch {
      fail(
        (error as? OutputFile.Failure)?.description ?? "\(path): \(error)",
        status: ExitStatus.outputFailed)
    }
  }

  /// Reports `message` (as `warn` does) and exits with `status`: by default 2, the inputs,
  /// options or data cannot be used.
  static func fail(_ message: String, status: Int32 = ExitStatus.unusable, prefix: Bool = true)
    -> Never
  {
    warn(message, prefix: prefix)
    Foundation.exit(status)
  }
}

/// The exit statuses of `khabar`, documented in `khabar extract --help` and the README.
enum ExitStatus {
  /// Every record was processed.
  static let success: Int32 = 0
  /// Some records failed; each has an error line in the output.
  static let recordsFailed: Int32 = 1
  /// The inputs, the options or the data cannot be used; nothing was written.
  static let unusable: Int32 = 2
  /// The output cannot be opened or written (a missing folder, a full disk, a permission).
  static let outputFailed: Int32 = 3
  /// Interrupted by Ctrl-C or SIGTERM after writing every record read.
  static let interrupted: Int32 = 130
}

/// The data folders every command can override.
struct DataOptions: ParsableArguments {
  @Option(
    name: .customLong("gazetteers"),
    help: ArgumentHelp(
      "Use the gazetteer files (*.tsv) of this folder instead of the bundled ones.",
      valueName: "dir"))
  var gazetteers: String?

  @Option(
    name: .customLong("rules"),
    help: ArgumentHelp(
      "Use the rule files (*.rules, lists/*.txt) of this folder instead of the bundled ones.",
      valueName: "dir"))
  var rules: String?

  @Option(
    name: .customLong("model"),
    help: ArgumentHelp(
      "Use this name model file instead of the bundled Models/names.model.", valueName: "file"))
  var model: String?

  @Flag(
    name: .customLong("no-model"),
    help: "Run without the name model: gazetteers and rules only.")
  var noModel = false

  @Option(
    name: .customLong("model-min-score"),
    help: ArgumentHelp(
      "Leave out the name model's names scored below S (0 to 1, as the score attribute is "
        + "written), for every label or, as LABEL=S, for PERSON, ORGANIZATION or LOCATION; "
        + "repeatable. Such a name neither stands nor replaces a weak rule's.",
      valueName: "S|LABEL=S"))
  var modelMinScore: [String] = []

  /// Loads the data into an extractor (exits with status 2 on bad data).
  func extractor() throws -> Extractor {
    try CommandSupport.extractor(
      gazetteers: gazetteers, rules: rules, model: model, noModel: noModel,
      scoreFloor: scoreFloor())
  }

  /// The name recognizer these options ask for (exits with status 2 on a bad model).
  func names(rules: RuleSet) -> NameRecognizer? {
    CommandSupport.names(
      model: model, noModel: noModel, scoreFloor: scoreFloor(), rules: rules)
  }

  /// The floors of `--model-min-score` (exits with status 2 on a bad value, or with
  /// `--no-model`).
  func scoreFloor() -> NameRecognizer.ScoreFloor {
    if noModel && !modelMinScore.isEmpty {
      CommandSupport.fail("--model-min-score needs the name model; it contradicts --no-model")
    }
    do {
      return try NameRecognizer.ScoreFloor(parsing: modelMinScore)
    } catch {
      CommandSupport.fail(error.description)
    }
  }
}

/// A value computed on a thread of its own while the caller does other work.
final class Concurrent<Value>: @unchecked Sendable {
  /// Written once by the thread before it signals `finished`, read only after waiting for it.
  private var value: Value?
  private let finished = DispatchSemaphore(value: 0)

  /// Starts computing `compute()` (with the 8 MiB stack of the extraction threads).
  init(_ compute: @escaping @Sendable () -> Value) {
    let thread = Thread { [self] in
      value = compute()
      finished.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// The value, once the thread has computed it.
  func wait() -> Value {
    finished.wait()
    guard let value else { preconditionFailure("the thread signalled before storing its value") }
    return value
  }
}
