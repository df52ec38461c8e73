import Foundation
import Testing

@testable import Khabar

/// The library's folders depend on each other one way only, in the order DESIGN.md gives:
/// a file may name the types of its own folder and of the folders before it, never of a later
/// one.
@Suite struct DependencyDirectionTests {
  /// The folders of `Sources/Khabar`, each after everything it uses (DESIGN.md, "Dependency
  /// direction").
  static let order = [
    "JSON", "Support", "Vocabulary", "Text", "Matching", "IO", "Gazetteer", "Rules", "Relations",
    "Names", "Pipeline", "Output", "Export", "Batch", "Evaluation", "Training",
  ]

  static let sources = TestPaths.root.appendingPathComponent("Sources/Khabar").path

  /// The Swift files of one folder, by name, with comments and string literals blanked out.
  static func code(in folder: String) throws -> [(name: String, code: String)] {
    let path = "\(sources)/\(folder)"
    return try FileManager.default.contentsOfDirectory(atPath: path).filter {
      $0.hasSuffix(".swift")
    }.sorted().map { name in
      let text = try String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)
      return (name, stripped(text))
    }
  }

  /// `text` without `//` comments and without the contents of one-line string literals: a
  /// type named in a comment or a message is no dependency.
  static func stripped(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      var out = ""
      var inString = false
      var previous: Character = " "
      for c in line {
        if !inString && c == "/" && previous == "/" {
          out.removeLast()
          break
        }
        if c == "\"" && previous != "\\" { inString.toggle() }
        out.append(inString ? " " : c)
        previous = c
      }
      return out
    }.joined(separator: "\n")
  }

  /// The names of the types a file declares at its top level.
  static func declaredTypes(_ code: String) -> [String] {
    let pattern =
      #/(?m)^(?:public |internal |package )?(?:final )?(?:struct|enum|class|protocol|typealias) +([A-Za-z_][A-Za-z0-9_]*)/#
    return code.matches(of: pattern).map { String($0.output.1) }
  }

  /// The capitalized identifiers a file names.
  static func names(_ code: String) -> Set<String> {
    // Simple word boundaries: the default (Unicode) ones do not break `RuleSet.Phase` at the dot.
    Set(
      code.matches(of: #/\b[A-Z][A-Za-z0-9_]*\b/#.wordBoundaryKind(.simple)).map {
        String($0.output)
      })
  }

  @Test func everyFolderIsInTheOrder() throws {
    let folders = try FileManager.default.contentsOfDirectory(
      atPath: DependencyDirectionTests.sources
    )
    .filter { !$0.hasPrefix(".") }.sorted()
    #expect(folders == DependencyDirectionTests.order.sorted())
  }

  @Test func foldersUseOnlyTheFoldersBeforeThem() throws {
    let order = DependencyDirectionTests.order
    var home: [String: Int] = [:]
    for (rank, folder) in order.enumerated() {
      for file in try DependencyDirectionTests.code(in: folder) {
        for type in DependencyDirectionTests.declaredTypes(file.code) { home[type] = rank }
      }
    }
    // The check sees types: a run that finds none checks nothing.
    #expect(home.count > 50)
    var backward: [String] = []
    for (rank, folder) in order.enumerated() {
      for file in try DependencyDirectionTests.code(in: folder) {
        for name in DependencyDirectionTests.names(file.code).sorted() {
          if let other = home[name], other > rank {
            backward.append("\(folder)/\(file.name) uses \(name) of \(order[other])")
          }
        }
      }
    }
    #expect(backward == [], "\(backward.joined(separator: "\n"))")
  }
}
