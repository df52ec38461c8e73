import Foundation

/// The lines of a data file's UTF-8 bytes, found with `memchr`.
///
/// The lines are those of `text.split(omittingEmptySubsequences: false, whereSeparator:
/// { $0 == "\n" || $0 == "\r\n" })`, which the data loaders used before and whose line numbers
/// their messages quote: a line ends at LF, and a CR right before that LF goes with it (CR LF
/// is one `Character`). A lone CR stays in its line. Splitting bytes gives the same lines
/// because LF is a grapheme break on both sides: no `Character` spans it.
struct TextLines: Sequence, IteratorProtocol {
  private let bytes: UnsafeBufferPointer<UInt8>
  /// Byte offset (0-based) of the next line's start; past the end when every line was given.
  private var position = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The next line's bytes, without its LF or CR LF: byte offsets (0-based) into the text.
  mutating func next() -> Range<Int>? {
    guard position <= bytes.count else { return nil }
    let start = position
    guard let base = bytes.baseAddress, start < bytes.count,
      let found = memchr(base + start, 0x0A, bytes.count - start)
    else {
      // The last line (empty when the text ends with LF, as split gives it).
      position = bytes.count + 1
      return start..<bytes.count
    }
    let newline = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    position = newline + 1
    let end = newline > start && bytes[newline - 1] == 0x0D ? newline - 1 : newline
    return start..<end
  }
}
