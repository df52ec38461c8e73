import Testing

@testable import Khabar

/// Every article-wide look-up stays linear in the article.
///
/// Counted in steps (`WorkCount`), not timed. Each article here repeats one sentence `n` times;
/// a look-up that scans the article per match would take about `n²` steps, a linear one a few
/// per sentence. The time per MiB of large articles is measured by `Benchmarks/linear.sh`.
@Suite struct LinearWorkTests {
  static let n = 1_000

  static func extract(_ text: String) throws -> Extraction {
    try BundledRulesTests.extractor().extract(text)
  }

  /// Pair words (البلدين) are resolved from a running index of the countries before them, not
  /// by scanning every entity of the article per match.
  @Test func pairWordsLookAtEachCountryOnce() throws {
    let text =
      "أجرت إيران وروسيا مناورات مشتركة.\n"
      + String(repeating: "مناورات مشتركة بين البلدين.\n", count: LinearWorkTests.n)
    let extraction = try LinearWorkTests.extract(text)
    #expect(
      extraction.work.pairSteps <= 4 * (extraction.entities.count + LinearWorkTests.n),
      "\(extraction.work)")
    // Both countries take part in the event of every sentence with the pair word.
    let participants = extraction.relations.filter { $0.predicate == .participatesIn }
    #expect(participants.count == 2)
    #expect(
      participants.allSatisfy { $0.evidence.count == LinearWorkTests.n },
      "\(participants.map(\.evidence.count))")
  }

  /// With no two countries before it, a pair word stands for nothing, in every sentence.
  @Test func unresolvedPairWordsLookAtEachEntityOnce() throws {
    let text = String(repeating: "مناورات مشتركة بين البلدين.\n", count: LinearWorkTests.n)
    let extraction = try LinearWorkTests.extract(text)
    #expect(
      extraction.work.pairSteps <= 4 * (extraction.entities.count + LinearWorkTests.n),
      "\(extraction.work)")
    #expect(extraction.relations.isEmpty)
  }

  /// Bare titles are resolved from per-token marks and per title text, not by scanning the
  /// article's entities and holders per title: n holders (one person) and n bare titles.
  @Test func bareTitlesFindTheirHolderInLinearWork() throws {
    let text = String(
      repeating: "قال وزير الحج بندر حجار كلاما.\nوزار الوزير مكة المكرمة.\n",
      count: LinearWorkTests.n)
    let extraction = try LinearWorkTests.extract(text)
    #expect(
      extraction.work.titleSteps <= 4 * (extraction.entities.count + LinearWorkTests.n),
      "\(extraction.work)")
    // Every bare الوزير is Bandar Hajjar's, and so is each visit.
    let visits = extraction.relations.filter { $0.predicate == .visited }
    #expect(visits.count == 1)
    #expect(visits.first?.evidence.count == LinearWorkTests.n)
    let referring = extraction.entities.filter {
      $0.label == .title && $0.attributes.contains { $0.0 == "refers_to" }
    }
    #expect(referring.count == LinearWorkTests.n)
  }

  /// A relation stated in every sentence is reported once, its evidence merged in linear work.
  @Test(arguments: ["زار الرئيس الروسي فلاديمير بوتين إيران.\n", "قال اللواء محمد باقري كلاما.\n"])
  func repeatedRelationMergesInLinearWork(sentence: String) throws {
    let extraction = try LinearWorkTests.extract(
      String(repeating: sentence, count: LinearWorkTests.n))
    #expect(!extraction.relations.isEmpty)
    #expect(extraction.work.evidenceSteps <= 10 * LinearWorkTests.n, "\(extraction.work)")
  }

  /// The result for `n` copies of a sentence is the one-sentence result `n` times: the same
  /// relations (ids, triples, rules), each with the one-sentence evidence shifted to every copy,
  /// in order.
  @Test(arguments: [
    "زار الرئيس الروسي فلاديمير بوتين إيران.\n", "قال اللواء محمد باقري كلاما.\n",
    "بدأت مناورات بحرية مشتركة بين الصين وباكستان.\n",
  ])
  func copiesOfASentenceRepeatTheEvidence(sentence: String) throws {
    let copies = 300
    let one = try LinearWorkTests.extract(sentence)
    let many = try LinearWorkTests.extract(String(repeating: sentence, count: copies))
    let length = sentence.unicodeScalars.count
    #expect(!one.relations.isEmpty)
    #expect(many.relations.map(\.triple) == one.relations.map(\.triple))
    #expect(many.relations.map(\.rule) == one.relations.map(\.rule))
    #expect(many.entities.count == copies * one.entities.count)
    for (a, b) in zip(one.relations, many.relations) {
      let expected = (0..<copies).flatMap { k in
        a.evidence.map { ($0.lowerBound + k * length)..<($0.upperBound + k * length) }
      }
      #expect(b.evidence == expected, "\(a.triple)")
    }
  }
}
