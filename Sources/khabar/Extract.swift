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

  mutating func run() throws {
    let inputs: [ArticleReader.Input]
    do {
      inputs = try ArticleReader.resolve(paths: paths)
    } catch {
      CommandSupport.fail(error.description)
    }
    let extractor = try data.extractor()
    extractor.explain = explain
    let sink: OutputSink
    do {
      sink = try OutputSink(path: output)
    } catch {
      CommandSupport.fail("\(output ?? "-"): cannot write: \(error)")
    }
    let reader = ArticleReader(inputs: inputs)
    var failures = 0
    while let record = reader.next() {
      switch record {
      case .article(let article):
        let extraction = extractor.extract(article.text)
        var record = OutputRecord.result(for: article, extraction)
        if explain, case .object(var members) = record {
          members.append(("explain", .array(extraction.decisions.map(\.json))))
          record = .object(members)
        }
        try sink.write(OutputRecord.line(record))
      case .failure(let id, let message):
        failures += 1
        CommandSupport.warn(message)
        try sink.write(OutputRecord.line(OutputRecord.error(id: id, message: message)))
      }
    }
    try sink.finish()
    if failures > 0 { throw ExitCode(1) }
  }
}
