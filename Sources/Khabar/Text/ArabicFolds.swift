/// The Arabic matching folds of arabic-notes §1, applied after NFKC_Casefold.
///
/// They are matching folds only: output always quotes the original characters.
enum ArabicFolds {
  /// What a fold does to one unit.
  ///
  /// Every fold gives at most one unit, so none allocates.
  enum Fold: Equatable {
    case keep
    case delete
    case replace(UInt16)
  }

  /// The fold of one UTF-16 unit of NFKC_Casefold output.
  static func fold(_ unit: UInt16) -> Fold {
    switch unit {
    // Diacritics (tashkeel), dagger alef, Quranic annotation marks.
    case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED: return .delete
    // Tatweel (kashida).
    case 0x0640: return .delete
    // Invisible format marks: zero-width characters, bidi embeddings, overrides and isolates,
    // the Arabic letter mark, the byte-order mark.
    case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0xFEFF: return .delete
    // Alef with hamza above or below, madda, wasla, wavy hamza.
    case 0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673: return .replace(0x0627)
    // Alef maqsura → yeh; Farsi yeh, yeh barree → yeh.
    case 0x0649, 0x06CC, 0x06D2: return .replace(0x064A)
    // Teh marbuta → heh (Egyptian spelling القاهره), and Persian/Urdu heh forms.
    case 0x0629, 0x06D5, 0x06C1, 0x06BE: return .replace(0x0647)
    // Keheh and swash kaf → kaf.
    case 0x06A9, 0x06AA: return .replace(0x0643)
    // Arabic-Indic and extended (Persian) digits → ASCII digits.
    case 0x0660...0x0669: return .replace(unit - 0x0660 + 0x30)
    case 0x06F0...0x06F9: return .replace(unit - 0x06F0 + 0x30)
    default: return .keep
    }
  }
}
