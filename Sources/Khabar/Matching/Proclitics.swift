/// The proclitics of arabic-notes §2 that attach to names: a conjunction (و, ف), then a
/// preposition (ب, ل, ك), then the article of the name itself, which stays part of the name.
///
/// After ل the article loses its alef: للقوات = ل + القوات, so a stem that begins with ل after a
/// stripped ل is also tried with its alef restored.
enum Proclitics {
  static let waw: UInt16 = 0x0648
  static let feh: UInt16 = 0x0641
  static let beh: UInt16 = 0x0628
  static let lam: UInt16 = 0x0644
  static let kaf: UInt16 = 0x0643
  static let alef: UInt16 = 0x0627

  /// The restored prefix of an analysis with the elided alef.
  private static let alefPrefix: ArraySlice<UInt16> = [alef]

  /// A way to read a token as proclitics plus a stem.
  struct Analysis: Equatable {
    /// How many UTF-16 units of the token are proclitics.
    var cliticLength: Int
    /// Whether the stem is looked up with the article's elided alef put back (ل + لقوات).
    var restoresAlef: Bool

    /// Units to put before the stem when looking it up (the elided alef of ل + ال).
    var restoredPrefix: ArraySlice<UInt16> { restoresAlef ? Proclitics.alefPrefix : [] }
  }

  /// The analyses of one token, shortest clitics first: at most five, kept inline so that
  /// analysing a token never allocates.
  struct Analyses: Sequence, IteratorProtocol {
    /// One byte per analysis, first analysis in the low byte: the clitic length in the low
    /// seven bits, `restoresAlef` in the high bit.
    private var packed: UInt64 = 0
    private var count = 0
    private static let alefFlag: UInt64 = 0x80

    fileprivate mutating func append(cliticLength: Int, restoresAlef: Bool = false) {
      let byte = UInt64(cliticLength) | (restoresAlef ? Analyses.alefFlag : 0)
      packed |= byte << UInt64(8 * count)
      count += 1
    }

    var isEmpty: Bool { count == 0 }

    mutating func next() -> Analysis? {
      guard count > 0 else { return nil }
      let byte = packed & 0xFF
      packed >>= 8
      count -= 1
      return Analysis(cliticLength: Int(byte & 0x7F), restoresAlef: byte & Analyses.alefFlag != 0)
    }
  }

  /// The shortest stem, in UTF-16 units, that a proclitic may be stripped from.
  static let minimumStem = 2

  /// Every analysis of `token` with at least one proclitic, shortest clitics first.
  static func analyses(of token: UnsafeBufferPointer<UInt16>) -> Analyses {
    var result = Analyses()
    let n = token.count
    guard n > minimumStem else { return result }
    let first = token[0]
    // A conjunction, alone or before a preposition.
    var preposition = 0
    if first == waw || first == feh {
      result.append(cliticLength: 1)
      preposition = 1
    }
    let p = token[preposition]
    guard p == beh || p == lam || p == kaf else { return result }
    let length = preposition + 1
    guard n - length >= minimumStem else { return result }
    result.append(cliticLength: length)
    if p == lam && token[length] == lam { result.append(cliticLength: length, restoresAlef: true) }
    return result
  }
}

extension Proclitics {
  /// A proclitic reading of one token whose stem the gazetteers or the rules know.
  struct Reading {
    var token: Int32
    /// UTF-16 units of the token that are proclitics.
    var cliticLength: Int32
    var restoresAlef: Bool
    /// The stem's id in the gazetteers' vocabulary, and in the rules' lexicon (-1: not there).
    var gazetteer: Int32
    var rule: Int32
  }

  /// The readings of the word tokens of `text` whose stems `lookup` knows, in token order and,
  /// per token, shortest clitics first.
  ///
  /// `lookup` answers a stem (after a prefix to put back) with its gazetteer and rule ids, or nil.
  ///
  /// Every analysis is looked up once for the gazetteers and the rules together; most stems
  /// are in neither, so the list is short.
  static func readings(
    of text: TokenizedText,
    _ lookup: (ArraySlice<UInt16>, UnsafeBufferPointer<UInt16>) -> (gazetteer: Int32, rule: Int32)?
  ) -> [Reading] {
    var readings: [Reading] = []
    text.text.units.withUnsafeBufferPointer { units in
      text.tokens.withUnsafeBufferPointer { tokens in
        for i in tokens.indices where tokens[i].kind == .word {
          let token = UnsafeBufferPointer(rebasing: units[tokens[i].range])
          for analysis in analyses(of: token) {
            let stem = UnsafeBufferPointer(rebasing: token[analysis.cliticLength...])
            guard let ids = lookup(analysis.restoredPrefix, stem) else { continue }
            readings.append(
              Reading(
                token: Int32(i), cliticLength: Int32(analysis.cliticLength),
                restoresAlef: analysis.restoresAlef,
                gazetteer: ids.gazetteer, rule: ids.rule))
          }
        }
      }
    }
    return readings
  }
}
