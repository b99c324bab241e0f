import Foundation
import Testing
import TFJSExecutor
import TFJSLintCore
@testable import TFJSLintKit

/// `verify` on the real layers-model samples: TensorFlow's golden outputs where TF.js reproduces them, TF.js's own
/// error (Samples/tfjs-behaviour.json) where it cannot load them, and the golden outputs again after `--fix`.
struct LayersVerifierTests {
    static let behaviour: JSONDocument? = try? JSONDocument(
        bytes: Array(Data(contentsOf: SamplesTests.samples.appendingPathComponent("tfjs-behaviour.json"))))

    /// What TF.js 4.22 did with a sample (`afterFix` for its fixed copy): its error, or nil when it ran.
    static func tfjsError(_ sample: String, afterFix: Bool = false) -> String? {
        let tokens = afterFix ? [sample, "afterFix", "error"] : [sample, "error"]
        return behaviour?.resolve(JSONPointer(tokens: tokens))?.string
    }

    static func tensors(_ folder: URL, _ name: String) throws -> [String: Tensor] {
        try Verifier.tensors(at: folder.appendingPathComponent(name).path)
    }

    /// Runs the model.json in `folder` on the golden tensors of `sample`.
    static func verify(_ folder: URL, goldenOf sample: String) throws -> Verifier.Outcome {
        let golden = SamplesTests.samples.appendingPathComponent(sample)
        let (model, _) = try VerifyRun.load(folder.appendingPathComponent("model.json").path)
        return try Verifier().verify(
            model: model, inputs: try tensors(golden, "inputs.npz"), golden: try tensors(golden, "outputs.npz"), tolerances: .init())
    }

    /// mobilenetv2-layers-tfkeras needs the convolution, normalization and pooling layers, and sequential-tfkeras
    /// LeakyReLU (the exec-lconv branch).
    @Test(arguments: ["functional-multiio-tfkeras", "sequential-tfkeras", "mobilenetv2-layers-tfkeras"])
    func tfKerasSamplesMatchAtDefaultTolerances(sample: String) throws {
        #expect(Self.tfjsError(sample) == nil)
        let outcome = try Self.verify(SamplesTests.samples.appendingPathComponent(sample), goldenOf: sample)
        #expect(outcome.passed, "\(Verifier.text(outcome))")
    }

    @Test func inputsAndOutputsAreNamedByTheirLayers() throws {
        let folder = SamplesTests.samples.appendingPathComponent("functional-multiio-tfkeras")
        let (model, _) = try VerifyRun.load(folder.appendingPathComponent("model.json").path)
        let layers = try LayersModel(model)
        #expect(layers.inputs.map(\.name) == ["a", "b"] && layers.outputs == ["head_one", "head_two"])
        // Single unnamed tensors (.npy) match a single input and output only.
        #expect(throws: ExecutionError.self) {
            try Verifier().verify(model: model, inputs: try Self.tensors(folder, "input_0.npy"), golden: [:], tolerances: .init())
        }
    }

    @Test(arguments: [
        "sequential-keras3", "functional-multiio-keras3", "nested-keras3", "lstm-gru-keras3", "bidirectional-lstm-keras3",
        "depthwise-ops-keras3", "mobilenetv3small-keras3",
    ])
    func keras3SamplesFailAsTFJSDoes(sample: String) throws {
        let tfjs = try #require(Self.tfjsError(sample))
        let (model, blocking) = try VerifyRun.load(SamplesTests.samples.appendingPathComponent("\(sample)/model.json").path)
        #expect(blocking != nil)
        do {
            _ = try LayersModel(model)
            Issue.record("\(sample) loaded, but TF.js 4.22 fails: \(tfjs)")
        } catch {
            #expect(error.ruleID == "keras3-batch-shape")
            #expect(error.description.contains(tfjs), "\(error.description) vs TF.js: \(tfjs)")
        }
    }

    /// Broken copies of layers samples: the executor stops with TF.js's message and the rule that predicts it.
    @Test(arguments: [
        ("broken/duplicate-weight-name", "duplicate-weight-name"), ("broken/missing-input-shape", "missing-input-shape"),
        ("broken/weights-size-mismatch", "weights-size-mismatch"), ("broken/unknown-weight-dtype", "unknown-weight-dtype"),
        ("broken/missing-shard", "missing-shard"),
    ])
    func brokenLayersSamplesFailAsTFJSDoes(sample: String, rule: String) throws {
        let tfjs = try #require(Self.tfjsError(sample))
        let (model, _) = try VerifyRun.load(SamplesTests.samples.appendingPathComponent("\(sample)/model.json").path)
        do {
            _ = try LayersModel(model)
            Issue.record("\(sample) loaded, but TF.js 4.22 fails: \(tfjs)")
        } catch {
            #expect(error.ruleID == rule)
            // The missing shard's message names TF.js's absolute path; the others are TF.js's text.
            if rule != "missing-shard" { #expect(error.description.contains(tfjs), "\(error.description) vs TF.js: \(tfjs)") }
        }
    }

    /// NaN weights load and run in TF.js; the outputs then differ from the golden ones.
    @Test func nonFiniteWeightsRunAndMismatch() throws {
        #expect(Self.tfjsError("broken/non-finite-weights") == nil)
        let path = SamplesTests.samples.appendingPathComponent("broken/non-finite-weights/model.json").path
        #expect(try VerifyRun.load(path).1 == nil, "verify must run it, not refuse it")
        let outcome = try Self.verify(SamplesTests.samples.appendingPathComponent("broken/non-finite-weights"), goldenOf: "sequential-tfkeras")
        #expect(!outcome.passed && outcome.comparisons.first?.nonFiniteMismatches == 12)
    }

    /// Every Keras 3 sample fixed by `check --unsafe-fixes` (a copy), verified against the original model's outputs:
    /// those TF.js then runs match, the one it still refuses (GRU reset_after) fails to run.
    @Test(arguments: [
        "sequential-keras3", "functional-multiio-keras3", "nested-keras3", "lstm-gru-keras3", "bidirectional-lstm-keras3",
        "depthwise-ops-keras3", "mobilenetv3small-keras3",
    ])
    func fixedKeras3SamplesMatchTheirGoldenOutputs(sample: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent(sample)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: SamplesTests.samples.appendingPathComponent(sample), to: folder)
        let fixer = FixRunner(fixer: Fixer(linter: Linter(), allowed: .unsafe))
        #expect(try fixer.run(files: [folder.appendingPathComponent("model.json").path], write: true).count == 1)
        if let tfjs = Self.tfjsError(sample, afterFix: true) {
            do {
                _ = try Self.verify(folder, goldenOf: sample)
                Issue.record("the fixed \(sample) ran, but TF.js 4.22 fails: \(tfjs)")
            } catch {
                #expect("\(error)".contains(tfjs), "\(error) vs TF.js: \(tfjs)")
            }
        } else {
            let outcome = try Self.verify(folder, goldenOf: sample)
            #expect(outcome.passed, "\(Verifier.text(outcome))")
        }
    }
}
