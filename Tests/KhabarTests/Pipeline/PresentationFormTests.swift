import Foundation
import Testing

@testable import Khabar

/// Text written in Arabic presentation forms (ﻋﻠﻰ: the contextual glyphs of U+FE70–FEFC, as old
/// PDF and web converters produce) or decomposed (NFKD: أ as ا + U+0654) gives the entities of
/// its ordinary spelling: same labels, same spans (mapped back to the ordinary text), same
/// canonical names and attributes (those that quote the text as written, in display form).
@Suite struct PresentationFormTests {
  /// The contextual forms of an Arabic letter (nil where Unicode has none).
  struct Forms {
    var isolated: Unicode.Scalar?
    var final: Unicode.Scalar?
    var initial: Unicode.Scalar?
    var medial: Unicode.Scalar?
    /// Whether the letter joins the letter after it (dual-joining).
    var joinsNext: Bool { initial != nil }
  }

  /// Forms of each letter, and of each lam-alef ligature (key: "ل" + the alef), read from the
  /// character names of Arabic Presentation Forms-B ("ARABIC LETTER AIN INITIAL FORM").
  static let table: (letters: [Unicode.Scalar: Forms], ligatures: [String: Forms]) = {
    var byName: [String: Unicode.Scalar] = [:]
    for value in UInt32(0x0621)...0x064A {
      if let scalar = Unicode.Scalar(value), let name = scalar.properties.name {
        byName[name] = scalar
      }
    }
    var letters: [Unicode.Scalar: Forms] = [:]
    var ligatures: [String: Forms] = [:]
    for value in UInt32(0xFE80)...0xFEFC {
      guard let scalar = Unicode.Scalar(value), let name = scalar.properties.name else { continue }
      for (suffix, slot) in [
        (" ISOLATED FORM", 0), (" FINAL FORM", 1), (" INITIAL FORM", 2), (" MEDIAL FORM", 3),
      ] where name.hasSuffix(suffix) {
        let base = String(name.dropLast(suffix.count))
        func set(_ forms: inout Forms) {
          switch slot {
          case 0: forms.isolated = scalar
          case 1: forms.final = scalar
          case 2: forms.initial = scalar
          default: forms.medial = scalar
          }
        }
        if let letter = byName[base] {
          set(&letters[letter, default: Forms()])
        } else if base.hasPrefix("ARABIC LIGATURE LAM WITH "),
          let alef = byName["ARABIC LETTER " + base.dropFirst("ARABIC LIGATURE LAM WITH ".count)]
        {
          set(&ligatures["ل" + String(alef), default: Forms()])
        }
      }
    }
    return (letters, ligatures)
  }()

  /// `text` in presentation forms, with the source of each output scalar.
  ///
  /// The source is the index in `text`'s scalars of the output scalar's first and last source
  /// scalar. Lam-alef pairs become a ligature when `ligatures` says so.
  static func presentationForms(_ text: String, ligatures: Bool) -> (String, [(Int, Int)]) {
    let scalars = Array(text.unicodeScalars)
    let table = PresentationFormTests.table
    func forms(_ i: Int) -> Forms? { i >= 0 && i < scalars.count ? table.letters[scalars[i]] : nil }
    var out = String.UnicodeScalarView()
    var map: [(Int, Int)] = []
    var i = 0
    while i < scalars.count {
      let joinsPrevious = forms(i - 1)?.joinsNext == true
      if ligatures, scalars[i] == "ل", i + 1 < scalars.count,
        let ligature = table.ligatures["ل" + String(scalars[i + 1])],
        let scalar = joinsPrevious ? ligature.final : ligature.isolated
      {
        out.append(scalar)
        map.append((i, i + 1))
        i += 2
        continue
      }
      guard let letter = forms(i) else {
        out.append(scalars[i])
        map.append((i, i))
        i += 1
        continue
      }
      let joinsNext = letter.joinsNext && forms(i + 1) != nil
      let choice: Unicode.Scalar? =
        switch (joinsPrevious, joinsNext) {
        case (true, true): letter.medial
        case (true, false): letter.final
        case (false, true): letter.initial
        case (false, false): letter.isolated
        }
      out.append(choice ?? letter.isolated ?? scalars[i])
      map.append((i, i))
      i += 1
    }
    return (String(out), map)
  }

  /// `text` in NFKD, with each output scalar's source scalar (as `presentationForms` gives it).
  static func decomposed(_ text: String) -> (String, [(Int, Int)]) {
    var out = String.UnicodeScalarView()
    var map: [(Int, Int)] = []
    for (i, scalar) in text.unicodeScalars.enumerated() {
      for part in String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars {
        out.append(part)
        map.append((i, i))
      }
    }
    return (String(out), map)
  }

