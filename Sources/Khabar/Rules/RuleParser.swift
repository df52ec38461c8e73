/// Parses rule files into rules and inline word lists, reporting every problem in one pass.
struct RuleParser {
  enum Lexeme: Equatable {
    case identifier(String)
    case number(Int)
    case string(String)
    case symbol(Character)
    case end
  }

  /// A place in the file being parsed: 1-based line and column (in Unicode scalars).
  ///
  /// A statement continued over several lines (`\`) keeps each token's own line.
  struct Position: Equatable {
    var line: Int
    var column: Int
  }

  struct Token {
    var lexeme: Lexeme
    var column: Position
  }

  struct Failure: Error {
    var column: Position
    var message: String
  }

  /// A named sub-pattern (`define NAME = PATTERN`), used in patterns as `%NAME`.
  struct Macro {
    /// The parsed body; nil when it has errors (already reported: uses of it stay silent).
    var pattern: PatternNode?
    var place: SourcePlace
  }

  /// The statements of a file, parsed.
  struct Result {
    var rules: [RuleSpec] = []
    var lists: [WordList] = []
    var modalities: [ModalitySpec] = []
    /// Patterns that are not compiled — of rules with errors, and macro bodies — whose word
    /// lists are still checked, so that one pass reports every problem.
    var unchecked: [PatternNode] = []
  }

  static let reservedKinds: [String: TokenCondition] = [
    "WORD": .kind(.word), "NUMBER": .kind(.number), "PUNCT": .kind(.punctuation), "ANY": .anyToken,
  ]
  /// The most repetitions a `{n,m}` quantifier may ask for; matches never exceed this many tokens.
  static let maximumRepetitions = 64

  // MARK: Lexing

  /// Lexes line `lineNumber` (1-based).
  ///
  /// A `\` that only blanks or a comment follow is a `.symbol("\\")` token: the statement continues
  /// on the next line.
  static func lex(_ line: Substring, lineNumber: Int) throws(Failure) -> [Token] {
    var tokens: [Token] = []
    let scalars = Array(line.unicodeScalars)
    var i = 0
    func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
      (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_"
    }
    func isIdentifierPart(_ s: Unicode.Scalar) -> Bool {
      isIdentifierStart(s) || (s >= "0" && s <= "9") || s == "-" || s == "."
    }
    while i < scalars.count {
      let s = scalars[i]
      let column = Position(line: lineNumber, column: i + 1)
      if s == " " || s == "\t" {
        i += 1
        continue
      }
      if s == "#" { break }
      if s == "\"" {
        var j = i + 1
        var text = String.UnicodeScalarView()
        while j < scalars.count && scalars[j] != "\"" {
          // \" is a quotation mark, \\ a backslash: news quotes names with ASCII quotes too.
          if scalars[j] == "\\" && j + 1 < scalars.count {
            j += 1
          }
          text.append(scalars[j])
          j += 1
        }
        guard j < scalars.count else {
          throw Failure(column: column, message: "unterminated string")
        }
        tokens.append(Token(lexeme: .string(String(text)), column: column))
        i = j + 1
        continue
      }
      if s >= "0" && s <= "9" {
        var j = i
        var value = 0
        while j < scalars.count, scalars[j] >= "0" && scalars[j] <= "9" {
          value = min(value * 10 + Int(scalars[j].value - 48), 1_000_000)
          j += 1
        }
        tokens.append(Token(lexeme: .number(value), column: column))
        i = j
        continue
      }
      if isIdentifierStart(s) {
        var j = i
        var text = String.UnicodeScalarView()
        while j < scalars.count && isIdentifierPart(scalars[j]) {
          text.append(scalars[j])
          j += 1
        }
        // A trailing '.' belongs to `name.value`, never ends a name.
        tokens.append(Token(lexeme: .identifier(String(text)), column: column))
        i = j
        continue
      }
      if s == "\\" {
        var j = i + 1
        while j < scalars.count && (scalars[j] == " " || scalars[j] == "\t") { j += 1 }
        guard j == scalars.count || scalars[j] == "#" else {
          throw Failure(column: column, message: "'\\' continues a line only at its end")
        }
        tokens.append(Token(lexeme: .symbol("\\"), column: column))
        break
      }
      if "()|?*+{}[]!:=,@%<>".unicodeScalars.contains(s) {
        tokens.append(Token(lexeme: .symbol(Character(s)), column: column))
        i += 1
        continue
      }
      throw Failure(
        column: column, message: "unexpected '\(Character(s))' (Arabic words go in quotes: \"قال\")"
      )
    }
    tokens.append(
      Token(lexeme: .end, column: Position(line: lineNumber, column: scalars.count + 1)))
    return tokens
  }

