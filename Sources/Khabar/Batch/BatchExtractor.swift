import Foundation

/// Extracts a stream of records on several threads and hands the output back in input order.
///
/// The calling thread reads records in batches and writes results; up to `jobs` worker threads,
/// each with its own `Extractor` (ICU iterators are per thread) over the shared gazetteers and
/// rules, process batches. At most `2 · jobs` batches are read but not yet written, so memory is
/// bounded by the batch size, not by the corpus. Output order is input order.
///
/// A worker is started when a batch is handed out and fewer than `jobs` run, so a short input
/// starts only the threads it can use. However a run ends (finished, interrupted, or a `write`
/// that throws), its workers are stopped and joined before `run` returns.
public final class BatchExtractor: @unchecked Sendable {
  public let gazetteer: Gazetteer
  public let rules: RuleSet
  /// The learned name recognizer every worker's extractor runs (nil: none).
  public let names: NameRecognizer?
  /// Worker threads: the number asked for, between 1 and the `maximumJobs` of `init`.
  public let jobs: Int
  public let explain: Bool
  /// How each record is rendered (`jsonl`: Khabar's own record).
  public let format: ExportFormat
  /// Records per batch (a batch is also closed at `batchBytes` of text).
  public let batchRecords: Int
  /// UTF-8 bytes of article text at which a batch is closed.
  public let batchBytes: Int

  /// The default bound on `jobs`: the number of cores.
  ///
  /// Extraction is CPU-bound: threads beyond the cores add no speed, only memory (an extractor
  /// each, and two batches of up to `batchBytes` of text in flight each).
  public static var defaultMaximumJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// A runner with `jobs` workers, clamped to `1...maximumJobs`.
  public init(
    gazetteer: Gazetteer, rules: RuleSet, names: NameRecognizer? = nil, jobs: Int,
    explain: Bool = false, format: ExportFormat = .jsonl, batchRecords: Int = 64,
    batchBytes: Int = 4 << 20, maximumJobs: Int = BatchExtractor.defaultMaximumJobs
  ) {
    self.format = format
    self.gazetteer = gazetteer
    self.rules = rules
    self.names = names
    self.jobs = min(max(1, jobs), max(1, maximumJobs))
    self.explain = explain
    self.batchRecords = max(1, batchRecords)
    self.batchBytes = max(1, batchBytes)
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
    /// The batch's output lines.
    ///
    /// Sized for a typical batch (64 records of about 7 KB each), so that it seldom grows.
    var output = JSONBuffer(capacity: 1 << 20)
    /// The batch's files, in a per-record format (brat): one entry per record.
    var files: [ExportFiles] = []
    var messages: [String] = []
    var failures = 0
    var bytes = 0
    init(sequence: Int, records: [InputRecord]) {
      self.sequence = sequence
      self.records = records
    }
  }

  /// Runs every record of `reader`.
  ///
  /// `write` receives output bytes in input order (a batch's lines at a time, valid during the
  /// call: they are not copied) — or, in a per-record format (brat), `writeFiles` each record's
  /// files —, `report` the message of each failed record (in order), `progress`
  /// the running summary after each batch. Reading stops when `shouldStop` returns true (Ctrl-C):
  /// what was read is still finished and written, in order.
  public func run(
    reader: ArticleReader, write: (UnsafeBufferPointer<UInt8>) throws -> Void,
    writeFiles: (ExportFiles) throws -> Void = { _ in }, report: (String) -> Void,
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
      for files in batch.files { try writeFiles(files) }
      for message in batch.messages { report(message) }
      summary.records += batch.records.count
      summary.failures += batch.failures
      summary.bytes += batch.bytes
      progress?(summary)
    }

    if jobs == 1 {
      let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
      extractor.explain = explain
      extractor.names = names
      while let batch = readBatch() {
        process(batch, extractor)
        try finish(batch)
      }
      return summary
    }

