/// What the entities accepted so far look like to a rule phase (`RuleMatcher`).
///
/// Flat arrays indexed by token: the matcher asks these per token and per rule, where dictionary
/// hashing was a tenth of the run time. Per-token arrays only (not per token and label): the
/// index is brought up to date after every phase (`update`), and clearing label-by-token tables
/// cost more than all the lookups.
///
/// Two arrays, one per token and one per entity: an array allocation costs a look-up of its
/// type's generic metadata, and the index is built several times per article.
struct EntityIndex {
  let tokenCount: Int
  /// What the entities are at one token.
  struct TokenEntry {
    /// A bit per label (by precedence) of the entities that start here.
    var startsHere: UInt16 = 0
    /// A bit per label (by precedence) of the entities that cover the token.
    var inside: UInt16 = 0
    /// The last entity (index in the indexed entities) that starts here, or -1; `previous`
    /// links each entity to the one filed before it at the same token.
    var latest: Int32 = -1
  }
  /// One indexed entity: its start and end token (exclusive), its UTF-16 start (proclitic
  /// excluded) and label precedence.
  ///
  /// The index keeps no reference to the entities themselves: it is alive while they grow, and a
  /// shared array would be copied, strings and all, by the first append. (The UTF-16 start is
  /// kept per entity, not per token: the per-token entries are the index's memory, 8 bytes per
  /// token of the article.)
  private struct EntityEntry {
    var start: Int32
    var end: Int32
    var previous: Int32
    var unitStart: Int32
    var precedence: UInt8
  }
  private(set) var perToken: [TokenEntry]
  private var filed: [EntityEntry]

  init(_ entities: [Candidate], tokenCount: Int) {
    self.tokenCount = tokenCount
    perToken = [TokenEntry](repeating: TokenEntry(), count: tokenCount)
    filed = []
    file(entities, from: 0)
  }

  /// Makes this the index of `entities`, the entities it indexes after a phase's resolution
  /// (`EntityResolver.resolve`).
  ///
  /// When the entities it filed are still the first ones, in place (the phase only added
  /// entities, as most phases do), only the new ones are filed: what a new index would hold,
  /// without clearing and refiling every token of the article. Otherwise (an entity was
  /// replaced) the index is built anew.
  mutating func update(_ entities: [Candidate]) {
    let kept = filed.count
    let extended =
      entities.count >= kept
      && filed.withUnsafeBufferPointer { filed in
        entities.withUnsafeBufferPointer { entities in
          for i in 0..<kept {
            // Every field an entry holds but `previous`, which follows from the earlier ones.
            let entry = filed[i]
            guard Int(entry.start) == entities[i].tokens.lowerBound,
              Int(entry.end) == entities[i].tokens.upperBound,
              Int(entry.unitStart) == entities[i].units.lowerBound,
              Int(entry.precedence) == entities[i].label.precedence
            else { return false }
          }
          return true
        }
      }
    if extended {
      file(entities, from: kept)
    } else {
      self = EntityIndex(entities, tokenCount: tokenCount)
    }
  }

  /// Files `entities[first...]` after the `first` entities filed already.
  private mutating func file(_ entities: [Candidate], from first: Int) {
    guard first < entities.count else { return }
    // Moved out (still unshared) while the per-token entries are written through a buffer.
    var filed = self.filed
    self.filed = []
    if first == 0 { filed.reserveCapacity(entities.count) }
    // The per-token entries through a raw buffer: array subscript stores cost a uniqueness
    // check each.
    perToken.withUnsafeMutableBufferPointer { perToken in
      entities.withUnsafeBufferPointer { entities in
        for i in first..<entities.count {
          // Fields read through the buffer: copying a whole candidate retains its strings.
          let tokens = entities[i].tokens
          let start = tokens.lowerBound
          let unitStart = entities[i].units.lowerBound
          let precedence = entities[i].label.precedence
          filed.append(
            EntityEntry(
              start: Int32(start), end: Int32(tokens.upperBound),
              previous: perToken[start].latest,
              unitStart: Int32(unitStart), precedence: UInt8(precedence)))
          perToken[start].latest = Int32(i)
          perToken[start].startsHere |= 1 << UInt16(precedence)
          for t in tokens { perToken[t].inside |= 1 << UInt16(precedence) }
        }
      }
    }
    self.filed = filed
  }

