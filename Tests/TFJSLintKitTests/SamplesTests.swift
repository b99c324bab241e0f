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

    /// After `check --unsafe-fixes`, errors remain exactly on the Keras 3 samples TF.js still cannot load
    /// (its `afterFix` record, made by fixing a copy and running it in TF.js 4.22).
    @Test func fixedKeras3SamplesAgreeWithRealTFJS() throws {
        let record = try JSONDocument(bytes: Array(Data(contentsOf: Self.samples.appendingPathComponent("tfjs-behaviour.json"))))
        let keras3 = (record.root.members ?? []).filter { $0.value["afterFix"] != nil }
        #expect(keras3.count >= 7)
        let root = try FixRunnerTests.copy(keras3.map(\.key))
        defer { try? FileManager.default.removeItem(at: root) }
        for entry in keras3 {
            let path = root.appendingPathComponent(entry.key).appendingPathComponent("model.json").path
            _ = try FixRunnerTests.run([path], allowed: .unsafe)
            let errors = try Linter().lint(file: path).filter { $0.severity == .error }
            let tfjsRuns = entry.value["afterFix"]?["runs"]?.bool == true
            #expect(tfjsRuns == errors.isEmpty, "\(entry.key): TF.js runs it after the fix: \(tfjsRuns); errors: \(errors.map(\.ruleID))")
            if tfjsRuns { #expect((entry.value["afterFix"]?["maxAbsError"]?.number ?? 1) < 1e-4) }
        }
    }

    @Test func quantizedGraphSamplesDecodeLikeTheirFloatOriginal() throws {
        for variant in ["mobilenetv2-graph-uint8", "mobilenetv2-graph-float16"] {
            #expect(try Self.lint(variant).isEmpty, "\(variant)")
        }
    }
}
