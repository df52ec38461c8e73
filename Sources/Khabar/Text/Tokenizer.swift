import CICUShim

/// Splits normalized text into tokens and sentences with ICU's word and sentence break
/// iterators (root locale rules).
///
/// ICU is the authority. Runs of common characters (Arabic and Latin letters, ASCII digits,
/// common punctuation, spaces, line feeds), nearly all of news text, are split here by the few
/// rules of ICU's that can apply to them, because ICU's rule engine costs more than the rest of
/// the pipeline together; `TextTokenizerFastPathTests` holds the two to identical results.
///
/// A tokenizer owns two ICU iterators and is not safe to share between threads: give each
/// worker its own. White space is not a token; punctuation and numbers are tokens of their
/// own kind. Sentences end where ICU's sentence rules say (. ! ? ؟ ۔ and line breaks); a
/// comma or ، does not end one, nor an abbreviated form of address (`joinAfterAbbreviations`).
public final class Tokenizer {
  private let words: OpaquePointer
  private let sentences: OpaquePointer
  private static let empty: [UInt16] = [0x20]

  public enum Failure: Error { case icuUnavailable }

  public init() throws {
    // ICU copies nothing: it reads the buffer given to set_text, so it is always reset first.
    guard
      let words = Tokenizer.empty.withUnsafeBufferPointer({
        khabar_break_open(Int32(KHABAR_BREAK_WORD), $0.baseAddress, 1)
      }),
      let sentences = Tokenizer.empty.withUnsafeBufferPointer({
        khabar_break_open(Int32(KHABAR_BREAK_SENTENCE), $0.baseAddress, 1)
      })
    else { throw Failure.icuUnavailable }
    self.words = words
    self.sentences = sentences
  }

  deinit {
    khabar_break_close(words)
    khabar_break_close(sentences)
  }

  /// Tokenizes a normalized text.
  public func tokenize(_ text: NormalizedText) -> TokenizedText {
    var sentenceList: [Sentence] = []
    var tokens: [Token] = []
    text.units.withUnsafeBufferPointer { buffer in
      guard !buffer.isEmpty else { return }
      // Token offsets are Int32: checked here once, the fast path converts them unchecked.
      precondition(buffer.count <= Int(Int32.max), "text too long to tokenize")
      appendSentences(of: buffer, to: &sentenceList)
      Tokenizer.joinAfterAbbreviations(buffer, &sentenceList)
      sentenceList.withUnsafeBufferPointer { sentences in
        // A token holds at least one unit: room for one token per unit always suffices. The
        // tokens are written in place (appending checks capacity and uniqueness at every token,
        // and copying them from a scratch buffer cost a tenth of the splitting); the memory
        // past the last token is never touched.
        tokens = [Token](unsafeUninitializedCapacity: buffer.count) { array, count in
          guard let base = array.baseAddress else { return }
          var writer = TokenWriter(tokens: base, sentences: sentences)
          WordClass.table.withUnsafeBufferPointer { appendWords(of: buffer, $0, to: &writer) }
          count = writer.count
        }
      }
    }
    Tokenizer.splitGluedWords(text, &tokens)
    return TokenizedText(text: text, tokens: tokens, sentences: sentenceList)
  }

  /// The letters that abbreviate a form of address before a name, alone (or after و) with a
  /// full stop.
  ///
  /// د for الدكتور, م for المهندس, أ for الأستاذ (folded to ا).
  static let abbreviations: Set<UInt16> = [0x062F, 0x0645, 0x0627]

