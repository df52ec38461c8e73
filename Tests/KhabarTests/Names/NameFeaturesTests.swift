import Testing

@testable import Khabar

@Suite struct NameFeaturesTests {
  /// The atoms of every token of `tokens`, one analysis reused across them.
  static func atoms(of tokens: TokenizedText, _ features: NameFeatures) -> [NameFeatures.Atom] {
    var analysis = NameFeatures.Analysis()
    return tokens.text.units.withUnsafeBufferPointer { units in
      tokens.tokens.map {
        features.analyze(
          UnsafeBufferPointer(rebasing: units[$0.range]), kind: $0.kind, into: &analysis,
          names: false)
      }
    }
  }

  /// Small lists in the format of `Rules/lists/`, so that the expected features are checked by
  /// hand and do not move with the bundled lists.
  static func features() -> NameFeatures {
    var diagnostics: [Diagnostic] = []
    func list(_ name: String, _ text: String) -> (String, WordList) {
      (name, WordList.parse(text, name: name, file: "\(name).txt", diagnostics: &diagnostics))
    }
    let lists = Dictionary(
      uniqueKeysWithValues: [
        list("honorifics", "السيد\tMr\n"),
        list("given-names", "خالد\nسلمى\n"),
        list("offices", "وزير الخارجية\n"),
      ])
    return NameFeatures(lists: lists)
  }

  /// The names of token `index`'s features in `text` (with `candidates` as evidence).
  static func names(
    _ text: String, token index: Int, candidates: (TokenizedText) -> [Candidate] = { _ in [] }
  ) throws -> (token: String, names: [String]) {
    let tokens = try Extractor(gazetteer: TestGazetteer.gazetteer()).tokenize(text)
    let rows = features().rows(tokens, candidates: candidates(tokens), names: true)
    let names = try #require(rows.names)
    #expect(names.count == rows.hashes.count)
    return (
      tokens.normalizedString(ofToken: index),
      Array(names[rows.offsets[index]..<rows.offsets[index + 1]])
    )
  }

  @Test func nameAfterHonorificAndSayingVerb() throws {
    // وقال | السيد | خالد | العمري | إن | الوفد | وصل
    let (token, names) = try Self.names("وقال السيد خالد العمري إن الوفد وصل.", token: 2)
    #expect(token == "خالد")
    for expected in [
      "token=خالد", "core=خالد", "list=given-names", "list@-1=honorifics",
      "list@-2=saying-verbs", "core@-1=سيد", "core@-2=قال", "core@1=عمري", "token@1=العمري",
      "prefix=خ", "prefix=خال", "suffix=لد", "shape=arabic/len3", "kind=word",
      "core@-1+core=سيد+خالد",
    ] {
      #expect(names.contains(expected), "missing \(expected) in \(names)")
    }
    #expect(!names.contains("sentence-start"))
  }

  @Test func procliticReadingsGiveStems() throws {
    // وللسيدة: و + ل + السيدة (the article's alef restored after ل)
    let (_, names) = try Self.names("وللسيدة سلمى كتاب", token: 0)
    #expect(names.contains("stem=للسيده"))
    #expect(names.contains("stem=لسيده"))
    #expect(names.contains("stem=السيده"))
    #expect(names.contains("core=سيده"))
    #expect(names.contains("sentence-start"))
    #expect(names.contains("core@-1=<boundary>"))
  }

  @Test func gazetteerEvidenceAndArticleLevel() throws {
    // The gazetteer takes the first بغداد as a LOCATION; the second is not matched here
    // (evidence given by hand), and hears of the first through the article-level feature.
    let text = "وصل الوفد إلى بغداد أمس. وفي بغداد اجتماع"
    func evidence(_ tokens: TokenizedText) -> [Candidate] {
      [
        Candidate(
          label: .location, tokens: 3..<4, units: tokens.tokens[3].range, canonical: "Baghdad",
          source: "gazetteer:test", attributes: [], priority: 0, order: 0)
      ]
    }
    let first = try Self.names(text, token: 3, candidates: evidence)
    #expect(first.token == "بغداد")
    #expect(first.names.contains("gazetteer:U-LOCATION"))
    #expect(!first.names.contains("article:LOCATION"))
    let second = try Self.names(text, token: 7, candidates: evidence)
    #expect(second.token == "وفي" || second.token == "بغداد")
    let seventh =
      second.token == "بغداد" ? second : try Self.names(text, token: 8, candidates: evidence)
    #expect(seventh.names.contains("article:LOCATION"))
    #expect(seventh.names.contains("article-any:LOCATION"))
    #expect(!seventh.names.contains("gazetteer:U-LOCATION"))
  }

