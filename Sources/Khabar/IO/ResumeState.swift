import Foundation

/// What an interrupted `khabar extract -o FILE` already wrote, so that `--resume` continues it.
public enum ResumeState {
  /// Reads the output file, cuts a partial last line (a run killed mid-write), and returns the
  /// hashes of the ids it holds.
  ///
  /// A missing file is an empty state.
  public static func prepare(outputPath: String) throws -> (ids: Set<Int>, records: Int) {
    guard FileManager.default.fileExists(atPath: outputPath) else { return ([], 0) }
    let fd = open(outputPath, O_RDWR)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    let size = Int(info.st_size)
    let reader = LineReader(fd: fd, ownsDescriptor: false)
    var ids = Set<Int>()
    var records = 0
    var keep = 0  // bytes of whole, valid lines
    while let line = try reader.next() {
      let end = reader.lineOffset + line.count
      // A complete line ends with "\n" in the file; the last one may not.
      let complete = size > end
      guard complete, let value = try? line.withUnsafeBufferPointer({ try JSONParser.parse($0) }),
        let id = value["id"]?.stringValue
      else { break }
      ids.insert(id.hashValue)
      records += 1
      keep = end + 1
    }
    if ftruncate(fd, off_t(keep)) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return (ids, records)
  }
}
