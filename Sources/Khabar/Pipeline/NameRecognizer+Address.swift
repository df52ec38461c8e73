extension NameRecognizer {
  /// The list bits that make a word a form of address: the honorifics (سمو، معالي، فخامة،
  /// السيد، الدكتور).
  static let honorificBits: UInt32 = NameRecognizer.bits(of: ["honorifics"])
  /// The list bits that make a word a possible name as well.
  static let nameBits: UInt32 = NameRecognizer.bits(
    of: ["given-names", "given-names-ambiguous", "name-particles"])

  static func bits(of lists: [String]) -> UInt32 {
    lists.reduce(0) { bits, name in
      guard let bit = NameFeatures.listNames.firstIndex(of: name) else {
        preconditionFailure("no word list \(name) among the model's features")
      }
      return bits | 1 << UInt32(bit)
    }
  }

  /// Whether token `k` of `text`, behind the proclitics a name leaves outside, is a form of
  /// address and no name (وسمو ولي العهد, معالي الوزير): the model tags such a word a PERSON
  /// beside the title that follows it, where it names no one.
  func isAddress(_ text: TokenizedText, token k: Int) -> Bool {
    text.text.units.withUnsafeBufferPointer { units in
      let token = UnsafeBufferPointer(rebasing: units[text.tokens[k].range])
      let stem = UnsafeBufferPointer(rebasing: token[features.cliticLength(token)...])
      guard let bits = features.lists(ofWord: FeatureHash.of(units: stem)) else { return false }
      return bits & NameRecognizer.honorificBits != 0 && bits & NameRecognizer.nameBits == 0
    }
  }
}
