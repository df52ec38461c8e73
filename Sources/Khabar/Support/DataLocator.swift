import Foundation

/// Finds Khabar's bundled data folders (Gazetteers/, Rules/, Models/).
///
/// In order: the folder given on the command line; `$KHABAR_GAZETTEERS` / `$KHABAR_RULES` /
/// `$KHABAR_MODELS`;
/// `$KHABAR_HOME/NAME`; beside the executable (`BIN/NAME`, `BIN/../share/khabar/NAME`); the source
/// checkout the binary was built from (which makes `swift run` and `swift test` work from a
/// fresh clone with no flags), unless `$KHABAR_NO_SOURCE_CHECKOUT` is set: then an installed
/// binary is tested as it will be used, without the checkout that built it.
public enum DataLocator {
  /// Where a data folder was looked for, in order, with the one found (if any).
  public struct Result: Sendable {
    public var found: String?
    public var searched: [String]
  }

  /// Looks for data folder `name` ("Gazetteers", "Rules" or "Models").
  public static func locate(
    _ name: String, override: String?,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executablePath: String? = DataLocator.executablePath
  ) -> Result {
    if let override { return Result(found: override, searched: [override]) }
    var candidates: [String] = []
    if let direct = environment["KHABAR_\(name.uppercased())"] { candidates.append(direct) }
    if let home = environment["KHABAR_HOME"] {
      candidates.append((home as NSString).appendingPathComponent(name))
    }
    if let executablePath {
      let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()
      candidates.append(resolved.appendingPathComponent(name).path)
      candidates.append(
        resolved.appendingPathComponent("../share/khabar/\(name)").standardized.path)
    }
    if environment["KHABAR_NO_SOURCE_CHECKOUT"] == nil {
      candidates.append(sourceRoot.appendingPathComponent(name).path)
    }
    let fm = FileManager.default
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if fm.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
        return Result(found: candidate, searched: candidates)
      }
    }
    return Result(found: nil, searched: candidates)
  }

  /// The running executable's path: `/proc/self/exe` on Linux, since `argv[0]` is only the
  /// name typed when the binary was found through `$PATH` (`khabar`, not `/usr/local/bin/khabar`).
  public static var executablePath: String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    return CommandLine.arguments.first
  }

  /// The root of the source checkout this library was compiled from.
  public static var sourceRoot: URL {
    URL(fileURLWithPath: #filePath)  // Sources/Khabar/Support/DataLocator.swift
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }
}