  /// Every token's core is numbered once, in the order of first occurrence: tokens of one core
  /// share its facts, tokens of different cores never do (probing past taken slots included).
  @Test func coresAreNumberedInOrderOfFirstOccurrence() {
    // Cores that start at the same slot of a 16-slot table (their low bits and those 29 above
    // them agree) and repeats far apart.
    var atoms: [NameFeatures.Atom] = []
    for k in 0..<40 {
      atoms.append(NameFeatures.Atom(token: 0, core: UInt64(k % 13) << 40, lists: 0))
    }
    atoms.append(NameFeatures.Atom(token: 0, core: 7, lists: 0))
    atoms.append(NameFeatures.Atom(token: 0, core: 0, lists: 0))
    let (coreOf, count) = atoms.withUnsafeBufferPointer {
      NameFeatures.ArticleEvidence.numberCores($0)
    }
    var expected: [UInt64: Int32] = [:]
    for atom in atoms where expected[atom.core] == nil {
      expected[atom.core] = Int32(expected.count)
    }
    #expect(count == 14)
    #expect(coreOf == atoms.map { expected[$0.core]! })
  }

  /// The article-level facts of a core gather every occurrence of it: the second بغداد hears
  /// of the first's label, and a token of another core hears of neither.
  @Test func articleFactsAreSharedByACoresTokens() throws {
    let text = "وصل الوفد إلى بغداد أمس. وفي بغداد اجتماع"
    let tokens = try Extractor(gazetteer: TestGazetteer.gazetteer()).tokenize(text)
    let features = Self.features()
    let atoms = Self.atoms(of: tokens, features)
    let evidence = NameFeatures.ArticleEvidence(
      tokens.tokens, atoms: atoms,
      candidates: [
        Candidate(
          label: .location, tokens: 3..<4, units: tokens.tokens[3].range, canonical: "Baghdad",
          source: "gazetteer:test", attributes: [], priority: 0, order: 0)
      ])
    let baghdad = tokens.tokens.indices.filter { atoms[$0].core == atoms[3].core }
    #expect(baghdad == [3, 7])
    for i in baghdad {
      let facts = evidence.facts[Int(evidence.coreOf[i])]
      #expect(facts.occurrences == 2)
      #expect(facts.counts == SIMD4(0, 0, 1, 0))
    }
    let other = evidence.facts[Int(evidence.coreOf[1])]
    #expect(other.occurrences == 1)
    #expect(other.counts == .zero)
  }

