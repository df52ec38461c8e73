import Foundation
import Testing

@testable import Khabar

/// The name model's per-type sums (`TypeScores`) change no result: an extractor that sums
/// each token type's features once, keeping the sums across articles, gives the output of one
/// that looks up every feature of every token, and so does one whose cache is emptied before
/// every article.
@Suite struct TypeScoresTests {
  struct Trio {
    let cached: Extractor
    let emptied: Extractor
    let reference: Extractor

    init() throws {
      let gazetteer = try TestPaths.bundledGazetteer.get()
      let rules = try TestPaths.bundledRules.get()
      let names = try TestPaths.bundledNames.get()
      cached = try Extractor(gazetteer: gazetteer, rules: rules)
      emptied = try Extractor(gazetteer: gazetteer, rules: rules)
      reference = try Extractor(gazetteer: gazetteer, rules: rules)
      emptied.nameScores = TypeScores(capacity: 1)
      reference.nameScores = nil
      for extractor in [cached, emptied, reference] { extractor.names = names }
    }

    /// The output line of `text` from each extractor; records an issue where they differ and
    /// returns the number of model entities.
    @discardableResult
    func compare(_ text: String, name: String) -> Int {
      let article = Article(id: name, text: text)
      var lines: [[UInt8]] = []
      var modelEntities = 0
      for extractor in [cached, emptied, reference] {
        let extraction = extractor.extract(text)
        modelEntities = extraction.entities.filter { $0.source == NameRecognizer.source }.count
        var line: [UInt8] = []
        OutputRecord.writeResultLine(for: article, extraction, explain: false, into: &line)
        lines.append(line)
      }
      if lines[0] != lines[2] { Issue.record("\(name): the type sums change the output") }
      if lines[1] != lines[2] { Issue.record("\(name): emptying the sums changes the output") }
      return modelEntities
    }
  }