    let queue = WorkQueue()
    let workers = DispatchGroup()
    var started = 0
    // However the run ends, a `write` that throws included: no worker is left waiting for
    // batches or outlives the run.
    defer {
      queue.close()
      workers.wait()
    }
    func startWorker() {
      workers.enter()
      let thread = Thread { [gazetteer, rules, names, explain] in
        defer { workers.leave() }
        do {
          let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
          extractor.explain = explain
          extractor.names = names
          while let batch = queue.take() {
            self.process(batch, extractor)
            queue.give(batch)
          }
        } catch {
          queue.fail(error)
        }
      }
      thread.stackSize = 8 << 20
      thread.start()
      started += 1
    }

    let limit = 2 * jobs
    var nextToWrite = 0
    var submitted = 0
    var exhausted = false
    while !exhausted || nextToWrite < submitted {
      // Write every finished batch that is next in order.
      let (ready, failure) = queue.finished(
        from: nextToWrite, waiting: exhausted || submitted - nextToWrite >= limit)
      if let failure { throw failure }
      for batch in ready {
        try finish(batch)
        nextToWrite += 1
      }
      if !exhausted && submitted - nextToWrite < limit {
        if let batch = readBatch() {
          queue.submit(batch)
          submitted += 1
          if started < jobs { startWorker() }
        } else {
          exhausted = true
        }
      }
    }
    return summary
  }

  /// The batches between the calling thread and the workers, under one lock.
  final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    /// Read, not yet taken by a worker.
    private var pending: [Batch] = []
    /// Processed, not yet written: by sequence number.
    private var done: [Int: Batch] = [:]
    private var closed = false
    private var workerError: Error?

    /// Hands a batch to the workers.
    func submit(_ batch: Batch) {
      condition.lock()
      pending.append(batch)
      condition.signal()
      condition.unlock()
    }

    /// The next batch to process, waiting for one; nil once the queue is closed.
    func take() -> Batch? {
      condition.lock()
      defer { condition.unlock() }
      while pending.isEmpty && !closed { condition.wait() }
      return closed ? nil : pending.removeFirst()
    }

    /// A processed batch, back from a worker.
    func give(_ batch: Batch) {
      condition.lock()
      done[batch.sequence] = batch
      condition.broadcast()
      condition.unlock()
    }

    /// A worker could not start (its extractor failed).
    func fail(_ error: Error) {
      condition.lock()
      workerError = error
      condition.broadcast()
      condition.unlock()
    }

    /// The processed batches that follow in order from sequence `next`, and a worker's error.
    ///
    /// When there is neither and `waiting` is true, waits until a worker hands something back
    /// and returns nothing, for the caller to look again.
    func finished(from next: Int, waiting: Bool) -> (ready: [Batch], failure: Error?) {
      condition.lock()
      defer { condition.unlock() }
      var ready: [Batch] = []
      while let batch = done.removeValue(forKey: next + ready.count) { ready.append(batch) }
      if ready.isEmpty && workerError == nil && waiting {
        condition.wait()
        return ([], nil)
      }
      return (ready, workerError)
    }

    /// Stops the workers: batches not yet taken are dropped, and `take` returns nil.
    func close() {
      condition.lock()
      closed = true
      pending.removeAll()
      condition.broadcast()
      condition.unlock()
    }
  }

  func process(_ batch: Batch, _ extractor: Extractor) {
    for (index, record) in batch.records.enumerated() {
      // Between two records of a list (label-studio): the run's first record has none before it.
      if !format.separator.isEmpty && (batch.sequence > 0 || index > 0) {
        batch.output.appendUTF8(format.separator)
      }
      switch record {
      case .article(let article):
        batch.bytes += article.text.utf8.count
        batch.messages += article.warnings.map { "warning: \($0)" }
        let extraction = extractor.extract(article.text)
        if format == .brat {
          batch.files.append(BratExport.files(id: article.id, text: article.text, extraction))
        } else {
          ExportFormat.write(
            format, article: article, extraction, explain: explain, into: &batch.output)
        }
      case .failure(let id, let message):
        batch.failures += 1
        batch.messages.append(message)
        if format == .brat {
          batch.files.append(BratExport.errorFiles(id: id, message: message))
        } else {
          ExportFormat.writeError(format, id: id, message: message, into: &batch.output)
        }
      }
    }
  }
}
