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
/// rule, `وزير الدفاع الروسي` from a later one), unless that would cross another entity. A
/// candidate whose rule `replaces` a label takes the place of an entity of that label with
/// exactly its span: the rule read the context, the list did not.
enum EntityResolver {
  static func order(_ a: Candidate, _ b: Candidate) -> Bool {
    (a.units.lowerBound, -a.length, -a.priority, a.order) < (
      b.units.lowerBound, -b.length, -b.priority, b.order
    )
  }

  /// Adds to `result` (the entities accepted so far) what survives of `proposed`, removing the
  /// entities it replaces, in place: the article's entities are not copied per phase.
  ///
  /// `decide` hears every decision on `proposed`. Returns whether `result` changed.
  ///
  /// Overlaps are found through the tokens a candidate covers (at most 64), so resolving costs
  /// O(candidates · 64 · entities per token), not the square of the entity count.
  @discardableResult
  static func resolve(
    _ result: inout [Candidate], proposed: [Candidate],
    decide: ((Candidate, Bool, String) -> Void)? = nil
  ) -> Bool {
    guard !proposed.isEmpty else { return false }
    let accepted = result.count
    let total = accepted + proposed.count
    // Which entities cover each token: linked lists through flat arrays (head per token, next
    // per entry), so that finding the entities near a candidate hashes nothing. Sized first
    // (fields read through buffers: iterating the arrays would copy each candidate, strings
    // and all).
    var tokenCount = 0
    var entries = 0
    for candidates in [result, proposed] {
      candidates.withUnsafeBufferPointer { candidates in
        for i in candidates.indices {
          tokenCount = max(tokenCount, candidates[i].tokens.upperBound)
          entries += candidates[i].tokens.count
        }
      }
    }
    result.reserveCapacity(total)
    // All the working memory in one temporary block rather than arrays: each array made costs
    // a look-up of its type's generic metadata, and this runs per phase and article.
    let size = 4 * total + proposed.count + tokenCount + 2 * entries
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: size) { block in
      var rest = block
      func take(_ count: Int, _ value: Int32) -> UnsafeMutableBufferPointer<Int32> {
        let part = UnsafeMutableBufferPointer(rebasing: rest[..<count])
        part.initialize(repeating: value)
        rest = UnsafeMutableBufferPointer(rebasing: rest[count...])
        return part
      }
      // removed[i] != 0: entity i was replaced. seenAt[i] == stamp: entity i was already found
      // for the current candidate.
      let removed = take(total, 0)
      let seenAt = take(total, -1)
      // The entities overlapping the current candidate, and those of its label, in index order.
      let near = take(total, 0)
      let sameLabel = take(total, 0)
      var sequence = take(proposed.count, 0)
      let head = take(tokenCount, -1)
      let entryEntity = take(entries, 0)
      let entryNext = take(entries, 0)
      var entryCount = 0
      var nearCount = 0
      var sameLabelCount = 0
      var anyRemoved = false
      var stamp: Int32 = 0
      func add(_ index: Int) {
        for t in result.withUnsafeBufferPointer({ $0[index].tokens }) {
          entryEntity[entryCount] = Int32(index)
          entryNext[entryCount] = head[t]
          head[t] = Int32(entryCount)
          entryCount += 1
        }
      }
      for i in 0..<accepted { add(i) }
      // The entities overlapping a candidate of `tokens`, `units` and `label`. Its fields, not
      // the candidate: passed whole, it was copied (its strings and attributes retained) for
      // every one resolved.
      func findOverlapping(_ tokens: Range<Int>, _ units: Range<Int>, _ label: EntityLabel) {
        stamp += 1
        nearCount = 0
        sameLabelCount = 0
        result.withUnsafeBufferPointer { result in
          for t in tokens {
            var entry = head[t]
            while entry >= 0 {
              let i = Int(entryEntity[Int(entry)])
              entry = entryNext[Int(entry)]
              if removed[i] != 0 || seenAt[i] == stamp { continue }
              seenAt[i] = stamp
              if result[i].units.overlaps(units) {
                near[nearCount] = Int32(i)
                nearCount += 1
              }
            }
          }
          var nearby = UnsafeMutableBufferPointer(rebasing: near[..<nearCount])
          nearby.sort()
          for i in near[..<nearCount] where result[Int(i)].label == label {
            sameLabel[sameLabelCount] = i
            sameLabelCount += 1
          }
        }
      }
      // Candidates in resolution order; equal ones keep their order.
      for i in sequence.indices { sequence[i] = Int32(i) }
      proposed.withUnsafeBufferPointer { proposed in
        sequence.sort { a, b in
          let (x, y) = (proposed[Int(a)], proposed[Int(b)])
          return EntityResolver.order(x, y) || (!EntityResolver.order(y, x) && a < b)
        }
      }
      proposed.withUnsafeBufferPointer { proposed in
        for position in sequence {
          // Read in place: bound to a constant, each candidate was copied (its strings and
          // attributes retained), even with only its fields passed to `findOverlapping`.
          let candidate = proposed.baseAddress.unsafelyUnwrapped + Int(position)
          findOverlapping(
            candidate.pointee.tokens, candidate.pointee.units, candidate.pointee.label)
          let sameLabel = sameLabel[..<sameLabelCount].lazy.map { Int($0) }
          let near = near[..<nearCount].lazy.map { Int($0) }
          if let twin = sameLabel.first(where: { result[$0].units == candidate.pointee.units }) {
            // Two rules that find the same name are as sure as the surer: a particle chain
            // (strong) agreeing with a name after a title (weak) keeps the name strong, so that
            // the name model does not redraw it and its short mentions link.
            if candidate.pointee.evidence == .strong { result[twin].evidence = .strong }
            decide?(candidate.pointee, false, "same span as \(describe(result[twin]))")
            continue
          }
          let replaceable =
            !sameLabel.isEmpty
            && sameLabel.allSatisfy { i in
              result.withUnsafeBufferPointer { result in
                candidate.pointee.contains(result[i]) && candidate.pointee.length > result[i].length
                  && result[i].source != candidate.pointee.source
              }
            }
          if !sameLabel.isEmpty && !replaceable {
            if let decide {
              let other = result[sameLabel[sameLabel.startIndex]]
              let why = order(other, candidate.pointee) ? "leftmost-longest" : "earlier phase"
              decide(candidate.pointee, false, "overlaps \(describe(other)) (\(why))")
            }
            continue
          }
          let crossing = result.withUnsafeBufferPointer { result in
            near.first {
              !(replaceable && sameLabel.contains($0)) && result[$0].crosses(candidate.pointee)
            }
          }
          if let crossing {
            decide?(candidate.pointee, false, "crosses \(describe(result[crossing]))")
            continue
          }
          if replaceable {
            for i in sameLabel {
              decide?(result[i], false, "replaced by the longer \(describe(candidate.pointee))")
              removed[i] = 1
              anyRemoved = true
            }
          }
          // A rule that reads the context a name stands in takes the place of the entity of
          // another label its span is (`replaces`): لـ«الشرق الأوسط» is the newspaper.
          if candidate.pointee.replaces != 0 {
            for i in near
            where result[i].units == candidate.pointee.units
              && candidate.pointee.replaces & (1 << UInt16(result[i].label.precedence)) != 0
            {
              decide?(result[i], false, "replaced by \(describe(candidate.pointee)) (its context)")
              removed[i] = 1
              anyRemoved = true
            }
          }
          result.append(candidate.pointee)
          add(result.count - 1)
          decide?(
            candidate.pointee, true,
            sameLabel.isEmpty
              ? "kept" : "kept (longer than an earlier \(candidate.pointee.label.rawValue))")
        }
      }
      guard anyRemoved else { return result.count != accepted }
      // Close the gaps of the replaced entities, keeping the others in order: swapped through
      // the buffer, which moves them, where the array's `swapAt` copied both (retains and
      // releases of their strings and attributes).
      var kept = 0
      result.withUnsafeMutableBufferPointer { result in
        for i in result.indices where removed[i] == 0 {
          if kept != i { result.swapAt(kept, i) }
          kept += 1
        }
      }
      result.removeLast(result.count - kept)
      return true
    }
  }

  static func describe(_ c: Candidate) -> String {
    "\(c.label.rawValue) '\(c.canonical)' from \(c.source)"
  }
}
