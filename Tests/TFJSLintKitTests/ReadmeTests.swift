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
