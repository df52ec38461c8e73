import Foundation

@testable import Khabar

/// Paths of the checkout and the built binaries, for end-to-end tests.
enum TestPaths {
  static let root = DataLocator.sourceRoot
  static let fixtures = root.appendingPathComponent("Fixtures").path
  static let gazetteers = root.appendingPathComponent("Gazetteers").path
  static let rules = root.appendingPathComponent("Rules").path

  /// Loads the bundled rules once per process.
  static let bundledRules: Result<RuleSet, DataFileError> = {
    do throws(DataFileError) { return .success(try RuleSet.load(directory: rules)) } catch {
      return .failure(error)
    }
  }()

  /// The `khabar` executable `swift test` built beside the test bundle.
  static var khabar: String {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("khabar").path,
      root.appendingPathComponent(".build/debug/khabar").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
  }

  /// Loads the bundled gazetteers once per process.
  static let bundledGazetteer: Result<Gazetteer, DataFileError> = {
    do throws(DataFileError) {
      return .success(try GazetteerLoader.load(directory: gazetteers))
    } catch {
      return .failure(error)
    }
  }()

  /// The bundled name model, found as `khabar` finds it (the checkout's Models/), with the
  /// features of the bundled rules; loaded once per process.
  static let bundledNames: Result<NameRecognizer, NameModelError> = {
    let folder = DataLocator.locate("Models", override: nil).found ?? "Models"
    let path = (folder as NSString).appendingPathComponent(NameRecognizer.fileName)
    do throws(NameModelError) {
      let model = try NameModel.load(path: path)
      let lists = (try? bundledRules.get().lists) ?? [:]
      return .success(NameRecognizer(model: model, features: NameFeatures(lists: lists)))
    } catch {
      return .failure(error)
    }
  }()

  /// Writes `count` JSONL records that each state a visit (ids `r0`, `r1`, …) to `path`: enough
  /// text for several batches, so that workers are busy when a test makes the output fail.
  static func writeVisitRecords(_ count: Int, to path: String) throws {
    try (0..<count).map { #"{"id": "r\#($0)", "text": "زار الرئيس رجب طيب أردوغان طهران \#($0)"}"# }
      .joined(separator: "\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
  }

  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "khabar-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// What a finished process printed and returned.
struct ProcessResult {
  var status: Int32
  var stdout: Data
  var stderr: String
  var stdoutLines: [String] {
    String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      .dropLast().map(String.init)
  }
}

/// Runs `executable` with `arguments`, feeding `input` on standard input.
func runProcess(
  _ executable: String, _ arguments: [String], input: Data? = nil,
  environment: [String: String]? = nil
) throws -> ProcessResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let out = Pipe()
  let err = Pipe()
  let inPipe = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = inPipe
  try process.run()
  // Read both pipes concurrently so that neither fills and blocks the child.
  nonisolated(unsafe) var errData = Data()
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  if let input { inPipe.fileHandleForWriting.write(input) }
  try inPipe.fileHandleForWriting.close()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return ProcessResult(
    status: process.terminationStatus, stdout: outData,
    stderr: String(decoding: errData, as: UTF8.self))
}
