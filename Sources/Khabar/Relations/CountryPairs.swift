/// The two countries a pair word (البلدين, الجانبين …) stands for, before any token of an
/// article: the only two different countries (by canonical name) named entirely before the
/// token, each by its latest mention (the one that starts last; of two that start together, the
/// one found last); none when fewer or more than two different countries were named.
///
/// A running index rather than a scan of the article's entities per pair word, which made the
/// relation pass quadratic in the article: the country mentions sorted by their end token, with
/// the answer for every prefix of that order, and a cursor that moves from the token of the
/// previous look-up. The relation pass looks up tokens inside matches of at most
/// `RuleMatcher.maximumMatchLength` tokens from starts in text order, so the cursor moves back
/// at most over the countries of one match: O(countries · log countries) to build (the sort),
/// amortized O(1) per look-up.
struct CountryPairs {
  /// The country mentions (indices in the entities) sorted by end token.
  private let ends: [Int32]
  /// Per prefix of the sorted mentions (0 through all of them), the two entities (lower index
  /// first), or -1 twice.
  private let answers: [(Int32, Int32)]
  /// How many sorted mentions end at or before the last token looked up.
  private var cursor = 0
  /// Steps taken: one per look-up and one per mention the cursor passes.
  private(set) var steps = 0

  init(_ entities: [Candidate]) {
    var mentions: [Int] = []
    entities.withUnsafeBufferPointer { entities in
      for i in entities.indices where entities[i].label == .country { mentions.append(i) }
      mentions.sort { entities[$0].tokens.upperBound < entities[$1].tokens.upperBound }
    }
    // The answer after each mention: the countries named so far, up to three.
    var names: [String] = []
    var latest: [Int] = []
    var answers: [(Int32, Int32)] = [(-1, -1)]
    answers.reserveCapacity(mentions.count + 1)
    for i in mentions {
      if names.count <= 2 {
        if let k = names.firstIndex(of: entities[i].canonical) {
          // The mention that starts last; the one found last when they start together.
          let j = latest[k]
          let (a, b) = (entities[i].tokens.lowerBound, entities[j].tokens.lowerBound)
          if a > b || (a == b && i > j) { latest[k] = i }
        } else {
          names.append(entities[i].canonical)
          latest.append(i)
        }
      }
      answers.append(
        names.count == 2
          ? (Int32(min(latest[0], latest[1])), Int32(max(latest[0], latest[1]))) : (-1, -1))
    }
    self.ends = mentions.map { Int32(entities[$0].tokens.upperBound) }
    self.answers = answers
  }

  /// The two countries (entity indices, lower first) a pair word at `token` stands for: named
  /// entirely before it, by their latest mentions; nil unless exactly two were named.
  mutating func pair(before token: Int) -> (Int, Int)? {
    steps += 1
    while cursor < ends.count && Int(ends[cursor]) <= token {
      cursor += 1
      steps += 1
    }
    while cursor > 0 && Int(ends[cursor - 1]) > token {
      cursor -= 1
      steps += 1
    }
    let (a, b) = answers[cursor]
    return a >= 0 ? (Int(a), Int(b)) : nil
  }
}
