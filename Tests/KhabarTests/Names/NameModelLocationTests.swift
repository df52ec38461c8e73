import Foundation
import Testing

@testable import Khabar

@Suite struct NameModelLocationTests {
  @Test func bundledModelIsFoundAndLoads() throws {
    let located = DataLocator.locate("Models", override: nil)
    let folder = try #require(located.found)
    #expect(folder.hasSuffix("Models"))
    let names = try TestPaths.bundledNames.get()
    #expect(names.model.featureCount > 1000)
    // A name the gazetteers do not list alone (only جان إيف لودريان), after a verb of saying.
    let extractor = try Extractor(
      gazetteer: TestPaths.bundledGazetteer.get(), rules: TestPaths.bundledRules.get())
    extractor.names = names
    let entities = extractor.extract("وأضاف لودريان أن المحادثات ستستمر.").entities
    let person = try #require(entities.first { $0.label == .person })
    #expect(person.text == "لودريان")
    #expect(person.source == "model:names")
    #expect(person.attributes.contains { $0.0 == "score" })
  }

  @Test func khabarModelsNamesTheFolder() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let located = DataLocator.locate(
      "Models", override: nil, environment: ["KHABAR_MODELS": folder.path], executablePath: nil)
    #expect(located.found == folder.path)
  }

  @Test func unusableModelExitsWithStatus2() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("none.model").path
    let absent = try runProcess(
      TestPaths.khabar, ["extract", "--model", missing, "-"], input: Data())
    #expect(absent.status == 2)
    #expect(absent.stderr.contains("\(missing): error: no such model file"))
    let bundled = try Data(
      contentsOf: DataLocator.sourceRoot.appendingPathComponent("Models/names.model"))
    let cut = folder.appendingPathComponent("cut.model")
    try bundled.prefix(bundled.count / 2).write(to: cut)
    let truncated = try runProcess(
      TestPaths.khabar, ["extract", "--model", cut.path, "-"], input: Data())
    #expect(truncated.status == 2)
    #expect(truncated.stderr.contains("\(cut.path): error: checksum mismatch"))
    let without = try runProcess(
      TestPaths.khabar, ["extract", "--no-model", "-"],
      input: Data(#"{"id": "a", "text": "وأضاف موغريني أن المحادثات ستستمر."}"#.utf8))
    #expect(without.status == 0)
    #expect(!without.stderr.contains("model"))
    #expect(!String(decoding: without.stdout, as: UTF8.self).contains("model:names"))
  }
}