  /// Joins each sentence that ends in an abbreviated form of address (`abbreviations`) to the
  /// next one on the same line.
  ///
  /// ICU ends a sentence at every full stop that a space and a letter follow, which cut the
  /// name from its title and from its clause (وقّعها د. محمد البديّع).
  ///
  /// Not after a number (2015 م. is a year: the Gregorian م ends the sentence), and never across
  /// a line feed.
  static func joinAfterAbbreviations(
    _ buffer: UnsafeBufferPointer<UInt16>, _ sentences: inout [Sentence]
  ) {
    func endsWithAbbreviation(_ sentence: Sentence) -> Bool {
      let end = Int(sentence.end)
      let start = Int(sentence.start)
      guard end - start >= 2, buffer[end - 1] == 0x2E, abbreviations.contains(buffer[end - 2])
      else { return false }
      // The letter alone, or with و (وم. سعد الحربي).
      var letter = end - 2
      if letter - 1 >= start && buffer[letter - 1] == 0x0648 { letter -= 1 }
      if letter == start { return true }
      guard isSpace(buffer[letter - 1]) else { return false }
      var before = letter - 2
      while before >= start && isSpace(buffer[before]) { before -= 1 }
      return before < start || !(0x30...0x39).contains(buffer[before])
    }
    guard sentences.count > 1, sentences.contains(where: endsWithAbbreviation) else { return }
    var joined: [Sentence] = []
    joined.reserveCapacity(sentences.count)
    var current = sentences[0]
    for next in sentences.dropFirst() {
      if endsWithAbbreviation(current),
        !buffer[Int(current.end)..<Int(next.start)].contains(0x0A)
      {
        current.end = next.end
      } else {
        joined.append(current)
        current = next
      }
    }
    joined.append(current)
    sentences = joined
  }

  /// Appends the sentences of `buffer` to `sentences`, white space trimmed.
  ///
  /// The text is cut into paragraphs after each line feed, where ICU's sentence rules always
  /// break (UAX #29 SB4) and from where ICU finds the next boundaries without looking back. A
  /// paragraph of common characters only (`SentenceClass`) is split by `appendFastSentences`;
  /// any other paragraph goes to ICU.
  private func appendSentences(
    of buffer: UnsafeBufferPointer<UInt16>, to sentences: inout [Sentence]
  ) {
    SentenceClass.table.withUnsafeBufferPointer { classes in
      var start = 0
      while start < buffer.count {
        if let end = Tokenizer.appendFastSentences(
          of: buffer, from: start, classes, to: &sentences)
        {
          start = end
          continue
        }
        var end = start
        while end < buffer.count && buffer[end] != 0x0A { end += 1 }
        end = min(end + 1, buffer.count)
        appendICUSentences(of: buffer, from: start, to: end, to: &sentences)
        start = end
      }
    }
  }

