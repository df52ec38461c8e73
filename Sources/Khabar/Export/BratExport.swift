/// brat standoff: `ID.txt` (the article's text, byte for byte) and `ID.ann` per article.
///
/// ```
/// T2	PERSON 21 26	باقري
/// R1	met_with Arg1:T2 Arg2:T9
/// ```
///
/// Offsets are brat's: code points of the `.txt` as written, end exclusive. The `.txt` is the
/// article's text unchanged, so they are Khabar's offsets (Unicode scalars of the original
/// text); a `\r\n` counts 2, an emoji 1. An entity whose text runs over a line break is written
/// as brat's discontinuous span, one fragment per line (`T4\tDATE 10 15;16 20\tfirst second`,
/// the fragments' texts joined by a space), since a `.ann` line cannot hold a line break.
/// Entity and relation ids are Khabar's (`T1`, `R1`). A relation the text denies or plans
/// carries a note with its flags (`#1\tAnnotatorNotes R2\tnegated`), which brat shows with it.
public enum BratExport {
  /// The `.ann` text of one article.
  public static func annotations(text: String, _ extraction: Extraction) -> String {
    let scalars = Array(text.unicodeScalars)
    var out = ""
    for entity in extraction.entities {
      let fragments = lineFragments(entity.start..<entity.end, in: scalars)
      let offsets = fragments.map { "\($0.lowerBound) \($0.upperBound)" }.joined(separator: ";")
      let texts = fragments.map { scalars.string($0) }
      out += "\(entity.id)\t\(entity.label.rawValue) \(offsets)\t\(texts.joined(separator: " "))\n"
    }
    for relation in extraction.relations {
      out +=
        "\(relation.id)\t\(relation.predicate.rawValue) Arg1:\(relation.subject) Arg2:\(relation.object)\n"
    }
    // A denied or planned relation must not read as a fact: its flags as the relation's note.
    var note = 0
    for relation in extraction.relations where !relation.modality.isEmpty {
      note += 1
      out +=
        "#\(note)\tAnnotatorNotes \(relation.id)\t\(relation.modality.names.joined(separator: " "))\n"
    }
    return out
  }

  /// The files of one article: `.txt` and `.ann`.
  public static func files(id: String, text: String, _ extraction: Extraction) -> ExportFiles {
    ExportFiles(
      id: id, files: [(".txt", text), (".ann", annotations(text: text, extraction))],
      isError: false)
  }

  /// The file of a record that could not be processed: `.error`, holding the message.
  public static func errorFiles(id: String, message: String) -> ExportFiles {
    ExportFiles(id: id, files: [(".error", message + "\n")], isError: true)
  }

  /// The parts of `range` between line breaks (`\n`, `\r`, and the other Unicode line
  /// separators), each trimmed of the breaks; empty parts are left out.
  static func lineFragments(_ range: Range<Int>, in scalars: [Unicode.Scalar]) -> [Range<Int>] {
    var fragments: [Range<Int>] = []
    var start = range.lowerBound
    for i in range {
      if isLineBreak(scalars[i]) {
        if start < i { fragments.append(start..<i) }
        start = i + 1
      }
    }
    if start < range.upperBound { fragments.append(start..<range.upperBound) }
    return fragments.isEmpty ? [range] : fragments
  }

  static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
    default: return false
    }
  }

  /// A file name for record id `id` (without the suffix), safe in one folder.
  ///
  /// `/`, `\`, `%`, control characters and a leading `.` (which would make `..` or a hidden
  /// file) are written as `%XX` (their UTF-8 bytes in hexadecimal); everything else is kept,
  /// Arabic included. An empty id is `%`. So `a/b` is `a%2Fb`, and two different ids never get
  /// the same name. A name over 200 bytes is cut there and ends in `~` and the id's hash
  /// (FNV-1a, 16 hex digits), within the 255 bytes most file systems allow.
  public static func fileName(for id: String) -> String {
    if id.isEmpty { return "%" }
    var name = ""
    for (index, scalar) in id.unicodeScalars.enumerated() {
      let unsafe =
        scalar == "/" || scalar == "\\" || scalar == "%" || scalar.value < 0x20
        || (0x7F...0x9F).contains(scalar.value) || (index == 0 && scalar == ".")
      if unsafe {
        for byte in String(scalar).utf8 {
          name += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
      } else {
        name.unicodeScalars.append(scalar)
      }
    }
    guard name.utf8.count > 200 else { return name }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in id.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    var cut = ""
    for scalar in name.unicodeScalars {
      if cut.utf8.count + String(scalar).utf8.count > 200 { break }
      cut.unicodeScalars.append(scalar)
    }
    let digits = String(hash, radix: 16)
    return cut + "~" + String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// The `annotation.conf` that declares every label and predicate Khabar knows.
  ///
  /// Each relation lists the labels its subject (Arg1) and object (Arg2) may have; entities may
  /// overlap in any way (`<OVERLAP>`), since Khabar nests them (a NORP inside a TITLE).
  public static func annotationConfiguration() -> String {
    var out = "# Khabar \(Version.current): entity labels and relation predicates.\n"
    out += "[entities]\n"
    for label in EntityLabel.allCases { out += label.rawValue + "\n" }
    out += "\n[relations]\n"
    out += "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
    for predicate in Predicate.allCases {
      func labels(_ set: Set<EntityLabel>) -> String {
        set.sorted().map(\.rawValue).joined(separator: "|")
      }
      out +=
        "\(predicate.rawValue)\tArg1:\(labels(predicate.subjects)), Arg2:\(labels(predicate.objects))\n"
    }
    out += "\n[events]\n\n[attributes]\n"
    return out
  }
}
