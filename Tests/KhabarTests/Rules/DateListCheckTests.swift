import Foundation
import Testing

@testable import Khabar

/// The list values a date rule reads are checked when the rules load: a unit the code does not
/// know (`week:` once was one) is an error at the list's line, not a date without a value.
@Suite struct DateListCheckTests {
  static let dateRule =
    "rule d\n  match (weekday:@days | month:@months)? rel:@rel\n  emit DATE value=date"

  @Test func badValuesOfCapturedListsAreErrorsAtTheirPlace() {
    let lists = [
      (
        "rel",
        "# codes\nغدا\tday:+1\nبعد أسبوعين\tfortnight:+2\nالقادم\tweek+1\nأمس\nبعد قرن\tyear:+100000\nالأسبوع المقبل\t  week:+1\n"
      ),
      ("months", "يناير\t1\nفبراير\t13\n"),
      ("days", "الاثنين\t1\nالأحد\tSunday\n"),
    ]
    // In the order the rule names the lists.
    #expect(
      RuleLanguageTests.errors(DateListCheckTests.dateRule, lists: lists) == [
        "lists/days.txt:2:7: error: bad weekday number 'Sunday' (expected a weekday number, 1 (Monday) to 7 (Sunday))",
        "lists/months.txt:2:8: error: bad month number '13' (expected a month number, 1 to 12)",
        "lists/rel.txt:3:13: error: unknown unit 'fortnight' in relative date 'fortnight:+2' (expected day, week, month, year)",
        "lists/rel.txt:4:8: error: bad relative date 'week+1' (expected UNIT:N, as 'week:+1', with N at most 9999)",
        "lists/rel.txt:5:1: error: 'أمس' has no value (a date reads it as 'rel': expected a relative date code UNIT:N, as 'week:+1')",
        "lists/rel.txt:6:9: error: bad relative date 'year:+100000' (expected UNIT:N, as 'week:+1', with N at most 9999)",
      ])
  }

  @Test func listsNoDateRuleReadsAreNotChecked() {
    let lists = [
      ("rel", "بعد أسبوعين\tfortnight:+2\n"), ("months", "يناير\t1\n"), ("days", "الاثنين\t1\n"),
    ]
    // The same captures, but the rule emits no date value: the list values are only text.
    let rule =
      "rule d\n  match (weekday:@days | month:@months)? rel:@rel\n  emit DATE kind=rel.value"
    #expect(RuleLanguageTests.errors(rule, lists: lists) == [])
    #expect(RuleLanguageTests.errors(DateListCheckTests.dateRule, lists: lists).count == 1)
  }

  /// Regression: `week:` codes of the bundled list read, and gave no value.
  @Test func everyBundledRelativeDateGetsAValue() throws {
    var diagnostics: [Diagnostic] = []
    let path = "\(TestPaths.rules)/lists/relative-dates.txt"
    let list = WordList.parse(
      try String(contentsOfFile: path, encoding: .utf8), name: "relative-dates", file: path,
      diagnostics: &diagnostics)
    #expect(list.items.count > 50)
    for item in list.items {
      #expect(
        DateValue.anchored(value: nil, relative: item.value, weekday: nil, anchor: "2015-12-06")
          != nil, "\(item.text)")
    }
  }
}
