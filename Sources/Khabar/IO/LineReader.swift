import Foundation

/// Reads a file descriptor line by line in fixed-size chunks, so memory stays bounded by the
/// longest line, not the file.
final class LineReader {
  private let fd: Int32
  private let ownsDescriptor: Bool
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEOF = false
  private let chunkSize: Int
  /// The 1-based number of the line most recently returned.
  private(set) var lineNumber = 0
  /// Byte offset in the stream of the line most recently returned.
  private(set) var lineOffset = 0
  private var consumed = 0
  /// Lines longer than this many bytes are not kept in memory: `next()` returns them empty and
  /// sets `overlongBytes` to their length.
  let maximumLineBytes: Int
  /// The length in bytes of the line just returned, when it was over `maximumLineBytes`.
  private(set) var overlongBytes: Int?
  /// The descriptor is standard input (for messages).
  var isStandardInput = false

  init(fd: Int32, ownsDescriptor: Bool, chunkSize: Int = 1 << 20, maximumLineBytes: Int = .max) {
    self.fd = fd
    self.ownsDescriptor = ownsDescriptor
    self.chunkSize = chunkSize
    self.maximumLineBytes = maximumLineBytes
  }

  deinit { if ownsDescriptor { close(fd) } }

  /// The next line without its "\n" (and without a "\r" before it), or nil at the end.
  ///
  /// Throws when reading fails.
  func next() throws -> ArraySlice<UInt8>? {
    overlongBytes = nil
    var skipped = 0
    while true {
      // A line past the limit is counted and dropped as it streams by, never held whole.
      if buffer.count - start > maximumLineBytes && newlineIndex() == nil {
        skipped += buffer.count - start
        buffer.removeAll(keepingCapacity: true)
        start = 0
        if atEOF {
          lineOffset = consumed
          consumed += skipped
          lineNumber += 1
          overlongBytes = skipped
          return buffer[0..<0]
        }
        try fill()
        continue
      }
      if skipped > 0, let newline = newlineIndex() {
        lineOffset = consumed
        consumed += skipped + newline + 1 - start
        overlongBytes = skipped + newline - start
        start = newline + 1
        lineNumber += 1
        return buffer[start..<start]
      }
      if let newline = newlineIndex() {
        var end = newline
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let line = buffer[start..<end]
        lineOffset = consumed
        consumed += newline + 1 - start
        start = newline + 1
        lineNumber += 1
        return line
      }
      if atEOF {
        if skipped > 0 {
          // An overlong last line without a newline is still a line.
          lineOffset = consumed
          consumed += skipped + buffer.count - start
          overlongBytes = skipped + buffer.count - start
          start = buffer.count
          lineNumber += 1
          return buffer[start..<start]
        }
        guard start < buffer.count else { return nil }
        var end = buffer.count
        if buffer[end - 1] == 0x0D { end -= 1 }
        let line = buffer[start..<end]
        lineOffset = consumed
        consumed += buffer.count - start
        start = buffer.count
        lineNumber += 1
        return line
      }
      try fill()
    }
  }

  /// The index in `buffer` of the first "\n" at or after `start`, if any.
  ///
  /// `memchr` scans many bytes a step; a `firstIndex(of:)` loop over the array slice costed
  /// about 8 instructions a byte, the whole corpus passing through it once.
  private func newlineIndex() -> Int? {
    buffer.withUnsafeBufferPointer { bytes in
      guard start < bytes.count, let base = bytes.baseAddress,
        let found = memchr(base + start, 0x0A, bytes.count - start)
      else { return nil }
      return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
  }

  private func fill() throws {
    if start > 0 {
      buffer.removeFirst(start)
      start = 0
    }
    let old = buffer.count
    buffer.reserveCapacity(old + chunkSize)
    buffer.append(contentsOf: repeatElement(0, count: chunkSize))
    var n: Int
    repeat {
      n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress.map { $0 + old }, chunkSize) }
    } while n < 0 && errno == EINTR
    if n < 0 {
      buffer.removeLast(chunkSize)
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    buffer.removeLast(chunkSize - n)
    if n == 0 { atEOF = true }
  }
}
