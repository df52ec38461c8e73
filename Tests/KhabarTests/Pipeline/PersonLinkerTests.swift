import Testing

@testable import Khabar

/// A one-word name the model took for a place or a body is the person whose family name it
/// is, once the article names that person in full (`PersonLinker.link`, `relabels`).
@Suite struct PersonLinkerTests {
  /// The entities of `text` given as (first token, token count, label, source), linked with
  /// `relabels` as the extractor's second pass passes it (the model's names only).
  static func linked(
    _ text: String, _ given: [(Int, Int, EntityLabel, String)],
    relabels: @escaping (Candidate) -> Bool = { $0.source == NameRecognizer.source }
  ) throws -> [String] {
    let tokens = try FixtureTests.bundledExtractor().tokenize(text)
    var entities = given.map { first, count, label, source in
      let units = Int(tokens.tokens[first].start)..<Int(tokens.tokens[first + count - 1].end)
      let canonical = String(decoding: tokens.text.units[units], as: UTF16.self)
      return Candidate(
        label: label, tokens: first..<(first + count), units: units, canonical: canonical,
        source: source, attributes: [], priority: 0, order: 0)
    }
    PersonLinker.link(&entities, text: tokens, relabels: relabels)
    return entities.map { "\($0.label.rawValue) \($0.canonical) \($0.tokens.lowerBound)" }
  }

  /// The tokens: وقال(0) المدرب(1) أسمير(2) بيغوفيتش(3) إن(4) بيغوفيتش(5) سيعود(6).
  static let text = "وقال المدرب أسمير بيغوفيتش إن بيغوفيتش سيعود"

  @Test func theModelsPlaceThatIsAKnownFamilyNameIsThePerson() throws {
    let entities = try Self.linked(
      Self.text, [(2, 2, .person, "gazetteer:people"), (5, 1, .location, NameRecognizer.source)])
    // The full name's canonical (here its normalized letters), now the short mention's too.
    let person = try #require(entities.first { $0.hasSuffix(" 2") }).dropLast(2)
    #expect(entities.contains("\(person) 5"), "\(entities)")
    #expect(!entities.contains { $0.hasPrefix("LOCATION") }, "\(entities)")
  }

  /// What `relabels` does not let go keeps its label: a gazetteer's place, say.
  @Test func onlyWhatRelabelsLetsGoChanges() throws {
    let entities = try Self.linked(
      Self.text, [(2, 2, .person, "gazetteer:people"), (5, 1, .location, "gazetteer:places")])
    #expect(entities.contains("LOCATION بيغوفيتش 5"), "\(entities)")
    let byDefault = try Self.linked(
      Self.text,
      [(2, 2, .person, "gazetteer:people"), (5, 1, .organization, NameRecognizer.source)],
      relabels: { _ in false })
    #expect(byDefault.contains("ORGANIZATION بيغوفيتش 5"), "\(byDefault)")
  }

  /// A family name two people of the article share stands for neither: the model's label stays.
  @Test func aSharedFamilyNameRelabelsNothing() throws {
    // أسمير(0) بيغوفيتش(1) وأمير(2) بيغوفيتش(3) و(4) بيغوفيتش(5)
    let entities = try Self.linked(
      "أسمير بيغوفيتش وأمير بيغوفيتش و بيغوفيتش",
      [
        (0, 2, .person, "gazetteer:people"), (2, 2, .person, "gazetteer:people"),
        (5, 1, .organization, NameRecognizer.source),
      ])
    #expect(entities.contains { $0.hasPrefix("ORGANIZATION") && $0.hasSuffix(" 5") }, "\(entities)")
  }
}
