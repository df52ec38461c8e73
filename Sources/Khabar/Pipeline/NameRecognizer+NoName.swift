extension NameRecognizer {
  /// The list bits that make a word a form of address: the honorifics (سمو، معالي، فخامة،
  /// السيد، الدكتور).
  static let honorificBits: UInt32 = NameRecognizer.bits(of: ["honorifics"])
  /// The list bits that make a word a possible name as well.
  static let nameBits: UInt32 = NameRecognizer.bits(
    of: ["given-names", "given-names-ambiguous", "name-particles"])

  static func bits(of lists: [String]) -> UInt32 {
    lists.reduce(0) { bits, name in
      guard let bit = NameFeatures.listNames.firstIndex(of: name) else {
        preconditionFailure("no word list \(name) among the model's features")
      }
      return bits | 1 << UInt32(bit)
    }
  }

  /// Whether token `k` of `text`, behind the proclitics a name leaves outside, is a form of
  /// address and no name (وسمو ولي العهد, معالي الوزير): the model tags such a word a PERSON
  /// beside the title that follows it, where it names no one.
  func isAddress(_ text: TokenizedText, token k: Int) -> Bool {
    text.text.units.withUnsafeBufferPointer { units in
      let token = UnsafeBufferPointer(rebasing: units[text.tokens[k].range])
      let stem = UnsafeBufferPointer(rebasing: token[features.cliticLength(token)...])
      guard let bits = features.lists(ofWord: FeatureHash.of(units: stem)) else { return false }
      return bits & NameRecognizer.honorificBits != 0 && bits & NameRecognizer.nameBits == 0
    }
  }
}

extension NameRecognizer {
  /// The words of scale after which a number's noun comes (2 مليون ريال, 154 مليار ريال), in
  /// normalized units.
  static let scaleWords = normalizedWords(
    ["ألف", "آلاف", "مليون", "ملايين", "مليار", "مليارات", "بليون", "تريليون"])
  /// Numbers of more digits than this are no quantity: a telephone number (738303 زين) or an
  /// account may stand before a company's name.
  static let quantityDigits = 5

  /// Whether token `k` of `text` follows a quantity in its sentence (a number of at most
  /// `quantityDigits` digits that is no year from 1900 to 2100, a number in groups of three
  /// digits of any length, or a word of scale), perhaps closed in a bracket or quote: it is then
  /// the counted noun (1200 ريال، 1.5 جيجاهرتز، 300 كيلوغرام، (310.000.000) ريال), which the model
  /// takes for a name.
  static func followsQuantity(_ text: TokenizedText, token k: Int) -> Bool {
    func sameSentence(_ j: Int) -> Bool {
      j >= 0 && text.tokens[j].sentence == text.tokens[k].sentence
    }
    guard sameSentence(k - 1) else { return false }
    var j = k - 1
    // A number closed in brackets or quotes before its noun: (310.000.000) ريال, «81.000» ريال.
    // Not a straight quote: it opens as often as it closes (12 "أرامكو").
    if text.tokens[j].kind == .punctuation, sameSentence(j - 1),
      text.tokens[j].range.count == 1,
      let unit = text.text.units[text.tokens[j].range].first, closingMarks.contains(unit)
    {
      j -= 1
    }
    let before = text.tokens[j]
    let units = text.text.units[before.range]
    if before.kind == .number {
      let digits = units.count { $0 >= 0x30 && $0 <= 0x39 }
      // A year is no quantity: the name after it is its own (إكسبو 2020 دبي).
      if digits == 4, units.count == 4,
        let year = Int(String(decoding: units, as: UTF16.self)), (1900...2100).contains(year)
      {
        return false
      }
      return digits <= quantityDigits || hasDigitGroups(units)
    }
    return j == k - 1 && before.kind == .word && isOne(of: scaleWords, units)
  }

