/// How Khabar words counts and untrusted text in messages meant for people.
public enum Wording {
  /// `count` with its noun, singular for exactly one: "1 record", "2 records", "0 errors".
  ///
  /// `plural` defaults to the noun with an "s" appended.
  public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
  }

  /// `text` with every control character shown as an escape, so that a message quoting it
  /// stays one line and cannot drive the terminal (an id holding ESC [ 3 1 m would color it).
  ///
  /// Escaped: the C0 controls, DEL and the C1 controls (general category Cc), as `\n`, `\r`,
  /// `\t` or `\u{1B}`; and the line and paragraph separators U+2028, U+2029, which end lines
  /// too. Everything else, Arabic and its bidi marks included, is kept as written.
  public static func escapingControls(_ text: String) -> String {
    func needsEscape(_ s: Unicode.Scalar) -> Bool {
      s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      case _ where needsEscape(scalar):
        escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}
