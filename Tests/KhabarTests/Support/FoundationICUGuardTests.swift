import Foundation
import Testing

@testable import Khabar

/// Foundation carries its own ICU; Khabar links the system's, through CICUShim only, and a few
/// of Foundation's C++ symbols (`UCaseMap`, `CollatorSpec`) bind to the system copy
/// (design.md, "ICU and Foundation").
///
/// What must hold is that the two coexist in one process: each answers correctly while the other is
/// in use. That, not a version string, is tested.
@Suite struct FoundationICUGuardTests {
  /// The oldest system ICU Khabar's calls need: `UCHAR_EXTENDED_PICTOGRAPHIC` is ICU 62; the
  /// rest (`unorm2_getNFKCCasefoldInstance` ICU 49, break iterators, `ures_*`, `uloc_*`,
  /// `ucal_openTimeZoneIDEnumeration` ICU 4.8) is older.
  static let minimumICUMajor = 62

  @Test func systemICUIsNewEnough() {
    let major = Int(ICU.version.prefix { $0.isNumber })
    #expect(major != nil, "ICU version \(ICU.version)")
    #expect((major ?? 0) >= FoundationICUGuardTests.minimumICUMajor, "ICU version \(ICU.version)")
  }

  @Test func foundationLocaleAwareCaseMappingStillWorks() {
    #expect("DIŞ İŞLERİ".lowercased(with: Locale(identifier: "tr_TR")) == "dış işleri")
    #expect("straße".uppercased(with: Locale(identifier: "de_DE")) == "STRASSE")
    #expect("İ".lowercased() == "i̇")
  }

  /// Both ICUs in turn, several times, in one process: Foundation's case mapping and
  /// collation (the code behind the C++ symbols that bind to the system copy) and the system
  /// ICU's NFKC through Khabar's normalizer.
  @Test func bothICUsAnswerSideBySide() {
    let swedish = Locale(identifier: "sv_SE")
    let german = Locale(identifier: "de_DE")
    let turkish = Locale(identifier: "tr_TR")
    for _ in 0..<3 {
      #expect(Normalizer().normalize("ﻻ").string == "لا")
      // Swedish sorts ä after z, German with a.
      #expect("ä".compare("z", options: [], range: nil, locale: swedish) == .orderedDescending)
      #expect("ä".compare("z", options: [], range: nil, locale: german) == .orderedAscending)
      #expect(Normalizer().normalize("ﺍﻟﺮﻳﺎﺽ").string == "الرياض")
      #expect("İSTANBUL".lowercased(with: turkish) == "istanbul")
      #expect("istanbul".uppercased(with: turkish) == "İSTANBUL")
    }
  }
}
