import Foundation

/// Where `khabar extract` writes its JSONL: standard output, or the file named by `-o`.
///
/// - A regular file, or a path that does not exist yet, is replaced atomically before the
///   first record: an empty file is made in the same folder and renamed over the path, then
///   written in place (so a killed run leaves the records written so far, which `--resume`
///   continues). A symbolic link is followed: its target is replaced and the link stays a link.
///   The replaced file keeps its permissions; a new one gets 0666 less the umask.
/// - Anything else that exists (a device such as /dev/null, a FIFO, a terminal) is written
///   through: opened as it is, never replaced.
/// - `append` (for `--resume`) opens a regular file at its end instead of replacing it.
///
/// Every failure (to open, to write, to close) is thrown with the path and the system's reason.
/// The library never prints: the caller words the message and chooses the exit status.
public final class OutputFile {
  /// Why the output cannot be opened or written.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    /// The output as the user named it, or "standard output".
    public var name: String
    /// What went wrong, worded: "cannot write: No space left on device".
    public var reason: String
    /// The `errno` value behind it, 0 when there is none.
    public var code: Int32

    /// A reader downstream closed the pipe (`khabar extract … | head -1`): not an error to report.
    public var isBrokenPipe: Bool { code == EPIPE }

    public var description: String { "\(name): \(reason)" }

    init(_ name: String, _ what: String, code: Int32) {
      self.name = name
      self.reason = "\(what): \(String(cString: strerror(code)))"
      self.code = code
    }

    public init(_ name: String, reason: String, code: Int32) {
      self.name = name
      self.reason = reason
      self.code = code
    }
  }

  /// The output as named ("standard output" for standard output).
  public let name: String
  private var fd: Int32
  private let ownsDescriptor: Bool

  /// Opens `path` for output (standard output for nil or "-"); `append` continues an existing
  /// regular file (`--resume`).
  public init(path: String?, append: Bool = false) throws(Failure) {
    guard let path, path != "-" else {
      name = "standard output"
      fd = STDOUT_FILENO
      ownsDescriptor = false
      return
    }
    name = path
    ownsDescriptor = true
    let target = try OutputFile.resolvingLinks(path)
    var info = stat()
    if stat(target, &info) == 0 {
      if info.st_mode & S_IFMT == S_IFDIR {
        throw Failure(path, reason: "cannot write: it is a folder", code: EISDIR)
      }
      if info.st_mode & S_IFMT != S_IFREG || append {
        // A device, FIFO or terminal is written through; a resumed file is continued.
        fd = open(target, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : 0))
        if fd < 0 { throw Failure(path, "cannot open", code: errno) }
        return
      }
      if access(target, W_OK) != 0 { throw Failure(path, "cannot write", code: errno) }
      fd = try OutputFile.replace(target, named: path, mode: mode_t(info.st_mode) & 0o7777)
    } else if errno == ENOENT {
      let mask = umask(0)
      umask(mask)
      fd = try OutputFile.replace(target, named: path, mode: 0o666 & ~mask)
    } else {
      throw Failure(path, "cannot open", code: errno)
    }
  }

  deinit { if ownsDescriptor && fd >= 0 { close(fd) } }

  /// Writes all of `bytes`, or throws with the system's reason (a full disk, a closed pipe).
  public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) {
    guard var next = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
      let n = Foundation.write(fd, next, left)
      if n < 0 {
        if errno == EINTR { continue }
        throw Failure(name, "cannot write", code: errno)
      }
      next += n
      left -= n
    }
  }

  /// Closes a file output; standard output stays open.
  ///
  /// Reports a failure that only shows then (a network file system writes on close).
  public func finish() throws(Failure) {
    guard ownsDescriptor, fd >= 0 else { return }
    let result = close(fd)
    fd = -1
    if result != 0 && errno != EINTR { throw Failure(name, "cannot write", code: errno) }
  }

  /// The input that is the same file as `output`, if any.
  ///
  /// Compared by device and inode, so a relative path, a symbolic link or a hard link to an
  /// input counts, and so do the files of an input folder and a regular file redirected to
  /// standard input. Only a regular file can be destroyed by writing over it; any other output
  /// is not checked.
  public static func input(sameAs output: String, in inputs: [ArticleReader.Input]) -> String? {
    var out = stat()
    guard stat(output, &out) == 0, out.st_mode & S_IFMT == S_IFREG else { return nil }
    for input in inputs {
      var info = stat()
      let name: String
      switch input {
      case .standardInput:
        guard fstat(STDIN_FILENO, &info) == 0 else { continue }
        name = "standard input"
      case .textFile(let path), .jsonlFile(let path):
        guard stat(path, &info) == 0 else { continue }
        name = path
      }
      if info.st_dev == out.st_dev && info.st_ino == out.st_ino { return name }
    }
    return nil
  }

  /// `path` with every symbolic link along the final component followed (the folders above are
  /// left as named: rename works through them).
  static func resolvingLinks(_ path: String) throws(Failure) -> String {
    var current = path
    for _ in 0..<40 {
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(current, &buffer, buffer.count - 1)
      if n < 0 { return current }  // not a link (or nothing there): this is the target
      let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        target.hasPrefix("/")
        ? target
        : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
          target)
    }
    throw Failure(path, "cannot open", code: ELOOP)
  }

  /// Replaces `target` with an empty file of permissions `mode` (made beside it and renamed
  /// over it) and returns it open for writing.
  private static func replace(_ target: String, named path: String, mode: mode_t) throws(Failure)
    -> Int32
  {
    let folder = (target as NSString).deletingLastPathComponent
    let base = (target as NSString).lastPathComponent
    var template = Array(
      ((folder.isEmpty ? "" : folder + "/") + ".\(base).khabar-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemp(base)
    }
    if fd < 0 {
      let code = errno
      if code == ENOENT {
        throw Failure(
          path,
          reason: "cannot write: the folder '\(folder.isEmpty ? "." : folder)' does not exist",
          code: code)
      }
      if code == ENOTDIR {
        throw Failure(path, reason: "cannot write: '\(folder)' is not a folder", code: code)
      }
      throw Failure(path, "cannot write in '\(folder.isEmpty ? "." : folder)'", code: code)
    }
    let temporary = String(
      decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if fchmod(fd, mode) != 0 || rename(temporary, target) != 0 {
      let code = errno
      close(fd)
      unlink(temporary)
      throw Failure(path, "cannot replace", code: code)
    }
    return fd
  }
}
