import ArgumentParser
import Foundation
import Khabar

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Show one article as a person reads it: entities marked, the entity list, relations with evidence.",
    discussion: """
      PATH is a .txt article or a .jsonl file (the first record, or the one named by --id). \
      In a terminal, entities are colored by label; otherwise they are written [text]LABEL. \
      Arabic is printed as text, one item per line; control characters in the article are \
      shown escaped.

      --html FILE writes a standalone right-to-left page (no network, inline CSS): colored \
      entities with their labels (hover for canonical name, id and rule), a legend, the entity \
      table, and the relations with their evidence highlighted. Article text is escaped. FILE \
      is written as extract writes -o: a device or FIFO is written through, not replaced.

      Examples:
        khabar inspect Fixtures/000_e13e31a73540851b.txt
        khabar inspect news.jsonl --id 2015-07-21-00000 --html article.html
      """
  )

  @Argument(help: "A .txt article or a .jsonl file.")
  var path: String

  @Option(help: "Write a standalone HTML page here.")
  var html: String?

  @Option(help: "The id of the record to show from a .jsonl file (default: the first).")
  var id: String?

  @OptionGroup var data: DataOptions

  mutating func run() throws {
    let inputs: [ArticleReader.Input]
    do {
      inputs = try ArticleReader.resolve(paths: [path])
    } catch {
      CommandSupport.fail(ArticleView.escapeTerminal(error.description, keepingLineBreaks: true))
    }
    let reader = ArticleReader(inputs: inputs)
    var chosen: Article?
    while let record = reader.next() {
      switch record {
      case .article(let article):
        if id == nil || article.id == id { chosen = article }
      case .failure(let recordID, let message):
        // The message may quote the record: shown escaped, like the article itself.
        if id == nil || recordID == id {
          CommandSupport.fail(ArticleView.escapeTerminal(message, keepingLineBreaks: true))
        }
      }
      if chosen != nil { break }
    }
    guard let article = chosen else {
      CommandSupport.fail(
        ArticleView.escapeTerminal(
          id.map { "\(path): no record with id '\($0)'" } ?? "\(path): no article"))
    }
    let extractor = try data.extractor()
    let view = ArticleView(
      id: article.id, text: article.text, extraction: extractor.extract(article.text))
    if let html {
      CommandSupport.writeWhole(view.html(), to: html)
      CommandSupport.warn("wrote \(html)")
    } else {
      print(view.terminal(color: isatty(1) != 0), terminator: "")
    }
  }
}
