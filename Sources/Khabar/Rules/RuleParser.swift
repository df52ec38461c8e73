/// Parses rule files into rules and inline word lists, reporting every problem in one pass.
struct RuleParser {
  enum Lexeme: Equatable {
    case identifier(String)
    case number(Int)
    case string(String)
    case symbol(Character)
    case end
  }

  struct Token {
    var lexeme: Lexeme
    var column: Int
  }

  struct Failure: Error {
    var column: Int
    var message: String
  }

  /// The statements of a file, parsed.
  struct Result {
    var rules: [RuleSpec] = []
    var lists: [WordList] = []
  }

  static let reservedKinds: [String: TokenCondition] = [
    "WORD": .kind(.word), "NUMBER": .kind(.number), "PUNCT": .kind(.punctuation), "ANY": .anyToken,
  ]
  /// The most repetitions a `{n,m}` quantifier may ask for; matches never exceed this many tokens.
  static let maximumRepetitions = 64

  // MARK: Lexing

  static func lex(_ line: Substring) throws(Failure) -> [Token] {
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
      let column = i + 1
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
        guard j < scalars.count else { throw Failure(column: column, message: "unterminated string") }
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
      if "()|?*+{}[]!:=,@".unicodeScalars.contains(s) {
        tokens.append(Token(lexeme: .symbol(Character(s)), column: column))
        i += 1
        continue
      }
      throw Failure(column: column, message: "unexpected '\(Character(s))' (Arabic words go in quotes: \"قال\")")
    }
    tokens.append(Token(lexeme: .end, column: scalars.count + 1))
    return tokens
  }

  // MARK: Files

  /// Parses one rule file. `firstOrder` numbers its rules after those of earlier files.
  static func parse(_ text: String, file: String, firstOrder: Int, diagnostics: inout [Diagnostic]) -> Result {
    var result = Result()
    var phase = "main"
    var current: RuleSpec?
    var currentHasMatch = false
    // A rule whose match line failed: its other lines are still checked, nothing cascades.
    var currentBroken = false
    var order = firstOrder

    func report(_ line: Int, _ column: Int, _ message: String) {
      diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message))
    }
    func finish() {
      guard let rule = current else { return }
      if currentBroken {
        current = nil
        return
      }
      if !currentHasMatch {
        report(rule.place.line, rule.place.column, "rule '\(rule.name)' has no 'match' line")
      } else if rule.emits.isEmpty && rule.relations.isEmpty {
        report(rule.place.line, rule.place.column, "rule '\(rule.name)' has no 'emit' line")
      } else {
        result.rules.append(rule)
      }
      current = nil
    }

    var text = text
    let lines = text.withUTF8 { Array(TextLines($0)) }
    let utf8 = text.utf8
    var lineNumber = 0
    for line in lines {
      lineNumber += 1
      let raw = Substring(utf8[utf8.index(utf8.startIndex, offsetBy: line.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: line.upperBound)])
      let tokens: [Token]
      do {
        tokens = try lex(raw)
      } catch {
        report(lineNumber, error.column, error.message)
        if current != nil { currentBroken = true }
        continue
      }
      guard case .identifier(let keyword) = tokens[0].lexeme else {
        if tokens[0].lexeme != .end { report(lineNumber, tokens[0].column, "expected phase, list, rule, match or emit") }
        continue
      }
      let place = SourcePlace(file: file, line: lineNumber, column: tokens[0].column)
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
          result.lists.append(try parseList(tokens, file: file, line: lineNumber))
        case "rule", "relation":
          finish()
          guard case .identifier(let name) = tokens[1].lexeme else {
            throw Failure(column: tokens[1].column, message: "expected '\(keyword) NAME [priority N]'")
          }
          var priority = 0
          var evidence = RuleSpec.Evidence.strong
          var next = 2
          if case .identifier("priority") = tokens[next].lexeme {
            guard case .number(let n) = tokens[next + 1].lexeme else {
              throw Failure(column: tokens[next + 1].column, message: "expected a number after 'priority'")
            }
            priority = n
            next += 2
          }
          if keyword == "rule", case .identifier("evidence") = tokens[next].lexeme {
            guard case .identifier(let value) = tokens[next + 1].lexeme, let declared = RuleSpec.Evidence(rawValue: value) else {
              let found = tokens[next + 1].lexeme
              let message = found == .end ? "expected 'strong' or 'weak' after 'evidence'" : "unknown evidence \(describe(found)) (expected 'strong' or 'weak')"
              throw Failure(column: tokens[next + 1].column, message: message)
            }
            evidence = declared
            next += 2
          }
          guard tokens[next].lexeme == .end else {
            let form = keyword == "rule" ? "rule NAME [priority N] [evidence strong|weak]" : "relation NAME [priority N]"
            throw Failure(column: tokens[next].column, message: "expected '\(form)'")
          }
          let rulePhase = keyword == "relation" ? RuleSpec.relationPhase : phase
          current = RuleSpec(
            name: name, priority: priority, phase: rulePhase, pattern: .sequence([]), emits: [], evidence: evidence, place: place, order: order)
          currentHasMatch = false
          currentBroken = false
          order += 1
        case "match":
          guard current != nil else { throw Failure(column: tokens[0].column, message: "'match' outside a rule") }
          if currentHasMatch { throw Failure(column: tokens[0].column, message: "a rule has one 'match' line") }
          currentHasMatch = true
          currentBroken = true
          var parser = PatternParser(tokens: tokens, position: 1, file: file, line: lineNumber)
          let pattern = try parser.parseAlternatives()
          guard parser.peek.lexeme == .end else {
            if parser.peek.lexeme == .symbol(")") { throw Failure(column: parser.peek.column, message: "unexpected ')'") }
            throw Failure(column: parser.peek.column, message: "unexpected \(describe(parser.peek.lexeme))")
          }
          current?.pattern = pattern
          currentBroken = false
        case "emit":
          guard let rule = current else { throw Failure(column: tokens[0].column, message: "'emit' outside a rule") }
          if currentBroken { break }
          if rule.isRelation {
            let emit = try parseRelationEmit(tokens, place: place, captures: Set(rule.pattern.captureNames), hasMatch: currentHasMatch)
            current?.relations.append(emit)
          } else {
            let emit = try parseEmit(tokens, place: place, captures: Set(rule.pattern.captureNames), hasMatch: currentHasMatch)
            current?.emits.append(emit)
          }
        default:
          throw Failure(column: tokens[0].column, message: "unknown statement '\(keyword)' (expected phase, list, rule, match or emit)")
        }
      } catch {
        report(lineNumber, error.column, error.message)
        // A broken rule reports this one problem, not the cascade it would cause.
        if keyword == "rule" && current == nil {
          current = RuleSpec(name: "", priority: 0, phase: phase, pattern: .sequence([]), emits: [], place: place, order: order)
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

  static func parseList(_ tokens: [Token], file: String, line: Int) throws(Failure) -> WordList {
    guard case .identifier(let name) = tokens[1].lexeme, tokens[2].lexeme == .symbol("=") else {
      throw Failure(column: tokens[1].column, message: "expected 'list NAME = \"item\" | \"item\" …'")
    }
    var items: [WordList.Item] = []
    var i = 3
    while true {
      guard case .string(let text) = tokens[i].lexeme else {
        throw Failure(column: tokens[i].column, message: "expected a quoted item, found \(describe(tokens[i].lexeme))")
      }
      items.append(WordList.Item(text: text, value: nil, line: line))
      i += 1
      if tokens[i].lexeme == .end { break }
      guard tokens[i].lexeme == .symbol("|") else {
        throw Failure(column: tokens[i].column, message: "expected '|' between list items")
      }
      i += 1
    }
    return WordList(name: name, items: items, file: file)
  }

  static func parseRelationEmit(_ tokens: [Token], place: SourcePlace, captures: Set<String>, hasMatch: Bool) throws(Failure) -> RelationEmitSpec {
    guard hasMatch else { throw Failure(column: tokens[0].column, message: "'emit' before 'match'") }
    guard case .identifier(let name) = tokens[1].lexeme else {
      throw Failure(column: tokens[1].column, message: "expected 'emit PREDICATE SUBJECT OBJECT'")
    }
    guard let predicate = Predicate(rawValue: name) else {
      let known = Predicate.allCases.map(\.rawValue).joined(separator: ", ")
      throw Failure(column: tokens[1].column, message: "unknown predicate '\(name)' (known: \(known))")
    }
    var names: [String] = []
    for i in 2...3 {
      guard case .identifier(let capture) = tokens[i].lexeme else {
        throw Failure(column: tokens[i].column, message: "expected 'emit PREDICATE SUBJECT OBJECT' with two captures")
      }
      guard captures.contains(capture) else { throw Failure(column: tokens[i].column, message: "unknown capture '\(capture)'") }
      names.append(capture)
    }
    guard tokens[4].lexeme == .end else { throw Failure(column: tokens[4].column, message: "unexpected \(describe(tokens[4].lexeme))") }
    return RelationEmitSpec(predicate: predicate, subject: names[0], object: names[1], place: place)
  }

  static func parseEmit(_ tokens: [Token], place: SourcePlace, captures: Set<String>, hasMatch: Bool) throws(Failure) -> EmitSpec {
    guard hasMatch else { throw Failure(column: tokens[0].column, message: "'emit' before 'match'") }
    guard case .identifier(let labelName) = tokens[1].lexeme else {
      throw Failure(column: tokens[1].column, message: "expected 'emit LABEL [CAPTURE] [key=value …]'")
    }
    guard let label = EntityLabel(rawValue: labelName) else {
      throw Failure(column: tokens[1].column, message: "unknown label '\(labelName)'")
    }
    var i = 2
    var capture: String?
    if case .identifier(let name) = tokens[i].lexeme, tokens[i + 1].lexeme != .symbol("=") {
      guard captures.contains(name) else { throw Failure(column: tokens[i].column, message: "unknown capture '\(name)'") }
      capture = name
      i += 1
    }
    var attributes: [(String, EmitValue)] = []
    while tokens[i].lexeme != .end {
      guard case .identifier(let key) = tokens[i].lexeme, tokens[i + 1].lexeme == .symbol("=") else {
        throw Failure(column: tokens[i].column, message: "expected key=value, found \(describe(tokens[i].lexeme))")
      }
      let valueToken = tokens[i + 2]
      switch valueToken.lexeme {
      case .string(let text): attributes.append((key, .text(text)))
      case .identifier("date"): attributes.append((key, .date))
      case .identifier(let name):
        if name.hasSuffix(".value") {
          let base = String(name.dropLast(6))
          guard captures.contains(base) else { throw Failure(column: valueToken.column, message: "unknown capture '\(base)'") }
          attributes.append((key, .listValue(base)))
        } else {
          guard captures.contains(name) else { throw Failure(column: valueToken.column, message: "unknown capture '\(name)'") }
          attributes.append((key, .capture(name)))
        }
      default:
        throw Failure(column: valueToken.column, message: "expected a capture, a quoted text or 'date' after '\(key)='")
      }
      i += 3
    }
    return EmitSpec(label: label, capture: capture, attributes: attributes, place: place)
  }
}

/// Recursive-descent parser for one `match` line.
struct PatternParser {
  var tokens: [RuleParser.Token]
  var position: Int
  var file: String
  var line: Int
  var depth = 0

  typealias Failure = RuleParser.Failure

  var peek: RuleParser.Token { tokens[position] }

  mutating func advance() -> RuleParser.Token {
    let token = tokens[position]
    if token.lexeme != .end { position += 1 }
    return token
  }

  func place(_ column: Int) -> SourcePlace { SourcePlace(file: file, line: line, column: column) }

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
      guard name.first?.isLowercase == true else {
        throw Failure(column: peek.column, message: "capture names start with a lowercase letter: '\(name)'")
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
        guard let low else { throw Failure(column: open.column, message: "bad quantifier '\(text)'") }
        if !sawComma { high = low }
        if let h = high, h < low {
          throw Failure(column: open.column, message: "bad quantifier '\(text)': minimum above maximum")
        }
        if (high ?? low) > RuleParser.maximumRepetitions || (high == 0) {
          throw Failure(column: open.column, message: "bad quantifier '\(text)': use 1 to \(RuleParser.maximumRepetitions) repetitions")
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
      guard peek.lexeme == .symbol(")") else { throw Failure(column: token.column, message: "unclosed '('") }
      _ = advance()
      depth -= 1
      return inner
    case .string(let text):
      if text.allSatisfy({ $0 == " " }) { throw Failure(column: token.column, message: "empty word") }
      return .literal(text, place(token.column))
    case .symbol("@"):
      guard case .identifier(let name) = peek.lexeme else {
        throw Failure(column: token.column, message: "expected a list name after '@'")
      }
      _ = advance()
      return .list(name, place(token.column))
    case .symbol("["):
      var conditions: [(Bool, TokenCondition)] = []
      while peek.lexeme != .symbol("]") {
        if peek.lexeme == .end { throw Failure(column: token.column, message: "unclosed '['") }
        conditions.append(try parseCondition())
      }
      _ = advance()
      if conditions.isEmpty { throw Failure(column: token.column, message: "empty token test '[]'") }
      return .token(conditions, place(token.column))
    case .symbol("!"):
      let inner = try parseCondition(afterBang: true)
      return .token([(true, inner.1)], place(token.column))
    case .identifier(let name):
      if let kind = RuleParser.reservedKinds[name] { return .token([(false, kind)], place(token.column)) }
      if let label = EntityLabel(rawValue: name) { return .entity(label) }
      if name == name.uppercased() { throw Failure(column: token.column, message: "unknown label '\(name)'") }
      throw Failure(column: token.column, message: "unexpected '\(name)' (captures are written name:ELEMENT)")
    case .end:
      throw Failure(column: token.column, message: "unexpected end of line")
    default:
      throw Failure(column: token.column, message: "unexpected \(RuleParser.describe(token.lexeme))")
    }
  }

  /// One condition of a token test: `word`, `"قال"`, `@list`, `prefix="ال"`, `clitic`, `PERSON`, …
  mutating func parseCondition(afterBang: Bool = false) throws(Failure) -> (Bool, TokenCondition) {
    var negated = false
    if !afterBang && peek.lexeme == .symbol("!") {
      _ = advance()
      negated = true
    }
    let token = advance()
    switch token.lexeme {
    case .string(let text):
      if text.contains(" ") { throw Failure(column: token.column, message: "a token test takes one word, not \"\(text)\"") }
      return (negated, .literal(text))
    case .symbol("@"):
      guard case .identifier(let name) = advance().lexeme else {
        throw Failure(column: token.column, message: "expected a list name after '@'")
      }
      return (negated, .list(name))
    case .identifier(let name):
      switch name {
      case "word", "WORD": return (negated, .kind(.word))
      case "number", "NUMBER": return (negated, .kind(.number))
      case "punct", "PUNCT": return (negated, .kind(.punctuation))
      case "any", "ANY": return (negated, .anyToken)
      case "clitic": return (negated, .clitic)
      case "prefix", "suffix", "written":
        guard advance().lexeme == .symbol("="), case .string(let text) = advance().lexeme else {
          throw Failure(column: token.column, message: "expected \(name)=\"…\"")
        }
        switch name {
        case "prefix": return (negated, .prefix(text))
        case "suffix": return (negated, .suffix(text))
        default: return (negated, .written(DisplayForm.of(text)))
        }
      default:
        if let label = EntityLabel(rawValue: name) { return (negated, .inside(label)) }
        if name == name.uppercased() { throw Failure(column: token.column, message: "unknown label '\(name)'") }
        throw Failure(column: token.column, message: "unknown token test '\(name)'")
      }
    default:
      throw Failure(column: token.column, message: "unexpected \(RuleParser.describe(token.lexeme)) in a token test")
    }
  }
}
