import Foundation

/// Reads articles from the inputs of `khabar extract`, one record at a time, in input order.
///
/// - a `.txt` file is one article whose id is the file name without its extension;
/// - a `.jsonl` file holds one `{"id": …, "text": …}` object per line (blank lines skipped);
/// - a folder contributes its `.txt` and JSONL files, sorted by name, except `*.expected.jsonl`
///   (reviewed output) and hidden files; not its subfolders;
/// - extensions match in any case; `.ndjson` and `.json` are JSONL too;
/// - `-` is JSONL on standard input.
///
/// A record that cannot be read (invalid UTF-8 or JSON, no id or text) comes back as
/// `InputRecord.failure` so that it still yields one output line.
public final class ArticleReader {
  /// One input named on the command line, resolved.
  public enum Input: Sendable, Equatable {
    case textFile(String)
    case jsonlFile(String)
    case standardInput
  }

  /// Why the inputs cannot be read at all.
  public struct InputError: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  private var pending: [Input]
  /// Bytes of input consumed so far (lines with their line feeds, whole text files): with
  /// `totalBytes(of:)`, how far a run has come.
  public private(set) var bytesRead = 0
  private var lines: LineReader?
  private var linesPlace = ""
  /// Hashes of the ids seen so far (8 bytes an id), to warn about duplicates.
  private var seen = Set<Int>()

  /// Hashes of ids to pass over (the records a resumed run already wrote).
  private let skip: Set<Int>
  /// Articles (a .txt file or a JSONL line) over this many bytes are refused with an error
  /// record instead of being read into memory.
  public let maximumArticleBytes: Int

  /// The default for `maximumArticleBytes`: 16 MiB.
  ///
  /// Processing peaks at about 19 times an article's size in memory for news text, at most 61 times
  /// for any text measured (Benchmarks/linear.sh); larger articles need `--max-article-bytes`.
  public static let defaultMaximumArticleBytes = 16 << 20

  public init(
    inputs: [Input], skip: Set<Int> = [],
    maximumArticleBytes: Int = ArticleReader.defaultMaximumArticleBytes
  ) {
    self.pending = inputs.reversed()
    self.skip = skip
    self.maximumArticleBytes = maximumArticleBytes
  }

