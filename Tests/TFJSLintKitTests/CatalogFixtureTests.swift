import Foundation
import Testing
import TFJSLintKit

/// The catalog rules on the fixtures of Fixtures/catalog, whose behaviour in the real TF.js 4.22 is recorded in
/// Fixtures/catalog/README.md: an error finding exactly where TF.js fails to load or run the model.
struct CatalogFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("catalog")

    /// Fixture -> rules with error findings: what TF.js 4.22 rejects, and why.
    static let failing: [String: Set<String>] = [
        "activation_gelu_new": ["unsupported-activation"],
        "activation_leaky_relu": ["unsupported-activation"],
        "activation_silu": ["unsupported-activation"],
        "center_crop": ["broken-layer"],
        "conv1d_causal": ["unsupported-layer-config"],
        "elu_alpha": ["unsupported-layer-config"],
        "graph_bad_signature": ["signature-mismatch"],
        "graph_cast_uint16": ["unsupported-dtype"],
        "graph_cycle": ["graph-cycle"],
        "graph_missing_const": ["missing-const-weight"],
        "graph_nchw_bias_add": ["unsupported-data-format"],
        "graph_ragged_op": ["unsupported-op"],
        "graph_unknown_op": ["unsupported-op"],
        "gru_reset_after": ["unsupported-layer-config"],
        "initializer_lecun_normal": ["unsupported-initializer"],
        "initializer_lecun_string": ["unsupported-initializer"],
        "initializer_untruncated": ["unsupported-layer-config"],
        "lambda": ["unsupported-layer"],
        "name_with_space": ["invalid-tensor-name"],
        "regularizer_l2": ["unsupported-regularizer"],
        "resizing": ["broken-layer"],
        "separable_conv2d_tf_keras": ["unsupported-layer-config"],
        "subtract": ["unsupported-layer"],
        "weights_extra": ["weight-layer-mismatch"],
        "weights_missing_bias": ["weight-layer-mismatch"],
        "weights_shape_mismatch": ["weight-layer-mismatch"],
    ]

    /// Fixture -> rules with warnings: TF.js runs them but computes something else (or needs executeAsync).
    static let warning: [String: Set<String>] = [
        "constraint_nonneg": ["semantic-drift"],
        "graph_nchw_bias_add": ["unsupported-data-format"],
        "graph_nchw_conv": ["unsupported-data-format"],
        "graph_where": ["async-execution-required"],
        "hard_sigmoid_keras3": ["semantic-drift"],
        "relu_negative_slope": ["semantic-drift"],
    ]

    static var fixtures: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("model.json").path) }
            .sorted()
    }

    @Test func everyFixtureIsListedOrClean() {
        #expect(Self.fixtures.count == 48)
    }

    @Test(arguments: fixtures)
    func errorsExactlyWhereTFJSFails(fixture: String) throws {
        let findings = try Linter().lint(file: Self.folder.appendingPathComponent(fixture).appendingPathComponent("model.json").path)
        let errors = Set(findings.filter { $0.severity == .error }.map(\.ruleID))
        let warnings = Set(findings.filter { $0.severity == .warning }.map(\.ruleID))
        #expect(errors == Self.failing[fixture] ?? [], "\(findings.map(\.message))")
        #expect(warnings == Self.warning[fixture] ?? [], "\(findings.map(\.message))")
    }

    @Test func targetVersionFlagsLaterLayers() throws {
        let path = Self.folder.appendingPathComponent("rescaling").appendingPathComponent("model.json").path
        #expect(try Linter().lint(file: path).isEmpty)
        let old = try Linter(target: TFJSVersion(3, 18)).lint(file: path)
        #expect(old.map(\.ruleID) == ["unsupported-layer"])
        #expect(old.first?.message.contains("3.21.0") == true)
        #expect(try Linter(target: TFJSVersion(3, 21)).lint(file: path).isEmpty)
    }

    /// After the fixes, TF.js 4.22 loads these and computes what Keras does (checked by hand, README.md).
    @Test(arguments: [
        ("activation_silu", FixSafety.safe), ("initializer_lecun_normal", .safe), ("initializer_lecun_string", .safe),
        ("regularizer_l2", .safe), ("separable_conv2d_tf_keras", .safe), ("relu_negative_slope", .safe),
        ("activation_leaky_relu", .unsafe),
    ])
    func fixesLeaveNothingToReport(fixture: String, safety: FixSafety) throws {
        let url = Self.folder.appendingPathComponent(fixture)
        let bytes = Array(try Data(contentsOf: url.appendingPathComponent("model.json")))
        let files = DirectoryModelFiles(directory: url)
        let linter = Linter()
        let fixed = Fixer(linter: linter, allowed: safety).fix(path: "model.json", bytes: bytes, files: files)
        #expect(fixed.changed)
        let remaining = linter.lint(path: "model.json", bytes: fixed.bytes, files: files)
        #expect(remaining.filter { $0.severity >= .warning }.isEmpty, "\(remaining.map(\.message))")
    }
}