  // MARK: Files

  /// Parses one rule file.
  ///
  /// `firstOrder` numbers its rules after those of earlier files. `macros` holds the named
  /// sub-patterns of earlier files and gains this file's: a macro is usable from its `define` line
  /// to the end of its file and in every later file.
  static func parse(
    _ text: String, file: String, firstOrder: Int, macros: inout [String: Macro],
    diagnostics: inout [Diagnostic]
  ) -> Result {
    var result = Result()
    var phase = "main"
    var current: RuleSpec?
    var currentHasMatch = false
    // A rule with any error is left out; its other lines are still checked.
    var currentBroken = false
    // A match line that could not be read to its end: its captures are unknown, so the emit
    // lines are not checked against them (that would only repeat the one problem).
    var matchFailed = false
    var order = firstOrder

    func report(_ position: Position, _ message: String) {
      diagnostics.append(
        Diagnostic(file: file, line: position.line, column: position.column, message: message))
    }
    func finish() {
      guard let rule = current else { return }
      defer { matchFailed = false }
      if currentBroken {
        if !matchFailed { result.unchecked.append(rule.pattern) }
        current = nil
        return
      }
      if !currentHasMatch {
        report(
          Position(line: rule.place.line, column: rule.place.column),
          "rule '\(rule.name)' has no 'match' line")
      } else if rule.emits.isEmpty && rule.relations.isEmpty {
        report(
          Position(line: rule.place.line, column: rule.place.column),
          "rule '\(rule.name)' has no 'emit' line")
      } else {
        result.rules.append(rule)
      }
      current = nil
    }

    var text = text
    let lines = text.withUTF8 { Array(TextLines($0)) }
    let utf8 = text.utf8
    // Statements: a line ending in `\` goes on with the next one; every token keeps its own line.
    var statements: [(tokens: [Token], failure: Failure?)] = []
    var pending: [Token] = []
    var failure: Failure?
    // The `\` that continues the statement onto the current line, if any.
    var backslash: Token?
    for (index, line) in lines.enumerated() {
      let raw = Substring(
        utf8[
          utf8.index(
            utf8.startIndex, offsetBy: line.lowerBound)..<utf8.index(
              utf8.startIndex, offsetBy: line.upperBound)])
      var tokens: [Token]
      do {
        tokens = try lex(raw, lineNumber: index + 1)
      } catch {
        failure = failure ?? error
        tokens = [Token(lexeme: .end, column: error.column)]
        // A line that cannot be read may still end in `\`: its statement goes on.
        if raw.last(where: { $0 != " " && $0 != "\t" }) == "\\" {
          tokens.insert(Token(lexeme: .symbol("\\"), column: error.column), at: 0)
        }
      }
      let end = tokens.removeLast()
      if let mark = backslash, tokens.isEmpty {
        failure =
          failure
          ?? Failure(column: mark.column, message: "'\\' continues a line onto a blank line")
      }
      backslash = nil
      if case .symbol("\\") = tokens.last?.lexeme { backslash = tokens.removeLast() }
      pending += tokens
      if let mark = backslash {
        if index < lines.count - 1 { continue }
        failure =
          failure
          ?? Failure(column: mark.column, message: "'\\' continues the last line of the file")
      }
      pending.append(end)
      statements.append((pending, failure))
      pending = []
      failure = nil
      backslash = nil
    }

    for (tokens, failure) in statements {
      if let failure {
        report(failure.column, failure.message)
        if current != nil {
          currentBroken = true
          matchFailed = true
        }
        continue
      }
      guard case .identifier(let keyword) = tokens[0].lexeme else {
        if tokens[0].lexeme != .end {
          report(tokens[0].column, "expected phase, list, define, modality, rule, match or emit")
        }
        continue
      }
      let place = SourcePlace(
        file: file, line: tokens[0].column.line, column: tokens[0].column.column)
      do throws(Failure) {
        switch keyword {
        case "phase":
          finish()
          guard case .identifier(let name) = tokens[1].lexeme, tokens[2].lexeme == .end else {
            throw Failure(column: tokens[1].column, message: "expected 'phase NAME'")
          }
          phase = name
        case "list":
          finish()
          result.lists.append(try parseList(tokens, file: file))
        case "modality":
          finish()
          result.modalities.append(try parseModality(tokens, place: place))
        case "define":
          finish()
          guard case .identifier(let name) = tokens[1].lexeme, tokens[2].lexeme == .symbol("=")
          else {
            throw Failure(column: tokens[1].column, message: "expected 'define NAME = PATTERN'")
          }
          if let existing = macros[name] {
            throw Failure(
              column: tokens[1].column,
              message:
                "'%\(name)' is already defined at \(existing.place.file):\(existing.place.line)")
          }
          // Defined before its body is read: a body with errors does not make every use an error.
          macros[name] = Macro(pattern: nil, place: place)
          var parser = PatternParser(
            tokens: tokens, position: 3, file: file, macros: macros, defining: name)
          defer { for error in parser.errors { report(error.column, error.message) } }
          let pattern = try parser.parseAlternatives()
          try parser.expectEnd()
          result.unchecked.append(pattern)
          if parser.errors.isEmpty && !parser.usesBrokenMacro { macros[name]?.pattern = pattern }
        case "rule", "relation":
          finish()
          guard case .identifier(let name) = tokens[1].lexeme else {
            throw Failure(
              column: tokens[1].column, message: "expected '\(keyword) NAME [priority N]'")
          }
          var priority = 0
          var evidence = Evidence.strong
          var next = 2
          if case .identifier("priority") = tokens[next].lexeme {
            guard case .number(let n) = tokens[next + 1].lexeme else {
              throw Failure(
                column: tokens[next + 1].column, message: "expected a number after 'priority'")
            }
            priority = n
            next += 2
          }
          if keyword == "rule", case .identifier("evidence") = tokens[next].lexeme {
            guard case .identifier(let value) = tokens[next + 1].lexeme,
              let declared = Evidence(rawValue: value)
            else {
              let found = tokens[next + 1].lexeme
              let message =
                found == .end
                ? "expected 'strong' or 'weak' after 'evidence'"
                : "unknown evidence \(describe(found)) (expected 'strong' or 'weak')"
              throw Failure(column: tokens[next + 1].column, message: message)
            }
            evidence = declared
            next += 2
          }
          var replaces: UInt16 = 0
          if keyword == "rule", case .identifier("replaces") = tokens[next].lexeme {
            next += 1
            repeat {
              guard case .identifier(let value) = tokens[next].lexeme,
                let label = EntityLabel(rawValue: value)
              else {
                let found = tokens[next].lexeme
                let labels = EntityLabel.allCases.map(\.rawValue).joined(separator: ", ")
                let message =
                  found == .end
                  ? "expected a label after 'replaces' (\(labels))"
                  : "unknown label \(describe(found)) after 'replaces' (\(labels))"
                throw Failure(column: tokens[next].column, message: message)
              }
              replaces |= 1 << UInt16(label.precedence)
              next += 1
            } while tokens[next].lexeme != .end
          }
          guard tokens[next].lexeme == .end else {
            let form =
              keyword == "rule"
              ? "rule NAME [priority N] [evidence strong|weak] [replaces LABEL …]"
              : "relation NAME [priority N]"
            throw Failure(column: tokens[next].column, message: "expected '\(form)'")
          }
          let rulePhase = keyword == "relation" ? RuleSpec.relationPhase : phase
          current = RuleSpec(
            name: name, priority: priority, phase: rulePhase, pattern: .sequence([]), emits: [],
            evidence: evidence, place: place, order: order)
          current?.replaces = replaces
          currentHasMatch = false
          currentBroken = false
          order += 1
        case "match":
          guard current != nil else {
            throw Failure(column: tokens[0].column, message: "'match' outside a rule")
          }
          if currentHasMatch {
            throw Failure(column: tokens[0].column, message: "a rule has one 'match' line")
          }
          currentHasMatch = true
          matchFailed = true
          var parser = PatternParser(tokens: tokens, position: 1, file: file, macros: macros)
          defer { for error in parser.errors { report(error.column, error.message) } }
          let pattern = try parser.parseAlternatives()
          try parser.expectEnd()
          current?.pattern = pattern
          matchFailed = false
          if !parser.errors.isEmpty || parser.usesBrokenMacro { currentBroken = true }
        case "emit":
          guard let rule = current else {
            throw Failure(column: tokens[0].column, message: "'emit' outside a rule")
          }
          if matchFailed { break }
          if rule.isRelation {
            let emit = try parseRelationEmit(
              tokens, place: place, captures: Set(rule.pattern.captureNames),
              hasMatch: currentHasMatch)
            current?.relations.append(emit)
          } else {
            let emit = try parseEmit(
              tokens, place: place, captures: Set(rule.pattern.captureNames),
              hasMatch: currentHasMatch)
            current?.emits.append(emit)
          }
        default:
          throw Failure(
            column: tokens[0].column,
            message:
              "unknown statement '\(keyword)' (expected phase, list, define, modality, rule, match or emit)"
          )
        }
      } catch {
        report(error.column, error.message)
        // A broken rule reports this one problem, not the cascade it would cause.
        if keyword == "rule" && current == nil {
          current = RuleSpec(
            name: "", priority: 0, phase: phase, pattern: .sequence([]), emits: [], place: place,
            order: order)
        }
        if current != nil { currentBroken = true }
      }
    }
    finish()
    return result
  }