  /// Appends the sentences of the paragraph that begins at `start`, up to and including its
  /// line feed, and returns where it ends; appends nothing and returns nil when the paragraph
  /// holds a character that is not common, which needs ICU.
  ///
  /// The rules are those of UAX #29 that apply to common characters: after a full stop or
  /// another terminator (SB9–SB11) the sentence takes in closing punctuation, then spaces, then
  /// one line feed, and breaks there, unless a digit follows the full stop at once (SB6), a
  /// lowercase letter follows it before any other letter or terminator (SB8), or a continuation
  /// mark (",", "،", ":", "-") or another terminator follows (SB8a). Uppercase letters, which
  /// SB7 is about, are not common characters (case folding removed them). Only units of a
  /// `SentenceClass.significant` class stop the scan.
  private static func appendFastSentences(
    of buffer: UnsafeBufferPointer<UInt16>, from start: Int,
    _ classes: UnsafeBufferPointer<UInt8>, to sentences: inout [Sentence]
  ) -> Int? {
    let end = buffer.count
    let mark = sentences.count
    @inline(__always) func type(_ i: Int) -> UInt8 { classes[Int(buffer[i])] }
    var sentenceStart = start
    func boundary(_ position: Int) {
      if let trimmed = trim(buffer, Int32(sentenceStart), Int32(position)) {
        sentences.append(Sentence(start: trimmed.0, end: trimmed.1))
      }
      sentenceStart = position
    }
    guard let units = buffer.baseAddress else { return nil }
    var i = start
    while i < end {
      // Plain Arabic letters and spaces eight at a time, then the units of a block with
      // anything else one by one.
      while i &+ 8 <= end && ArabicBlock.isPlain(units + i) { i &+= 8 }
      let blockEnd = min(i &+ 8, end)
      while i < blockEnd && type(i) & SentenceClass.significant == 0 { i &+= 1 }
      if i == blockEnd { continue }
      let c = type(i)
      if c == SentenceClass.unknown {
        sentences.removeSubrange(mark...)
        return nil
      }
      if c == SentenceClass.lineFeed {
        boundary(i + 1)
        return i + 1
      }
      // A full stop or a terminator.
      var j = i + 1
      if c == SentenceClass.fullStop && j < end && type(j) == SentenceClass.numeric {
        i = j
        continue
      }
      while j < end && type(j) == SentenceClass.close { j += 1 }
      while j < end && type(j) == SentenceClass.space { j += 1 }
      if c == SentenceClass.fullStop {
        // The search ends at the paragraph's line feed at the latest; a character that is not
        // common found on the way makes the whole paragraph go to ICU anyway.
        var k = j
        while k < end && !SentenceClass.stopsLowercaseSearch(type(k)) { k += 1 }
        if k < end && type(k) == SentenceClass.lower {
          i = j
          continue
        }
      }
      if j < end
        && [SentenceClass.continuation, SentenceClass.fullStop, SentenceClass.terminator]
          .contains(type(j))
      {
        i = j
        continue
      }
      if j < end && type(j) == SentenceClass.lineFeed {
        boundary(j + 1)
        return j + 1
      }
      boundary(j)
      i = j
    }
    if sentenceStart < end { boundary(end) }
    return end
  }

  /// Appends the sentences ICU's sentence iterator finds in `buffer[start..<end]`, a region
  /// that begins and ends at boundaries of the whole text.
  private func appendICUSentences(
    of buffer: UnsafeBufferPointer<UInt16>, from start: Int, to end: Int,
    to list: inout [Sentence]
  ) {
    guard let base = buffer.baseAddress else { return }
    khabar_break_set_text(sentences, base + start, Int32(end - start))
    let offset = Int32(start)
    var previous = offset
    while true {
      let next = khabar_break_next(sentences)
      if next < 0 { break }
      let boundary = next + offset
      if let trimmed = Tokenizer.trim(buffer, previous, boundary) {
        list.append(Sentence(start: trimmed.0, end: trimmed.1))
      }
      previous = boundary
    }
  }