  /// What must agree: label, span in the ordinary text's scalars, canonical name, source,
  /// attributes.
  struct Seen: Hashable, CustomStringConvertible {
    var label: String
    var start: Int
    var end: Int
    var canonical: String
    var source: String
    var attributes: String
    var description: String { "\(label) \(start)..<\(end) '\(canonical)' \(source) \(attributes)" }
  }

  static func seen(_ text: String, _ map: [(Int, Int)]?, _ extractor: Extractor) -> [Seen] {
    extractor.extract(text).entities.map { e in
      let start = map.map { $0[e.start].0 } ?? e.start
      let end = map.map { $0[e.end - 1].1 + 1 } ?? e.end
      var attributes = ""
      // Some attributes (`proclitic`, a capture's text: `title=`, `name=`) quote the text as
      // written, as `text` does: they are compared in display form.
      for (key, value) in e.attributes {
        if case .string(let text) = value {
          attributes += "\(key)=\(DisplayForm.of(text)) "
        } else {
          attributes += "\(key)=\(JSONWriter.string(value)) "
        }
      }
      return Seen(
        label: e.label.rawValue, start: start, end: end, canonical: e.canonical, source: e.source,
        attributes: attributes)
    }
  }

  /// Sentences written for this test, and every line of the fixtures.
  static func sentences() throws -> [String] {
    var sentences = [
      "شنت الطائرات غارات على عدة مناطق في شمال البلاد",
      "وقال علي الأحمد إن الوفد وصل على متن طائرة خاصة",
      "استقبل وزير الخارجية السعودي نظيره الإيراني في الرياض على هامش المؤتمر",
      "أكد الرئيس الروسي فلاديمير بوتين أن بلاده ستعمل على تعزيز التعاون مع إيران",
      "التقى اللواء محمد باقري رئيس الأركان العامة للقوات المسلحة الإيرانية بنظيره الروسي",
      "وقعت مصر والأردن مذكرة تفاهم للتعاون في مجال الطاقة يوم الأربعاء 20 سبتمبر 2023",
      "قال الدكتور عبد الله الربيعة إن المركز قدم مساعدات لأكثر من أربعين دولة",
      "أعلنت وزارة الدفاع الروسية عن مناورة مشتركة مع الصين في بحر العرب الشهر المقبل",
      "وصل الأمير محمد بن سلمان ولي العهد إلى القاهرة على رأس وفد رفيع",
      "ولا تزال المفاوضات جارية بين الجانبين على الحدود الشمالية",
    ]
    for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixtures).sorted()
    where name.hasSuffix(".txt") {
      let text = try String(contentsOfFile: TestPaths.fixtures + "/" + name, encoding: .utf8)
      sentences += text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }
    return sentences
  }

  @Test func theTableCoversTheLetters() {
    let table = PresentationFormTests.table
    #expect(table.letters.count >= 36)
    #expect(table.letters["ع"]?.initial == "\u{FECB}")
    #expect(table.ligatures["لا"]?.isolated == "\u{FEFB}")
    #expect(
      PresentationFormTests.presentationForms("على عدة", ligatures: false).0
        == "\u{FECB}\u{FEE0}\u{FEF0} \u{FECB}\u{FEAA}\u{FE93}")
  }

  @Test func presentationFormsGiveTheEntitiesOfTheOrdinarySpelling() throws {
    let extractor = try Extractor(
      gazetteer: TestPaths.bundledGazetteer.get(), rules: TestPaths.bundledRules.get())
    var compared = 0
    for sentence in try PresentationFormTests.sentences() {
      let ordinary = PresentationFormTests.seen(sentence, nil, extractor)
      compared += ordinary.count
      for ligatures in [false, true] {
        let (shaped, map) = PresentationFormTests.presentationForms(sentence, ligatures: ligatures)
        #expect(
          PresentationFormTests.seen(shaped, map, extractor) == ordinary,
          "\(sentence) (ligatures: \(ligatures))")
      }
      let (decomposed, map) = PresentationFormTests.decomposed(sentence)
      #expect(
        PresentationFormTests.seen(decomposed, map, extractor) == ordinary, "\(sentence) (NFKD)")
    }
    // The sentences must hold entities, or the comparison proves nothing.
    #expect(compared > 150)
  }

  /// The case that was seen in the news: the preposition على in presentation forms read as the
  /// given name علي and opened a PERSON.
  @Test func thePrepositionInPresentationFormsIsNoName() throws {
    let extractor = try Extractor(
      gazetteer: TestPaths.bundledGazetteer.get(), rules: TestPaths.bundledRules.get())
    let text =
      "شنت الطائرات غارات \u{FECB}\u{FEE0}\u{FEF0} \u{FECB}\u{FEAA}\u{FE93} \u{FEE3}\u{FEE8}\u{FE8E}\u{FEC3}\u{FE96} في الشمال"
    #expect(extractor.extract(text).entities.filter { $0.label == .person }.isEmpty)
  }
}
