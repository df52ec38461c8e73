/// How sure a rule is of what it emits: `rule NAME [priority N] [evidence strong|weak]`.
///
/// The rule language decides which rules are weak, not the code: `PersonLinker` registers
/// the words of a full name for short mentions only when the name came from a gazetteer or
/// a strong rule, so that a weak guess (a given name + any word) never turns later words
/// into people. A rule that declares nothing is strong.
enum Evidence: String, Sendable {
  case strong
  case weak
}