  /// An analysis used for one token after another gives each token what a fresh one gives.
  ///
  /// Its arrays keep their room, their counts apart: a long token before a short one leaves
  /// nothing of its stems or core behind. The article comes off a core of more than two letters
  /// after it (الرياض، والرياض، للرياض: رياض), not off a short one (الله stays).
  @Test func aReusedAnalysisGivesWhatAFreshOneGives() throws {
    let text =
      "وبالمستشفيات الرياض والرياض للرياض لل الله خالد وخالد السيد 2015 ، ب بالتأكيد ولل"
    let tokens = try Extractor(gazetteer: TestGazetteer.gazetteer()).tokenize(text)
    let features = Self.features()
    var reused = NameFeatures.Analysis()
    var cores: [String] = []
    tokens.text.units.withUnsafeBufferPointer { units in
      for token in tokens.tokens {
        let unitsOfToken = UnsafeBufferPointer(rebasing: units[token.range])
        for names in [false, true] {
          var fresh = NameFeatures.Analysis()
          let a = features.analyze(unitsOfToken, kind: token.kind, into: &reused, names: names)
          let b = features.analyze(unitsOfToken, kind: token.kind, into: &fresh, names: names)
          #expect(a.token == b.token && a.core == b.core && a.lists == b.lists)
          #expect(Array(reused.stems) == Array(fresh.stems))
          #expect(Array(reused.core) == Array(fresh.core))
          #expect(reused.stemTexts == fresh.stemTexts)
          #expect(a.core == FeatureHash.of(units: reused.core))
          #expect(reused.stems.count == (names ? reused.stemTexts.count : reused.stems.count))
        }
        cores.append(String(decoding: reused.core, as: UTF16.self))
      }
    }
    #expect(cores[1] == "رياض" && cores[2] == "رياض" && cores[3] == "رياض")
    #expect(cores[5] == "الله")
  }

  /// The core's affixes are the hashes of the core's own units, whether `emitOwnFirst` takes
  /// them from the token's (the core's suffixes, and its prefixes when it is the token) or
  /// hashes them: words with proclitics, the article, an alef restored, short words.
  @Test func coreAffixesAreHashesOfTheCoresUnits() throws {
    struct Recorder: FeatureSink {
      var features: [(template: UInt8, value: UInt64)] = []
      var wantsNames: Bool { false }
      mutating func emit(_ template: UInt8, _ value: UInt64, _ name: @autoclosure () -> String) {
        features.append((template, value))
      }
    }
    let text = "وبالمستشفيات الرياض والرياض للرياض لل الله خالد وخالد السيد ب بالتأكيد ولل ابن أمل"
    let tokens = try Extractor(gazetteer: TestGazetteer.gazetteer()).tokenize(text)
    let features = Self.features()
    let prefix = NameFeatures.Template.corePrefix.rawValue
    let suffix = NameFeatures.Template.coreSuffix.rawValue
    func affix(_ units: ArraySlice<UInt16>) -> UInt64 {
      var h = FeatureHash()
      h.add(byte: UInt8(units.count))
      for u in units { h.add(u) }
      return h.value
    }
    var analysis = NameFeatures.Analysis()
    var checked = 0
    tokens.text.units.withUnsafeBufferPointer { units in
      for token in tokens.tokens where token.kind == .word {
        let unitsOfToken = UnsafeBufferPointer(rebasing: units[token.range])
        let atom = features.analyze(unitsOfToken, kind: token.kind, into: &analysis, names: false)
        var sink = Recorder()
        features.emitOwnFirst(
          unitsOfToken, kind: token.kind, atom: atom, analysis: analysis, into: &sink)
        let core = Array(analysis.core)
        let expected = (1...4).filter { $0 < core.count }.flatMap { k in
          [(prefix, affix(core.prefix(k))), (suffix, affix(core.suffix(k)))]
        }
        let found = sink.features.filter { $0.template == prefix || $0.template == suffix }
        #expect(found.map(\.template) == expected.map(\.0))
        #expect(found.map(\.value) == expected.map(\.1))
        checked += expected.count
      }
    }
    #expect(checked > 40)
  }