  /// Appends the word tokens of `buffer` to `tokens`.
  ///
  /// The text is cut into chunks at spaces and line feeds. A chunk of common characters only
  /// (a `WordClass` other than `other`), where no letter touches a digit and no punctuation
  /// sits between two letters or digits, is split here: every letter run is a word, every
  /// digit run a number, every punctuation character a token of its own, as ICU's rules say.
  /// Any other chunk goes to ICU together with the white space before it, up to the next chunk
  /// that begins with a common character.
  ///
  /// This is exact because ICU's word iterator always has a boundary between a common
  /// character and a space or line feed, in both orders (UAX #29 joins a space only to a space
  /// or to a following Extend, Format or ZWJ character, none of which is common), and because
  /// ICU finds each boundary from the previous one: what a region holds does not depend on the
  /// text before it. `TextTokenizerFastPathTests` checks it against pure ICU.
  ///
  /// The loop keeps the writer's state in local variables (in registers) and hands it back to
  /// the writer only around ICU; each unit's class is looked up once, and runs of plain Arabic
  /// letters are passed eight units at a time.
  private func appendWords(
    of buffer: UnsafeBufferPointer<UInt16>, _ classes: UnsafeBufferPointer<UInt8>,
    to writer: inout TokenWriter
  ) {
    let n = buffer.count
    guard n > 0, let units = buffer.baseAddress, let table = classes.baseAddress else { return }
    @inline(__always) func type(_ i: Int) -> UInt8 { table[Int(units[i])] }
    let out = writer.tokens
    let sentences = writer.sentences
    let lastSentence = sentences.count - 1
    var count = writer.mark.count
    var sentence = writer.mark.sentence
    var sentenceEnd = writer.mark.sentenceEnd
    @inline(__always) func emit(_ start: Int, _ end: Int, _ kind: TokenKind) {
      let start = Int32(truncatingIfNeeded: start)
      while start >= sentenceEnd {
        sentence &+= 1
        sentenceEnd = sentence < lastSentence ? sentences[sentence].end : .max
      }
      (out + count).initialize(
        to: Token(
          start: start, end: Int32(truncatingIfNeeded: end), kind: kind,
          sentence: Int32(truncatingIfNeeded: sentence)))
      count &+= 1
    }
    /// Hands the region `start..<end` to ICU through the writer.
    func icu(_ start: Int, _ end: Int) {
      writer.mark = TokenWriter.Mark(count: count, sentence: sentence, sentenceEnd: sentenceEnd)
      appendICUWords(of: buffer, from: start, to: end, to: &writer)
      (count, sentence, sentenceEnd) = (
        writer.mark.count, writer.mark.sentence, writer.mark.sentenceEnd
      )
    }
    var i = 0
    // The start of text waiting to go to ICU, or -1.
    var pending = -1
    chunks: while i < n {
      let gap = i
      var c = type(i)
      while c == WordClass.gap {
        i &+= 1
        if i == n { break chunks }
        c = type(i)
      }
      let chunk = i
      if pending >= 0 {
        // ICU's region may end only before a common character.
        if c == WordClass.other {
          while i < n && type(i) != WordClass.gap { i &+= 1 }
          continue
        }
        icu(pending, chunk)
        pending = -1
      }
      let mark = (count, sentence, sentenceEnd)
      // The class of the unit before `i` in the chunk (`gap` at its start).
      var previous = WordClass.gap
      split: while true {
        switch c {
        case WordClass.letter, WordClass.digit:
          var j = i &+ 1
          if c == WordClass.letter {
            // Plain Arabic letters eight at a time; the loop below goes on from the first
            // other unit.
            while j &+ 8 <= n {
              let letters = ArabicBlock.letterPrefix(units + j)
              j &+= letters
              if letters < 8 { break }
            }
          }
          var next = WordClass.gap
          while j < n {
            next = type(j)
            if next != c { break }
            j &+= 1
          }
          // A letter touching a digit (ICU joins them) needs ICU's rule status.
          if j < n && next & WordClass.alphanumeric != 0 { break split }
          emit(i, j, c == WordClass.letter ? .word : .number)
          i = j
          if j == n || next == WordClass.gap { continue chunks }
          previous = c
          c = next
        case WordClass.punctuation, WordClass.symbol:
          let next = i &+ 1 < n ? type(i &+ 1) : WordClass.gap
          // Between two letters or digits, "." "," "'" and the like may join them.
          if previous & WordClass.alphanumeric != 0 && next & WordClass.alphanumeric != 0 {
            break split
          }
          emit(i, i &+ 1, c == WordClass.punctuation ? .punctuation : .symbol)
          i &+= 1
          if i == n || next == WordClass.gap { continue chunks }
          previous = c
          c = next
        default:
          break split
        }
      }
      // The chunk needs ICU: take back its tokens.
      (count, sentence, sentenceEnd) = mark
      while i < n && type(i) != WordClass.gap { i &+= 1 }
      pending = gap
    }
    if pending >= 0 { icu(pending, n) }
    writer.mark = TokenWriter.Mark(count: count, sentence: sentence, sentenceEnd: sentenceEnd)
  }

