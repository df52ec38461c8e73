import Foundation
import Testing

@testable import Khabar

/// The rule matcher's start filters, keys and requirement masks change no result: the filtered
/// mode finds exactly the matches of the reference mode that may produce something, the
/// reference mode running every rule at every token (`RuleMatcher.Mode`), and the two give the
/// same candidates, relations and output.
@Suite struct RuleMatcherReferenceTests {
  /// Two extractors over the bundled data, one per mode, each with its own trace.
  struct Pair {
    let filtered: Extractor
    let reference: Extractor

    init() throws {
      let gazetteer = try TestPaths.bundledGazetteer.get()
      let rules = try TestPaths.bundledRules.get()
      filtered = try Extractor(gazetteer: gazetteer, rules: rules)
      reference = try Extractor(gazetteer: gazetteer, rules: rules)
      reference.matching = .reference
      for extractor in [filtered, reference] { extractor.explain = true }
    }

    /// What both modes found in `text`.
    struct Counts {
      var matches = 0
      var relations = 0
    }

    /// Extracts `text` in both modes and expects the same matches (as sets: the filtered mode
    /// lists a start's rules by key, the reference mode in file order), the same candidates
    /// with the same fates (`--explain`) and byte-identical output lines.
    @discardableResult
    func compare(_ text: String, name: String) -> Counts {
      let traces = (MatchTrace(), MatchTrace())
      filtered.trace = traces.0
      reference.trace = traces.1
      let a = filtered.extract(text)
      let b = reference.extract(text)
      // Only the matches that may produce something: the filtered mode does not run a relation
      // rule where none could (`CompiledRule.productiveEntryItems`).
      let matches = (
        traces.0.matches.filter(\.mayProduce).sorted(),
        traces.1.matches.filter(\.mayProduce).sorted()
      )
      if matches.0 != matches.1 {
        let missing = Set(matches.1).subtracting(matches.0).sorted().prefix(5)
        let extra = Set(matches.0).subtracting(matches.1).sorted().prefix(5)
        Issue.record(
          """
          \(name): the filters change the matches (\(matches.0.count) filtered, \
          \(matches.1.count) reference)
          missed by the filters: \(missing.map(\.description))
          only with the filters: \(extra.map(\.description))
          """)
      }
      // And no match of the filtered mode the reference mode lacks, whatever it produces.
      let extraRaw = Set(traces.0.matches).subtracting(traces.1.matches)
      if !extraRaw.isEmpty {
        Issue.record(
          "\(name): only with the filters: \(extraRaw.sorted().prefix(5).map(\.description))")
      }
      // Compared as text, reported without the texts: an output line is kilobytes long.
      let explained = (
        a.decisions.map { JSONWriter.string($0.json) },
        b.decisions.map { JSONWriter.string($0.json) }
      )
      if explained.0 != explained.1 {
        Issue.record("\(name): the candidates or their fates differ (`--explain`)")
      }
      let article = Article(id: name, text: text)
      var lines: ([UInt8], [UInt8]) = ([], [])
      OutputRecord.writeResultLine(for: article, a, explain: true, into: &lines.0)
      OutputRecord.writeResultLine(for: article, b, explain: true, into: &lines.1)
      if lines.0 != lines.1 { Issue.record("\(name): the output lines differ") }
      return Counts(matches: matches.1.count, relations: b.relations.count)
    }
  }

  static let fixtureNames: [String] =
    (try? FixtureRunner.fixtureNames(in: TestPaths.fixtures)) ?? []