  /// Evidence filled in the arrays of an article before (`fill`) is the evidence a fresh one
  /// makes: a longer article with more cores and codes leaves nothing behind.
  @Test func evidenceFilledAfterAnotherArticleIsAFreshOnes() throws {
    let extractor = try Extractor(gazetteer: TestGazetteer.gazetteer())
    let features = Self.features()
    let texts = [
      "وصل الوفد إلى بغداد أمس. وفي بغداد اجتماع بين خالد وسلمى في بغداد، وقال السيد خالد إن بغداد",
      "وفي بغداد اجتماع",
      "",
      "قال خالد",
    ]
    var reused = NameFeatures.ArticleEvidence()
    for text in texts {
      let tokens = extractor.tokenize(text)
      let atoms = Self.atoms(of: tokens, features)
      // Every token of the article a gazetteer candidate of its own, the first two one of two.
      var candidates = tokens.tokens.indices.map { t in
        Candidate(
          label: t % 2 == 0 ? .location : .person, tokens: t..<(t + 1),
          units: tokens.tokens[t].range, canonical: "", source: "gazetteer:test", attributes: [],
          priority: 0, order: t)
      }
      if tokens.tokens.count > 1 {
        candidates.append(
          Candidate(
            label: .organization, tokens: 0..<2, units: 0..<tokens.tokens[1].range.upperBound,
            canonical: "", source: "rule:test", attributes: [], priority: 0, order: 99,
            evidence: .strong))
      }
      reused.fill(tokens.tokens, atoms: atoms, candidates: candidates)
      let fresh = NameFeatures.ArticleEvidence(
        tokens.tokens, atoms: atoms, candidates: candidates)
      #expect(reused.codes == fresh.codes)
      #expect(reused.start == fresh.start)
      #expect(reused.coreOf == fresh.coreOf)
      #expect(reused.ownCounts == fresh.ownCounts)
      #expect(reused.facts.count == fresh.facts.count)
      for (r, f) in zip(reused.facts, fresh.facts) {
        #expect(
          r.counts == f.counts && r.before == f.before && r.labels == f.labels
            && r.occurrences == f.occurrences)
      }
    }
  }

  /// The proclitics a model name leaves outside: before the article or a listed stem of three
  /// letters or more, and none when the whole word is listed.
  @Test func cliticLengthKeepsListedWordsAndShortStems() {
    var diagnostics: [Diagnostic] = []
    let lists = [
      "given-names": WordList.parse(
        "فيصل\nيصل\nدر\nمحمد\n", name: "given-names", file: "given-names.txt",
        diagnostics: &diagnostics)
    ]
    let features = NameFeatures(lists: lists)
    func length(_ word: String) -> Int {
      Array(word.utf16).withUnsafeBufferPointer { features.cliticLength($0) }
    }
    #expect(length("فيصل") == 0)
    #expect(length("ومحمد") == 1)
    #expect(length("بدر") == 0)
    #expect(length("والرياض") == 1)
    #expect(length("وليد") == 0)
  }

  @Test func hashesAreFixed() {
    // FNV-1a 64 of "a" (one byte 0x61): a published test vector.
    var h = FeatureHash()
    h.add(byte: 0x61)
    #expect(h.value == 0xaf63_dc4c_8601_ec8c)
    #expect(FeatureHash.of(units: [UInt16]()) == FeatureHash.offsetBasis)
  }
}

/// The list look-up normalizes every item in one run; it must give what a run per item gives.
@Suite struct NameListBitsTests {
  @Test func oneNormalizerRunGivesWhatARunPerItemGives() throws {
    let rules = try RuleSet.load(directory: TestPaths.rules)
    var items: [(text: String, bit: Int)] = [
      ("ّوزير", 0), ("الـ", 1), ("", 2), ("  مسافة  ", 3), ("كلمة\u{200F}", 4), ("ـــ", 5),
    ]
    for (bit, name) in NameFeatures.listNames.enumerated() {
      for item in rules.lists[name]?.items ?? [] { items.append((item.text, bit)) }
    }
    #expect(items.count > 10_000)
    // The one run splits back item by item (else listBits falls back to a run per item).
    let joined = Normalizer().normalize(items.map(\.text).joined(separator: "\n")).units
    #expect(joined.split(separator: 0x0A, omittingEmptySubsequences: false).count == items.count)
    let batched = NameFeatures.listBits(of: items)
    #expect(batched == NameFeatures.listBits(of: items, batched: false))
    #expect(batched.count > 5_000)
  }

  /// A name label's index is its place in `nameLabels`; other labels have none.
  @Test func nameLabelIndexIsThePlaceInNameLabels() {
    for label in EntityLabel.allCases {
      #expect(NameFeatures.nameLabelIndex(label) == NameFeatures.nameLabels.firstIndex(of: label))
    }
  }
}
