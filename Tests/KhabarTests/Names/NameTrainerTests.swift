import Foundation
import Testing

@testable import Khabar

@Suite struct NameTrainerTests {
  /// A few sentences of my own in ANERcorp's format (token TAG, blank line after a sentence).
  static let corpus = """
    وقال O
    خالد B-PERS
    العمري I-PERS
    إن O
    الوفد O
    وصل O
    إلى O
    القاهرة B-LOC
    . O

    واستقبل O
    الرئيس O
    سامي B-PERS
    الحربي I-PERS
    وفد O
    شركة B-ORG
    النور I-ORG
    في O
    بغداد B-LOC
    . O

    وأكد O
    الحربي B-PERS
    أن O
    جامعة B-ORG
    الملك I-ORG
    سعود I-ORG
    ستفتح O
    فرعا O
    في O
    جدة B-LOC
    . O

    """

  static func train() throws -> (NameTrainer, [UInt8]) {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("small.conll").path
    try corpus.write(toFile: path, atomically: true, encoding: .utf8)
    let conll = try CoNLLCorpus.read(path: path, sentencesPerDocument: 2)
    let extractor = try Extractor(gazetteer: TestGazetteer.gazetteer())
    var trainer = NameTrainer(mapping: .anercorp)
    trainer.add(conll, extractor: extractor, features: NameFeaturesTests.features())
    var options = NameTrainer.Options()
    options.iterations = 5
    options.prune = 0.01
    let model = trainer.train(Array(trainer.documents.indices), options: options)
    return (trainer, model.serialized())
  }

  @Test func trainingTwiceGivesIdenticalBytes() throws {
    let (_, first) = try Self.train()
    let (_, second) = try Self.train()
    #expect(first.count > 100)
    #expect(first == second)
  }

  @Test func learnsItsTrainingData() throws {
    let (trainer, bytes) = try Self.train()
    let model = try NameModel.decode(bytes, file: "small.model")
    let scores = trainer.score(Array(trainer.documents.indices), model: model)
    #expect(scores.total.gold == 8)
    #expect(scores.total.f1 > 0.9, "\(scores.perLabel)")
  }

  @Test func projectsGoldOntoKhabarTokens() throws {
    let (trainer, _) = try Self.train()
    let tags = trainer.documents[0].gold
    // وقال خالد العمري إن الوفد وصل إلى القاهرة .
    #expect(Array(tags[0..<4]) == [.outside, .beginPerson, .insidePerson, .outside])
    #expect(tags[7] == .beginLocation)
    #expect(trainer.projectionCeiling().total.f1 == 1)
  }
}
