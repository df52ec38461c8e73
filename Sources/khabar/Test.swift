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

      --update rewrites the expected files with the current output (review the diff first), \
      and rewrites a passing fixture's file that is not laid out as --update writes it.

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
    if names.isEmpty {
      CommandSupport.fail("\(folder): no fixtures (NAME.txt with NAME.expected.jsonl)")
    }
    let runner = FixtureRunner(extractor: try data.extractor())
    var failed = 0
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
    print("")
    print("label          TP   FP   FN   precision  recall   F1")
    for label in counts.keys.sorted() {
      guard let c = counts[label] else { continue }
      print(
        label.padding(toLength: 13, withPad: " ", startingAt: 0)
          + String(
            format: "%4d %4d %4d   %7.1f  %7.1f  %5.1f", c.truePositives, c.falsePositives,
            c.falseNegatives, c.precision * 100, c.recall * 100, c.f1 * 100))
    }
    print("")
    print("\(names.count - failed) passed, \(failed) failed")
    if failed > 0 { throw ExitCode(1) }
  }
}
