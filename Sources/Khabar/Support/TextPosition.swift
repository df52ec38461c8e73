/// Converts byte offsets to human positions.
public enum TextPosition {
  /// The 1-based line and column (in Unicode scalars) of byte `offset` in UTF-8 `bytes`, counting
  /// only the valid text before it.
  public static func lineAndColumn(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    // Continuation bytes (10xxxxxx) do not start a scalar.
    let column = bytes[lineStart..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
    return (line, column)
  }
}
