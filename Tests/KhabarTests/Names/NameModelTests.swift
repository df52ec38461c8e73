import Foundation
import Testing

@testable import Khabar

@Suite struct NameModelTests {
  /// The constant tag count is the number of tags, each tag's raw value its place.
  @Test func tagCountIsTheNumberOfTags() {
    #expect(NameTag.count == NameTag.allCases.count)
    #expect(NameTag.allCases.map(\.rawValue) == Array(0..<NameTag.count))
  }

  /// A tag's label is the label of its pair in `labels` (1–2, 3–4, 5–6); an I- tag follows only
  /// a B- or I- tag of its label.
  @Test func tagLabelsFollowTheirPairs() {
    for tag in NameTag.allCases {
      #expect(tag.label == (tag == .outside ? nil : NameTag.labels[(tag.rawValue - 1) / 2]))
      for previous in [nil] + NameTag.allCases.map(Optional.some) {
        let allowed =
          !tag.isInside || (previous != nil && previous != .outside && previous?.label == tag.label)
        #expect(NameTag.allows(previous, then: tag) == allowed)
      }
    }
  }

  /// A tiny model: two features, with transitions that prefer I-PERSON everywhere.
  static func model() -> NameModel {
    let t = NameTag.count
    var weights = [Float](repeating: 0, count: 2 * t)
    weights[NameTag.insidePerson.rawValue] = 5
    weights[t + NameTag.beginLocation.rawValue] = 3
    var transitions = [Float](repeating: 0, count: (t + 1) * t)
    for row in 0...t { transitions[row * t + NameTag.insidePerson.rawValue] = 2 }
    return NameModel(hashes: [10, 20], weights: weights, transitions: transitions)
  }

  @Test func viterbiNeverStartsWithInside() {
    let t = NameTag.count
    // Every token prefers I-PERSON by far; the first cannot have it.
    var emissions = [Float](repeating: 0, count: 3 * t)
    for i in 0..<3 { emissions[i * t + NameTag.insidePerson.rawValue] = 10 }
    let transitions = [Float](repeating: 0, count: (t + 1) * t)
    let tags = emissions.withUnsafeBufferPointer { e in
      transitions.withUnsafeBufferPointer { NameModel.viterbi(emissions: e, transitions: $0) }
    }
    #expect(tags == [.beginPerson, .insidePerson, .insidePerson])
  }

  @Test(arguments: 0..<200)
  func viterbiKeepsBIOOrder(seed: Int) {
    let t = NameTag.count
    var random = SplitMix64(seed: UInt64(seed))
    func value() -> Float { Float(Int(random.next() % 2001) - 1000) / 100 }
    let n = 1 + Int(random.next() % 12)
    let emissions = (0..<(n * t)).map { _ in value() }
    let transitions = (0..<((t + 1) * t)).map { _ in value() }
    let tags = emissions.withUnsafeBufferPointer { e in
      transitions.withUnsafeBufferPointer { NameModel.viterbi(emissions: e, transitions: $0) }
    }
    #expect(tags.count == n)
    for (i, tag) in tags.enumerated() {
      #expect(NameTag.allows(i == 0 ? nil : tags[i - 1], then: tag), "\(tags)")
    }
  }