  /// The per-token entry at `token`.
  @inline(__always)
  func startsHere(_ token: Int) -> UInt16 { perToken[token].startsHere }
  @inline(__always)
  func inside(_ token: Int) -> UInt16 { perToken[token].inside }
  /// The UTF-16 start of the entity that begins at `token` (its proclitic excluded) and
  /// starts first, or -1.
  func entityStart(_ token: Int) -> Int32 {
    var found: Int32 = -1
    var i = perToken[token].latest
    while i >= 0 {
      let entry = filed[Int(i)]
      if found < 0 || entry.unitStart < found { found = entry.unitStart }
      i = entry.previous
    }
    return found
  }

  /// Sets in `bits` (a bit per token) every token inside an entity of a label in `labels` (a
  /// bit per precedence).
  func markInside(withLabels labels: UInt16, in bits: UnsafeMutableBufferPointer<UInt64>) {
    guard labels != 0 else { return }
    for entry in filed where (1 << UInt16(entry.precedence)) & labels != 0 {
      for t in Int(entry.start)..<Int(entry.end) { bits[t >> 6] |= 1 << UInt64(t & 63) }
    }
  }

  /// Sets in `bits` (a bit per token) the tokens where an entity of a label in `labels` (a
  /// bit per precedence) starts.
  func markStarts(withLabels labels: UInt16, in bits: UnsafeMutableBufferPointer<UInt64>) {
    guard labels != 0 else { return }
    for entry in filed where (1 << UInt16(entry.precedence)) & labels != 0 {
      bits[Int(entry.start) >> 6] |= 1 << UInt64(entry.start & 63)
    }
  }

  /// The end token of the entity of `label` that starts at `token`, if any (the last one
  /// filed, when there are several).
  @inline(__always)
  func end(_ label: EntityLabel, at token: Int) -> Int? {
    // The machine also asks at the end of the text (token == tokenCount): nothing starts there.
    guard token < tokenCount, perToken[token].startsHere & (1 << UInt16(label.precedence)) != 0
    else { return nil }
    var i = perToken[token].latest
    while i >= 0 {
      let entry = filed[Int(i)]
      if Int(entry.precedence) == label.precedence { return Int(entry.end) }
      i = entry.previous
    }
    return nil
  }

  /// `end(_:at:)` for the label of precedence `precedence`.
  @inline(__always)
  func end(precedence: Int, at token: Int) -> Int? {
    guard token < tokenCount, perToken[token].startsHere & (1 << UInt16(precedence)) != 0
    else { return nil }
    var i = perToken[token].latest
    while i >= 0 {
      let entry = filed[Int(i)]
      if Int(entry.precedence) == precedence { return Int(entry.end) }
      i = entry.previous
    }
    return nil
  }

  /// The first entity (lowest index in `entities`) spanning exactly `tokens` that satisfies
  /// `test`.
  func first(spanning tokens: Range<Int>, where test: (Int) -> Bool) -> Int? {
    guard tokens.lowerBound < tokenCount else { return nil }
    var found: Int?
    var i = perToken[tokens.lowerBound].latest
    // The list runs from the last filed to the first: keep the last hit.
    while i >= 0 {
      if filed[Int(i)].end == Int32(tokens.upperBound) && test(Int(i)) { found = Int(i) }
      i = filed[Int(i)].previous
    }
    return found
  }

  /// The entity (index in the indexed entities) spanning exactly `tokens`: the last one
  /// filed when several share the span.
  func entity(spanning tokens: Range<Int>) -> Int? {
    guard tokens.lowerBound < tokenCount else { return nil }
    var i = perToken[tokens.lowerBound].latest
    while i >= 0 {
      if filed[Int(i)].end == Int32(tokens.upperBound) { return Int(i) }
      i = filed[Int(i)].previous
    }
    return nil
  }
}
