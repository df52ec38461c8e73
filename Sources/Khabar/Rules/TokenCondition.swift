/// One test on one token as written, inside `[…]` or as shorthand (`WORD`, `"قال"`, `@ranks`).
///
/// Every token test of the rule language is defined in this file: how it is written
/// (`TokenCondition.named`), what it compiles to (`compile`, `CompiledTest.Condition`), what it
/// costs (`cost`) and what it tells the start filters (`startKey`, `fold(into:negated:)`). Only
/// its evaluation on a token lives elsewhere, with the matcher's per-token state
/// (`RuleMatcher.passes` in RuleMatcher+TokenTests.swift). A new test adds a case here, the
/// arms the compiler then asks for in this file, and one arm in `passes`.
enum TokenCondition: Sendable, Equatable {
  case kind(TokenKind)
  case anyToken
  case literal(String)
  case list(String)
  case prefix(String)
  case suffix(String)
  /// The token (without proclitics) is written exactly so, before the matching folds
  /// (`written="على"` tells the preposition from the name علي, which fold together).
  case written(String)
  /// The token carries a proclitic (و ف ب ل ك …) that the lexicon stripped.
  case clitic
  /// The token's proclitics are exactly this text (`proclitic="ب"`: بالأحساء, not والأحساء):
  /// those before the entity that starts on the token, else those the rule lexicon stripped.
  /// ل + ال written لل strips ل alone.
  case proclitic(String)
  /// The token is inside an entity of this label.
  case inside(EntityLabel)

  /// How a named test is written: alone (`word`, `clitic`, `PERSON`) or with a quoted text
  /// (`prefix="ال"`).
  enum Named {
    case plain(TokenCondition)
    case withText((String) -> TokenCondition)
  }

  /// The test written as `name` inside `[…]`, or nil when the language has none of that name.
  static func named(_ name: String) -> Named? {
    switch name {
    case "word", "WORD": .plain(.kind(.word))
    case "number", "NUMBER": .plain(.kind(.number))
    case "punct", "PUNCT": .plain(.kind(.punctuation))
    case "any", "ANY": .plain(.anyToken)
    case "clitic": .plain(.clitic)
    case "prefix": .withText { .prefix($0) }
    case "suffix": .withText { .suffix($0) }
    case "proclitic": .withText { .proclitic($0) }
    case "written": .withText { .written(DisplayForm.of($0)) }
    default: EntityLabel(rawValue: name).map { .plain(.inside($0)) }
    }
  }

  /// The compiled condition, with its texts interned in `compiler`'s side tables; nil (and a
  /// diagnostic at `place`) when the condition cannot be compiled.
  func compile(_ compiler: inout RuleCompiler, at place: SourcePlace) -> CompiledTest.Condition? {
    switch self {
    case .kind(let kind): return .kind(kind)
    case .anyToken: return .anyToken
    case .literal(let text):
      let words = compiler.ids(of: text)
      guard words.count == 1 else {
        compiler.diagnose(place, "a token test takes one word, not \"\(text)\"")
        return nil
      }
      return .word(words[0])
    case .list(let name):
      guard let index = compiler.listIndex[name] else {
        compiler.diagnose(place, "unknown word list '\(name)'")
        return nil
      }
      return .list(index)
    case .prefix(let text):
      return .prefix(compiler.affix(text))
    case .suffix(let text):
      return .suffix(compiler.affix(text))
    case .written(let text):
      // One index per distinct form: the matcher answers "which form is this token" once.
      if !compiler.writtenForms.contains(text) { compiler.writtenForms.append(text) }
      return .written(compiler.writtenForms.firstIndex(of: text) ?? 0)
    case .clitic: return .clitic
    case .proclitic(let text):
      return .proclitic(compiler.affix(text))
    case .inside(let label): return .inside(label)
    }
  }
}

/// A compiled token test: every condition must hold (or fail, when negated).
struct CompiledTest: Sendable {
  /// A condition on one token.
  ///
  /// Payloads are plain values (texts live in side tables of the compiler and the rule set): the
  /// matcher reads conditions in its innermost loop, where copying a reference-counted payload cost
  /// a retain and a release each time.
  enum Condition: Sendable, Hashable {
    case kind(TokenKind)
    case anyToken
    case word(Int32)
    /// A single-word item of the list whose trie has this index.
    case list(Int)
    /// The stem starts with `RuleSet.TestTable.affixes[index]`.
    case prefix(Int)
    /// The stem ends with `RuleSet.TestTable.affixes[index]`.
    case suffix(Int)
    /// The stem as written in the original text is `RuleSet.TestTable.writtenForms[index]`.
    case written(Int)
    case clitic
    /// The stripped proclitics are `RuleSet.TestTable.affixes[index]`.
    case proclitic(Int)
    case inside(EntityLabel)
  }
  var conditions: [(negated: Bool, condition: Condition)]
}

extension CompiledTest.Condition {
  /// What a token passing this condition (not negated) must be, when one word set or one
  /// kind says it: the key that files a rule for the start filters (`RuleSet.Phase.index`)
  /// and a rule's requirements (`Requirement`).
  enum StartKey {
    /// One of these lexicon ids, as written or as stem.
    case words([Int32])
    case kind(TokenKind)
    /// Inside an entity of this label (`[TITLE …]`): the rule may start on any of its tokens.
    case inside(EntityLabel)
  }

  /// See `StartKey`; nil for conditions that no word set or kind describes.
  func startKey(tries: [PhraseTrie]) -> StartKey? {
    switch self {
    case .word(let id): .words([id])
    case .list(let trie) where trie < tries.count: .words(Array(tries[trie].singles))
    case .kind(let kind): .kind(kind)
    case .inside(let label): .inside(label)
    case .list, .anyToken, .prefix, .suffix, .written, .clitic, .proclitic: nil
    }
  }

  /// The order of a test's conditions: the cheap ones (an id or a bit compared) first, the one
  /// that reads the original text last, where a failing cheap condition usually spares it.
  var cost: Int {
    switch self {
    case .kind, .anyToken, .word, .list, .clitic, .inside: 0
    case .prefix, .suffix, .proclitic: 1
    case .written: 2
    }
  }

  /// Folds the condition into `masks` when it is about the token's kind, the entities that
  /// cover it or its proclitics (one mask check per test instead of a condition each); false
  /// when it stays a condition of its own.
  func fold(into masks: inout TestMasks, negated: Bool) -> Bool {
    switch self {
    case .kind(let kind):
      let bit = UInt8(1) << UInt8(kind.index)
      masks.kinds &= negated ? ~bit : bit
    case .anyToken:
      if negated { masks.kinds = 0 }
    case .inside(let label):
      let bit = UInt16(1) << UInt16(label.precedence)
      if negated { masks.insideForbidden |= bit } else { masks.insideRequired |= bit }
    case .clitic:
      if negated { masks.cliticForbidden = true } else { masks.cliticRequired = true }
    case .word, .list, .prefix, .suffix, .written, .proclitic:
      return false
    }
    return true
  }
}
