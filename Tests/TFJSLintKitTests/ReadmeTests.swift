import Foundation
import Testing
import TFJSLintKit

struct ReadmeTests {
    @Test func readmeRuleTableIsTheRegistry() throws {
        let readme = try String(
            contentsOf: SamplesTests.samples.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let table = RuleCatalogDocument.render(RuleRegistry.all.map { $0.description }, format: "markdown")
        #expect(readme.contains(table), "README.md's rule table differs from `tfjslint rules --format markdown`")
    }
}

struct ExplainTests {
    @Test func explainCoversEveryRule() {
        for rule in RuleRegistry.all.map({ $0.description }) {
            let text = RuleCatalogDocument.explain(rule, format: "text")
            #expect(text.hasPrefix(rule.id) && text.contains(rule.rationale))
            if let error = rule.tfjsError { #expect(text.contains(error)) }
            #expect(text.contains(rule.corrections.isEmpty ? "No automatic fix." : "turns it into"))
            let json = try? JSONDocument(text: RuleCatalogDocument.explain(rule, format: "json"))
            #expect(json?.resolve("/id")?.string == rule.id)
        }
    }
}
