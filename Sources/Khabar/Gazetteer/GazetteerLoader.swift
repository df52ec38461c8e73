import Foundation

/// Loads every gazetteer file of a folder: its `*.tsv` files, in name order (subfolders such as
/// `curation/` hold generator inputs and are not read).
public enum GazetteerLoader {
  /// Loads and compiles the gazetteers in `directory`.
  ///
  /// Every problem of every file is reported together; nothing is returned when any is an error.
  public static func load(directory: String) throws(DataFileError) -> Gazetteer {
    let entries = try loadEntries(directory: directory)
    return try Gazetteer(entries: entries)
  }

  /// The entries of every file in `directory`, or every problem found in them.
  public static func loadEntries(directory: String) throws(DataFileError) -> [GazetteerEntry] {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw DataFileError([
        Diagnostic(file: directory, line: 1, column: 1, message: "no such folder")
      ])
    }
    let names: [String]
    do {
      names = try fm.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tsv") }.sorted()
    } catch {
      throw DataFileError([
        Diagnostic(
          file: directory, line: 1, column: 1,
          message: "cannot list the folder: \(error.localizedDescription)")
      ])
    }
    if names.isEmpty {
      throw DataFileError([
        Diagnostic(
          file: directory, line: 1, column: 1, message: "no gazetteer files (*.tsv) in this folder")
      ])
    }
    var diagnostics: [Diagnostic] = []
    var entries: [GazetteerEntry] = []
    for name in names {
      let path = (directory as NSString).appendingPathComponent(name)
      let source = (name as NSString).deletingPathExtension
      guard let data = fm.contents(atPath: path) else {
        diagnostics.append(
          Diagnostic(file: path, line: 1, column: 1, message: "cannot read the file"))
        continue
      }
      // Each line with invalid UTF-8 is one error; the other lines are still checked, so that
      // every problem of the file shows in one pass.
      let (text, invalidLines) = DataFileText.decode(
        [UInt8](data), file: path, diagnostics: &diagnostics)
      var found: [Diagnostic] = []
      entries += GazetteerFile.parse(text, file: path, source: source, diagnostics: &found)
      diagnostics += found.filter { !invalidLines.contains($0.line) }
    }
    if diagnostics.contains(where: { $0.severity == .error }) { throw DataFileError(diagnostics) }
    return entries
  }
}
