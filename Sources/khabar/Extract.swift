import ArgumentParser
import Foundation
import Khabar

struct Extract: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Extract entities from articles: one JSON line per article, or another --format.",
    discussion: """
      Inputs:
        FILE.txt     one article; its id is the file name without .txt
        FILE.jsonl   one {"id": …, "text": …} object per line; other fields
                     are carried through (.ndjson and .json are read as JSONL)
        FOLDER       its .txt, .jsonl, .ndjson and .json files, sorted by
                     name; not *.expected.jsonl (reviewed output), hidden
                     files or subfolders
        - or none    JSONL on standard input

      Extensions are matched in any case (.TXT, .JSONL). Every input record yields \
      exactly one output line, in input order: the record with its "entities" and \
      "relations", or {"id": …, "error": "FILE:LINE:COLUMN: …"} (also reported on \
      standard error). Offsets count Unicode scalars of the original text, end exclusive.

      -o FILE replaces a regular file (following a symbolic link to it) and writes \
      through to anything else (/dev/null, a FIFO). An output that is one of the \
      inputs is refused. --jobs is at most the number of cores.

      --format names the output (default jsonl, Khabar's own record):
        jsonl         one JSON record per line (above)
        conll         TOKEN TAG [TAG…] per line, BIO, nested entities in extra
                      columns outermost first (Wojood's layout); a blank line ends
                      each sentence, "# id = ID" starts each article. A token is
                      Khabar's token as written, proclitics included: the entity
                      روسيا in وروسيا tags the whole token (وروسيا B-COUNTRY).
        brat          -o DIR: DIR/ID.txt and DIR/ID.ann per article, and
                      DIR/annotation.conf; offsets count code points of the .txt
                      (\\r\\n is 2). An id is made a file name with /, \\, %,
                      controls and a leading . as %XX (a/b: a%2Fb); a repeated
                      id gets ~2, ~3. A failed record writes DIR/ID.error.
                      A folder that holds an input file is refused, and so is
                      one that already holds brat files (.ann, .error) unless
                      --replace first removes them: *.ann, *.error,
                      annotation.conf and each .txt beside an .ann or .error
                      of its name (other files stay).
        label-studio  a JSON list of tasks, entities and relations as predictions
                      (khabar label-config prints the matching configuration)
        spacy         JSONL {"text", "meta": {"id"}, "tokens", "spans",
                      "relations"} as Prodigy writes it; tokens are Khabar's,
                      also cut at entity boundaries (و + روسيا)
      Every format gives one output per input record; a failed record is an \
      error line in jsonl, "# error = …" in conll, a task or record with an empty \
      text and the message in data.error (label-studio) or meta.error (spacy). \
      --explain and --resume need jsonl.

      Exit status:
        0    every record was processed
        1    some records failed (each has an error line)
        2    the inputs, the options or the data cannot be used; nothing is written
        3    the output cannot be opened or written (the message says why)
        130  interrupted by Ctrl-C; every record read was written
      A reader that closes the pipe early (khabar extract … | head) ends the run \
      quietly with status 0.

      Examples:
        khabar extract Fixtures/000_e13e31a73540851b.txt
        khabar extract news.jsonl -o entities.jsonl
        cat news.jsonl | khabar extract --gazetteers my-gazetteers/ > out.jsonl
        khabar extract --explain article.txt   # which rule made each entity
        khabar extract news.jsonl --format brat -o review/
        khabar extract news.jsonl --format label-studio -o tasks.json
      """
  )

  @Argument(help: "Articles: .txt files, .jsonl files, folders, or - for standard input.")
  var paths: [String] = []

  @Option(
    name: [.short, .customLong("output")],
    help: ArgumentHelp(
      "Write the output here instead of standard output (with --format brat: a folder, made if missing).",
      valueName: "file"))
  var output: String?

  @Option(
    help: ArgumentHelp(
      "Output format: jsonl, conll, brat, label-studio or spacy (see below).",
      valueName: "format"))
  var format: String = "jsonl"

  @OptionGroup var data: DataOptions

  @Flag(
    help:
      "Add an \"explain\" list to each record: every candidate entity, which gazetteer or rule proposed it, and why it was kept or dropped."
  )
  var explain = false

  @Option(
    help: ArgumentHelp(
      "Articles processed in parallel (default and maximum: the number of cores). Output stays in input order.",
      valueName: "n"))
  var jobs: Int?

  @Flag(help: "No progress and no summary on standard error (errors are still reported).")
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "Refuse articles (a .txt file or a JSONL line) over this many bytes with an error record; one article of 16 MiB peaks at about 19 times its size in memory for news text (308 MiB), at most 61 times for any text measured (ASCII punctuation: 974 MiB). At most 1 GiB.",
      valueName: "bytes"))
  var maxArticleBytes: Int = ArticleReader.defaultMaximumArticleBytes

  @Flag(
    help:
      "Continue an interrupted run: keep the records already in the -o file (a partial last line is cut), skip their ids in the input, append the rest."
  )
  var resume = false

  @Flag(
    help:
      "With --format brat: first remove the brat files of an earlier run from the -o folder (*.ann, *.error, annotation.conf, and each .txt beside an .ann or .error of its name); without it a folder that holds .ann or .error files is refused."
  )
  var replace = false

  mutating func run() throws {
    // A reader that closes the pipe makes writes fail with EPIPE (handled below) instead of
    // killing the process.
    signal(SIGPIPE, SIG_IGN)
    guard let format = ExportFormat(rawValue: format) else {
      CommandSupport.fail(
        "unknown --format '\(format)': expected one of "
          + ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))
    }
    if format != .jsonl {
      if explain {
        CommandSupport.fail("--explain needs --format jsonl (it adds to the JSON record)")
      }
      if resume { CommandSupport.fail("--resume needs --format jsonl (it reads the ids back)") }
    }
    if replace && format != .brat {
      CommandSupport.fail("--replace needs --format brat (it empties the -o folder of brat files)")
    }
    var folder: String?
    if format == .brat {
      guard let output, output != "-" else {
        CommandSupport.fail("--format brat needs -o DIR: the folder for the .txt and .ann files")
      }
      folder = output
    }
    let inputs: [ArticleReader.Input]
    do {
      inputs = try ArticleReader.resolve(paths: paths)
    } catch {
      CommandSupport.fail(error.description)
    }
    let cores = BatchExtractor.defaultMaximumJobs
    if let jobs {
      guard jobs >= 1 else { CommandSupport.fail("--jobs must be at least 1") }
      // Extraction is CPU-bound: more threads than cores only take memory (each has its own
      // extractor and two batches of articles in flight).
      if jobs > cores && !quiet {
        CommandSupport.warn(
          "note: --jobs \(jobs) is more than the \(Wording.count(cores, "core")); using \(cores)")
      }
    }
    // Offsets inside an article are 32-bit; a gigabyte is far beyond any news article.
    guard (1...(1 << 30)).contains(maxArticleBytes) else {
      CommandSupport.fail("--max-article-bytes must be between 1 and 1073741824")
    }
    // Before anything is opened or truncated: writing over an input would destroy it.
    if format.isStream, let output, output != "-",
      let input = OutputFile.input(sameAs: output, in: inputs)
    {
      CommandSupport.fail(
        input == output
          ? "\(output): the output is also an input; write it to another file"
          : "\(output): the output is the same file as the input \(input); write it to another file"
      )
    }
    // The .txt files written are named after ids, which are file names of .txt inputs: writing
    // into an input's folder could replace an input.
    if let folder, let input = BratFolder.input(in: folder, inputs: inputs) {
      CommandSupport.fail(
        "\(folder): the folder holds the input \(input); write the brat files to another folder")
    }
    // Files of an earlier run would mix with this run's (a k.txt and k.ann beside a new k.error,
    // an a~2.txt of a repeated id that is no longer repeated).
    if let folder, !replace, let earlier = BratFolder.earlierFiles(in: folder).first {
      CommandSupport.fail(
        "\(folder): the folder holds brat files of an earlier run (\(earlier)); pass --replace to remove them first, or write to another folder"
      )
    }
    var skip = Set<Int>()
    if resume {
      guard let output, output != "-" else {
        CommandSupport.fail("--resume needs -o FILE: the output to continue")
      }
      var info = stat()
      if stat(output, &info) == 0 && info.st_mode & S_IFMT != S_IFREG {
        CommandSupport.fail("\(output): --resume needs -o to name a regular file")
      }
      do {
        let state = try ResumeState.prepare(outputPath: output)
        skip = state.ids
        if !quiet {
          CommandSupport.warn(
            "resuming \(output): \(Wording.count(state.records, "record")) already written")
        }
      } catch {
        CommandSupport.fail("\(output): cannot resume: \(error)")
      }
    }
    let (gazetteer, rules) = CommandSupport.loadData(gazetteers: data.gazetteers, rules: data.rules)
    let names = data.names(rules: rules)
    let sink: OutputFile
    var files: BratFolder?
    do {
      if let folder {
        files = try BratFolder(path: folder, replace: replace)
        sink = try OutputFile(path: "/dev/null")
      } else {
        sink = try OutputFile(path: output, append: resume)
      }
      try sink.write(format.header)
    } catch {
      CommandSupport.fail(error.description, status: ExitStatus.outputFailed)
    }
    Interrupt.install()
    let runner = BatchExtractor(
      gazetteer: gazetteer, rules: rules, names: names, jobs: jobs ?? cores, explain: explain,
      format: format)
    let started = Date()
    let showProgress = !quiet && isatty(2) != 0
    var lastShown = Date.distantPast
    let reader = ArticleReader(inputs: inputs, skip: skip, maximumArticleBytes: maxArticleBytes)
    let totalBytes = showProgress ? ArticleReader.totalBytes(of: inputs) : nil
    let summary: BatchExtractor.Summary
    do {
      summary = try runner.run(
        reader: reader, write: { try sink.write($0) }, writeFiles: { try files?.write($0) },
        report: { CommandSupport.warn($0) },
        progress: { s in
          guard showProgress, Date().timeIntervalSince(lastShown) > 0.5 else { return }
          lastShown = Date()
          let seconds = max(Date().timeIntervalSince(started), 0.001)
          let mb = Double(s.bytes) / 1_000_000
          var line =
            "\r" + Wording.count(s.records, "article")
            + String(format: ", %.1f MB, %.1f MB/s, ", mb, mb / seconds)
            + Wording.count(s.failures, "error")
          // Time left from the share of the input files read so far (unknown on standard input).
          if let totalBytes, reader.bytesRead > 0, totalBytes >= reader.bytesRead {
            let left = Int(
              seconds * Double(totalBytes - reader.bytesRead) / Double(reader.bytesRead))
            line += String(format: ", %d:%02d left", left / 60, left % 60)
          }
          CommandSupport.writeStandardError(line + "   ")
        }, shouldStop: { Interrupt.requested })
      try sink.write(format.footer)
      try sink.finish()
    } catch let failure as OutputFile.Failure {
      if showProgress { CommandSupport.writeStandardError("\r\u{1B}[K") }
      // The reader downstream has all it wanted (`| head`): nothing to report.
      if failure.isBrokenPipe { throw ExitCode.success }
      CommandSupport.fail(failure.description, status: ExitStatus.outputFailed)
    } catch {
      CommandSupport.fail("\(error)")
    }
    let seconds = max(Date().timeIntervalSince(started), 0.001)
    if showProgress { CommandSupport.writeStandardError("\r\u{1B}[K") }
    if !quiet {
      let mb = Double(summary.bytes) / 1_000_000
      CommandSupport.warn(
        "\(Wording.count(summary.records, "record")), \(Wording.count(summary.failures, "error")), "
          + String(format: "%.1f MB in %.1f s (%.1f MB/s, ", mb, seconds, mb / seconds)
          + Wording.count(runner.jobs, "job") + ")")
    }
    if summary.interrupted {
      CommandSupport.warn(
        "interrupted after \(Wording.count(summary.records, "record")); every record read was written"
          + (output.map { ". Continue with: khabar extract … -o \($0) --resume" } ?? ""))
      throw ExitCode(ExitStatus.interrupted)
    }
    if summary.failures > 0 { throw ExitCode(ExitStatus.recordsFailed) }
  }
}

