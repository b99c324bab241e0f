import Foundation
import Testing
import TFJSLintKit

/// The catalog rules on the fixtures of Fixtures/catalog, whose behaviour in the real TF.js 4.22 is recorded in
/// Fixtures/catalog/README.md: an error finding exactly where TF.js fails to load or run the model, a warning
/// where it runs but computes something else (or needs executeAsync). Hand-made fixtures are at the top level;
/// real converter outputs under converted/tf_keras, converted/graph and converted/keras3. The Keras 3 ones fail
/// in TF.js for the Keras 3 format problems the keras3-* rules report; here only the catalog rules' verdicts are
/// checked, which match TF.js once those problems are fixed (README.md).
struct CatalogFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("catalog")

    static let catalogRules: Set<String> = [
        "unsupported-layer", "unsupported-activation", "unsupported-initializer", "unsupported-regularizer",
        "unsupported-constraint", "unsupported-layer-config", "broken-layer", "semantic-drift", "invalid-tensor-name",
        "weight-layer-mismatch", "unsupported-op", "unsupported-dtype", "graph-cycle", "signature-mismatch",
        "missing-const-weight", "async-execution-required", "unsupported-data-format", "nan-output",
    ]

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
        "converted/tf_keras/center_crop": ["broken-layer"],
        "converted/tf_keras/conv1d_causal": ["unsupported-layer-config"],
        "converted/tf_keras/conv_bn_dw_sep": ["unsupported-layer-config"],
        "converted/tf_keras/elu_layer": ["unsupported-layer-config"],
        "converted/tf_keras/gru_default": ["unsupported-layer-config"],
        "converted/tf_keras/l2": ["unsupported-regularizer"],
        "converted/tf_keras/lambda": ["unsupported-layer"],
        "converted/tf_keras/leaky_relu_act": ["unsupported-activation"],
        "converted/tf_keras/lecun_normal": ["unsupported-initializer"],
        "converted/tf_keras/normalization": ["unsupported-layer"],
        "converted/tf_keras/random_flip": ["unsupported-layer"],
        "converted/tf_keras/resizing": ["broken-layer"],
        "converted/tf_keras/separable_only": ["unsupported-layer-config"],
        "converted/tf_keras/subtract": ["unsupported-layer"],
        "converted/graph/graph_matrix_inverse": ["unsupported-op"],
        "converted/graph/graph_ragged": ["unsupported-op"],
        "converted/keras3/center_crop": ["broken-layer"],
        "converted/keras3/conv1d_causal": ["unsupported-layer-config"],
        "converted/keras3/elu_layer": ["unsupported-layer-config"],
        "converted/keras3/gru_default": ["unsupported-layer-config"],
        "converted/keras3/l2": ["unsupported-regularizer"],
        "converted/keras3/lambda": ["unsupported-layer"],
        "converted/keras3/leaky_relu_act": ["unsupported-activation"],
        "converted/keras3/lecun_normal": ["unsupported-initializer"],
        "converted/keras3/normalization": ["unsupported-layer"],
        "converted/keras3/random_flip": ["unsupported-layer"],
        "converted/keras3/resizing": ["broken-layer"],
        "converted/keras3/subtract": ["unsupported-layer"],
        "converted/keras3/swish": ["unsupported-activation"],
    ]

    /// Fixture -> rules with warnings: TF.js runs them but computes something else (or needs executeAsync).
    static let warning: [String: Set<String>] = [
        "constraint_nonneg": ["semantic-drift"],
        "graph_nchw_bias_add": ["unsupported-data-format"],
        "graph_nchw_conv": ["unsupported-data-format"],
        "graph_where": ["async-execution-required"],
        "hard_sigmoid_keras3": ["semantic-drift"],
        "relu_negative_slope": ["semantic-drift"],
        "converted/tf_keras/relu_leaky": ["semantic-drift"],
        "converted/graph/graph_hash_table": ["async-execution-required"],
        "converted/graph/graph_lstm": ["async-execution-required"],
        "converted/graph/graph_ragged": ["async-execution-required"],
        "converted/graph/graph_where": ["async-execution-required"],
        "converted/keras3/hard_sigmoid": ["semantic-drift"],
        "converted/keras3/relu_leaky": ["semantic-drift"],
    ]

    /// Every folder holding a model.json, as a path relative to Fixtures/catalog.
    static var fixtures: [String] {
        let manager = FileManager.default
        let walker = manager.enumerator(atPath: folder.path)
        var found: [String] = []
        while let path = walker?.nextObject() as? String {
            if (path as NSString).lastPathComponent == "model.json" { found.append((path as NSString).deletingLastPathComponent) }
        }
        return found.sorted()
    }

    @Test func fixturesAreAllThere() {
        #expect(Self.fixtures.count == 48 + 28 + 28 + 7)
        #expect(Set(Self.failing.keys).union(Self.warning.keys).isSubset(of: Set(Self.fixtures)))
    }

    @Test(arguments: fixtures)
    func errorsExactlyWhereTFJSFails(fixture: String) throws {
        let path = Self.folder.appendingPathComponent(fixture).appendingPathComponent("model.json").path
        let findings = try Linter().lint(file: path).filter { Self.catalogRules.contains($0.ruleID) }
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
