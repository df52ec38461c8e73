/// The light normalization used for Arabic canonical names: what a reader would write.
///
/// Diacritics, tatweel and invisible format marks go; alef with hamza or madda becomes bare
/// alef, so that إيران and ايران get one name; teh marbuta, alef maqsura and hamza on carriers
/// stay (matching folds them, display does not); white space collapses to single spaces.
public enum DisplayForm {
  public static func of(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x0640, 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0xFEFF:
        continue
      case 0x0622, 0x0623, 0x0625, 0x0671:
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append("\u{0627}")
      case 0x20, 0x09, 0x0A, 0x0D, 0xA0:
        pendingSpace = !out.isEmpty
      default:
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(scalar)
      }
    }
    return String(out)
  }
}
