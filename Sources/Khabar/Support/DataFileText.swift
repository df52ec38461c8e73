/// The text of a data file (rules, word lists, gazetteers), checked for bytes a data file may
/// not hold, each reported at its place.
enum DataFileText {
  /// Decodes `bytes` as UTF-8, reporting each line that is not.
  ///
  /// Each line holding invalid UTF-8 gets one error at its first bad byte (`file:line:column`,
  /// column in Unicode scalars, 1-based), and the text comes back decoded with U+FFFD for the
  /// bad bytes, so that the rest of the file is still read: what it defines (a word list,
  /// rules) stays defined, and its uses elsewhere do not each fail as a follow-on error. The
  /// caller refuses the data as a whole.
  ///
  /// Returns the text and the 1-based numbers of the lines that held invalid UTF-8 (a parser's
  /// own complaints about those lines would repeat the same problem).
  static func decode(_ bytes: [UInt8], file: String, diagnostics: inout [Diagnostic]) -> (
    text: String, invalidLines: Set<Int>
  ) {
    if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
    var invalidLines: Set<Int> = []
    bytes.withUnsafeBufferPointer { buffer in
      var lineNumber = 0
      var lines = TextLines(buffer)
      while let range = lines.next() {
        lineNumber += 1
        let line = Array(buffer[range])
        guard String(validating: line, as: UTF8.self) == nil else { continue }
        let offset = JSONParser.invalidUTF8Offset(line)
        // Scalars before the bad byte (continuation bytes, 10xxxxxx, start none).
        let column = line[..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        invalidLines.insert(lineNumber)
        diagnostics.append(
          Diagnostic(
            file: file, line: lineNumber, column: column,
            message: "invalid UTF-8 (byte \(range.lowerBound + offset))"))
      }
    }
    return (String(decoding: bytes, as: UTF8.self), invalidLines)
  }

  /// The first control character of `line` other than TAB, or nil.
  ///
  /// A control character is a scalar of general category Cc (U+0000–U+001F, U+007F–U+009F);
  /// its column is 1-based, in Unicode scalars. A NUL or an escape code in a form or a list item
  /// is invisible in an editor and would make an entry no text can match, or a match no one can
  /// read.
  static func firstControlCharacter(in line: UnsafeBufferPointer<UInt8>) -> (
    scalar: UInt32, column: Int
  )? {
    var column = 0
    var i = 0
    while i < line.count {
      let byte = line[i]
      if byte & 0xC0 != 0x80 { column += 1 }
      if byte < 0x20 && byte != 0x09 || byte == 0x7F { return (UInt32(byte), column) }
      // U+0080–U+009F are C2 80 … C2 9F.
      if byte == 0xC2, i + 1 < line.count, (0x80...0x9F).contains(line[i + 1]) {
        return (UInt32(line[i + 1]), column)
      }
      i += 1
    }
    return nil
  }

  /// The message for a control character: `control character U+0000 is not allowed`.
  static func controlCharacterMessage(_ scalar: UInt32) -> String {
    let hex = String(scalar, radix: 16, uppercase: true)
    return
      "control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) is not allowed"
  }
}
