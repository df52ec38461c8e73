import ArgumentParser
import Khabar

@main
struct KhabarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "khabar",
    abstract:
      "Extract people, places, organizations, events, documents and dates from Arabic news.",
    discussion: """
      Example:
        khabar extract Fixtures/000_e13e31a73540851b.txt
        khabar extract corpus.jsonl -o entities.jsonl
        khabar eval ../shared/data/wojood-sample/val.txt --map wojood
      """,
    version: Version.current,
    subcommands: [
      Extract.self, Inspect.self, Test.self, Eval.self, Train.self, Fixture.self, LabelConfig.self,
    ]
  )
}