  /// Viterbi finds the best-scoring sequence BIO allows: checked against every sequence of up
  /// to four tokens (7⁴ of them).
  @Test(arguments: 0..<100)
  func viterbiFindsTheBestAllowedSequence(seed: Int) {
    let t = NameTag.count
    var random = SplitMix64(seed: UInt64(seed) &+ 0xB1_0000)
    // Whole numbers: sums are exact, so "best" has one answer up to ties.
    func value() -> Float { Float(Int(random.next() % 41) - 20) }
    let n = 1 + seed % 4
    let emissions = (0..<(n * t)).map { _ in value() }
    let transitions = (0..<((t + 1) * t)).map { _ in value() }
    func score(_ tags: [Int]) -> Float? {
      var total: Float = 0
      for (i, tag) in tags.enumerated() {
        let previous = i == 0 ? nil : NameTag(rawValue: tags[i - 1])
        guard NameTag.allows(previous, then: NameTag(rawValue: tag)!) else { return nil }
        total += transitions[(i == 0 ? 0 : 1 + tags[i - 1]) * t + tag] + emissions[i * t + tag]
      }
      return total
    }
    var best = -Float.infinity
    var sequence = [Int](repeating: 0, count: n)
    while true {
      if let s = score(sequence) { best = max(best, s) }
      var k = n - 1
      while k >= 0 && sequence[k] == t - 1 {
        sequence[k] = 0
        k -= 1
      }
      if k < 0 { break }
      sequence[k] += 1
    }
    let tags = emissions.withUnsafeBufferPointer { e in
      transitions.withUnsafeBufferPointer { NameModel.viterbi(emissions: e, transitions: $0) }
    }
    #expect(score(tags.map(\.rawValue)) == best, "\(tags)")
  }

  @Test func allowsOnlyInsideAfterItsLabel() {
    #expect(!NameTag.allows(nil, then: .insidePerson))
    #expect(!NameTag.allows(.outside, then: .insideLocation))
    #expect(!NameTag.allows(.beginPerson, then: .insideOrganization))
    #expect(NameTag.allows(.beginPerson, then: .insidePerson))
    #expect(NameTag.allows(.insidePerson, then: .insidePerson))
    #expect(NameTag.allows(.insideLocation, then: .beginPerson))
  }

  /// The bundled model, loaded and written again, is the same bytes: the look-up table it is
  /// kept in at run time holds every feature and weight of the file, in the file's order.
  @Test func bundledModelWritesBackItsOwnBytes() throws {
    let path = TestPaths.root.appendingPathComponent("Models/names.model").path
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let model = try NameModel.decode(bytes, file: path)
    #expect(model.featureCount > 10_000)
    #expect(model.serialized() == bytes)
  }

  @Test func fileRoundTrip() throws {
    let bytes = Self.model().serialized()
    let loaded = try NameModel.decode(bytes, file: "m.model")
    #expect(loaded.serialized() == bytes)
    #expect(loaded.weight(of: 10, tag: .insidePerson) == 5)
    #expect(loaded.weight(of: 20, tag: .beginLocation) == 3)
    #expect(loaded.weight(of: 30, tag: .beginLocation) == 0)
  }