  static func describe(_ lexeme: Lexeme) -> String {
    switch lexeme {
    case .identifier(let s): return "'\(s)'"
    case .number(let n): return "'\(n)'"
    case .string(let s): return "\"\(s)\""
    case .symbol(let c): return "'\(c)'"
    case .end: return "end of line"
    }
  }

  /// `modality NAME = @LIST [!@EXCEPT] [after @AFTER]`, NAME one of `Modality.named`.
  static func parseModality(_ tokens: [Token], place: SourcePlace) throws(Failure) -> ModalitySpec {
    let form = "expected 'modality NAME = @LIST [!@EXCEPT] [after @AFTER]'"
    guard case .identifier(let name) = tokens[1].lexeme else {
      throw Failure(column: tokens[1].column, message: form)
    }
    guard let modality = Modality.named.first(where: { $0.name == name })?.modality else {
      let known = Modality.named.map(\.name).joined(separator: ", ")
      throw Failure(
        column: tokens[1].column, message: "unknown modality '\(name)' (known: \(known))")
    }
    guard tokens[2].lexeme == .symbol("=") else {
      throw Failure(column: tokens[2].column, message: "expected '=' after 'modality \(name)'")
    }
    guard tokens[3].lexeme == .symbol("@"), case .identifier(let list) = tokens[4].lexeme else {
      throw Failure(column: tokens[3].column, message: "expected '@LIST' after '='")
    }
    let file = place.file
    func at(_ token: Token) -> SourcePlace {
      SourcePlace(file: file, line: token.column.line, column: token.column.column)
    }
    var spec = ModalitySpec(
      modality: modality, name: name, list: list, place: place, listPlace: at(tokens[3]))
    var next = 5
    if tokens[5].lexeme == .symbol("!") {
      guard tokens[6].lexeme == .symbol("@"), case .identifier(let except) = tokens[7].lexeme else {
        throw Failure(column: tokens[6].column, message: "expected '@LIST' after '!'")
      }
      spec.except = (except, at(tokens[6]))
      next = 8
    }
    if tokens[next].lexeme == .identifier("after") {
      guard tokens[next + 1].lexeme == .symbol("@"),
        case .identifier(let after) = tokens[next + 2].lexeme
      else {
        throw Failure(column: tokens[next].column, message: "expected '@LIST' after 'after'")
      }
      spec.after = (after, at(tokens[next + 1]))
      next += 3
    }
    guard tokens[next].lexeme == .end else {
      let last =
        spec.after.map { "after @\($0.list)" } ?? spec.except.map { "!@\($0.list)" } ?? "@\(list)"
      throw Failure(
        column: tokens[next].column, message: "expected the end of the line after '\(last)'")
    }
    return spec
  }

