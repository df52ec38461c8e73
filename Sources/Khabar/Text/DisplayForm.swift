import CICUShim

/// The light normalization used for Arabic canonical names: what a reader would write.
///
/// NFKC first, so that presentation forms (ﻋﻠﻰ), ligatures (ﻻ) and decomposed letters (و +
/// U+0654) read as the ordinary letters they stand for (على, لا, ؤ): text gives the same display
/// form however it was encoded. Then diacritics, tatweel and invisible format marks go; alef
/// with hamza or madda becomes bare alef, so that إيران and ايران get one name; teh marbuta,
/// alef maqsura and hamza on carriers stay (matching folds them, display does not); white space
/// collapses to single spaces.
public enum DisplayForm {
  public static func of(_ text: String) -> String {
    var text = text
    return text.withUTF8 { of(utf8: $0) }
  }

  /// The display form of valid UTF-8 `bytes` (whole scalars).
  ///
  /// Built as UTF-8 bytes: appending scalars one at a time to a `String.UnicodeScalarView`
  /// cost more than everything else here (this runs for every emitted entity). The result is
  /// never longer than the text: a bare alef is as long as the alef it replaces, and a space
  /// stands for at least one white-space byte. It is valid UTF-8 (whole scalars of valid
  /// UTF-8, a bare alef, spaces), so it is copied into a String without the validation that
  /// `String(unsafeUninitializedCapacity:initializingUTF8With:)` repeats, which cost twice
  /// the building.
  ///
  /// Text with no scalar NFKC may change (nearly every span of news) is read in one pass; on
  /// the first scalar NFKC may change (`Action.compose`), the pass stops and the text goes
  /// through ICU's NFKC, then through the pass again with `composed` set.
  static func of(utf8 bytes: UnsafeBufferPointer<UInt8>, composed: Bool = false) -> String {
    if let form = lightForm(utf8: bytes, composed: composed) { return form }
    guard let normalized = nfkc(String(decoding: bytes, as: UTF8.self)) else {
      // ICU failed: the letters as written rather than nothing.
      return lightForm(utf8: bytes, composed: true) ?? ""
    }
    var text = normalized
    return text.withUTF8 { of(utf8: $0, composed: true) }
  }