extension OutputFile {
  /// Writes all of `text`'s UTF-8 bytes.
  func write(_ text: String) throws(OutputFile.Failure) {
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBufferPointer { buffer throws(OutputFile.Failure) in try write(buffer) }
  }
}

/// The folder of a brat export: `annotation.conf`, then each record's files under a name made
/// from its id (`BratExport.fileName(for:)`), a repeated name taking `~2`, `~3`.
final class BratFolder {
  let path: String
  /// File names (without suffix) given so far; ids only, so it stays small.
  private var used = Set<String>()

  /// Makes the folder if it is missing and writes `annotation.conf` into it; with `replace`,
  /// first removes the brat files of an earlier run (`earlierFiles(in:)`).
  init(path: String, replace: Bool = false) throws(OutputFile.Failure) {
    self.path = path
    var info = stat()
    if stat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw OutputFile.Failure(
          path, reason: "--format brat needs -o to name a folder", code: ENOTDIR)
      }
      if replace {
        for name in BratFolder.earlierFiles(in: path, all: true)
        where unlink(path + "/" + name) != 0 {
          throw OutputFile.Failure(
            path + "/" + name, reason: "cannot remove: \(String(cString: strerror(errno)))",
            code: errno)
        }
      }
    } else if mkdir(path, 0o777) != 0 {
      throw OutputFile.Failure(
        path, reason: "cannot make the folder: \(String(cString: strerror(errno)))", code: errno)
    }
    try write("annotation.conf", BratExport.annotationConfiguration())
  }

  /// The brat files of an earlier run in `folder`, sorted by name (none if it is missing).
  ///
  /// `*.ann` and `*.error`; with `all`, also `annotation.conf` and each `*.txt` beside an `.ann`
  /// or `.error` of its name, what `--replace` removes. Regular files and symbolic links only.
  static func earlierFiles(in folder: String, all: Bool = false) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      return []
    }
    func isFile(_ name: String) -> Bool {
      var info = stat()
      guard lstat(folder + "/" + name, &info) == 0 else { return false }
      return info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFLNK
    }
    let present = Set(names)
    return names.filter { name in
      guard isFile(name) else { return false }
      if name.hasSuffix(".ann") || name.hasSuffix(".error") { return true }
      guard all else { return false }
      if name == "annotation.conf" { return true }
      guard name.hasSuffix(".txt") else { return false }
      let base = name.dropLast(4)
      return present.contains(base + ".ann") || present.contains(base + ".error")
    }.sorted()
  }

  /// The input file that lies in `folder` (the same folder by device and inode), if any.
  static func input(in folder: String, inputs: [ArticleReader.Input]) -> String? {
    var target = stat()
    guard stat(folder, &target) == 0 else { return nil }
    for input in inputs {
      switch input {
      case .textFile(let path), .jsonlFile(let path):
        if BratFolder.isIn(path, target) { return path }
      case .standardInput: continue
      }
    }
    return nil
  }

  private static func isIn(_ path: String, _ folder: stat) -> Bool {
    let parent =
      path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
    var info = stat()
    return stat(parent.isEmpty ? "/" : parent, &info) == 0 && info.st_dev == folder.st_dev
      && info.st_ino == folder.st_ino
  }

  /// Writes one record's files.
  func write(_ record: ExportFiles) throws(OutputFile.Failure) {
    let base = BratExport.fileName(for: record.id)
    var name = base
    var copy = 1
    while used.contains(name) {
      copy += 1
      name = "\(base)~\(copy)"
    }
    used.insert(name)
    for (suffix, contents) in record.files { try write(name + suffix, contents) }
  }

  private func write(_ name: String, _ contents: String) throws(OutputFile.Failure) {
    let file = try OutputFile(path: path + "/" + name)
    try file.write(contents)
    try file.finish()
  }
}

/// Ctrl-C (SIGINT) and SIGTERM: the first stops reading, so that what was read is finished and
/// written whole; the second ends the process at once.
enum Interrupt {
  nonisolated(unsafe) static var count: sig_atomic_t = 0

  static var requested: Bool { count > 0 }

  static func install() {
    let handler: @convention(c) (Int32) -> Void = { _ in
      Interrupt.count += 1
      if Interrupt.count > 1 { _exit(130) }
    }
    signal(SIGINT, handler)
    signal(SIGTERM, handler)
  }
}
