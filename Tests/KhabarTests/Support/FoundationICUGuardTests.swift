import Foundation
import Testing

@testable import Khabar

/// Foundation carries its own ICU; a few of its C++ symbols bind to the system copy that
/// Khabar links (design.md, "ICU and Foundation"). These tests fail if that ever breaks
/// Foundation's locale-aware text handling or Khabar's own ICU calls.
@Suite struct FoundationICUGuardTests {
  @Test func foundationLocaleAwareCaseMappingStillWorks() {
    #expect("DIŞ İŞLERİ".lowercased(with: Locale(identifier: "tr_TR")) == "dış işleri")
    #expect("straße".uppercased(with: Locale(identifier: "de_DE")) == "STRASSE")
    #expect("İ".lowercased() == "i̇")
  }

  @Test func systemICUIsTheOneLinked() {
    #expect(ICU.version.hasPrefix("7"))
    #expect(Normalizer().normalize("ﻻ").string == "لا")
  }
}
