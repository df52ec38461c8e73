/// A word list of the rule language: items of one or more words, each with an optional value
/// (`اللواء<TAB>Major General`).
///
/// Files live in `Rules/lists/NAME.txt`: one item per line, `#` comments, blank lines ignored,
/// an optional TAB and value after the item. A control character (other than the TAB) is an
/// error.
public struct WordList: Sendable {
  public struct Item: Sendable, Equatable {
    /// The item as written.
    public var text: String
    /// The value after the TAB, if any.
    public var value: String?
    public var line: Int
  }

  public var name: String
  public var items: [Item]
  /// Where the list is defined (a list file, or the rule file of an inline list).
  public var file: String

  /// Parses a list file.
  ///
  /// Problems go to `diagnostics`.
  public static func parse(
    _ text: String, name: String, file: String, diagnostics: inout [Diagnostic]
  ) -> WordList {
    var items: [Item] = []
    var seen = SeenItems()
    var lineNumber = 0
    var text = text
    text.withUTF8 { bytes in
      // Room for every line at once: growing the table rehashed every item so far.
      seen.reserveCapacity(bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1)
      for range in TextLines(bytes) {
        lineNumber += 1
        let bytes = UnsafeBufferPointer(rebasing: bytes[range])
        if let (scalar, column) = DataFileText.firstControlCharacter(in: bytes) {
          diagnostics.append(
            Diagnostic(
              file: file, line: lineNumber, column: column,
              message: DataFileText.controlCharacterMessage(scalar)))
          continue
        }
        let line =
          ListLine(bytes: bytes)
          ?? ListLine(characters: Substring(String(decoding: bytes, as: UTF8.self)))
        switch line {
        case .nothing:
          continue
        case .tooManyFields(let count, let column):
          diagnostics.append(
            Diagnostic(
              file: file, line: lineNumber, column: column,
              message: "expected ITEM or ITEM<TAB>VALUE, found \(count) fields"))
        case .item(let item, let value):
          if item.isEmpty {
            diagnostics.append(
              Diagnostic(file: file, line: lineNumber, column: 1, message: "empty item"))
            continue
          }
          let plain = SeenItems.isPlain(item)
          if let previous = seen.line(of: item, plain: plain) {
            diagnostics.append(
              Diagnostic(
                file: file, line: lineNumber, column: 1, severity: .warning,
                message: "'\(item)' is already listed at line \(previous)"))
            continue
          }
          seen.insert(item, plain: plain, line: lineNumber)
          items.append(
            Item(text: item, value: value?.isEmpty == true ? nil : value, line: lineNumber))
        }
      }
    }
    return WordList(name: name, items: items, file: file)
  }
}

/// The items of a list file so far, with the line of each, to find repeats.
///
/// An item repeats another when the two are equal `String`s: canonically equivalent, which
/// hashing compares by normalizing non-ASCII text, at thousands of instructions an Arabic
/// item. Items of ASCII and plain Arabic letters are equivalent only when their bytes are
/// equal (no two such strings normalize alike: the letters that decompose, like أ, decompose
/// to a combining mark, which such items lack), so those are compared by bytes until the first
/// other item; from then on every item is compared as a `String`.
private struct SeenItems {
  /// An item hashed and compared by its UTF-8 bytes.
  ///
  /// Both read the bytes in place (items are native strings): comparing the two `UTF8View`s
  /// element by element, at every probe of the dictionary, cost a fifth of parsing the lists.
  private struct Bytes: Hashable {
    var text: String

    static func == (a: Bytes, b: Bytes) -> Bool {
      guard a.text.utf8.count == b.text.utf8.count else { return false }
      let inPlace = a.text.utf8.withContiguousStorageIfAvailable { a in
        b.text.utf8.withContiguousStorageIfAvailable { b in a.elementsEqual(b) }
      }
      if let equal = inPlace ?? nil { return equal }
      return a.text.utf8.elementsEqual(b.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
      let hashed: Void? = text.utf8.withContiguousStorageIfAvailable {
        hasher.combine(bytes: UnsafeRawBufferPointer($0))
      }
      if hashed == nil {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
      }
    }
  }

  private var byBytes: [Bytes: Int] = [:]
  /// Every item so far, once an item that is not plain came.
  private var byText: [String: Int]?

  mutating func reserveCapacity(_ count: Int) { byBytes.reserveCapacity(count) }

  /// The line of `item` (`plain`: `isPlain(item)`), if it was listed.
  func line(of item: String, plain: Bool) -> Int? {
    if let byText { return byText[item] }
    return plain ? byBytes[Bytes(text: item)] : nil
  }

  /// Records `item` (`plain`: `isPlain(item)`) at `line`.
  mutating func insert(_ item: String, plain: Bool, line: Int) {
    if byText == nil && !plain {
      byText = Dictionary(uniqueKeysWithValues: byBytes.map { ($0.key.text, $0.value) })
      byBytes = [:]
    }
    if byText != nil {
      byText?[item] = line
    } else {
      byBytes[Bytes(text: item)] = line
    }
  }

