import Foundation
import Testing
import TFJSLintConfig
import TFJSLintKit

/// The project rules through the same path `check` takes, on the web app in Samples/webapp.
struct ProjectLinterTests {
    @Test func webAppFindingsAreExactlyTheMistakesItHolds() throws {
        let root = SamplesTests.samples.appendingPathComponent("webapp").path
        let linter = ProjectLinter(converter: try ConverterFactsLoader.bundled())
        let sources = linter.sourceFiles(in: [root])
        #expect(sources.count == 5)
        let models = ProjectLinter.models(try ModelDiscovery.modelFiles(in: [root]), roots: [root])
        let found = linter.lint(files: sources, models: models).sorted(by: Finding.ordered)
            .map { "\($0.ruleID) \(String($0.file.dropFirst(root.count + 1))):\($0.location.line)" }
        #expect(found == [
            "converter-flag Makefile:4",
            "invalid-format-pair package.json:7",
            "converter-flag scripts/convert.sh:5",
            "invalid-format-pair scripts/convert.sh:9",
            "keras3-conversion scripts/export_classifier.py:7",
            "format-loader-mismatch src/app.ts:10",
        ])
    }

    @Test func modelFormatsAreToldFromTheirFirstBytes() throws {
        let root = SamplesTests.samples.appendingPathComponent("webapp").path
        let models = ProjectLinter.models(try ModelDiscovery.modelFiles(in: [root]), roots: [root])
        #expect(models.resolve("/models/detector/model.json", from: root + "/src/app.ts")?.format == .graph)
        #expect(models.resolve("models/classifier/model.json?v=2", from: root + "/src/app.ts")?.format == .layers)
        #expect(models.resolve("../public/models/classifier/model.json", from: root + "/src/app.ts")?.format == .layers)
        #expect(models.resolve("/models/missing/model.json", from: root + "/src/app.ts") == nil)
    }
}