  static func parseList(_ tokens: [Token], file: String) throws(Failure) -> WordList {
    guard case .identifier(let name) = tokens[1].lexeme, tokens[2].lexeme == .symbol("=") else {
      throw Failure(
        column: tokens[1].column, message: "expected 'list NAME = \"item\" | \"item\" …'")
    }
    var items: [WordList.Item] = []
    var i = 3
    while true {
      guard case .string(let text) = tokens[i].lexeme else {
        throw Failure(
          column: tokens[i].column,
          message: "expected a quoted item, found \(describe(tokens[i].lexeme))")
      }
      items.append(WordList.Item(text: text, value: nil, line: tokens[i].column.line))
      i += 1
      if tokens[i].lexeme == .end { break }
      guard tokens[i].lexeme == .symbol("|") else {
        throw Failure(column: tokens[i].column, message: "expected '|' between list items")
      }
      i += 1
    }
    return WordList(name: name, items: items, file: file)
  }

  static func parseRelationEmit(
    _ tokens: [Token], place: SourcePlace, captures: Set<String>, hasMatch: Bool
  ) throws(Failure) -> RelationEmitSpec {
    guard hasMatch else {
      throw Failure(column: tokens[0].column, message: "'emit' before 'match'")
    }
    guard case .identifier(let name) = tokens[1].lexeme else {
      throw Failure(column: tokens[1].column, message: "expected 'emit PREDICATE SUBJECT OBJECT'")
    }
    guard let predicate = Predicate(rawValue: name) else {
      let known = Predicate.allCases.map(\.rawValue).joined(separator: ", ")
      throw Failure(
        column: tokens[1].column, message: "unknown predicate '\(name)' (known: \(known))")
    }
    var names: [String] = []
    for i in 2...3 {
      guard case .identifier(let capture) = tokens[i].lexeme else {
        throw Failure(
          column: tokens[i].column,
          message: "expected 'emit PREDICATE SUBJECT OBJECT' with two captures")
      }
      guard captures.contains(capture) else {
        throw Failure(column: tokens[i].column, message: "unknown capture '\(capture)'")
      }
      names.append(capture)
    }
    guard tokens[4].lexeme == .end else {
      throw Failure(column: tokens[4].column, message: "unexpected \(describe(tokens[4].lexeme))")
    }
    return RelationEmitSpec(predicate: predicate, subject: names[0], object: names[1], place: place)
  }

