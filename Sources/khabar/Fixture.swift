import ArgumentParser
import Foundation
import Khabar

/// `khabar fixture …`: gold fixtures, corrected articles kept as tests.
struct Fixture: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Manage gold fixtures: articles annotated by hand that `khabar test` scores.",
    subcommands: [Add.self]
  )

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add (or replace) a gold fixture from a Label Studio export or a brat annotation.",
      discussion: """
        Writes DIR/NAME.txt (the article) and DIR/NAME.gold.json (its entities, spans and \
        relations, one per line, sorted), DIR being Fixtures/gold of the checkout unless --into \
        names another. A fixture that exists is replaced; its threshold and note are kept.

        --from takes
          - a Label Studio JSON export (FILE.json): the latest annotation of a task that was not \
        cancelled; tasks nobody annotated are passed over, and when several tasks are annotated \
        --task ID (the task's data.id or its Label Studio id) chooses one; --task data.id=ID or \
        --task id=ID when ID is one task's data.id and another's id. Offsets are code \
        points, as Label Studio counts them; an older export's UTF-16 offsets are recognized \
        by value.text and converted.
          - a brat annotation (FILE.ann, with FILE.txt beside it; or FILE.txt with FILE.ann \
        beside it; FILE.ANN with FILE.TXT): T lines are entities, R lines relations (Arg1 the \
        subject), offsets Unicode scalars; discontinuous spans are refused; #, A, M, N and E \
        lines are skipped with a note. --task is refused.

        Labels and predicates must be Khabar's, and each span's text must be its slice of the \
        article. Every problem is reported with its place (file:line:column for brat, the task \
        and result for Label Studio) and nothing is written; exit status 2, as for a NAME that \
        is no file name or an --into that is no folder. Exit status 3 when the files cannot be \
        written (a permission, a full disk).

        Examples:
          khabar fixture add visit --from Fixtures/gold/src/visit.ann
          khabar fixture add summit --from export.json --task 000_e13e31a73540851b
        """
    )

    @Argument(help: "The fixture's name: its files are NAME.txt and NAME.gold.json.")
    var name: String

    @Option(
      help: ArgumentHelp("A Label Studio export (.json) or a brat .ann/.txt.", valueName: "file"))
    var from: String

    @Option(help: "With a Label Studio export of several annotated tasks: the one to take.")
    var task: String?

    @Option(
      help: ArgumentHelp("The gold fixture folder (default: Fixtures/gold).", valueName: "dir"))
    var into: String?

    mutating func run() throws {
      // Problems with the arguments are the import's: exit status 2, nothing written.
      if name.isEmpty || name.hasPrefix(".") || name.contains("/") {
        CommandSupport.fail(
          "the name '\(name)' must be a file name: not empty, no '/', no leading '.'; no fixture was written"
        )
      }
      let folder =
        into
        ?? ((DataLocator.locate("Fixtures", override: nil).found ?? "Fixtures") as NSString)
        .appendingPathComponent("gold")
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue
      {
        CommandSupport.fail("\(folder): not a folder (--into); no fixture was written")
      }
      let imported: GoldFixture.Imported
      do {
        imported = try Add.read(from, name: name, task: task)
      } catch {
        for problem in error.problems { CommandSupport.warn(problem, prefix: false) }
        CommandSupport.fail(
          "\(from): \(Wording.count(error.problems.count, "problem")); no fixture was written")
      }
      for note in imported.notes { CommandSupport.warn(note, prefix: false) }
      var fixture = imported.fixture
      let replacing = try? GoldFixture.load(name, in: folder)
      if let replacing {
        fixture.threshold = replacing.threshold
        fixture.note = replacing.note
      }
      do {
        try fixture.write(into: folder)
      } catch {
        CommandSupport.fail(
          "\(folder): cannot write the fixture: \(error.localizedDescription)",
          status: ExitStatus.outputFailed)
      }
      let base = (folder as NSString).appendingPathComponent(name)
      print(
        "\(replacing == nil ? "added" : "replaced") \(base).txt and \(base)\(GoldFixture.suffix): "
          + "\(Wording.count(fixture.entities.count, "entity", "entities")), "
          + "\(Wording.count(fixture.relations.count, "relation"))")
    }

    /// The fixture that `path` describes, read as a Label Studio export or a brat annotation by
    /// its extension (or, for another one, by its first character: `[` or `{` is JSON).
    static func read(_ path: String, name: String, task: String?) throws(GoldFixtureError)
      -> GoldFixture.Imported
    {
      let ext = (path as NSString).pathExtension
      let base = (path as NSString).deletingPathExtension
      switch ext.lowercased() {
      case "ann", "txt":
        guard task == nil else {
          throw GoldFixtureError([
            "\(path): --task chooses a task of a Label Studio export; a brat annotation is one article"
          ])
        }
        // The other file of the pair, its extension in the case of the one given (x.ANN, x.TXT)
        // when that exists, else in the other case.
        func sibling(_ lower: String) -> String {
          let matching = ext == ext.uppercased() ? lower.uppercased() : lower
          return [matching, lower, lower.uppercased()].map { base + "." + $0 }.first {
            FileManager.default.fileExists(atPath: $0)
          } ?? base + "." + matching
        }
        let annPath = ext.lowercased() == "ann" ? path : sibling("ann")
        let txtPath = ext.lowercased() == "txt" ? path : sibling("txt")
        return try GoldFixture.fromBrat(
          ann: GoldFixture.readText(annPath, what: "the brat annotation"),
          text: GoldFixture.readText(txtPath, what: "the article"), file: annPath, id: name)
      default:
        let text = try GoldFixture.readText(path)
        let first = text.unicodeScalars.first { !$0.properties.isWhitespace }
        if ext.lowercased() != "json" && first != "[" && first != "{" {
          throw GoldFixtureError([
            "\(path): neither a Label Studio export (.json) nor a brat annotation (.ann)"
          ])
        }
        return try GoldFixture.fromLabelStudio(json: text, file: path, id: name, task: task)
      }
    }
  }
}
