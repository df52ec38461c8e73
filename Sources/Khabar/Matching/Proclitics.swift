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

  /// A way to read a token as proclitics plus a stem.
  struct Analysis: Equatable {
    /// How many UTF-16 units of the token are proclitics.
    var cliticLength: Int
    /// Units to put before the stem when looking it up (the elided alef of ل + ال).
    var restoredPrefix: ArraySlice<UInt16>
  }

  /// The shortest stem, in UTF-16 units, that a proclitic may be stripped from.
  static let minimumStem = 2

  /// Every analysis of `token` with at least one proclitic, shortest clitics first.
  static func analyses(of token: UnsafeBufferPointer<UInt16>) -> [Analysis] {
    // Most tokens start with no proclitic letter: answer without allocating.
    guard let first = token.first, first == waw || first == feh || first == beh || first == lam || first == kaf,
      token.count > minimumStem
    else { return [] }
    var result: [Analysis] = []
    let n = token.count
    var conjunctionLengths = [0]
    if n > 0 && (token[0] == waw || token[0] == feh) { conjunctionLengths.append(1) }
    for c in conjunctionLengths {
      if c > 0 && n - c >= minimumStem { result.append(Analysis(cliticLength: c, restoredPrefix: [])) }
      guard c < n else { continue }
      let p = token[c]
      guard p == beh || p == lam || p == kaf else { continue }
      let length = c + 1
      guard n - length >= minimumStem else { continue }
      result.append(Analysis(cliticLength: length, restoredPrefix: []))
      if p == lam && token[length] == lam {
        result.append(Analysis(cliticLength: length, restoredPrefix: [alef]))
      }
    }
    return result
  }
}
