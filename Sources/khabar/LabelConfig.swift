import ArgumentParser
import Khabar

struct LabelConfig: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "label-config",
    abstract: "Print the Label Studio labeling configuration for --format label-studio.",
    discussion: """
      The configuration (XML) has every entity label (PERSON, TITLE, COUNTRY, NORP, \
      LOCATION, ORGANIZATION, EVENT, DOCUMENT, DATE) as a Labels choice named "label", \
      every relation predicate as a Relation, and the text, named "text", shown right to \
      left: the names the tasks of `khabar extract --format label-studio` use.

      Example:
        khabar label-config > config.xml
      """
  )

  func run() {
    print(LabelStudioExport.labelConfiguration(), terminator: "")
  }
}
