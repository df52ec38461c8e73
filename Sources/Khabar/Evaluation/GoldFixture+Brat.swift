import Foundation

extension GoldFixture {
  /// What an import made, with the notes a person should read (lines skipped, tasks passed over).
  public struct Imported: Sendable {
    public var fixture: GoldFixture
    public var notes: [String]
  }

  /// The fixture a brat standoff annotation describes: `ann`, the `.ann` file's text (named
  /// `file` in messages), over `text`, its `.txt` file's text.
  ///
  /// - `T` lines (`T1\tPERSON 14 20\tباقري`) are entities; offsets are brat's: Unicode scalars
  ///   (code points) of the `.txt`, 0-based, end exclusive. A discontinuous span (`0 5;7 9`) is
  ///   refused: Khabar's entities are contiguous.
  /// - `R` lines (`R1\tmet_with Arg1:T2 Arg2:T5`) are relations, Arg1 the subject.
  /// - A note on a relation that holds only `negated` and `planned` (`#1\tAnnotatorNotes R2\t
  ///   negated`, as `khabar extract --format brat` writes a denied or planned relation) sets
  ///   those flags. Other `#` (notes), `A`/`M` (attributes), `N` (normalizations) and `E`
  ///   (events) lines are skipped with a note.
  ///
  /// Labels and predicates must be Khabar's, every span's text must be its slice of `text`, and
  /// each problem is reported as `file:line:column: error: …` (1-based, columns in Unicode
  /// scalars of the `.ann` line), all at once.
  public static func fromBrat(
    ann: String, text: String, file: String, id: String
  ) throws(GoldFixtureError) -> Imported {
    let scalars = Array(text.unicodeScalars)
    var problems: [Diagnostic] = []
    var notes: [String] = []
    var entities: [String: Entity] = [:]
    var relationLines: [(line: Int, fields: [Substring], columns: [Int])] = []
    var seen: Set<String> = []
    // Relation flags from notes (`#1\tAnnotatorNotes R2\tnegated`), by relation id.
    var flagNotes: [String: (line: Int, flags: Set<String>)] = [:]
    func problem(_ line: Int, _ column: Int, _ message: String) {
      problems.append(Diagnostic(file: file, line: line, column: column, message: message))
    }
    // "\r\n" is one Character: a file with CRLF line ends splits on it as on "\n".
    let lines = ann.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for (index, raw) in lines.enumerated() {
      let number = index + 1
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
      if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      // The 1-based scalar column where each field starts.
      var columns: [Int] = []
      var column = 1
      for field in fields {
        columns.append(column)
        column += field.unicodeScalars.count + 1
      }
      let id = String(fields[0])
      switch line.first {
      case "T":
        guard fields.count == 3 else {
          problem(
            number, 1, "expected 'ID<TAB>LABEL START END<TAB>TEXT', found \(fields.count) fields")
          continue
        }
        if !seen.insert(id).inserted { problem(number, 1, "'\(id)' is defined twice") }
        let middle = fields[1]
        if middle.contains(";") {
          let spans = middle.split(separator: " ", maxSplits: 1).last ?? middle
          problem(
            number, columns[1] + (middle.unicodeScalars.count - spans.unicodeScalars.count),
            "discontinuous span '\(spans)': Khabar's entities are contiguous; split it into separate entities"
          )
          continue
        }
        let parts = middle.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
          problem(number, columns[1], "expected 'LABEL START END', found '\(middle)'")
          continue
        }
        guard let label = EntityLabel(rawValue: String(parts[0])) else {
          problem(
            number, columns[1], "unknown label '\(parts[0])' (Khabar's labels: \(labelNames))")
          continue
        }
        let startColumn = columns[1] + parts[0].unicodeScalars.count + 1
        let endColumn = startColumn + parts[1].unicodeScalars.count + 1
        guard let start = Int(parts[1]), start >= 0 else {
          problem(number, startColumn, "start '\(parts[1])' is not an offset")
          continue
        }
        guard let end = Int(parts[2]), end > start, end <= scalars.count else {
          problem(
            number, endColumn,
            "end '\(parts[2])' is not an offset after \(start) inside the text (\(scalars.count) code points)"
          )
          continue
        }
        let slice = scalars.string(start..<end)
        if slice != String(fields[2]) {
          problem(
            number, columns[2],
            "text '\(fields[2])' is not the text's [\(start), \(end)): '\(slice)'")
          continue
        }
        entities[id] = Entity(start: start, end: end, label: label, text: slice)
      case "R":
        guard fields.count >= 2 else {
          problem(number, 1, "expected 'ID<TAB>PREDICATE Arg1:T1 Arg2:T2'")
          continue
        }
        if !seen.insert(id).inserted { problem(number, 1, "'\(id)' is defined twice") }
        relationLines.append((number, fields, columns))
      case "#"
      where fields.count == 3 && fields[1].hasPrefix("AnnotatorNotes R")
        && !fields[2].isEmpty
        && fields[2].split(separator: " ").allSatisfy({ flagNames.contains(String($0)) }):
        // A denied or planned relation, as `khabar extract --format brat` marks it.
        let target = String(fields[1].dropFirst("AnnotatorNotes ".count))
        flagNotes[target] = (number, Set(fields[2].split(separator: " ").map(String.init)))
      case "#", "A", "M", "N", "E", "*":
        let kind: String
        switch line.first {
        case "#": kind = "note"
        case "A", "M": kind = "attribute"
        case "N": kind = "normalization"
        case "E": kind = "event"
        default: kind = "equivalence"
        }
        notes.append(
          "\(file):\(number): skipped \(id) (a brat \(kind): gold fixtures hold entities and relations)"
        )
      default:
        problem(
          number, 1,
          "unknown annotation line '\(id)' (brat lines start with T, R, E, A, M, N, # or *)")
      }
    }
    var relations: [Relation] = []
    for (number, fields, columns) in relationLines {
      let parts = fields[1].split(separator: " ", omittingEmptySubsequences: false)
      guard parts.count == 3 else {
        problem(number, columns[1], "expected 'PREDICATE Arg1:T1 Arg2:T2', found '\(fields[1])'")
        continue
      }
      guard let predicate = Predicate(rawValue: String(parts[0])) else {
        problem(
          number, columns[1],
          "unknown predicate '\(parts[0])' (Khabar's predicates: \(predicateNames))")
        continue
      }
      var arguments: [Entity] = []
      var column = columns[1] + parts[0].unicodeScalars.count + 1
      for (role, part) in zip(["Arg1", "Arg2"], parts.dropFirst()) {
        let pieces = part.split(separator: ":", maxSplits: 1)
        if pieces.count != 2 || pieces[0] != role {
          problem(number, column, "expected '\(role):ID', found '\(part)'")
        } else if let entity = entities[String(pieces[1])] {
          let allowed = role == "Arg1" ? predicate.subjects : predicate.objects
          if allowed.contains(entity.label) {
            arguments.append(entity)
          } else {
            problem(
              number, column,
              "\(predicate.rawValue) takes no \(entity.label.rawValue) as \(role) (\(GoldFixture.names(allowed)))"
            )
          }
        } else {
          problem(number, column, "'\(pieces[1])' is no entity (T line) of the file")
        }
        column += part.unicodeScalars.count + 1
      }
      if arguments.count == 2 {
        let flags = flagNotes.removeValue(forKey: String(fields[0]))?.flags ?? []
        relations.append(
          Relation(
            subject: arguments[0], predicate: predicate, object: arguments[1],
            negated: flags.contains("negated"), planned: flags.contains("planned")))
      }
    }
    for (target, note) in flagNotes where !relationLines.contains(where: { $0.fields[0] == target })
    {
      problem(note.line, 1, "the note's relation '\(target)' is no R line of the file")
    }
    guard problems.isEmpty else {
      throw GoldFixtureError(
        problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.map(\.description))
    }
    return Imported(
      fixture: GoldFixture(
        id: id, text: text, entities: Array(entities.values), relations: relations, origin: "brat"),
      notes: notes)
  }
}
