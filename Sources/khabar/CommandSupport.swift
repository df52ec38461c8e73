import ArgumentParser
import Foundation
import Khabar

/// What every subcommand shares: finding and loading data, reporting, exiting.
enum CommandSupport {
  /// Loads the gazetteers from `override` or the bundled folder; on failure prints every
  /// problem and exits with status 2.
  static func loadGazetteer(override: String?) -> Gazetteer {
    load("Gazetteers", flag: "--gazetteers", override: override) { folder throws(DataFileError) in
      try GazetteerLoader.load(directory: folder)
    }
  }

  /// Loads the rules from `override` or the bundled folder; on failure prints every problem
  /// and exits with status 2.
  static func loadRules(override: String?) -> RuleSet {
    load("Rules", flag: "--rules", override: override) { folder throws(DataFileError) in try RuleSet.load(directory: folder) }
  }

  /// Finds data folder `name` and loads it with `loader`, or reports every problem and exits.
  private static func load<T>(
    _ name: String, flag: String, override: String?, _ loader: (String) throws(DataFileError) -> T
  ) -> T {
    let folder = locate(name, flag: flag, override: override)
    do {
      return try loader(folder)
    } catch {
      for diagnostic in error.diagnostics { warn(diagnostic.description, prefix: false) }
      fail("the \(name.lowercased()) in \(folder) have \(error.diagnostics.count) problem(s); nothing was processed")
    }
  }

  /// Loads gazetteers and rules into an extractor.
  static func extractor(gazetteers: String?, rules: String?) throws -> Extractor {
    try Extractor(gazetteer: loadGazetteer(override: gazetteers), rules: loadRules(override: rules))
  }

  private static func locate(_ name: String, flag: String, override: String?) -> String {
    let located = DataLocator.locate(name, override: override)
    guard let folder = located.found else {
      let searched = located.searched.map { "  \($0)" }.joined(separator: "\n")
      fail(
        """
        cannot find the \(name.lowercased()). Looked in:
        \(searched)
        Pass \(flag) DIR, or set KHABAR_HOME to the folder that holds Gazetteers/ and Rules/ (a clone \
        of the Khabar repository), or install the data beside the binary as BIN/../share/khabar/\(name).
        """)
    }
    return folder
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

/// Buffered output to standard output or a file.
final class OutputSink {
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private let limit = 1 << 20

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
    buffer.reserveCapacity(limit + 4096)
  }

  func write(_ line: [UInt8]) throws {
    buffer.append(contentsOf: line)
    if buffer.count >= limit { try flush() }
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    try handle.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  func finish() throws {
    try flush()
    if handle !== FileHandle.standardOutput { try handle.close() }
  }
}