  static func parseEmit(
    _ tokens: [Token], place: SourcePlace, captures: Set<String>, hasMatch: Bool
  ) throws(Failure) -> EmitSpec {
    guard hasMatch else {
      throw Failure(column: tokens[0].column, message: "'emit' before 'match'")
    }
    guard case .identifier(let labelName) = tokens[1].lexeme else {
      throw Failure(
        column: tokens[1].column, message: "expected 'emit LABEL [CAPTURE] [key=value …]'")
    }
    guard let label = EntityLabel(rawValue: labelName) else {
      throw Failure(column: tokens[1].column, message: "unknown label '\(labelName)'")
    }
    var i = 2
    var capture: String?
    if case .identifier(let name) = tokens[i].lexeme, tokens[i + 1].lexeme != .symbol("=") {
      guard captures.contains(name) else {
        throw Failure(column: tokens[i].column, message: "unknown capture '\(name)'")
      }
      capture = name
      i += 1
    }
    var attributes: [(String, EmitValue)] = []
    var canonical: EmitValue?
    while tokens[i].lexeme != .end {
      guard case .identifier(let key) = tokens[i].lexeme, tokens[i + 1].lexeme == .symbol("=")
      else {
        throw Failure(
          column: tokens[i].column,
          message: "expected key=value, found \(describe(tokens[i].lexeme))")
      }
      let valueToken = tokens[i + 2]
      let value: EmitValue
      switch valueToken.lexeme {
      case .string(let text): value = .text(text)
      case .identifier("date"): value = .date
      case .identifier(let name):
        if name.hasSuffix(".value") {
          let base = String(name.dropLast(6))
          guard captures.contains(base) else {
            throw Failure(column: valueToken.column, message: "unknown capture '\(base)'")
          }
          value = .listValue(base)
        } else {
          guard captures.contains(name) else {
            throw Failure(column: valueToken.column, message: "unknown capture '\(name)'")
          }
          value = .capture(name)
        }
      default:
        throw Failure(
          column: valueToken.column,
          message: "expected a capture, a quoted text or 'date' after '\(key)='")
      }
      // `canonical=` names the entity rather than adding an attribute.
      if key == "canonical" {
        guard value != .date, canonical == nil else {
          throw Failure(
            column: tokens[i].column,
            message: value == .date
              ? "'canonical=' takes a capture or a quoted text, not 'date'"
              : "'canonical=' given twice")
        }
        canonical = value
      } else {
        attributes.append((key, value))
      }
      i += 3
    }
    return EmitSpec(
      label: label, capture: capture, attributes: attributes, canonical: canonical, place: place)
  }
}