  /// Whether valid UTF-8 `bytes` are plain: ASCII other than white space, and Arabic letters
  /// with no decomposition (U+0621, U+0627–U+063A, U+0641–U+064A).
  ///
  /// A plain text is its own display form (the display form keeps every such scalar and NFKC
  /// changes none), and its own NFD and NFC: these scalars have combining class 0, no canonical
  /// decomposition, and are the second part of no canonical composition. So two plain texts are
  /// equal as Strings (canonical equivalence) exactly when their bytes are equal: a token's
  /// text compared to a `written=` form without building its form or a String.
  static func isPlain(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    while i < bytes.count {
      let lead = bytes[i]
      if lead < 0x80 {
        guard lead != 0x20 && lead != 0x09 && lead != 0x0A && lead != 0x0D else { return false }
        i &+= 1
        continue
      }
      guard lead == 0xD8 || lead == 0xD9, i &+ 1 < bytes.count else { return false }
      let scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[i &+ 1] & 0x3F)
      guard
        scalar == 0x0621 || (0x0627...0x063A).contains(scalar)
          || (0x0641...0x064A).contains(scalar)
      else { return false }
      i &+= 2
    }
    return true
  }

  /// `text` in NFKC, or nil when ICU fails.
  private static func nfkc(_ text: String) -> String? {
    let source = Array(text.utf16)
    var capacity = source.count * 2 + 16
    while true {
      var out = [UInt16](repeating: 0, count: capacity)
      let length = source.withUnsafeBufferPointer { source in
        out.withUnsafeMutableBufferPointer { out in
          khabar_nfkc(source.baseAddress, Int32(source.count), out.baseAddress, Int32(out.count))
        }
      }
      if length < 0 { return nil }
      if Int(length) <= capacity { return String(decoding: out[..<Int(length)], as: UTF16.self) }
      capacity = Int(length)
    }
  }

  /// The display form of `bytes`, or nil when a scalar NFKC may change is met and `composed`
  /// is false (the caller normalizes first).
  private static func lightForm(utf8 bytes: UnsafeBufferPointer<UInt8>, composed: Bool) -> String? {
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out -> String? in
      guard let source = bytes.baseAddress, let target = out.baseAddress else { return "" }
      let count = bytes.count
      var written = 0
      // 1 when a space is due before the next kept scalar. The space is written before every
      // kept scalar and counted only then: the output is never longer than the input read so
      // far, so there is always room for it.
      var pendingSpace = 0
      var i = 0
      var compose = false
      func pass(_ table: UnsafeBufferPointer<UInt8>) {
        while i < count {
          let lead = source[i]
          let action: UInt8
          let width: Int
          if lead < 0x80 {
            action = table[Int(lead)]
            if action == Action.keep {
              target[written] = 0x20
              written &+= pendingSpace
              pendingSpace = 0
              target[written] = lead
              written &+= 1
              i &+= 1
              continue
            }
            width = 1
          } else if lead < 0xE0 {
            let next = source[i &+ 1]
            action = table[Int(lead & 0x1F) << 6 | Int(next & 0x3F)]
            if action == Action.keep || action == Action.alef {
              target[written] = 0x20
              written &+= pendingSpace
              pendingSpace = 0
              // U+0627 ARABIC LETTER ALEF for an alef (every alef it replaces is two bytes).
              let alef = action == Action.alef
              target[written] = alef ? 0xD8 : lead
              target[written &+ 1] = alef ? 0xA7 : next
              written &+= 2
              i &+= 2
              continue
            }
            width = 2
          } else {
            width = lead < 0xF0 ? 3 : 4
            var scalar = UInt32(lead) & 0x7F >> UInt32(width)
            for k in 1..<width { scalar = scalar << 6 | UInt32(source[i &+ k] & 0x3F) }
            action = Action.wide(scalar, composed: composed)
            if action == Action.keep {
              target[written] = 0x20
              written &+= pendingSpace
              pendingSpace = 0
              for k in 0..<width { target[written &+ k] = source[i &+ k] }
              written &+= width
            }
          }
          if action == Action.compose {
            compose = true
            return
          }
          if action == Action.space { pendingSpace = written > 0 ? 1 : 0 }
          i &+= width
        }
      }
      // Each table read where it is: choosing one into a local retained and released it per
      // call.
      if composed {
        Action.composedTable.withUnsafeBufferPointer(pass)
      } else {
        Action.table.withUnsafeBufferPointer(pass)
      }
      if compose { return nil }
      let result = UnsafeBufferPointer(rebasing: out[..<written])
      return unsafe String(copying: UTF8Span(unchecked: result.span, isKnownASCII: false))
    }
  }

  /// What the display form does with a scalar.
  enum Action {
    static let keep: UInt8 = 0
    static let delete: UInt8 = 1
    /// Becomes a bare alef (every alef it replaces is two bytes long, as the bare alef is).
    static let alef: UInt8 = 2
    /// White space: one space before the next kept scalar, none at either end.
    static let space: UInt8 = 3
    /// NFKC may change the text here (`khabar_nfkc_may_change`): normalize it first.
    static let compose: UInt8 = 4

    /// The action for a scalar, by its definition.
    static func of(_ scalar: UInt32) -> UInt8 {
      switch scalar {
      case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x0640, 0x200B...0x200F, 0x202A...0x202E,
        0x2066...0x2069, 0x061C, 0xFEFF:
        return delete
      case 0x0622, 0x0623, 0x0625, 0x0671: return alef
      case 0x20, 0x09, 0x0A, 0x0D, 0xA0: return space
      default: return keep
      }
    }

    /// The action for a scalar of text not yet in NFKC.
    ///
    /// It is `compose` where NFKC may change the text. A mark the display form deletes anyway
    /// needs no NFKC, except the three that compose with the letter before them into a letter
    /// the display form keeps or changes (U+0653 madda, U+0654 hamza above, U+0655 hamza below:
    /// و + U+0654 is ؤ).
    static func beforeNFKC(_ scalar: UInt32) -> UInt8 {
      let action = of(scalar)
      if (0x0653...0x0655).contains(scalar) { return compose }
      // NFKC maps white space (U+00A0) to white space, which the display form makes a space.
      if action == delete || action == space { return action }
      return khabar_nfkc_may_change(scalar) != 0 ? compose : action
    }

    /// The action of every scalar below U+0800 (one or two bytes of UTF-8), for text not yet
    /// in NFKC.
    static let table: [UInt8] = (0..<0x800).map { beforeNFKC(UInt32($0)) }
    /// The same for text in NFKC.
    static let composedTable: [UInt8] = (0..<0x800).map { of(UInt32($0)) }

    /// The action of a scalar from U+0800 on (format marks, or `compose`; never an alef).
    @inline(__always)
    static func wide(_ scalar: UInt32, composed: Bool) -> UInt8 {
      switch scalar {
      case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return delete
      default: return !composed && khabar_nfkc_may_change(scalar) != 0 ? compose : keep
      }
    }
  }
}