  /// Appends the tokens ICU's word iterator finds in `buffer[start..<end]`, a region that
  /// begins and ends at boundaries of the whole text.
  private func appendICUWords(
    of buffer: UnsafeBufferPointer<UInt16>, from start: Int, to end: Int,
    to tokens: inout TokenWriter
  ) {
    guard let base = buffer.baseAddress else { return }
    khabar_break_set_text(words, base + start, Int32(end - start))
    let offset = Int32(start)
    var previous = offset
    while true {
      let next = khabar_break_next(words)
      if next < 0 { break }
      let boundary = next + offset
      defer { previous = boundary }
      let status = khabar_break_rule_status(words)
      let kind: TokenKind
      if status >= 200 {
        kind = .word
      } else if status >= 100 {
        kind = .number
      } else {
        guard let classified = Tokenizer.classify(buffer, previous, boundary) else { continue }
        kind = classified
      }
      tokens.append(previous, boundary, kind)
    }
  }

  /// The segment without white space at either end, or nil when nothing else is in it.
  private static func trim(
    _ buffer: UnsafeBufferPointer<UInt16>, _ start: Int32, _ end: Int32
  ) -> (Int32, Int32)? {
    var lower = start
    var upper = end
    while lower < upper && isSpace(buffer[Int(lower)]) { lower += 1 }
    while upper > lower && isSpace(buffer[Int(upper) - 1]) { upper -= 1 }
    return lower < upper ? (lower, upper) : nil
  }

  /// The kind of a segment that ICU calls "none": nil for white space.
  private static func classify(
    _ buffer: UnsafeBufferPointer<UInt16>, _ start: Int32, _ end: Int32
  ) -> TokenKind? {
    let first = firstScalar(buffer, start, end)
    if khabar_is_white_space(first) != 0 { return nil }
    return category(of: first)
  }

  /// The kind of a token of ICU's "none" status that begins with `scalar` (not white space).
  static func category(of scalar: UInt32) -> TokenKind {
    // UCharCategory: 19 dash, 20 start, 21 end, 22 connector, 23 other punctuation,
    // 28 initial quote, 29 final quote.
    switch khabar_char_type(scalar) {
    case 19...23, 28, 29: return .punctuation
    default: return .symbol
    }
  }

  private static func isSpace(_ unit: UInt16) -> Bool {
    unit == 0x20 || (unit >= 0x09 && unit <= 0x0D)
      || (unit >= 0x80 && khabar_is_white_space(UInt32(unit)) != 0)
  }

  private static func firstScalar(
    _ buffer: UnsafeBufferPointer<UInt16>, _ start: Int32, _ end: Int32
  ) -> UInt32 {
    let lead = buffer[Int(start)]
    if UTF16.isLeadSurrogate(lead) && start + 1 < end {
      let trail = buffer[Int(start) + 1]
      return 0x10000 + ((UInt32(lead) - 0xD800) << 10) + (UInt32(trail) - 0xDC00)
    }
    return UInt32(lead)
  }
}

/// Writes tokens into memory with room for all of them and gives each the index of the
/// sentence that holds it, as it is written: tokens come in text order, so the sentence only
/// ever moves forward.
private struct TokenWriter {
  let tokens: UnsafeMutablePointer<Token>
  /// The sentences of the text, in order.
  let sentences: UnsafeBufferPointer<Sentence>

  /// Where the writer is: the number of tokens written and the sentence of the last one.
  struct Mark {
    var count = 0
    var sentence = 0
    /// The end of `sentence`, or `Int32.max` for the last sentence, which takes in every
    /// token after it.
    var sentenceEnd: Int32
  }

  /// Setting an earlier mark takes back the tokens written since.
  var mark: Mark

  var count: Int { mark.count }

  init(tokens: UnsafeMutablePointer<Token>, sentences: UnsafeBufferPointer<Sentence>) {
    self.tokens = tokens
    self.sentences = sentences
    mark = Mark(sentenceEnd: sentences.count > 1 ? sentences[0].end : .max)
  }

  @inline(__always)
  mutating func append(_ start: Int32, _ end: Int32, _ kind: TokenKind) {
    while start >= mark.sentenceEnd {
      mark.sentence += 1
      mark.sentenceEnd = mark.sentence < sentences.count - 1 ? sentences[mark.sentence].end : .max
    }
    (tokens + mark.count).initialize(
      to: Token(
        start: start, end: end, kind: kind,
        sentence: Int32(truncatingIfNeeded: mark.sentence)))
    mark.count += 1
  }
}