  @Test func fixturesGiveTheSameOutputWithAndWithoutTheSums() throws {
    let trio = try Trio()
    var found = 0
    for name in try FixtureRunner.fixtureNames(in: TestPaths.fixtures) {
      let text = try String(contentsOfFile: "\(TestPaths.fixtures)/\(name).txt", encoding: .utf8)
      found += trio.compare(text, name: name)
    }
    // The fixtures name people and organizations no list holds: the model finds some.
    #expect(found > 0)
  }

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: RuleMatcherReferenceTests.newsGold),
      "the shared news-gold articles are not beside the checkout"))
  func newsGoldGivesTheSameOutputWithAndWithoutTheSums() throws {
    let folder = RuleMatcherReferenceTests.newsGold
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".txt") }.sorted()
    #expect(names.count >= 30)
    let trio = try Trio()
    var found = 0
    for name in names {
      let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
      found += trio.compare(text, name: name)
    }
    #expect(found > 50)
  }

  /// Hostile text: the same word as different kinds, digits, Latin, marks, a huge token.
  @Test func hostileTextGivesTheSameOutputWithAndWithoutTheSums() throws {
    let trio = try Trio()
    let texts = [
      "", "«", "قال قال قال قال", "2015 ٢٠١٥ #السعودية @user http://x.y/z",
      String(repeating: "محمد ", count: 3000),
      String(repeating: "ب", count: 5000) + " وزير الخارجية عادل الجبير",
      "Hello World. مرحبا! 😀 وروسيا، ولبنان؛ \u{200F}السعودية\u{200E}",
    ]
    for (k, text) in texts.enumerated() { trio.compare(text, name: "hostile-\(k)") }
  }

  /// Sums kept for one set of features are not read for another (other word lists) over the
  /// same model: they are summed anew, as a new cache would.
  @Test func otherFeaturesOverTheSameModelEmptyTheSums() throws {
    let bundled = try TestPaths.bundledNames.get()
    let bare = NameFeatures(lists: [:])
    let text = try Extractor(gazetteer: TestPaths.bundledGazetteer.get())
      .tokenize("وقال السيد خالد العمري إن وزير الخارجية التقى نظيره في الرياض أمس.")
    let reused = TypeScores()
    let withLists = reused.emissions(
      text, candidates: [], features: bundled.features, model: bundled.model)
    let afterSwitch = reused.emissions(text, candidates: [], features: bare, model: bundled.model)
    let fresh = TypeScores().emissions(
      text, candidates: [], features: bare, model: bundled.model)
    #expect(afterSwitch == fresh)
    // The lists weigh (السيد is an honorific, قال a verb of saying): the sums differ.
    #expect(withLists != fresh)
  }

  /// The type key and the kind feature number kinds alike: `TypeScores.kindIndex` is the
  /// kind's place in `TokenKind.allCases`.
  @Test func kindIndexIsThePlaceInAllCases() {
    for (k, kind) in TokenKind.allCases.enumerated() {
      #expect(Int(TypeScores.kindIndex(kind)) == k)
    }
  }

  /// A cache too small for the articles keeps the types it used most when it fills (and drops
  /// the rest): what it keeps and what it sums anew give the output of no cache at all, and it
  /// never holds more types than its capacity, unless one article has more.
  @Test func aSmallCacheKeepsItsFrequentTypesAndChangesNoResult() throws {
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let rules = try TestPaths.bundledRules.get()
    let names = try TestPaths.bundledNames.get()
    let small = try Extractor(gazetteer: gazetteer, rules: rules)
    let reference = try Extractor(gazetteer: gazetteer, rules: rules)
    let sums = TypeScores(capacity: 300)
    small.nameScores = sums
    reference.nameScores = nil
    small.names = names
    reference.names = names
    var compared = 0
    var filled = false
    for name in try FixtureRunner.fixtureNames(in: TestPaths.fixtures) {
      let text = try String(contentsOfFile: "\(TestPaths.fixtures)/\(name).txt", encoding: .utf8)
      let tokens = small.tokenize(text).tokens.count
      let before = sums.count
      let lines = [small, reference].map { extractor -> [UInt8] in
        var line: [UInt8] = []
        OutputRecord.writeResultLine(
          for: Article(id: name, text: text), extractor.extract(text), explain: false, into: &line)
        return line
      }
      #expect(lines[0] == lines[1], "\(name): the small cache changes the output")
      #expect(sums.count <= max(300, tokens))
      // The cache filled (and made room) at least once.
      if before + tokens > 300 && before > 0 { filled = true }
      compared += 1
    }
    #expect(compared > 5)
    #expect(filled)
  }

  /// A cache that fills and makes room (its types numbered anew, its pairs of types emptied)
  /// gives every article the emission scores of a new cache, bit for bit: no sum and no
  /// bigram's weights kept under a type's old number is read for another type.
  @Test func aCacheThatMakesRoomGivesTheScoresOfANewOne() throws {
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let rules = try TestPaths.bundledRules.get()
    let names = try TestPaths.bundledNames.get()
    let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
    let small = TypeScores(capacity: 200)
    var compared = 0
    let fixtures = try FixtureRunner.fixtureNames(in: TestPaths.fixtures)
    // Each text twice: the second time its pairs of types are found in the cache.
    for name in fixtures + fixtures {
      let text = try String(contentsOfFile: "\(TestPaths.fixtures)/\(name).txt", encoding: .utf8)
      let (tokens, candidates) = extractor.nameEvidence(text)
      let kept = small.emissions(
        tokens, candidates: candidates, features: names.features, model: names.model)
      let new = TypeScores().emissions(
        tokens, candidates: candidates, features: names.features, model: names.model)
      #expect(kept.map(\.bitPattern) == new.map(\.bitPattern), "\(name)")
      compared += 1
    }
    #expect(compared > 10)
  }

  /// An article's pairs of types not yet kept are looked up after the loop over its pairs, a
  /// pair that comes again in the article once more: the scores of an article whose pairs all
  /// come twice, from a new cache, are those of the same article once its pairs are kept.
  @Test func pairsMissedTwiceInOneArticleGetTheWeightsOfPairsFound() throws {
    let gazetteer = try TestPaths.bundledGazetteer.get()
    let rules = try TestPaths.bundledRules.get()
    let names = try TestPaths.bundledNames.get()
    let extractor = try Extractor(gazetteer: gazetteer, rules: rules)
    let sentence = "قال وزير الخارجية الأمير سعود الفيصل في الرياض إن المملكة ترحب بالاتفاق"
    let text = [sentence, sentence, sentence].joined(separator: " و")
    let (tokens, candidates) = extractor.nameEvidence(text)
    let scores = TypeScores()
    let missed = scores.emissions(
      tokens, candidates: candidates, features: names.features, model: names.model)
    let found = scores.emissions(
      tokens, candidates: candidates, features: names.features, model: names.model)
    #expect(missed.count == tokens.tokens.count * NameTag.count)
    #expect(missed.map(\.bitPattern) == found.map(\.bitPattern))
    // Some pair has weights in the model: the comparison reads bigrams.
    #expect(missed.contains { $0 != 0 })
  }

  /// What the article reads of a type's atom rides in lane 7 of its five vectors of sums: written
  /// after the sums and read back with them, every bit of its core, lists and pair start comes
  /// back (halves of a hash that read as a signalling NaN, a subnormal or -0 too), and the
  /// weights in lanes 0–6 are untouched.
  ///
  /// The token's hash is not kept (0).
  @Test(arguments: [
    (UInt64(0x7F80_0001_FF80_0001), UInt64(0x0000_0001_8000_0000), UInt32(0x7FC0_0000)),
    (UInt64.max, UInt64(0), UInt32(0x1_FFFF)),
    (UInt64(0xCBF2_9CE4_8422_2325), UInt64(0x0000_0100_0000_01B3), UInt32(0)),
  ])
  func anAtomInLaneSevenComesBackBitForBit(token: UInt64, core: UInt64, lists: UInt32) {
    var weights = [SIMD8<Float>](repeating: .zero, count: 5)
    for k in 0..<5 {
      for lane in 0..<7 { weights[k][lane] = Float(k * 10 + lane) - 20.5 }
    }
    var row = weights
    let atom = NameFeatures.Atom(token: token, core: core, lists: lists)
    row.withUnsafeMutableBufferPointer { TypeScores.Cache.store(atom, in: $0.baseAddress!) }
    // Copied as the cache copies rows (whole vectors) before it reads them.
    let copy = Array(row)
    let back = TypeScores.Cache.atom(
      (
        copy[0][7].bitPattern, copy[1][7].bitPattern, copy[2][7].bitPattern,
        copy[3][7].bitPattern, copy[4][7].bitPattern
      ))
    #expect(back.atom.token == 0 && back.atom.core == core && back.atom.lists == lists)
    #expect(back.pairStart == TypeScores.Cache.pairStart(core))
    for k in 0..<5 {
      for lane in 0..<7 { #expect(copy[k][lane].bitPattern == weights[k][lane].bitPattern) }
    }
  }

  /// A core pair's hash, gone on from the first core's `pairStart`, is the hash
  /// `NameFeatures.corePairs` makes of the two cores.
  @Test func aPairHashGoesOnFromTheFirstCoresStart() {
    let atoms = [UInt64(0), 1, 0x7F80_0001_FF80_0001, .max, 0xCBF2_9CE4_8422_2325].map {
      NameFeatures.Atom(token: 0, core: $0, lists: 0)
    }
    let pairs = NameFeatures.corePairs(atoms)
    for k in 0..<(atoms.count - 1) {
      var h = FeatureHash(continuing: TypeScores.Cache.pairStart(atoms[k].core))
      h.add(atoms[k + 1].core)
      #expect(h.value == pairs[k])
    }
  }
}
