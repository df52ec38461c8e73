/// Counts of the steps an article's article-wide look-ups take: what tests read to hold these
/// stages linear in the article without timing them (`LinearWorkTests`).
///
/// Each count is a number of elementary steps (an entity or a span looked at once); a stage is
/// linear when its count grows no faster than the article's entities and matches.
struct WorkCount: Sendable {
  /// Country mentions looked at to resolve the pair words (البلدين) of relation matches.
  var pairSteps = 0
  /// Evidence spans looked at when a relation stated again joins the one already reported.
  var evidenceSteps = 0
  /// Entities and holders looked at to find what bare titles refer to (`TitleReference`).
  var titleSteps = 0
}