  /// The message of the error that decoding `bytes` as `file` throws.
  static func failure(_ bytes: [UInt8], file: String = "bad.model") -> String? {
    do {
      _ = try NameModel.decode(bytes, file: file)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func truncatedFileFails() throws {
    let bytes = Self.model().serialized()
    for cut in [0, 5, 12, 40, bytes.count - 1] {
      let message = try #require(Self.failure(Array(bytes[0..<cut])))
      #expect(message.hasPrefix("bad.model: error: "), "\(message)")
    }
  }

  @Test func corruptedFileFails() throws {
    var bytes = Self.model().serialized()
    bytes[bytes.count / 2] ^= 0x40
    let message = try #require(Self.failure(bytes))
    #expect(
      message == "bad.model: error: checksum mismatch: the model file is truncated or corrupted")
  }

  @Test func foreignFileFails() throws {
    let message = try #require(Self.failure(Array("PERSON\tMohammed\n".utf8), file: "people.tsv"))
    #expect(message == "people.tsv: error: not a Khabar name model (no KHABARNM header)")
  }

  @Test func missingFileNamesIt() throws {
    let path = "/nonexistent-khabar-folder/names.model"
    #expect(throws: NameModelError.self) { try NameModel.load(path: path) }
    do {
      _ = try NameModel.load(path: path)
    } catch {
      #expect(error.description == "\(path): error: no such model file")
    }
  }

  /// A model of random features (hash 0 among them, many sharing their first slot), and
  /// features to look up: half of them the model's, half not, a few of small values.
  static func randomModel(seed: UInt64) -> (NameModel, [(UInt8, UInt64)]) {
    var random = SplitMix64(seed: seed)
    let t = NameTag.count
    var hashes: Set<UInt64> = [0]
    var asked: [(UInt8, UInt64)] = []
    for k in 0..<300 {
      let template = UInt8(random.next() % 70)
      // Small values, and large ones that crowd a few slots of the table.
      let value = k % 10 == 0 ? random.next() % 200 : (random.next() << 12) | 0x5
      asked.append((template, value))
      if k % 2 == 0 { hashes.insert(FeatureHash.feature(template, value)) }
    }
    let sorted = hashes.sorted()
    let weights = (0..<(sorted.count * t)).map { _ in Float(Int(random.next() % 2001) - 1000) / 8 }
    let transitions = [Float](repeating: 0, count: (t + 1) * t)
    return (NameModel(hashes: sorted, weights: weights, transitions: transitions), asked)
  }

  /// `slot(ofFeature:)` and `weights(atSlot:)` give each feature the weights `vector` gives it,
  /// and say where it has none (hash 0 too).
  @Test(arguments: 0..<20)
  func slotsAgreeWithOneLookUpAtATime(seed: Int) {
    let (model, asked) = NameModelTests.randomModel(seed: UInt64(seed))
    let large = asked.filter { $0.1 >= UInt64(NameModel.smallValues) }
    let hashes = large.map { FeatureHash.feature($0.0, $0.1) } + [0]
    var present = 0
    for hash in hashes {
      let one = model.slot(of: hash).map { NameModel.vector($0.weights) }
      let slot = model.slot(ofFeature: hash)
      #expect((slot == -1) == (one == nil))
      if let one {
        #expect(model.weights(atSlot: slot) == one)
        present += 1
      }
    }
    #expect(present > 10 && present < hashes.count - 10)
  }

  /// `add(_:to:)` makes the sums of `addScores`, feature after feature, bit for bit, from the
  /// entries `pending` keeps (it drops those the presence bits rule out).
  @Test(arguments: 0..<20)
  func pendingAddsMakeTheSumsOfOneAtATime(seed: Int) {
    let (model, asked) = NameModelTests.randomModel(seed: UInt64(seed) &+ 1000)
    let t = NameTag.count
    let destinations = 4
    var pending: [NameModel.Pending] = []
    var expected = [Float](repeating: 0, count: destinations * t)
    for (k, (template, value)) in asked.enumerated() {
      let d = k % destinations
      if let entry = model.pending(template, value, destination: Int32(d)) {
        pending.append(entry)
      }
      expected.withUnsafeMutableBufferPointer { e in
        model.addScores(template, value, to: e.baseAddress! + d * t)
      }
    }
    var sums = [SIMD8<Float>](repeating: .zero, count: destinations)
    pending.withUnsafeBufferPointer { pending in
      sums.withUnsafeMutableBufferPointer { s in model.add(pending, to: s.baseAddress!) }
    }
    // Most of the features the model lacks are dropped before the table is read.
    #expect(pending.count < asked.count)
    for d in 0..<destinations {
      for tag in 0..<t {
        #expect(sums[d][tag].bitPattern == expected[d * t + tag].bitPattern)
      }
      #expect(sums[d][7] == 0)
    }
  }

  /// A model entity's score is written with two decimals, as the interpolation of its whole and
  /// hundredths wrote it (a sign only when the rounded value is not 0).
  @Test func scoresAreWrittenWithTwoDecimals() {
    func interpolated(_ x: Double) -> String {
      let scaled = Int((abs(x) * 100).rounded())
      let digits = "\(scaled / 100).\(scaled % 100 < 10 ? "0" : "")\(scaled % 100)"
      return (x < 0 && scaled != 0 ? "-" : "") + digits
    }
    var values: [Double] = [0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.995, 9.995, 1e15, -1e15]
    values += stride(from: -12.0, through: 12.0, by: 0.0037)
    for x in values {
      #expect(String(format2: x) == interpolated(x))
    }
  }
}