  /// Resolves command-line paths ("-" or none for standard input) to inputs.
  public static func resolve(paths: [String]) throws(InputError) -> [Input] {
    if paths.isEmpty { return [.standardInput] }
    var inputs: [Input] = []
    let fm = FileManager.default
    for path in paths {
      if path == "-" {
        inputs.append(.standardInput)
        continue
      }
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw InputError(description: "\(path): no such file or folder")
      }
      if isDirectory.boolValue {
        let names: [String]
        do {
          names = try fm.contentsOfDirectory(atPath: path)
        } catch {
          throw InputError(
            description: "\(path): cannot list the folder: \(error.localizedDescription)")
        }
        for name in names.sorted() where isFolderInput(name) {
          let child = (path as NSString).appendingPathComponent(name)
          if let input = input(child) { inputs.append(input) }
        }
      } else if let input = input(path) {
        inputs.append(input)
      } else {
        throw InputError(
          description:
            "\(path): not a .txt or .jsonl file (give a .txt article, a .jsonl, .ndjson or .json file of one JSON object per line, a folder, or - for JSONL on standard input)"
        )
      }
    }
    return inputs
  }

  /// The input `path` names by its extension, in any case: `.txt` is an article; `.jsonl`,
  /// `.ndjson` and `.json` are JSONL (a `.json` file is read one object per line too, so a
  /// pretty-printed one gives an error per line).
  ///
  /// Nil for any other name.
  static func input(_ path: String) -> Input? {
    switch (path as NSString).pathExtension.lowercased() {
    case "txt": return .textFile(path)
    case "jsonl", "ndjson", "json": return .jsonlFile(path)
    default: return nil
    }
  }

  /// Whether a file named `name` in an input folder is an input: not Khabar's reviewed output
  /// (`*.expected.jsonl`, as in Fixtures/), not hidden (`.name`: editors' and Khabar's own
  /// temporary files).
  static func isFolderInput(_ name: String) -> Bool {
    !name.hasPrefix(".") && !name.lowercased().hasSuffix(".expected.jsonl")
  }

  /// The next record, or nil when every input is read.
  ///
  /// A record whose id was seen before carries a warning (it is still processed: every input record
  /// yields one output record).
  public func next() -> InputRecord? {
    var next = nextRecord()
    while let record = next, !skip.isEmpty, skip.contains(record.id.hashValue) {
      next = nextRecord()
    }
    guard var record = next else { return nil }
    if case .article(var article) = record {
      if !seen.insert(article.id.hashValue).inserted {
        article.warnings.append("duplicate id '\(article.id)'")
        record = .article(article)
      }
    }
    return record
  }

  private func nextRecord() -> InputRecord? {
    while true {
      if let reader = lines {
        do {
          guard let line = try reader.next() else {
            lines = nil
            continue
          }
          bytesRead += (reader.overlongBytes ?? line.count) + 1
          if let size = reader.overlongBytes
            ?? (line.count > maximumArticleBytes + 4096 ? line.count : nil)
          {
            let place = "\(linesPlace):\(reader.lineNumber)"
            return .failure(
              id: place,
              message:
                "\(place):1: the record is \(size) bytes, over the limit of \(maximumArticleBytes) (raise it with --max-article-bytes)"
            )
          }
          var body = line
          // A UTF-8 byte-order mark before the first record (editors on Windows write one).
          if reader.lineNumber == 1 && body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
          }
          if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
          let number = reader.lineNumber
          let record = body.withUnsafeBufferPointer {
            InputRecord.fromJSONLine($0, place: { "\(linesPlace):\(number)" })
          }
          if number == 1, lines?.isStandardInput == true,
            case .failure(let id, let message) = record,
            !body.withUnsafeBufferPointer(ArticleReader.isJSONObject)
          {
            // Most likely a text piped in (`cat article.txt | khabar extract`): say what is expected.
            return .failure(id: id, message: message + ArticleReader.standardInputHint)
          }
          return record
        } catch {
          lines = nil
          let place = "\(linesPlace):\(reader.lineNumber + 1)"
          return .failure(
            id: place, message: "\(place):1: read error: \(error.localizedDescription)")
        }
      }
      guard let input = pending.popLast() else { return nil }
      switch input {
      case .standardInput:
        lines = LineReader(
          fd: 0, ownsDescriptor: false, maximumLineBytes: maximumArticleBytes + 4096)
        lines?.isStandardInput = true
        linesPlace = "<stdin>"
      case .jsonlFile(let path):
        let fd = open(path, O_RDONLY)
        if fd < 0 {
          return .failure(
            id: path, message: "\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        lines = LineReader(
          fd: fd, ownsDescriptor: true, maximumLineBytes: maximumArticleBytes + 4096)
        linesPlace = path
      case .textFile(let path):
        bytesRead += ArticleReader.size(of: path) ?? 0
        return ArticleReader.readText(path, limit: maximumArticleBytes)
      }
    }
  }

  /// Added to the error of a first line of standard input that is not a JSON object.
  static let standardInputHint =
    "; standard input is read as JSONL, one {\"id\": …, \"text\": …} object per line: to extract a text file, "
    + "name it (khabar extract article.txt) or wrap it (jq -Rs '{id: \"article\", text: .}' article.txt | khabar extract)"

  /// Whether `line` is a JSON object (of any content).
  static func isJSONObject(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    if case .object? = try? JSONParser.parse(line) { return true }
    return false
  }

  /// The total size in bytes of `inputs`, or nil when one is standard input (of unknown size).
  public static func totalBytes(of inputs: [Input]) -> Int? {
    var total = 0
    for input in inputs {
      switch input {
      case .standardInput: return nil
      case .textFile(let path), .jsonlFile(let path): total += size(of: path) ?? 0
      }
    }
    return total
  }

  private static func size(of path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
  }

  private static func readText(_ path: String, limit: Int) -> InputRecord {
    let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int,
      size > limit
    {
      return .failure(
        id: id,
        message:
          "\(path):1:1: the article is \(size) bytes, over the limit of \(limit) (raise it with --max-article-bytes)"
      )
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      // Say why: a symbolic link loop, a permission, a folder named *.txt …
      let fd = open(path, O_RDONLY)
      let reason = fd < 0 ? String(cString: strerror(errno)) : "unreadable"
      if fd >= 0 { close(fd) }
      return .failure(id: id, message: "\(path): cannot read the file: \(reason)")
    }
    let bytes = [UInt8](data)
    guard let text = UTF8Validator.string(validating: bytes) else {
      let offset = JSONParser.invalidUTF8Offset(bytes)
      let (line, column) = TextPosition.lineAndColumn(ofByte: offset, in: bytes)
      return .failure(id: id, message: "\(path):\(line):\(column): invalid UTF-8 at byte \(offset)")
    }
    return .article(Article(id: id, text: text))
  }
}
