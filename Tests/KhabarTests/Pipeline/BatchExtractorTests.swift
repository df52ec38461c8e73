import Foundation
import Testing

@testable import Khabar

@Suite struct BatchExtractorTests {
  struct WriteFailed: Error {}

  @Test func aWriteFailureWithTwoJobsReturnsPromptlyAndStopsItsWorkers() throws {
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let rules = try TestPaths.bundledRules.get()
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.jsonl").path
    try TestPaths.writeVisitRecords(400, to: input)
    weak var released: BatchExtractor?
    do {
      let runner = BatchExtractor(
        gazetteer: gazetteer, rules: rules, jobs: 2, batchRecords: 4, maximumJobs: 2)
      released = runner
      #expect(runner.jobs == 2)
      let started = Date()
      var writes = 0
      #expect(throws: WriteFailed.self) {
        try runner.run(
          reader: ArticleReader(inputs: [.jsonlFile(input)]),
          write: { _ in
            writes += 1
            throw WriteFailed()
          }, report: { _ in })
      }
      #expect(writes == 1)
      #expect(Date().timeIntervalSince(started) < 30)
    }
    // Workers hold the runner while they run: it goes away only once they have ended, not
    // when they are left waiting for batches that never come.
    let deadline = Date().addingTimeInterval(10)
    while released != nil && Date() < deadline { usleep(10_000) }
    #expect(released == nil)
  }

  @Test func jobsAreBoundedByTheCores() throws {
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let rules = try TestPaths.bundledRules.get()
    #expect(
      BatchExtractor(gazetteer: gazetteer, rules: rules, jobs: 100_000).jobs
        == ProcessInfo.processInfo.activeProcessorCount)
    #expect(BatchExtractor(gazetteer: gazetteer, rules: rules, jobs: 0).jobs == 1)
    #expect(BatchExtractor(gazetteer: gazetteer, rules: rules, jobs: 3, maximumJobs: 8).jobs == 3)
  }
}
