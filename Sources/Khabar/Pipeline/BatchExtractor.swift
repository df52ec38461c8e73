import Foundation

/// Extracts a stream of records on several threads and hands the output back in input order.
///
/// The calling thread reads records in batches and writes results; `jobs` worker threads, each
/// with its own `Extractor` (ICU iterators are per thread) over the shared gazetteers and rules,
/// process batches. At most `2 · jobs` batches are read but not yet written, so memory is
/// bounded by the batch size, not by the corpus. Output order is input order.
public final class BatchExtractor: @unchecked Sendable {
  public let gazetteer: Gazetteer
  public let rules: RuleSet
  public let jobs: Int
  public let explain: Bool
  /// Records per batch (a batch is also closed at `batchBytes` of text).
  public var batchRecords = 64
  public var batchBytes = 4 << 20

  public init(gazetteer: Gazetteer, rules: RuleSet, jobs: Int, explain: Bool = false) {
    self.gazetteer = gazetteer
    self.rules = rules
    self.jobs = max(1, jobs)
    self.explain = explain
  }

  /// What a finished run did.
  public struct Summary: Sendable {
    public var records = 0
    public var failures = 0
    /// UTF-8 bytes of article text processed.
    public var bytes = 0
    /// The run stopped early because `shouldStop` said so.
    public var interrupted = false
  }

  final class Batch: @unchecked Sendable {
    let sequence: Int
    let records: [InputRecord]
    /// The batch's output lines. Sized for a typical batch (64 records of about 7 KB each), so
    /// that it seldom grows.
    var output = JSONBuffer(capacity: 1 << 20)
    var messages: [String] = []
    var failures = 0
    var bytes = 0
    init(sequence: Int, records: [InputRecord]) {
      self.sequence = sequence
      self.records = records
    }
  }

  /// Runs every record of `reader`. `write` receives output bytes in input order (a batch's
  /// lines at a time, valid during the call: they are not copied), `report` the message of
  /// each failed record (in order), `progress` the running summary after each batch.
  /// Reading stops when `shouldStop` returns true (Ctrl-C): what was read is still finished and
  /// written, in order.
  public func run(
    reader: ArticleReader, write: (UnsafeBufferPointer<UInt8>) throws -> Void, report: (String) -> Void,
    progress: ((Summary) -> Void)? = nil, shouldStop: () -> Bool = { false }
  ) throws -> Summary {
    var summary = Summary()
    var sequence = 0
    func readBatch() -> Batch? {
      if shouldStop() {
        summary.interrupted = true
        return nil
      }
      var records: [InputRecord] = []
      var bytes = 0
      while records.count < batchRecords && bytes < batchBytes, let record = reader.next() {
        if case .article(let a) = record { bytes += a.text.utf8.count }
        records.append(record)
      }
      guard !records.isEmpty else { return nil }
      defer { sequence += 1 }
      return Batch(sequence: sequence, records: records)
    }
    func finish(_ batch: Batch) throws {
      try write(batch.output.bytes)
      for message in batch.messages { report(message) }
      summary.records += batch.records.count
      summary.failures += batch.failures
      summary.bytes += batch.bytes
      progress?(summary)
    }

    if jobs == 1 {
      let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
      extractor.explain = explain
      while let batch = readBatch() {
        process(batch, extractor)
        try finish(batch)
      }
      return summary
    }

    let condition = NSCondition()
    var pending: [Batch] = []
    var done: [Int: Batch] = [:]
    var closed = false
    var workerError: Error?
    let limit = 2 * jobs
    let shared = SharedState(
      take: {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !closed { condition.wait() }
        return pending.isEmpty ? nil : pending.removeFirst()
      },
      give: { batch in
        condition.lock()
        done[batch.sequence] = batch
        condition.broadcast()
        condition.unlock()
      },
      fail: { error in
        condition.lock()
        workerError = error
        condition.broadcast()
        condition.unlock()
      })
    var threads: [Thread] = []
    for _ in 0..<jobs {
      let thread = Thread { [gazetteer, rules, explain] in
        do {
          let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
          extractor.explain = explain
          while let batch = shared.take() {
            self.process(batch, extractor)
            shared.give(batch)
          }
        } catch {
          shared.fail(error)
        }
      }
      thread.stackSize = 8 << 20
      threads.append(thread)
      thread.start()
    }

    var nextToWrite = 0
    var submitted = 0
    var exhausted = false
    while !exhausted || nextToWrite < submitted {
      // Write every finished batch that is next in order.
      condition.lock()
      var ready: [Batch] = []
      while let batch = done.removeValue(forKey: nextToWrite + ready.count) { ready.append(batch) }
      if ready.isEmpty && workerError == nil && (exhausted || submitted - nextToWrite >= limit) {
        condition.wait()
        condition.unlock()
        continue
      }
      let failure = workerError
      condition.unlock()
      if let failure {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        throw failure
      }
      for batch in ready {
        try finish(batch)
        nextToWrite += 1
      }
      if !exhausted && submitted - nextToWrite < limit {
        if let batch = readBatch() {
          condition.lock()
          pending.append(batch)
          submitted += 1
          condition.signal()
          condition.unlock()
        } else {
          exhausted = true
        }
      }
    }
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
    while threads.contains(where: { $0.isExecuting }) { usleep(1000) }
    return summary
  }

  /// The closures workers use to take and hand back batches.
  struct SharedState: @unchecked Sendable {
    let take: () -> Batch?
    let give: (Batch) -> Void
    let fail: (Error) -> Void
  }

  func process(_ batch: Batch, _ extractor: Extractor) {
    for record in batch.records {
      switch record {
      case .article(let article):
        batch.bytes += article.text.utf8.count
        batch.messages += article.warnings.map { "warning: \($0)" }
        let extraction = extractor.extract(article.text)
        OutputRecord.writeResultLine(for: article, extraction, explain: explain, into: &batch.output)
      case .failure(let id, let message):
        batch.failures += 1
        batch.messages.append(message)
        OutputRecord.writeErrorLine(id: id, message: message, into: &batch.output)
      }
    }
  }
}