  /// Whether `item` is ASCII and Arabic letters (U+0620–U+064A, U+0660–U+066F, U+0671–U+06D3),
  /// none of them a combining mark.
  static func isPlain(_ item: String) -> Bool {
    var item = item
    return item.withUTF8 { bytes in
      var i = 0
      while i < bytes.count {
        let lead = bytes[i]
        i += 1
        if lead < 0x80 { continue }
        // A valid two-byte lead has its trail byte.
        guard lead >= 0xC2 && lead < 0xE0 else { return false }
        let scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[i] & 0x3F)
        i += 1
        guard
          (0x620...0x64A).contains(scalar) || (0x660...0x66F).contains(scalar)
            || (0x671...0x6D3).contains(scalar)
        else {
          return false
        }
      }
      return true
    }
  }
}

/// What one line of a list file holds, before its item is checked.
///
/// A line means what its `Character`s say: a space is trimmed or separates words only when it
/// is a character of its own, and a comment starts with the character `#`. Most lines are read
/// from their bytes, which is many times cheaper; `init?(bytes:)` refuses the few lines where
/// a space or `#` might join a neighbour into one character (a combining mark after it, a
/// prepended mark before it), and those are read by `init(characters:)`.
private enum ListLine {
  /// A blank line or a comment.
  case nothing
  /// More than one TAB; `column` (1-based, in Unicode scalars) is just past the second field.
  case tooManyFields(count: Int, column: Int)
  /// The item with runs of spaces made single and the value (if any), both trimmed of spaces.
  case item(String, value: String?)

  /// Reads a line's bytes, or returns nil when a space or `#` on it might not be a character
  /// of its own.
  init?(bytes line: UnsafeBufferPointer<UInt8>) {
    let space = UInt8(ascii: " ")
    for i in line.indices where line[i] == space {
      guard ListLine.beginsCharacter(line, at: i + 1), ListLine.endsCharacter(line, before: i)
      else { return nil }
    }
    var first = 0
    while first < line.count && line[first] == space { first += 1 }
    if first == line.count {
      self = .nothing
      return
    }
    if line[first] == UInt8(ascii: "#") {
      guard ListLine.beginsCharacter(line, at: first + 1) else { return nil }
      self = .nothing
      return
    }
    let tab = UInt8(ascii: "\t")
    var tabs = 0
    var firstTab = line.count
    var secondTab = line.count
    for i in line.indices where line[i] == tab {
      if tabs == 0 { firstTab = i } else if tabs == 1 { secondTab = i }
      tabs += 1
    }
    if tabs > 1 {
      // Scalars of the first two fields, and the two TABs after them.
      let scalars = line[..<secondTab].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } - 1
      self = .tooManyFields(count: tabs + 1, column: scalars + 2)
      return
    }
    // The item's words, joined by single spaces.
    var item: [UInt8] = []
    item.reserveCapacity(firstTab)
    var spaced = false
    for byte in line[..<firstTab] {
      if byte == space {
        spaced = !item.isEmpty
        continue
      }
      if spaced { item.append(space) }
      spaced = false
      item.append(byte)
    }
    var value: String?
    if tabs == 1 {
      var start = firstTab + 1
      var end = line.count
      while start < end && line[start] == space { start += 1 }
      while end > start && line[end - 1] == space { end -= 1 }
      value = String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }
    self = .item(String(decoding: item, as: UTF8.self), value: value)
  }

  /// Reads a line character by character.
  init(characters raw: Substring) {
    let trimmed = raw.trimmingSpaces()
    if trimmed.isEmpty || trimmed.hasPrefix("#") {
      self = .nothing
      return
    }
    let fields = raw.split(separator: "\t", omittingEmptySubsequences: false)
    if fields.count > 2 {
      self = .tooManyFields(
        count: fields.count,
        column: fields[0].unicodeScalars.count + fields[1].unicodeScalars.count + 2)
      return
    }
    let item = String(
      fields[0].trimmingSpaces().split(separator: " ", omittingEmptySubsequences: true).joined(
        separator: " "))
    self = .item(item, value: fields.count == 2 ? String(fields[1].trimmingSpaces()) : nil)
  }

  /// Whether the scalar at byte `i` surely starts a new character after the one before it:
  /// the line's end, ASCII, or a two-byte Latin or Arabic letter or sign (none of which is a
  /// combining mark).
  ///
  /// Other scalars are not looked up, only assumed to join.
  private static func beginsCharacter(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
    guard i < line.count else { return true }
    let lead = line[i]
    if lead < 0x80 { return true }
    guard lead >= 0xC2 && lead < 0xE0 && i + 1 < line.count else { return false }
    let scalar = UInt32(lead & 0x1F) << 6 | UInt32(line[i + 1] & 0x3F)
    return (0xA0...0x2FF).contains(scalar) || (0x620...0x64A).contains(scalar)
      || (0x660...0x66F).contains(scalar)
      || (0x671...0x6D3).contains(scalar)
  }

  /// Whether the scalar ending before byte `i` surely ends its character: the line's start,
  /// ASCII, or a two-byte scalar other than the prepended marks U+0600–U+0605, U+06DD and
  /// U+070F (which join the character after them).
  ///
  /// Longer scalars are assumed to join.
  private static func endsCharacter(_ line: UnsafeBufferPointer<UInt8>, before i: Int) -> Bool {
    guard i > 0 else { return true }
    if line[i - 1] < 0x80 { return true }
    guard i >= 2, line[i - 2] >= 0xC2 && line[i - 2] < 0xE0 else { return false }
    let scalar = UInt32(line[i - 2] & 0x1F) << 6 | UInt32(line[i - 1] & 0x3F)
    return !((0x600...0x605).contains(scalar) || scalar == 0x6DD || scalar == 0x70F)
  }
}
