/// A word written with the accusative's tanween is no part of a name, whatever proposed it.
///
/// ً (U+064B) over a word's last letter or before its final alef marks an indefinite noun,
/// adjective or adverb in the accusative (`رئيساً` "as president", `باكراً` "early", `صيداً`
/// "prey"): the names of news take none. The gazetteers read `باكراً` as ب + Accra and `صيداً` as
/// Sidon, and a name chain runs on into `عبدالله بن مساعد رئيساً`. After the rule phases, a
/// PERSON, ORGANIZATION, LOCATION, COUNTRY or NORP with such a word ends before it; one that
/// begins with it, or whose canonical name is not its own text (a gazetteer's entry), is none;
/// a name in quotation marks stays (وكالة «معاً»), and so does one right after a preposition,
/// where the tanween is a slip (`إلى بريطانياً`). It runs before the person linker (which
/// then registers the names without the word) and after it (a mention it linked).
/// (The name model's spans are cut the same way: `NameRecognizer.spans`.) Titles and events
/// keep it (`وزيرًا للداخلية`, `اجتماعاً طارئاً`).
enum AccusativeCut {
  static func apply(
    _ accepted: inout [Candidate], text: TokenizedText,
    decide: ((Candidate, Bool, String) -> Void)?
  ) {
    var dropped: [Int] = []
    for i in accepted.indices {
      switch accepted[i].label {
      case .person, .organization, .location, .country, .norp: break
      default: continue
      }
      // A name in quotation marks may be a word of the language (وكالة «معاً», the agency).
      guard let cut = NameRecognizer.firstAccusative(text, in: accepted[i].tokens),
        !(cut > 0 && (isQuoteMark(text, token: cut - 1) || isPreposition(text, token: cut - 1)))
      else { continue }
      let candidate = accepted[i]
      var end = cut
      while end > candidate.tokens.lowerBound && text.tokens[end - 1].kind == .punctuation {
        end -= 1
      }
      let ownText =
        candidate.canonical
        == text.text.displayForm(ofOriginal: text.text.originalRange(of: candidate.units))
      guard end > candidate.tokens.lowerBound, ownText,
        text.tokens[end - 1].range.upperBound > candidate.units.lowerBound
      else {
        decide?(candidate, false, "holds a word in the accusative (tanween): no name")
        dropped.append(i)
        continue
      }
      let units = candidate.units.lowerBound..<text.tokens[end - 1].range.upperBound
      accepted[i].tokens = candidate.tokens.lowerBound..<end
      accepted[i].units = units
      accepted[i].canonical = text.text.displayForm(ofOriginal: text.text.originalRange(of: units))
    }
    for i in dropped.reversed() { accepted.remove(at: i) }
  }

  /// Prepositions, normalized: after one a noun is in the genitive, so a tanween of the
  /// accusative there is a slip of the pen (`إلى بريطانياً`), not an adverb.
  static let prepositions: [[UInt16]] = ["الي", "في", "من", "علي", "عن", "مع", "نحو", "حتي"].map {
    Array($0.utf16)
  }

  /// Whether token `k` is a preposition (`prepositions`).
  static func isPreposition(_ text: TokenizedText, token k: Int) -> Bool {
    let word = text.text.units[text.tokens[k].range]
    return prepositions.contains { word.elementsEqual($0) }
  }

  /// Whether token `k` is one quotation mark or bracket (`NameRecognizer.isQuoteMark`).
  static func isQuoteMark(_ text: TokenizedText, token k: Int) -> Bool {
    let range = text.tokens[k].range
    return text.tokens[k].kind == .punctuation && range.count == 1
      && NameRecognizer.isQuoteMark(text.text.units[range.lowerBound])
  }
}
