import Foundation
import Testing

@testable import Khabar

/// `khabar extract -o`: what it replaces, what it writes through, what it refuses, and how a
/// failed write ends the run.
@Suite struct OutputTests {
  static let twoRecords =
    #"{"id": "a", "text": "مصر"}"# + "\n" + #"{"id": "b", "text": "روسيا"}"# + "\n"

  /// A node for the Linux memory device `minor` (3: /dev/null, 7: /dev/full) in `folder`, so
  /// that a broken build that replaces its output cannot damage the system's node (and the
  /// test does not depend on it being intact); the system's node when not root.
  static func deviceNode(_ name: String, minor: UInt64, in folder: URL) -> String {
    let copy = folder.appendingPathComponent(name).path
    guard mknod(copy, S_IFCHR | 0o666, dev_t(1 << 8 | minor)) == 0 else { return "/dev/\(name)" }
    return copy
  }

  static func isCharacterDevice(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
  }

  @Test func anOutputThatIsAnInputIsRefusedBeforeAnythingIsOpened() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("news.jsonl").path
    try Self.twoRecords.write(toFile: input, atomically: true, encoding: .utf8)
    let link = folder.appendingPathComponent("link.jsonl").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "news.jsonl")
    let hard = folder.appendingPathComponent("hard.out").path
    #expect(Foundation.link(input, hard) == 0)
    let cases: [([String], String)] = [
      ([input, "-o", input], "\(input): the output is also an input; write it to another file"),
      (
        [input, "-o", link],
        "\(link): the output is the same file as the input \(input); write it to another file"
      ),
      (
        [input, "-o", hard],
        "\(hard): the output is the same file as the input \(input); write it to another file"
      ),
      (
        [folder.path, "-o", hard, "--resume"],
        "\(hard): the output is the same file as the input \(folder.path)/link.jsonl; write it to another file"
      ),
    ]
    for (arguments, message) in cases {
      let result = try runProcess(TestPaths.khabar, ["extract"] + arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stderr == "khabar: \(message)\n")
      #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.twoRecords)
    }
  }

  @Test func devicesAndFIFOsAreWrittenThroughNotReplaced() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    try Self.twoRecords.write(toFile: input, atomically: true, encoding: .utf8)
    let null = Self.deviceNode("null", minor: 3, in: folder)
    let result = try runProcess(TestPaths.khabar, ["extract", input, "-o", null, "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Self.isCharacterDevice(null))

    let fifo = folder.appendingPathComponent("fifo").path
    #expect(mkfifo(fifo, 0o644) == 0)
    nonisolated(unsafe) var received = Data()
    // A blocking open: it waits for the writer (Foundation opens without blocking, and would
    // read an empty FIFO before khabar opens it).
    let reader = Thread {
      let fd = open(fifo, O_RDONLY)
      guard fd >= 0 else { return }
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        received.append(contentsOf: buffer[0..<n])
      }
      close(fd)
    }
    reader.start()
    let piped = try runProcess(TestPaths.khabar, ["extract", input, "-o", fifo, "--quiet"])
    while reader.isExecuting || !reader.isFinished { usleep(10_000) }
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(String(decoding: received, as: UTF8.self).split(separator: "\n").count == 2)
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
  }

  @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    try Self.twoRecords.write(toFile: input, atomically: true, encoding: .utf8)
    let target = folder.appendingPathComponent("target.jsonl").path
    try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
    #expect(chmod(target, 0o640) == 0)
    let link = folder.appendingPathComponent("out.jsonl").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.jsonl")
    let result = try runProcess(TestPaths.khabar, ["extract", input, "-o", link, "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.jsonl")
    #expect(try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n").count == 2)
    var info = stat()
    #expect(stat(target, &info) == 0 && info.st_mode & 0o777 == 0o640)
    // Nothing left behind: the temporary file was renamed over the target.
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "in.jsonl", "out.jsonl", "target.jsonl",
      ])
  }

  @Test(arguments: [1, 2])
  func aWriteErrorExitsWithItsOwnStatusNamingThePathAndTheReason(jobs: Int) throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    try TestPaths.writeVisitRecords(600, to: input)
    let full = Self.deviceNode("full", minor: 7, in: folder)
    let started = Date()
    let result = try runProcess(
      TestPaths.khabar, ["extract", input, "-o", full, "--jobs", "\(jobs)"])
    #expect(Date().timeIntervalSince(started) < 60)
    #expect(result.status == 3)
    #expect(result.stderr == "khabar: \(full): cannot write: No space left on device\n")
    #expect(Self.isCharacterDevice(full))

    // Standard output on a full device: the same, named "standard output".
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestPaths.khabar)
    process.arguments = ["extract", input, "--jobs", "\(jobs)"]
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: full))
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 3)
    #expect(
      String(decoding: message, as: UTF8.self)
        == "khabar: standard output: cannot write: No space left on device\n")
  }

  @Test func aMissingOutputFolderIsNamed() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("nope/out.jsonl").path
    let result = try runProcess(
      TestPaths.khabar, ["extract", "-", "-o", missing], input: Data(Self.twoRecords.utf8))
    #expect(result.status == 3)
    #expect(
      result.stderr
        == "khabar: \(missing): cannot write: the folder '\(folder.path)/nope' does not exist\n")
  }

  @Test func aReaderThatClosesThePipeEndsTheRunQuietly() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    try (0..<3000).map { #"{"id": "r\#($0)", "text": "زار الرئيس رجب طيب أردوغان طهران \#($0)"}"# }
      .joined(separator: "\n")
      .write(toFile: input, atomically: true, encoding: .utf8)
    for jobs in [1, 2] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: TestPaths.khabar)
      process.arguments = ["extract", input, "--jobs", "\(jobs)"]
      let out = Pipe()
      let errors = Pipe()
      process.standardOutput = out
      process.standardError = errors
      try process.run()
      // Like `| head -c 100`: read a little, then close.
      _ = out.fileHandleForReading.readData(ofLength: 100)
      try out.fileHandleForReading.close()
      let message = errors.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      #expect(process.terminationReason == .exit)
      #expect(process.terminationStatus == 0)
      #expect(String(decoding: message, as: UTF8.self) == "")
    }
  }

  /// `khabar eval --errors FILE` and `khabar inspect --html FILE` wrote their files atomically
  /// too, so `--errors /dev/null` or `--html /dev/null` as root replaced the device; a file in a
  /// missing folder is exit status 3 with the reason.
  @Test(arguments: [
    ("eval", "gold.conll", "زار O\nمصر B-LOC\nوفد B-ORG\n", "--errors", "errors.tsv"),
    ("inspect", "a.txt", "زار الوفد مصر.", "--html", "page.html"),
  ])
  func aSideFileIsWrittenLikeExtractOutput(
    _ command: String, _ inputName: String, _ input: String, _ option: String, _ fileName: String
  ) throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputPath = folder.appendingPathComponent(inputName).path
    try input.write(toFile: inputPath, atomically: true, encoding: .utf8)
    let null = Self.deviceNode("null", minor: 3, in: folder)
    let result = try runProcess(TestPaths.khabar, [command, inputPath, option, null])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Self.isCharacterDevice(null))
    let missing = folder.appendingPathComponent("nope/\(fileName)").path
    let failed = try runProcess(TestPaths.khabar, [command, inputPath, option, missing])
    #expect(failed.status == 3)
    let reason = "cannot write: the folder '\(folder.path)/nope' does not exist"
    #expect(failed.stderr.hasSuffix("khabar: \(missing): \(reason)\n"))
  }
}
