/// Decides which candidates become entities.
///
/// ## Overlap semantics
///
/// Within a phase, candidates are taken leftmost first, then longest, then by higher rule
/// priority, then by file order. A candidate is dropped when an entity of the same label
/// already overlaps it, or when it crosses (overlaps without nesting) an entity of any label.
/// Entities of different labels may nest: `وزير الدفاع الروسي` is a TITLE holding the NORP
/// `الروسي`. Across phases the same order holds for one label: a later candidate that
/// strictly contains earlier entities of its own label replaces them (`وزير الدفاع` from one
/// rule, `وزير الدفاع الروسي` from a later one), unless that would cross another entity.
enum EntityResolver {
  static func order(_ a: Candidate, _ b: Candidate) -> Bool {
    (a.units.lowerBound, -a.length, -a.priority, a.order) < (b.units.lowerBound, -b.length, -b.priority, b.order)
  }

  /// Adds to `result` (the entities accepted so far) what survives of `proposed`, removing the
  /// entities it replaces, in place: the article's entities are not copied per phase. `decide`
  /// hears every decision on `proposed`. Returns whether `result` changed.
  ///
  /// Overlaps are found through the tokens a candidate covers (at most 64), so resolving costs
  /// O(candidates · 64 · entities per token), not the square of the entity count.
  @discardableResult
  static func resolve(
    _ result: inout [Candidate], proposed: [Candidate], decide: ((Candidate, Bool, String) -> Void)? = nil
  ) -> Bool {
    guard !proposed.isEmpty else { return false }
    let accepted = result.count
    var removed = [Bool](repeating: false, count: accepted)
    // Which entities cover each token: linked lists through flat arrays (head per token, next
    // per entry), so that finding the entities near a candidate hashes nothing.
    var tokenCount = 0
    for c in result { tokenCount = max(tokenCount, c.tokens.upperBound) }
    for c in proposed { tokenCount = max(tokenCount, c.tokens.upperBound) }
    var head = [Int32](repeating: -1, count: tokenCount)
    var entryEntity: [Int32] = []
    var entryNext: [Int32] = []
    var entries = 0
    for c in result { entries += c.tokens.count }
    for c in proposed { entries += c.tokens.count }
    entryEntity.reserveCapacity(entries)
    entryNext.reserveCapacity(entries)
    result.reserveCapacity(result.count + proposed.count)
    // seenAt[i] == stamp: entity i was already found for the current candidate.
    var seenAt = [Int](repeating: -1, count: accepted + proposed.count)
    var stamp = 0
    func add(_ index: Int) {
      for t in result[index].tokens {
        entryEntity.append(Int32(index))
        entryNext.append(head[t])
        head[t] = Int32(entryEntity.count - 1)
      }
    }
    for i in result.indices { add(i) }
    // The entities overlapping the current candidate, and those of its label, in index order:
    // two buffers reused for every candidate rather than arrays made for each.
    var near: [Int] = []
    var sameLabel: [Int] = []
    func findOverlapping(_ c: Candidate) {
      stamp += 1
      near.removeAll(keepingCapacity: true)
      sameLabel.removeAll(keepingCapacity: true)
      for t in c.tokens {
        var entry = head[t]
        while entry >= 0 {
          let i = Int(entryEntity[Int(entry)])
          entry = entryNext[Int(entry)]
          if removed[i] || seenAt[i] == stamp { continue }
          seenAt[i] = stamp
          if result[i].overlaps(c) { near.append(i) }
        }
      }
      near.sort()
      for i in near where result[i].label == c.label { sameLabel.append(i) }
    }
    for candidate in proposed.sorted(by: order) {
      findOverlapping(candidate)
      if let twin = sameLabel.first(where: { result[$0].units == candidate.units }) {
        decide?(candidate, false, "same span as \(describe(result[twin]))")
        continue
      }
      let replaceable = !sameLabel.isEmpty && sameLabel.allSatisfy {
        candidate.contains(result[$0]) && candidate.length > result[$0].length && result[$0].source != candidate.source
      }
      if !sameLabel.isEmpty && !replaceable {
        let other = result[sameLabel[0]]
        let why = order(other, candidate) ? "leftmost-longest" : "earlier phase"
        decide?(candidate, false, "overlaps \(describe(other)) (\(why))")
        continue
      }
      if let crossing = near.first(where: { !(replaceable && sameLabel.contains($0)) && result[$0].crosses(candidate) }) {
        decide?(candidate, false, "crosses \(describe(result[crossing]))")
        continue
      }
      if replaceable {
        for i in sameLabel {
          decide?(result[i], false, "replaced by the longer \(describe(candidate))")
          removed[i] = true
        }
      }
      result.append(candidate)
      removed.append(false)
      add(result.count - 1)
      decide?(candidate, true, sameLabel.isEmpty ? "kept" : "kept (longer than an earlier \(candidate.label.rawValue))")
    }
    guard removed.contains(true) else { return result.count != accepted }
    // Close the gaps of the replaced entities, keeping the others in order.
    var kept = 0
    for i in result.indices where !removed[i] {
      if kept != i { result.swapAt(kept, i) }
      kept += 1
    }
    result.removeLast(result.count - kept)
    return true
  }

  static func describe(_ c: Candidate) -> String { "\(c.label.rawValue) '\(c.canonical)' from \(c.source)" }
}
