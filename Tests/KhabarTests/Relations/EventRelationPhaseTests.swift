import Testing

@testable import Khabar

/// The relation rules the pass over bare titles' sentences runs (`RuleSet.eventRelationPhase`).
@Suite struct EventRelationPhaseTests {
  /// The event phase holds the relation rules with an event predicate, in file order, and only
  /// those: the titles' own rules give nothing a bare title keeps.
  @Test func eventPhaseHoldsTheEventRulesInFileOrder() throws {
    let rules = try TestPaths.bundledRules.get()
    let all = try #require(rules.relationPhase)
    let events = try #require(rules.eventRelationPhase)
    let expected = all.rules.filter { rule in
      rule.spec.relations.contains { $0.predicate.takesModality }
    }
    #expect(events.rules.map(\.spec.name) == expected.map(\.spec.name))
    #expect(events.rules.contains { $0.spec.name == "met.verb-first" })
    #expect(!events.rules.contains { $0.spec.name == "holds-title.before" })
    #expect(events.bit == all.bit)
    // A title carries exactly those predicates for its holder.
    #expect(TitleReference.carriesEvents)
  }
}
