import Foundation
import Testing

@testable import Khabar

/// The progress line's "time left" comes from the share of the input read: the reader must
/// count every byte of its inputs once, whatever the records hold.
@Suite struct ProgressTests {
  @Test func readerCountsEveryInputByte() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let jsonl = folder.appendingPathComponent("a.jsonl")
    // A record, a blank line, a malformed record and a last line without its line feed.
    try Data(
      "{\"id\":\"1\",\"text\":\"قال الوزير\"}\n\n{\"id\":\n{\"id\":\"2\",\"text\":\"إيران\"}".utf8
    ).write(to: jsonl)
    let text = folder.appendingPathComponent("b.txt")
    try Data("وصل الرئيس إلى موسكو".utf8).write(to: text)
    let inputs: [ArticleReader.Input] = [.jsonlFile(jsonl.path), .textFile(text.path)]
    let total = try #require(ArticleReader.totalBytes(of: inputs))
    let sizes = try [jsonl, text].map {
      try #require(FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int)
    }
    #expect(total == sizes.reduce(0, +))

    let reader = ArticleReader(inputs: inputs)
    var records = 0
    while reader.next() != nil { records += 1 }
    #expect(records == 4)
    // The last JSONL line has no line feed: it is counted as if it had one.
    #expect(reader.bytesRead == total + 1)
    #expect(ArticleReader.totalBytes(of: [.standardInput]) == nil)
  }
}