/// Recursive-descent parser for one `match` pattern or `define` body.
///
/// A problem that leaves the pattern's shape clear (an unknown label, a bad quantifier, an
/// unknown macro) is recorded in `errors` and parsing goes on, so one pass reports them all;
/// a problem of shape (an unclosed `(`) is thrown and ends the pattern.
struct PatternParser {
  var tokens: [RuleParser.Token]
  var position: Int
  var file: String
  /// The macros defined so far (`%NAME`).
  var macros: [String: RuleParser.Macro] = [:]
  /// The macro whose body this is, if any (a use of it inside is a cycle).
  var defining: String?
  var depth = 0
  /// Problems found so far that did not stop the parse.
  var errors: [Failure] = []
  /// Whether the pattern uses a macro whose body has errors (reported at the body).
  var usesBrokenMacro = false

  typealias Failure = RuleParser.Failure

  init(
    tokens: [RuleParser.Token], position: Int, file: String,
    macros: [String: RuleParser.Macro] = [:], defining: String? = nil
  ) {
    self.tokens = tokens
    self.position = position
    self.file = file
    self.macros = macros
    self.defining = defining
  }

  /// Records a problem and stands in for the element it spoils.
  mutating func recover(_ failure: Failure) -> PatternNode {
    errors.append(failure)
    return .sequence([])
  }

  /// Throws unless every token was read.
  mutating func expectEnd() throws(Failure) {
    guard peek.lexeme == .end else {
      if peek.lexeme == .symbol(")") {
        throw Failure(column: peek.column, message: "unexpected ')'")
      }
      throw Failure(column: peek.column, message: "unexpected \(RuleParser.describe(peek.lexeme))")
    }
  }

  var peek: RuleParser.Token { tokens[position] }

  mutating func advance() -> RuleParser.Token {
    let token = tokens[position]
    if token.lexeme != .end { position += 1 }
    return token
  }

  func place(_ position: RuleParser.Position) -> SourcePlace {
    SourcePlace(file: file, line: position.line, column: position.column)
  }

  mutating func parseAlternatives() throws(Failure) -> PatternNode {
    var options = [try parseSequence()]
    while peek.lexeme == .symbol("|") {
      _ = advance()
      options.append(try parseSequence())
    }
    return options.count == 1 ? options[0] : .alternatives(options)
  }

