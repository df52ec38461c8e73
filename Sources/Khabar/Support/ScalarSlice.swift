extension Array where Element == Unicode.Scalar {
  /// The scalars in `range` (original Unicode-scalar offsets, end exclusive) as a string: how
  /// every span Khabar reports is cut from the text it came from.
  func string(_ range: Range<Int>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: self[range])
    return String(view)
  }
}
