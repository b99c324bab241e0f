import Foundation
import Testing
@testable import TFJSLintKit

struct ReadmeTests {
    @Test func readmeRuleTableIsTheRegistry() throws {
        let readme = try String(
            contentsOf: SamplesTests.samples.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let table = RuleCatalogDocument.render(RuleRegistry.all.map { $0.description }, format: "markdown")
        #expect(readme.contains(table), "README.md's rule table differs from `tfjslint rules --format markdown`")
    }
}

struct ExplainTests {
    static let rules = RuleRegistry.all.map { $0.description }

    @Test func explainCoversEveryRule() throws {
        for rule in Self.rules {
            let text = RuleCatalogDocument.explain(rule, format: "text")
            #expect(text.hasPrefix("\(rule.id) (\(rule.category.rawValue), default severity \(rule.defaultSeverity.rawValue))"))
            #expect(text.contains(rule.summary) && text.contains(rule.rationale))
            if let error = rule.tfjsError { #expect(text.contains(error)) }
            let example = try #require(rule.triggering.first, "\(rule.id) has no triggering example")
            #expect(text.contains(RuleCatalogDocument.indented(example.model)))
            if let correction = rule.corrections.first {
                #expect(text.contains(RuleCatalogDocument.indented(correction.after)))
                #expect(text.contains(correction.safety == .safe ? "Safe: " : "Unsafe: "))
            } else {
                #expect(text.contains("No automatic fix."))
            }
            for option in rule.options { #expect(text.contains("    \(option.name): \(option.summary)")) }

            let json = try JSONDocument(text: RuleCatalogDocument.explain(rule, format: "json"))
            #expect(json.resolve("/id")?.string == rule.id && json.resolve("/rationale")?.string == rule.rationale)
            #expect(json.resolve("/triggeringExample")?.string == example.model)
            #expect(json.resolve("/tfjsError")?.string == rule.tfjsError)
            #expect(json.resolve("/correction/after")?.string == rule.corrections.first?.after)
            #expect(json.resolve("/correction/safety")?.string == rule.corrections.first?.safety.rawValue)
            #expect(json.resolve("/options")?.array?.compactMap { $0["name"]?.string } == rule.options.map(\.name))
        }
    }

    @Test func unknownRulesGetSuggestions() {
        #expect {
            try RuleCatalogDocument.rule("unsuported-op", in: Self.rules)
        } throws: { error in
            String(describing: error) == "unknown rule 'unsuported-op'; did you mean unsupported-op?"
        }
        #expect {
            try RuleCatalogDocument.rule("graph", in: Self.rules)
        } throws: { error in
            String(describing: error).hasPrefix("'graph' is a category, not a rule; its rules: ") && String(describing: error).contains("unsupported-op")
        }
        #expect(throws: RuleCatalogDocument.UnknownRule.self) { try RuleCatalogDocument.rule("", in: Self.rules) }
    }
}