  mutating func parseSequence() throws(Failure) -> PatternNode {
    var items: [PatternNode] = []
    while true {
      switch peek.lexeme {
      case .end, .symbol("|"), .symbol(")"):
        if items.isEmpty { throw Failure(column: peek.column, message: "empty pattern") }
        return items.count == 1 ? items[0] : .sequence(items)
      case .symbol(let c) where "?*+{".contains(c):
        throw Failure(column: peek.column, message: "quantifier '\(c)' follows nothing")
      default:
        items.append(try parseItem())
      }
    }
  }

  mutating func parseItem() throws(Failure) -> PatternNode {
    var captureName: String?
    if case .identifier(let name) = peek.lexeme, tokens[position + 1].lexeme == .symbol(":") {
      if name.first?.isLowercase != true {
        errors.append(
          Failure(
            column: peek.column, message: "capture names start with a lowercase letter: '\(name)'"))
      }
      captureName = name
      _ = advance()
      _ = advance()
    }
    var node = try parsePrimary()
    while true {
      let token = peek
      switch token.lexeme {
      case .symbol("?"): _ = advance(); node = .repetition(node, min: 0, max: 1)
      case .symbol("*"): _ = advance(); node = .repetition(node, min: 0, max: nil)
      case .symbol("+"): _ = advance(); node = .repetition(node, min: 1, max: nil)
      case .symbol("{"):
        let (low, high) = try parseBounds()
        node = .repetition(node, min: low, max: high)
      default:
        if let captureName { return .capture(captureName, node) }
        return node
      }
    }
  }

  mutating func parseBounds() throws(Failure) -> (Int, Int?) {
    let open = advance()
    var text = "{"
    var low: Int?
    var high: Int?
    var sawComma = false
    while true {
      let token = advance()
      switch token.lexeme {
      case .number(let n):
        text += String(n)
        if sawComma { high = n } else { low = n }
      case .symbol(","):
        text += ","
        if sawComma { throw Failure(column: open.column, message: "bad quantifier '\(text)'") }
        sawComma = true
      case .symbol("}"):
        text += "}"
        guard let low else {
          throw Failure(column: open.column, message: "bad quantifier '\(text)'")
        }
        if !sawComma { high = low }
        if let h = high, h < low {
          errors.append(
            Failure(column: open.column, message: "bad quantifier '\(text)': minimum above maximum")
          )
          return (1, 1)
        }
        if (high ?? low) > RuleParser.maximumRepetitions || (high == 0) {
          errors.append(
            Failure(
              column: open.column,
              message:
                "bad quantifier '\(text)': use 1 to \(RuleParser.maximumRepetitions) repetitions"))
          return (1, 1)
        }
        return (low, high)
      case .end:
        throw Failure(column: open.column, message: "bad quantifier '\(text)': missing '}'")
      default:
        text += RuleParser.describe(token.lexeme).filter { $0 != "'" && $0 != "\"" }
        throw Failure(column: open.column, message: "bad quantifier '\(text)'")
      }
    }
  }

