import ArgumentParser
import Foundation
import Khabar

struct Extract: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Extract entities from articles and write one JSON line per article.",
    discussion: """
      Inputs:
        FILE.txt     one article; its id is the file name without .txt
        FILE.jsonl   one {"id": …, "text": …} object per line; other fields are carried through
        FOLDER       its .txt and .jsonl files, sorted by name
        - or none    JSONL on standard input

      Every input record yields exactly one output line, in input order: the record with its
      "entities" and "relations", or {"id": …, "error": "…"} (also reported on standard error).
      Offsets count Unicode scalars of the original text, end exclusive.

      Exit status: 0 when every record was processed, 1 when any record failed, 2 when the
      inputs or the data folders cannot be used.

      Examples:
        khabar extract Fixtures/000_e13e31a73540851b.txt
        khabar extract news.jsonl -o entities.jsonl
        cat news.jsonl | khabar extract --gazetteers my-gazetteers/ > entities.jsonl
        khabar extract --explain article.txt     # which rule or gazetteer made each entity
      """
  )

  @Argument(help: "Articles: .txt files, .jsonl files, folders, or - for standard input.")
  var paths: [String] = []

  @Option(name: [.short, .customLong("output")], help: "Write the JSONL here instead of standard output.")
  var output: String?

  @OptionGroup var data: DataOptions

  @Flag(help: "Add an \"explain\" list to each record: every candidate entity, which gazetteer or rule proposed it, and why it was kept or dropped.")
  var explain = false

  @Option(help: "Articles processed in parallel (default: the number of cores). Output stays in input order.")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "No progress and no summary on standard error (errors are still reported).")
  var quiet = false

  @Option(help: "Refuse articles (a .txt file or a JSONL line) over this many bytes with an error record; one article of 16 MiB peaks at about 19 times its size in memory for news text (308 MiB), at most 61 times for any text measured (ASCII punctuation: 974 MiB). At most 1 GiB.")
  var maxArticleBytes: Int = ArticleReader.defaultMaximumArticleBytes

  @Flag(help: "Continue an interrupted run: keep the records already in the -o file (a partial last line is cut), skip their ids in the input, append the rest.")
  var resume = false

  mutating func run() throws {
    let inputs: [ArticleReader.Input]
    do {
      inputs = try ArticleReader.resolve(paths: paths)
    } catch {
      CommandSupport.fail(error.description)
    }
    guard jobs >= 1 else { CommandSupport.fail("--jobs must be at least 1") }
    // Offsets inside an article are 32-bit; a gigabyte is far beyond any news article.
    guard (1...(1 << 30)).contains(maxArticleBytes) else { CommandSupport.fail("--max-article-bytes must be between 1 and 1073741824") }
    var skip = Set<Int>()
    if resume {
      guard let output, output != "-" else { CommandSupport.fail("--resume needs -o FILE: the output to continue") }
      do {
        let state = try ResumeState.prepare(outputPath: output)
        skip = state.ids
        if !quiet { CommandSupport.warn("resuming \(output): \(state.records) records already written") }
      } catch {
        CommandSupport.fail("\(output): cannot resume: \(error)")
      }
    }
    let (gazetteer, rules) = CommandSupport.loadData(gazetteers: data.gazetteers, rules: data.rules)
    let sink: OutputSink
    do {
      sink = try OutputSink(path: output, append: resume)
    } catch {
      CommandSupport.fail("\(output ?? "-"): cannot write: \(error)")
    }
    Interrupt.install()
    let runner = BatchExtractor(gazetteer: gazetteer, rules: rules, jobs: jobs, explain: explain)
    let started = Date()
    let showProgress = !quiet && isatty(2) != 0
    var lastShown = Date.distantPast
    let reader = ArticleReader(inputs: inputs, skip: skip, maximumArticleBytes: maxArticleBytes)
    let totalBytes = showProgress ? ArticleReader.totalBytes(of: inputs) : nil
    let summary = try runner.run(
      reader: reader, write: { try sink.write($0) }, report: { CommandSupport.warn($0) },
      progress: { s in
        guard showProgress, Date().timeIntervalSince(lastShown) > 0.5 else { return }
        lastShown = Date()
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let mb = Double(s.bytes) / 1_000_000
        var line = String(format: "\r%d articles, %.1f MB, %.1f MB/s, %d errors", s.records, mb, mb / seconds, s.failures)
        // Time left from the share of the input files read so far (unknown on standard input).
        if let totalBytes, reader.bytesRead > 0, totalBytes >= reader.bytesRead {
          let left = Int(seconds * Double(totalBytes - reader.bytesRead) / Double(reader.bytesRead))
          line += String(format: ", %d:%02d left", left / 60, left % 60)
        }
        FileHandle.standardError.write(Data((line + "   ").utf8))
      }, shouldStop: { Interrupt.requested })
    try sink.finish()
    let seconds = max(Date().timeIntervalSince(started), 0.001)
    if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    if !quiet {
      let mb = Double(summary.bytes) / 1_000_000
      CommandSupport.warn(String(format: "%d records, %d errors, %.1f MB in %.1f s (%.1f MB/s, %d jobs)", summary.records, summary.failures, mb, seconds, mb / seconds, jobs))
    }
    if summary.interrupted {
      CommandSupport.warn("interrupted after \(summary.records) records; every record read was written" + (output.map { ". Continue with: khabar extract … -o \($0) --resume" } ?? ""))
      throw ExitCode(130)
    }
    if summary.failures > 0 { throw ExitCode(1) }
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
