import Foundation
import Testing

@testable import Khabar

/// Word lists are normalized and tokenized in one run per list (`RuleCompiler.ids(ofEach:)`);
/// it must give what one run per item gives.
@Suite struct ListCompilationTests {
  /// Every item of every bundled list, and items made to be awkward at their edges.
  @Test func oneRunGivesWhatARunPerItemGives() throws {
    var items: [String] = [
      "ووزير", "الـ", "ّ", "عبد الله", "  مسافة  ", "،", "2015", "A-B", "كلمة\u{200F}", "ـــ",
      "وزارة الدفاع الروسية", "",
    ]
    let folder = URL(fileURLWithPath: TestPaths.rules).appendingPathComponent("lists")
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    where name.hasSuffix(".txt") {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        items.append(String(line.split(separator: "\t").first ?? ""))
      }
    }
    #expect(items.count > 10_000)
    var one = RuleCompiler(
      lexicon: TokenVocabulary(), tries: [], listIndex: [:], tokenizer: try Tokenizer())
    var each = one
    let batched = one.ids(ofEach: items)
    let single = items.map { each.ids(of: $0) }
    #expect(batched == single)
    #expect(one.initial == each.initial)
    #expect(one.lexicon.count == each.lexicon.count)
  }
}