  /// Whether a number is written in groups of three digits (1.200.000، 122،334،463,
  /// 310.000.000.00): an amount, whatever its length; a decimal (3.14159) is not.
  static func hasDigitGroups(_ units: ArraySlice<UInt16>) -> Bool {
    var groups = 0
    var run = 0
    var separated = false
    for u in units {
      if u >= 0x30 && u <= 0x39 {
        run += 1
      } else if groupSeparators.contains(u) {
        if separated && run == 3 { groups += 1 }
        separated = true
        run = 0
      } else {
        return false
      }
    }
    if separated && run == 3 { groups += 1 }
    return groups > 0
  }

  /// The marks that close a number in brackets or quotes: `)`, `]`, `»`, `”`.
  static let closingMarks: Set<UInt16> = [0x29, 0x5D, 0xBB, 0x201D]
  /// The separators of digit groups and decimals: `.`, `,`, `،`, `٬`, `٫`.
  static let groupSeparators: Set<UInt16> = [0x2E, 0x2C, 0x60C, 0x66C, 0x66B]

  /// Function words that are short foreign names too (لي "to me" and Li, لو "if" and Lou), in
  /// normalized units: the model took لي alone for a person 60 times in the news corpus
  /// (`قال لي`).
  static let functionNames = normalizedWords(["لي", "لو"])

  /// The particles of European names (de, da, von, del), in normalized units.
  ///
  /// Not فان (van): it is as often فإن ("then indeed") written without its hamza (فان بلاتر لا
  /// يزال …), and a wrong full name keeps the person linker from linking the short mentions.
  static let nameParticles = normalizedWords(["دي", "دا", "فون", "ديل"])

  /// Whether token `k` of `text` is a particle of a European name (`nameParticles`) in the
  /// sentence of the token after it: دي in `ضم دي ماريا`.
  static func isNameParticle(_ text: TokenizedText, token k: Int) -> Bool {
    guard k >= 0, k + 1 < text.tokens.count,
      text.tokens[k].sentence == text.tokens[k + 1].sentence, text.tokens[k].kind == .word
    else { return false }
    return isOne(of: nameParticles, text.text.units[text.tokens[k].range])
  }
}

extension NameRecognizer {
  /// The words that follow الله in the formulas of blessing and praise (رضي الله عنه، رحمة الله
  /// عليه، الله تعالى، الله عز وجل), in normalized units.
  static let formulaWords = normalizedWords([
    "عنه", "عنها", "عنهم", "عنهما", "عليه", "عليها", "عليهم", "عليهما", "تعالى", "عز", "سبحانه",
    "وتعالى",
  ])

  /// The words before الله in those formulas (صلى الله عليه, رضي الله عنه, رضوان الله عليهم),
  /// in normalized units: only these go with الله out of a name (عبد الله عليه is a name and a
  /// preposition).
  static let formulaVerbs = normalizedWords([
    "صلى", "رضي", "رضى", "رضوان", "صلوات", "رحمة", "سلام", "جل",
  ])

  /// The first words of the formulas ب + noun + الله, in normalized units.
  ///
  /// "By God's …": بحمد الله, بفضل الله, بعون الله, بإذن الله, بتوفيق الله, written with their ب and
  /// with و or ف before it. حمد، فضل، عون، توفيق are given names too, and the model took بحمد الله
  /// for a person حمد الله (20 times on the news corpus).
  static let praiseFormulaWords: [[UInt16]] = {
    let nouns = ["حمد", "فضل", "عون", "حول", "توفيق", "إذن", "رحمة", "مشيئة"]
    return normalizedWords(
      nouns.flatMap { noun in ["", "و", "ف"].map { $0 + "ب" + noun } })
  }()

  /// Whether tokens `k` and `k + 1` of `text` are one of the formulas ب + noun + الله
  /// (`praiseFormulaWords`; `وبحمد الله`), no name.
  static func isPraiseFormula(_ text: TokenizedText, token k: Int) -> Bool {
    guard k + 1 < text.tokens.count, text.tokens[k].sentence == text.tokens[k + 1].sentence,
      isOne(of: praiseFormulaWords, text.text.units[text.tokens[k].range])
    else { return false }
    return isOne(of: [PersonLinker.allah], text.text.units[text.tokens[k + 1].range])
  }

