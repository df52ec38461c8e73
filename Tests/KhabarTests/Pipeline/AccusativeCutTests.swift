import Testing

@testable import Khabar

/// A word written with the accusative's tanween is no part of a name, whatever proposed it
/// (`AccusativeCut`), but for a name in quotation marks and a slip after a preposition.
@Suite struct AccusativeCutTests {
  static func entities(_ text: String) throws -> [String] {
    try FixtureTests.bundledExtractor().extract(text).entities.map {
      "\($0.label.rawValue) \($0.text)"
    }
  }

  /// باكراً "early" is no ب + Accra, and كوباً "a cup" no Cuba.
  @Test func aGazetteerNameInTheAccusativeIsNone() throws {
    #expect(try Self.entities("وانطلقت الحافلة باكراً نحو المدينة") == [])
    #expect(try Self.entities("وشرب كوباً من الماء") == [])
  }

  /// A name chain ends before the accusative that follows it (`رئيساً` "as president").
  @Test func aNameEndsBeforeTheAccusative() throws {
    let entities = try Self.entities("وعين الملك سلمان الأمير عبدالله بن مساعد رئيساً للهيئة")
    #expect(entities.contains("PERSON عبدالله بن مساعد"), "\(entities)")
    #expect(!entities.contains { $0.contains("رئيساً") }, "\(entities)")
  }

  /// A quoted name may be a word of the language, and after a preposition the tanween is a
  /// slip of the pen.
  @Test func quotedNamesAndSlipsStay() throws {
    #expect(
      try Self.entities("وأوضحت وكالة «معاً» الفلسطينية أن الوضع صعب").contains(
        "ORGANIZATION وكالة «معاً»"))
    #expect(try Self.entities("ووصل الزوار إلى بريطانياً أمس").contains("COUNTRY بريطانياً"))
  }

  /// Marks stacked on the accusative (tatweel, shadda, the tanween twice) and bidi marks inside
  /// the name: whatever is cut, every span still slices the original exactly.
  @Test func cutSpansSliceTheOriginal() throws {
    let texts = [
      "وعين الأمير عبدالله بن مساعد رئيسـًّا للهيئة",
      "وعين الأمير عبدالله\u{200F} بن مساعد رئيساًً للهيئة",
      "وانطلقت باكـــراً ثم عاد محمداً إلى الرياضً",
    ]
    for text in texts {
      let extraction = try FixtureTests.bundledExtractor().extract(text)
      let scalars = Array(text.unicodeScalars)
      for entity in extraction.entities {
        let slice = String(String.UnicodeScalarView(scalars[entity.start..<entity.end]))
        #expect(slice == entity.text, "\(entity) in \(text)")
      }
      #expect(!extraction.entities.contains { $0.label == .person && $0.text.contains("رئيس") })
    }
  }
}