  @Test(arguments: fixtureNames)
  func fixtureGivesTheSameMatchesInBothModes(_ name: String) throws {
    let text = try String(contentsOfFile: "\(TestPaths.fixtures)/\(name).txt", encoding: .utf8)
    let counts = try Pair().compare(text, name: name)
    // The empty fixture has nothing to match; the others exercise the rules.
    if !text.isEmpty { #expect(counts.matches > 0, "\(name): no rule matched") }
  }

  /// The hand-annotated news articles beside the checkout (not part of the repository).
  static let newsGold = TestPaths.root.appendingPathComponent("../shared/data/news-gold")
    .standardized.path

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: newsGold),
      "the shared news-gold articles are not beside the checkout"))
  func newsGoldArticlesGiveTheSameMatchesInBothModes() throws {
    let names = try FileManager.default.contentsOfDirectory(
      atPath: RuleMatcherReferenceTests.newsGold
    )
    .filter { $0.hasSuffix(".txt") }.sorted()
    #expect(names.count >= 30)
    let pair = try Pair()
    var total = Pair.Counts()
    for name in names {
      let text = try String(
        contentsOfFile: "\(RuleMatcherReferenceTests.newsGold)/\(name)", encoding: .utf8)
      let counts = pair.compare(text, name: name)
      total.matches += counts.matches
      total.relations += counts.relations
    }
    // Real news: many matches and relations, or the comparison compared nothing.
    #expect(total.matches > 500)
    #expect(total.relations > 50)
  }

  /// Texts aimed at the filters: an entry's own second step (`CompiledRule.continuationItems`:
  /// في then قصر, بقصر then a name), requirements missing to a sentence's end and found only
  /// past a start's 64-token reach (`RuleSet.Phase.requirementMasks`, `failsBefore`), and a
  /// repetition's copies sharing one test (`RuleMatcher.TestMemo`).
  @Test func filterEdgesGiveTheSameMatchesInBothModes() throws {
    let pair = try Pair()
    let filler = Array(repeating: "كلمة", count: 70).joined(separator: " ")
    let texts = [
      "وصل الوفد إلى قصر اليمامة في الرياض. وأقيم الحفل بقصر الحكم ثم في دار الإيواء ولدار الأيتام.",
      "في الرياض من القصر إلى دار في حديقة الملك فهد أمام منتزه السودة داخل مخيم الزعتري.",
      "التقى الرئيس \(filler) وزير الخارجية السعودي عادل الجبير في قصر اليمامة.",
      "في \(filler) قصر اليمامة. زار ولي العهد الأمير محمد بن سلمان القاهرة \(filler) اليوم.",
      "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في الرياض اليوم رئيس وزراء "
        + "باكستان نواز شريف، وبحث معه العلاقات الثنائية.",
    ]
    var total = Pair.Counts()
    for (i, text) in texts.enumerated() {
      let counts = pair.compare(text, name: "edge \(i)")
      total.matches += counts.matches
    }
    #expect(total.matches > 5)
  }

  /// Every word requirement of the bundled rules has a bit (`RuleSet.StartKeys.banks`).
  ///
  /// With a bit, a sentence's masks refuse a rule at once; past one bank of 64 they had none
  /// and were scanned at every start. Today's rules fill three banks: the second and third are
  /// read by the comparisons above.
  @Test func everyBundledWordRequirementHasABit() throws {
    let rules = try TestPaths.bundledRules.get()
    for phase in rules.phases + (rules.relationPhase.map { [$0] } ?? []) {
      for (k, masks) in phase.requirementMasks.enumerated() {
        #expect(masks.complete, "\(phase.name): requirement \(k) has no bit")
        #expect(Int(masks.bank) < rules.starts.banks)
      }
    }
  }

  /// A rule's requirements folded into one mask per bank, labels and kinds
  /// (`FoldedRequirements`) refuse a start exactly when one of its requirements, checked alone,
  /// is missing from what lies ahead: for every rule of the bundled phases, over random masks of
  /// what a sentence holds.
  @Test func foldedRequirementsAnswerAsEachRequirementAlone() throws {
    let rules = try TestPaths.bundledRules.get()
    var random = SplitMix64(seed: 0x464F_4C44)
    var refused = 0
    var checks = 0
    let phases =
      rules.phases + [rules.relationPhase, rules.eventRelationPhase].compactMap { $0 }
    for phase in phases {
      #expect(phase.foldedRequirements.count == phase.rules.count)
      for (r, folded) in phase.foldedRequirements.enumerated() {
        let first = Int(folded.first)
        let end =
          r + 1 < phase.foldedRequirements.count
          ? Int(phase.foldedRequirements[r + 1].first) : phase.requirementMasks.count
        let masks = phase.requirementMasks[first..<end]
        #expect(masks.count == phase.rules[r].requirements.count)
        for _ in 0..<200 {
          // Sparse masks and dense ones, so that rules are refused and taken: a rule of several
          // requirements is refused by most sparse masks.
          let dense = random.next() % 2 == 0
          func bits<T: FixedWidthInteger>(_: T.Type) -> T {
            let (a, b, c) = (random.next(), random.next(), random.next())
            return T(truncatingIfNeeded: dense ? a | b | c : a & b & c)
          }
          let labels = bits(UInt16.self)
          let kinds = bits(UInt8.self)
          let words = (0..<4).map { _ in bits(UInt64.self) }
          let alone = masks.contains { m in
            m.complete && labels & m.labels == 0 && words[Int(m.bank)] & m.words == 0
              && kinds & m.kinds == 0
          }
          let together =
            words[0] & folded.words.0 != folded.words.0
            || words[1] & folded.words.1 != folded.words.1
            || words[2] & folded.words.2 != folded.words.2
            || words[3] & folded.words.3 != folded.words.3
            || kinds & folded.kinds != folded.kinds || labels & folded.labels != folded.labels
            || phase.requirementMasks[first..<Int(folded.unfoldedEnd)].contains { m in
              labels & m.labels == 0 && words[Int(m.bank)] & m.words == 0
                && kinds & m.kinds == 0
            }
          #expect(alone == together, "\(phase.name): \(phase.rules[r].spec.name)")
          #expect(folded.complete == masks.allSatisfy(\.complete))
          #expect(folded.readsLabels == masks.contains { $0.complete && $0.labels != 0 })
          if alone { refused += 1 }
          checks += 1
        }
      }
    }
    // Both answers were given often, or the comparison compared little.
    #expect(refused > checks / 10)
    #expect(refused < checks * 9 / 10)
  }

  /// `holds-title.before` is not run where only its PERSON entry takes the start: no title
  /// before the name, no relation (`CompiledRule.productiveEntryItems`).
  @Test func titleBeforeNameRunsOnlyWhereATitleMayBe() throws {
    let rules = try TestPaths.bundledRules.get()
    let rule = try #require(
      rules.relationPhase?.rules.first { $0.spec.name == "holds-title.before" })
    let productive = try #require(rule.productiveEntryItems)
    #expect(productive.count < rule.entryItems.count)
    #expect(!productive.contains(Int32(EntityLabel.person.precedence) << 2 | 2))
  }

  /// Random token sequences drawn from the words the rules and gazetteers name, with
  /// proclitics, punctuation and digits between them.
  @Test func generatedTokenSequencesGiveTheSameMatchesInBothModes() throws {
    let rules = try TestPaths.bundledRules.get()
    let gazetteer = try TestPaths.bundledGazetteer.get()
    func words(_ vocabulary: TokenVocabulary) -> [String] {
      (0..<vocabulary.count).map { String(decoding: Array(vocabulary.key($0)), as: UTF16.self) }
    }
    let ruleWords = words(rules.lexicon)
    // List items as written (with their diacritics and spaces): whole phrases match.
    let listItems = rules.lists.keys.sorted().flatMap { rules.lists[$0]?.items.map(\.text) ?? [] }
    let gazetteerWords = words(gazetteer.vocabulary)
    let punctuation = ["،", ".", "؟", ":", "(", ")", "-", "«", "»", "\n", "!", "/"]
    let digits = ["20", "2015", "١٧", "3", "1436", "09:50", "٢٠٢٣"]
    let proclitics = ["و", "ب", "ل", "ف", "ك", "وب", "لل", "وال"]
    var random = SplitMix64(seed: 0x4D41_5443)
    func pick(_ pool: [String]) -> String { pool[Int(random.next() % UInt64(pool.count))] }
    let pair = try Pair()
    var total = Pair.Counts()
    for sequence in 0..<1000 {
      var parts: [String] = []
      for _ in 0..<(3 + Int(random.next() % 40)) {
        var part: String
        switch random.next() % 20 {
        case 0..<7: part = pick(listItems)
        case 7..<11: part = pick(ruleWords)
        case 11..<15: part = pick(gazetteerWords)
        case 15..<18: part = pick(punctuation)
        default: part = pick(digits)
        }
        if random.next() % 6 == 0 { part = pick(proclitics) + part }
        parts.append(part)
      }
      let counts = pair.compare(parts.joined(separator: " "), name: "generated \(sequence)")
      total.matches += counts.matches
      total.relations += counts.relations
    }
    // The sequences are dense in rule words: they must make the rules match, relations included.
    #expect(total.matches > 300)
    #expect(total.relations > 0)
  }
}