/// The classes of UTF-16 units that the word fast path of `Tokenizer` splits by itself,
/// taken from ICU's character properties.
enum WordClass {
  /// Anything else: the chunk goes to ICU.
  static let other: UInt8 = 0
  /// Arabic and Latin letters (Word_Break ALetter; Sentence_Break OLetter or Lower).
  static let letter: UInt8 = 1
  /// ASCII digits (Word_Break Numeric).
  static let digit: UInt8 = 2
  /// Common punctuation that ICU keeps as a token of its own, by general category.
  static let punctuation: UInt8 = 4
  static let symbol: UInt8 = 8
  /// Space and line feed, which end a chunk.
  static let gap: UInt8 = 16
  /// Mask of `letter` and `digit`.
  static let alphanumeric: UInt8 = letter | digit

  /// The punctuation and symbols of news text that the fast path handles.
  ///
  /// Each is checked against ICU: none may join a neighbour except a letter or digit on both sides.
  /// Not "@": ICU's word rules count it as a letter.
  static let commonPunctuation: [UInt16] =
    Array(".,:;!?()[]{}\"'-/%*+=<>|&#$~^`\\".utf16) + [
      0x00AB, 0x00BB, 0x00D7, 0x060C, 0x061B, 0x061F, 0x066A, 0x066C, 0x06D4, 0x2013, 0x2014,
      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2039, 0x203A,
    ]

  /// The class of every UTF-16 unit (surrogates are `other`).
  static let table: [UInt8] = {
    var table = [UInt8](repeating: other, count: 0x10000)
    table[0x20] = gap
    table[0x0A] = gap
    for c in UInt32(0x61)...0x7A where isLetter(c) { table[Int(c)] = letter }
    for c in UInt32(0x0620)...0x06FF where isLetter(c) { table[Int(c)] = letter }
    for c in UInt32(0x30)...0x39 { table[Int(c)] = digit }
    for unit in commonPunctuation where isSeparate(UInt32(unit)) {
      table[Int(unit)] = Tokenizer.category(of: UInt32(unit)) == .punctuation ? punctuation : symbol
    }
    return table
  }()

  private static func isLetter(_ c: UInt32) -> Bool {
    let sentenceBreak = khabar_sentence_break(c)
    return khabar_word_break(c) == 1 /* ALetter */
      && (sentenceBreak == 4 /* Lower */ || sentenceBreak == 6 /* OLetter */)
  }

  /// Whether ICU's word rules can join `c` to a neighbour only when it sits between two letters
  /// or two digits: Word_Break Other, MidLetter, MidNum, MidNumLet, Single_Quote or
  /// Double_Quote (which joins only Hebrew letters), and not Extended_Pictographic.
  private static func isSeparate(_ c: UInt32) -> Bool {
    let wordBreak = khabar_word_break(c)
    return [0, 4, 5, 11, 15, 16].contains(wordBreak) && khabar_is_extended_pictographic(c) == 0
      && khabar_is_white_space(c) == 0
  }
}

/// The Sentence_Break classes (UAX #29) of the common characters that the sentence fast path
/// of `Tokenizer` handles: letters, digits and punctuation of `WordClass`, space and line feed.
enum SentenceClass {
  /// Set in the classes where a sentence may end or the fast path must stop: `unknown`,
  /// `fullStop`, `terminator`, `lineFeed`.
  ///
  /// The others are passed over with one test.
  static let significant: UInt8 = 0x80
  /// Not a common character: the paragraph goes to ICU.
  static let unknown: UInt8 = 0xFF
  static let other: UInt8 = 0
  /// ATerm: the full stop.
  static let fullStop: UInt8 = 1 | significant
  static let close: UInt8 = 2
  static let lower: UInt8 = 4
  static let numeric: UInt8 = 5
  static let otherLetter: UInt8 = 6
  static let space: UInt8 = 8
  /// STerm: "!", "?", "؟", "۔".
  static let terminator: UInt8 = 9 | significant
  static let lineFeed: UInt8 = 13 | significant
  /// SContinue: ",", "،", ":", "-" and the like.
  static let continuation: UInt8 = 14