  /// `words` in normalized units, as tokens of the normalized text are compared with them.
  static func normalizedWords(_ words: [String]) -> [[UInt16]] {
    let normalizer = Normalizer()
    return words.map { normalizer.normalize($0).units }
  }

  /// Whether `units` is one of `words`, compared in place: a set of words, asked with an array
  /// made of the token's units and hashed, cost some thousand instructions a model span.
  static func isOne(of words: [[UInt16]], _ units: ArraySlice<UInt16>) -> Bool {
    words.contains { $0.count == units.count && $0.elementsEqual(units) }
  }

  /// How many of the last tokens of a model span over `tokens` belong to a formula with الله
  /// (رضي الله عنه، رضوان الله عليهما): 2 when they end with a formula's verb and الله and a
  /// formula word follows, 1 when the span ends with the verb and الله and a formula word follow
  /// it, else 0.
  static func formulaLength(_ text: TokenizedText, tokens: Range<Int>) -> Int {
    func sameSentence(_ k: Int) -> Bool {
      k > 0 && k < text.tokens.count && text.tokens[k].sentence == text.tokens[k - 1].sentence
    }
    func isIn(_ words: [[UInt16]], _ k: Int) -> Bool {
      isOne(of: words, text.text.units[text.tokens[k].range])
    }
    let end = tokens.upperBound
    if end - 2 >= tokens.lowerBound, isIn(formulaVerbs, end - 2), isGod(text, token: end - 1),
      sameSentence(end), isIn(formulaWords, end)
    {
      return 2
    }
    if isIn(formulaVerbs, end - 1), sameSentence(end), isGod(text, token: end),
      sameSentence(end + 1),
      isIn(formulaWords, end + 1)
    {
      return 1
    }
    return 0
  }

  /// The first token of `tokens` with the accusative's tanween (`hasAccusativeTanween`), if
  /// any: none is looked at when the tokens are as long as their original, as most are.
  static func firstAccusative(_ text: TokenizedText, in tokens: Range<Int>) -> Int? {
    guard let first = tokens.first, let last = tokens.last else { return nil }
    let units = text.tokens[first].range.lowerBound..<text.tokens[last].range.upperBound
    guard text.text.originalRange(of: units).count != units.count else { return nil }
    return tokens.first { hasAccusativeTanween(text, token: $0) }
  }

  /// Whether token `k` carries the tanween of the accusative, ً (U+064B), in the original text,
  /// over its last letter or before a final alef (شاملاً، جيدًا، مرةً): an indefinite noun,
  /// adjective or adverb, never a name in news, though the model took about 90 of the corpus
  /// for one or for a name's last word (الخضيري قائلاً).
  static func hasAccusativeTanween(_ text: TokenizedText, token k: Int) -> Bool {
    // Most tokens are as long as their original (no mark dropped, nothing expanded): no mark
    // to look for. (A mark dropped and a ligature expanded in one token would hide it.)
    let original = text.originalRange(ofToken: k)
    guard original.count != text.tokens[k].range.count else { return false }
    return text.text.withOriginalUTF8(of: original) { bytes in
      // U+064B is D9 8B in UTF-8.
      bytes.indices.dropLast().contains { bytes[$0] == 0xD9 && bytes[$0 + 1] == 0x8B }
    }
  }

  /// Whether every token of `tokens` is a word of ASCII letters and digits that begins in lower
  /// case in the original text (bottom, px, rgba).
  ///
  /// Names written in Latin letters begin with a capital; these are code and units the model
  /// took for names (44 in the corpus). The normalized text is case-folded: the original is
  /// read.
  static func isLowercaseLatin(_ text: TokenizedText, tokens: Range<Int>) -> Bool {
    tokens.allSatisfy { k in
      // The normalized token begins with a folded Latin letter, or it is no Latin word.
      guard let unit = text.text.units[text.tokens[k].range].first, unit >= 0x61 && unit <= 0x7A
      else { return false }
      return text.text.withOriginalUTF8(of: text.originalRange(ofToken: k)) { bytes in
        guard let first = bytes.first, first >= 0x61 && first <= 0x7A else { return false }
        return bytes.allSatisfy {
          ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39)
        }
      }
    }
  }
}
