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

  init(fd: Int32, ownsDescriptor: Bool, chunkSize: Int = 1 << 20) {
    self.fd = fd
    self.ownsDescriptor = ownsDescriptor
    self.chunkSize = chunkSize
  }

  deinit { if ownsDescriptor { close(fd) } }

  /// The next line without its "\n" (and without a "\r" before it), or nil at the end.
  /// Throws when reading fails.
  func next() throws -> ArraySlice<UInt8>? {
    while true {
      if let newline = buffer[start...].firstIndex(of: 0x0A) {
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
      n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunkSize) }
    } while n < 0 && errno == EINTR
    if n < 0 {
      buffer.removeLast(chunkSize)
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    buffer.removeLast(chunkSize - n)
    if n == 0 { atEOF = true }
  }
}
