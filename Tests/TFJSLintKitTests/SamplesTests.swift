import Foundation
import Testing
import TFJSLintKit

/// `check` on the real converter outputs in Samples/: clean models pass, each broken copy is reported by the
/// rule it is named after, and what the rules predict agrees with what TF.js 4.22 did (tfjs-behaviour.json).
struct SamplesTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    static func lint(_ sample: String) throws -> [Finding] {
        try Linter().lint(file: samples.appendingPathComponent(sample).appendingPathComponent("model.json").path)
    }

    static var brokenRules: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent("broken").path).sorted()) ?? []
    }

    @Test("each broken sample is reported by the rule it is named after", arguments: brokenRules)
    func brokenSample(rule: String) throws {
        let findings = try Self.lint("broken/\(rule)")
        #expect(findings.contains { $0.ruleID == rule && $0.severity == .error }, "\(rule): \(findings.map(\.ruleID))")
    }

    @Test func everyRuleOfIssueTwoHasABrokenSample() {
        let expected = ["invalid-json", "unknown-format", "missing-shard", "weights-size-mismatch", "duplicate-weight-name",
                        "unknown-weight-dtype", "non-finite-weights", "dangling-input", "missing-input-shape", "unsafe-weight-path"]
        #expect(Set(expected).isSubset(of: Set(Self.brokenRules)))
    }

    /// An error-level finding exactly when the real TF.js failed to load or run the sample.
    @Test func errorsAgreeWithRealTFJS() throws {
        let record = try JSONDocument(bytes: Array(Data(contentsOf: Self.samples.appendingPathComponent("tfjs-behaviour.json"))))
        let entries = try #require(record.root.members)
        #expect(entries.count >= 20)
        for entry in entries where entry.key != "broken/non-finite-weights" {
            let tfjsFails = entry.value["runs"]?.bool == false
            let errors = try Self.lint(entry.key).filter { $0.severity == .error }
            #expect(tfjsFails == !errors.isEmpty, "\(entry.key): TF.js fails: \(tfjsFails), errors: \(errors.map(\.ruleID))")
        }
    }

    @Test func quantizedGraphSamplesDecodeLikeTheirFloatOriginal() throws {
        for variant in ["mobilenetv2-graph-uint8", "mobilenetv2-graph-float16"] {
            #expect(try Self.lint(variant).isEmpty, "\(variant)")
        }
    }
}
