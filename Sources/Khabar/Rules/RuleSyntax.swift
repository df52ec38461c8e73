/// The abstract syntax of rule files (see Rules/README.md for the language).

/// A place in a rule file: 1-based line and column (in Unicode scalars).
public struct SourcePlace: Sendable, Equatable {
  public var file: String
  public var line: Int
  public var column: Int
}

/// `modality NAME = @LIST [!@EXCEPT]`: relations with an item of word list LIST near their evidence carry
/// the flag NAME (see `RuleMatcher.modality`).
struct ModalitySpec: Sendable {
  var modality: Modality
  var name: String
  var list: String
  /// Where the statement starts, for a repeated declaration.
  var place: SourcePlace
  /// Where `@LIST` is, for an unknown list.
  var listPlace: SourcePlace
  /// `!@EXCEPT`: phrases that start like a cue and are none (`لا تزال`, still), with its place.
  var except: (list: String, place: SourcePlace)?
  /// `after @AFTER`: phrases that give the flag in the words right after the match too
  /// (`زيارة … المرتقبة`), with its place.
  var after: (list: String, place: SourcePlace)?
}

/// A node of a pattern.
indirect enum PatternNode: Sendable {
  case sequence([PatternNode])
  case alternatives([PatternNode])
  case repetition(PatternNode, min: Int, max: Int?)
  case capture(String, PatternNode)
  /// A phrase of one or more words, matched as consecutive tokens.
  case literal(String, SourcePlace)
  /// Any item of a word list (items may have several words).
  case list(String, SourcePlace)
  /// An entity of a label that starts at this token, consumed whole.
  case entity(EntityLabel)
  /// One token satisfying every condition (each possibly negated).
  case token([(negated: Bool, condition: TokenCondition)], SourcePlace)
  /// `<[…]` / `>[…]`: the token before / at this position passes the conditions, and nothing is
  /// consumed. Where the sentence has no such token, it holds when every condition is negated.
  case look(behind: Bool, [(negated: Bool, condition: TokenCondition)], SourcePlace)

  /// The word lists this node names that are not in `lists`, with where each is named.
  func unknownLists(among lists: [String: WordList]) -> [(
    file: String, line: Int, column: Int, name: String
  )] {
    switch self {
    case .sequence(let nodes), .alternatives(let nodes):
      return nodes.flatMap { $0.unknownLists(among: lists) }
    case .repetition(let node, _, _), .capture(_, let node): return node.unknownLists(among: lists)
    case .list(let name, let place):
      return lists[name] == nil ? [(place.file, place.line, place.column, name)] : []
    case .token(let conditions, let place), .look(_, let conditions, let place):
      return conditions.compactMap { condition in
        guard case .list(let name) = condition.condition, lists[name] == nil else { return nil }
        return (place.file, place.line, place.column, name)
      }
    case .literal, .entity: return []
    }
  }

  /// The capture names defined in this node.
  var captureNames: [String] {
    switch self {
    case .sequence(let nodes), .alternatives(let nodes): return nodes.flatMap(\.captureNames)
    case .repetition(let node, _, _): return node.captureNames
    case .capture(let name, let node): return [name] + node.captureNames
    default: return []
    }
  }
}

/// An attribute an `emit` line gives its entity.
enum EmitValue: Sendable, Equatable {
  /// A fixed string.
  case text(String)
  /// The text of a capture (an entity capture gives the entity's canonical name).
  case capture(String)
  /// The list value of what a capture matched (`rank.value`).
  case listValue(String)
  /// The normalized date value computed from the captures day, month, year, weekday, part, rel.
  case date
}

/// One `emit` line: what a match produces.
struct EmitSpec: Sendable {
  var label: EntityLabel
  /// The capture whose span the entity takes; nil for the whole match.
  var capture: String?
  var attributes: [(String, EmitValue)]
  /// The entity's canonical name (`canonical=VALUE`); nil for the display form of its text.
  var canonical: EmitValue? = nil
  var place: SourcePlace
}

/// One `emit` line of a relation rule: `emit PREDICATE SUBJECT OBJECT`.
struct RelationEmitSpec: Sendable {
  var predicate: Predicate
  var subject: String
  var object: String
  var place: SourcePlace
}

/// A rule as written.
struct RuleSpec: Sendable {
  var name: String
  var priority: Int
  var phase: String
  var pattern: PatternNode
  var emits: [EmitSpec]
  /// For `relation` rules: what each match asserts.
  var relations: [RelationEmitSpec] = []
  /// How sure the rule's matches are, as declared in its header (`evidence weak`).
  var evidence = Evidence.strong
  /// The labels whose entity of exactly a match's span the match takes the place of, as
  /// declared in its header (`replaces LOCATION COUNTRY`): a bit per label's precedence.
  var replaces: UInt16 = 0
  var isRelation: Bool { phase == RuleSpec.relationPhase }
  /// The phase every `relation` rule belongs to: after all entity phases.
  static let relationPhase = "relations"
  var place: SourcePlace
  /// The rule's position among all rules (file order), for tie-breaking.
  var order: Int
}