  /// The class of each Sentence_Break value (USentenceBreak) of a common character.
  private static let classOfICUValue: [Int32: UInt8] = [
    0: other, 1: fullStop, 2: close, 4: lower, 5: numeric, 6: otherLetter, 8: space,
    9: terminator, 13: lineFeed, 14: continuation,
  ]

  /// Whether class `c` ends SB8's search for a lowercase letter after a full stop: a letter, a
  /// paragraph separator or a terminator.
  @inline(__always)
  static func stopsLowercaseSearch(_ c: UInt8) -> Bool {
    c == otherLetter || c == lower || c == lineFeed || c == fullStop || c == terminator
  }

  /// The class of every UTF-16 unit after ICU's Sentence_Break value, `unknown` for all but
  /// the common characters.
  static let table: [UInt8] = {
    var table = [UInt8](repeating: unknown, count: 0x10000)
    for c in 0..<0x10000 where WordClass.table[c] != WordClass.other {
      if let known = classOfICUValue[khabar_sentence_break(UInt32(c))] { table[c] = known }
    }
    return table
  }()
}

/// Eight UTF-16 units at a time: how many of them are plain Arabic letters (U+0620–U+064A,
/// every one a `WordClass.letter` and a Sentence_Break OLetter, which neither split a word nor
/// end a sentence), read with SIMD instructions.
///
/// Written with wrapping arithmetic only: Swift's SIMD comparisons compile to a loop over the
/// lanes, its arithmetic to single instructions. The high bit of `(x - count) & ~x` is set
/// exactly where `0 <= x < count` (as unsigned 16-bit numbers, for `count` below 0x8000).
enum ArabicBlock {
  static let first: UInt16 = 0x0620
  /// The number of plain Arabic letters: U+0620 to U+064A.
  static let count: UInt16 = 0x2B

  /// The number of plain Arabic letters at the start of the 8 units at `units`.
  @inline(__always)
  static func letterPrefix(_ units: UnsafePointer<UInt16>) -> Int {
    let v = UnsafeRawPointer(units).loadUnaligned(as: SIMD8<Int16>.self)
    let x = v &- splat(first)
    return (~highBits((x &- splat(count)) & ~x)).trailingZeroBitCount &>> 3
  }

  /// Whether all 8 units at `units` are plain Arabic letters or spaces.
  @inline(__always)
  static func isPlain(_ units: UnsafePointer<UInt16>) -> Bool {
    let v = UnsafeRawPointer(units).loadUnaligned(as: SIMD8<Int16>.self)
    let x = v &- splat(first)
    let letters = (x &- splat(count)) & ~x
    let s = v ^ splat(0x20)
    let spaces = (s &- splat(1)) & ~s
    return highBits(letters | spaces) == ~0
  }

  /// `value` in every lane. (Built from two 64-bit halves: `SIMD8(repeating:)` with a constant
  /// made LLVM rebuild the constants lane by lane inside the loop.)
  @inline(__always)
  private static func splat(_ value: UInt16) -> SIMD8<Int16> {
    let half = UInt64(value) &* 0x0001_0001_0001_0001
    return unsafeBitCast(SIMD2<UInt64>(half, half), to: SIMD8<Int16>.self)
  }

  /// One byte per lane, 0xFF where the lane's high bit is set, else 0: the lanes in memory
  /// order, the first in the low byte.
  @inline(__always)
  private static func highBits(_ lanes: SIMD8<Int16>) -> UInt64 {
    unsafeBitCast(SIMD8<UInt8>(truncatingIfNeeded: lanes &>> 15), to: UInt64.self)
  }
}