  mutating func parsePrimary() throws(Failure) -> PatternNode {
    let token = advance()
    switch token.lexeme {
    case .symbol("("):
      depth += 1
      if depth > 32 { throw Failure(column: token.column, message: "groups nested deeper than 32") }
      if peek.lexeme == .end { throw Failure(column: token.column, message: "unclosed '('") }
      let inner = try parseAlternatives()
      guard peek.lexeme == .symbol(")") else {
        throw Failure(column: token.column, message: "unclosed '('")
      }
      _ = advance()
      depth -= 1
      return inner
    case .string(let text):
      if text.allSatisfy({ $0 == " " }) {
        return recover(Failure(column: token.column, message: "empty word"))
      }
      return .literal(text, place(token.column))
    case .symbol("@"):
      guard case .identifier(let name) = peek.lexeme else {
        throw Failure(column: token.column, message: "expected a list name after '@'")
      }
      _ = advance()
      return .list(name, place(token.column))
    case .symbol("["):
      let conditions = try parseTest(opening: token)
      if conditions.isEmpty {
        return recover(Failure(column: token.column, message: "empty token test '[]'"))
      }
      return .token(conditions, place(token.column))
    case .symbol("<"), .symbol(">"):
      let behind = token.lexeme == .symbol("<")
      let sign = behind ? "<" : ">"
      guard peek.lexeme == .symbol("[") else {
        throw Failure(
          column: token.column, message: "expected a token test after '\(sign)' (\(sign)[…])")
      }
      let conditions = try parseTest(opening: advance())
      if conditions.isEmpty {
        return recover(Failure(column: token.column, message: "empty token test '\(sign)[]'"))
      }
      return .look(behind: behind, conditions, place(token.column))
    case .symbol("!"):
      let inner = try parseCondition(afterBang: true)
      return .token([(true, inner.1)], place(token.column))
    case .identifier(let name):
      if let kind = RuleParser.reservedKinds[name] {
        return .token([(false, kind)], place(token.column))
      }
      if let label = EntityLabel(rawValue: name) { return .entity(label) }
      if name == name.uppercased() {
        return recover(Failure(column: token.column, message: "unknown label '\(name)'"))
      }
      return recover(
        Failure(
          column: token.column, message: "unexpected '\(name)' (captures are written name:ELEMENT)")
      )
    case .symbol("%"):
      guard case .identifier(let name) = peek.lexeme else {
        throw Failure(column: token.column, message: "expected a macro name after '%'")
      }
      _ = advance()
      if name == defining {
        return recover(
          Failure(
            column: token.column,
            message: "'%\(name)' uses itself (a macro may use only macros defined before it)"))
      }
      guard let macro = macros[name] else {
        return recover(
          Failure(
            column: token.column,
            message: "unknown macro '%\(name)' (define it before its first use)"))
      }
      guard let pattern = macro.pattern else {
        usesBrokenMacro = true
        return .sequence([])
      }
      return pattern
    case .end:
      throw Failure(column: token.column, message: "unexpected end of line")
    default:
      throw Failure(
        column: token.column, message: "unexpected \(RuleParser.describe(token.lexeme))")
    }
  }

  /// The conditions of a token test up to its `]`, after the `[` read as `opening`.
  mutating func parseTest(opening: RuleParser.Token) throws(Failure) -> [(Bool, TokenCondition)] {
    var conditions: [(Bool, TokenCondition)] = []
    while peek.lexeme != .symbol("]") {
      if peek.lexeme == .end { throw Failure(column: opening.column, message: "unclosed '['") }
      conditions.append(try parseCondition())
    }
    _ = advance()
    return conditions
  }

  /// One condition of a token test, such as `word`, `"قال"`, `@list`, `prefix="ال"`, `clitic` or
  /// `PERSON`.
  mutating func parseCondition(afterBang: Bool = false) throws(Failure) -> (Bool, TokenCondition) {
    var negated = false
    if !afterBang && peek.lexeme == .symbol("!") {
      _ = advance()
      negated = true
    }
    let token = advance()
    switch token.lexeme {
    case .string(let text):
      if text.contains(" ") {
        errors.append(
          Failure(column: token.column, message: "a token test takes one word, not \"\(text)\""))
        return (negated, .anyToken)
      }
      return (negated, .literal(text))
    case .symbol("@"):
      guard case .identifier(let name) = advance().lexeme else {
        throw Failure(column: token.column, message: "expected a list name after '@'")
      }
      return (negated, .list(name))
    case .identifier(let name):
      switch TokenCondition.named(name) {
      case .plain(let condition)?: return (negated, condition)
      case .withText(let make)?:
        guard advance().lexeme == .symbol("="), case .string(let text) = advance().lexeme else {
          throw Failure(column: token.column, message: "expected \(name)=\"…\"")
        }
        return (negated, make(text))
      case nil:
        errors.append(
          Failure(
            column: token.column,
            message: name == name.uppercased()
              ? "unknown label '\(name)'" : "unknown token test '\(name)'"))
        // `lemma="x"`: the value belongs to the unknown test, not to the next one.
        if peek.lexeme == .symbol("=") {
          _ = advance()
          if peek.lexeme != .end && peek.lexeme != .symbol("]") { _ = advance() }
        }
        return (negated, .anyToken)
      }
    default:
      throw Failure(
        column: token.column,
        message: "unexpected \(RuleParser.describe(token.lexeme)) in a token test")
    }
  }
}
