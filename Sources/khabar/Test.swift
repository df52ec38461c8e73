import ArgumentParser
import Foundation
import Khabar

struct Test: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the rules against every fixture and compare with the reviewed output.",
    discussion: """
      A fixture is NAME.txt with its reviewed output NAME.expected.jsonl in the folder \
      (default: Fixtures/ of the checkout), written one entity and one relation per line \
      without ids. Each failing fixture gets a readable diff — missing, unexpected and \
      changed entities with their text and offsets, and changed relations, their endpoints \
      named by type and span, never by id — then per-label precision, recall and F1 over all \
      fixtures (the reviewed files are the gold). Exit status 1 on any difference.

      Gold fixtures (FOLDER/gold/NAME.txt with NAME.gold.json, added by `khabar fixture add`; \
      or FOLDER itself when it holds *.gold.json files) are scored: per label and per \
      predicate, an entity counts when the output has its label and exact span, a relation \
      when the output has its predicate and both arguments' exact spans. Each label and \
      predicate in the annotation or the output must reach the F1 threshold the fixture states \
      ("threshold": {"f1": 1.0}, the default, with "labels" and "predicates" for exceptions); \
      misses and extras are listed with their text. Exit status 1 when one is below.

      --update rewrites the expected files with the current output (review the diff first), \
      and rewrites a passing fixture's file that is not laid out as --update writes it; it \
      never touches gold fixtures.

      Examples:
        khabar test
        khabar test Fixtures/ --update
      """
  )

  @Argument(help: "The fixture folder.")
  var directory: String?

  @Flag(help: "Rewrite the expected files with the current output (after reviewing the diff).")
  var update = false

  @OptionGroup var data: DataOptions

  mutating func run() throws {
    let folder = directory ?? DataLocator.locate("Fixtures", override: nil).found ?? "Fixtures"
    let names: [String]
    do {
      names = try FixtureRunner.fixtureNames(in: folder)
    } catch {
      CommandSupport.fail("\(folder): cannot list fixtures: \(error.localizedDescription)")
    }
    let goldFolder = Test.goldFolder(of: folder)
    let goldNames = GoldFixture.names(in: goldFolder)
    if names.isEmpty && goldNames.isEmpty {
      CommandSupport.fail(
        "\(folder): no fixtures (NAME.txt with NAME.expected.jsonl, or gold/NAME.txt with NAME.gold.json)"
      )
    }
    let runner = FixtureRunner(extractor: try data.extractor())
    var failed = 0
    var goldFailed = 0
    var counts: [String: FixtureRunner.LabelCounts] = [:]
    for name in names {
      let outcome = try runner.run(name, in: folder)
      if let expected = outcome.expected,
        let e = try? JSONParser.parse(Array(expected.utf8)),
        let a = try? JSONParser.parse(Array(outcome.actual.utf8))
      {
        FixtureRunner.count(expected: e, actual: a, into: &counts)
      }
      if outcome.passed {
        if outcome.fileIsCurrent {
          print("PASS \(name)")
        } else if update {
          try FixtureRunner.update(outcome, in: folder)
          print(
            "PASS \(name) (rewrote \(name)\(FixtureRunner.expectedSuffix) one entity and relation per line)"
          )
        } else {
          print(
            "PASS \(name) (\(name)\(FixtureRunner.expectedSuffix) is not laid out as --update writes it)"
          )
        }
        continue
      }
      print("FAIL \(name)")
      for difference in outcome.differences { print("  \(difference)") }
      if update {
        try FixtureRunner.update(outcome, in: folder)
        print("  updated \(name)\(FixtureRunner.expectedSuffix)")
      } else {
        failed += 1
      }
    }
    if !counts.isEmpty {
      print("")
      print("label          TP   FP   FN   precision  recall   F1")
    }
    for label in counts.keys.sorted() {
      guard let c = counts[label] else { continue }
      print(
        label.padding(toLength: 13, withPad: " ", startingAt: 0)
          + String(
            format: "%4d %4d %4d   %7.1f  %7.1f  %5.1f", c.truePositives, c.falsePositives,
            c.falseNegatives, c.precision * 100, c.recall * 100, c.f1 * 100))
    }
    // A blank line before each gold fixture's report, except at the top of the output.
    var printed = !names.isEmpty
    func separate() {
      if printed { print("") }
      printed = true
    }
    for name in goldNames {
      let place = (goldFolder as NSString).appendingPathComponent(name)
      let fixture: GoldFixture
      do {
        fixture = try GoldFixture.load(name, in: goldFolder)
      } catch {
        separate()
        print("FAIL gold \(place)")
        for problem in error.problems { print("  \(problem)") }
        goldFailed += 1
        continue
      }
      let score = GoldScore(fixture, extraction: runner.extractor.extract(fixture.text))
      let e = score.entityTotal
      let r = score.relationTotal
      separate()
      print(
        "\(score.passed ? "PASS" : "FAIL") gold \(place): entities F1 \(Test.format(e.f1)), "
          + "relations F1 \(Test.format(r.f1))")
      for line in score.report(threshold: fixture.threshold) { print("  \(line)") }
      for failure in score.failures { print("  below the threshold: \(failure)") }
      if !score.passed { goldFailed += 1 }
    }
    print("")
    var summary = "\(names.count - failed) passed, \(failed) failed"
    if !goldNames.isEmpty {
      summary += "; gold: \(goldNames.count - goldFailed) passed, \(goldFailed) failed"
    }
    print(summary)
    if failed + goldFailed > 0 { throw ExitCode(1) }
  }

  /// Where the gold fixtures of fixture folder `folder` are: `folder/gold`, or `folder` itself
  /// when it holds `*.gold.json` files.
  static func goldFolder(of folder: String) -> String {
    GoldFixture.names(in: folder).isEmpty
      ? (folder as NSString).appendingPathComponent("gold") : folder
  }

  /// `0.667`.
  static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
