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
    let ruleLoad = ruleLocation.found.map { folder in Result { () throws(DataFileError) in try RuleSet.load(directory: folder) } }
    let gazetteer = loaded("Gazetteers", in: gazetteerFolder, gazetteerLoad.wait())
    guard let ruleFolder = ruleLocation.found, let ruleLoad else {
      notFound("Rules", flag: "--rules", searched: ruleLocation.searched)
    }
    return (gazetteer, loaded("Rules", in: ruleFolder, ruleLoad))
  }

  /// The data that `result` loaded from data folder `name`, or (when it failed) every problem
  /// reported and an exit.
  private static func loaded<T>(_ name: String, in folder: String, _ result: Result<T, DataFileError>) -> T {
    switch result {
    case .success(let data):
      return data
    case .failure(let error):
      for diagnostic in error.diagnostics { warn(diagnostic.description, prefix: false) }
      fail("the \(name.lowercased()) in \(folder) have \(error.diagnostics.count) problem(s); nothing was processed")
    }
  }

  /// Loads gazetteers and rules into an extractor.
  static func extractor(gazetteers: String?, rules: String?) throws -> Extractor {
    let (gazetteer, rules) = loadData(gazetteers: gazetteers, rules: rules)
    return try Extractor(gazetteer: gazetteer, rules: rules)
  }

  private static func locate(_ name: String, flag: String, override: String?) -> String {
    let located = DataLocator.locate(name, override: override)
    guard let folder = located.found else { notFound(name, flag: flag, searched: located.searched) }
    return folder
  }

  /// Says where data folder `name` was looked for and how to name it, and exits.
  private static func notFound(_ name: String, flag: String, searched: [String]) -> Never {
    let searched = searched.map { "  \($0)" }.joined(separator: "\n")
    fail(
      """
      cannot find the \(name.lowercased()). Looked in:
      \(searched)
      Pass \(flag) DIR, or set KHABAR_HOME to the folder that holds Gazetteers/ and Rules/ (a clone \
      of the Khabar repository), or install the data beside the binary as BIN/../share/khabar/\(name).
      """)
  }

  static func warn(_ message: String, prefix: Bool = true) {
    FileHandle.standardError.write(Data(((prefix ? "khabar: " : "") + message + "\n").utf8))
  }

  static func fail(_ message: String) -> Never {
    warn(message)
    Foundation.exit(2)
  }
}

/// The data folders every command can override.
struct DataOptions: ParsableArguments {
  @Option(name: .customLong("gazetteers"), help: "Use the gazetteer files (*.tsv) of this folder instead of the bundled ones.")
  var gazetteers: String?

  @Option(name: .customLong("rules"), help: "Use the rule files (*.rules, lists/*.txt) of this folder instead of the bundled ones.")
  var rules: String?

  /// Loads the data into an extractor (exits with status 2 on bad data).
  func extractor() throws -> Extractor { try CommandSupport.extractor(gazetteers: gazetteers, rules: rules) }
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

/// Output to standard output or a file.
///
/// Not buffered here: `BatchExtractor` hands over a whole batch of lines at a time, which is
/// already a large write, and copying it into a buffer of our own cost more than it saved.
final class OutputSink {
  private let handle: FileHandle

  /// Output to `path` (standard output for nil or "-"); `append` continues an existing file.
  init(path: String?, append: Bool = false) throws {
    if let path, path != "-" {
      if !(append && FileManager.default.fileExists(atPath: path)) {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
          throw CocoaError(.fileWriteNoPermission)
        }
      }
      handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      if append { try handle.seekToEnd() }
    } else {
      handle = FileHandle.standardOutput
    }
  }

  func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    try handle.write(contentsOf: UnsafeRawBufferPointer(bytes))
  }

  func finish() throws {
    if handle !== FileHandle.standardOutput { try handle.close() }
  }
}
