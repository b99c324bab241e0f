import Foundation
import Testing
import TFJSLintKit

/// The executor on the real graph-model samples, against TensorFlow's golden outputs and what TF.js 4.22 did.
struct VerifierTests {
    static func verify(_ sample: String, atol: Double = 1e-5, rtol: Double = 1e-5) throws -> Verifier.Outcome {
        let folder = SamplesTests.samples.appendingPathComponent(sample)
        let (model, blocking) = try VerifyRun.load(folder.appendingPathComponent("model.json").path)
        #expect(blocking == nil)
        var tolerances = Verifier.Tolerances()
        (tolerances.atol, tolerances.rtol) = (atol, rtol)
        return try Verifier().verify(
            model: model, inputs: try Verifier.tensors(at: folder.appendingPathComponent("inputs.npz").path),
            golden: try Verifier.tensors(at: folder.appendingPathComponent("outputs.npz").path), tolerances: tolerances)
    }

    static func tfjsError(_ sample: String) throws -> Double {
        let record = try JSONDocument(bytes: Array(Data(contentsOf: SamplesTests.samples.appendingPathComponent("tfjs-behaviour.json"))))
        return try #require(record.resolve(JSONPointer(tokens: [sample, "maxAbsError"]))?.number)
    }

    @Test(arguments: ["convnet-graph", "mobilenetv2-graph"])
    func float32GraphModelsMatchAtDefaultTolerances(sample: String) throws {
        let outcome = try Self.verify(sample)
        #expect(outcome.passed, "\(Verifier.text(outcome))")
    }

    @Test(arguments: [("mobilenetv2-graph-float16", 1e-4), ("mobilenetv2-graph-uint8", 3e-3)])
    func quantizedModelsShowTheirQuantizationError(sample: String, tolerance: Double) throws {
        let strict = try Self.verify(sample, atol: 1e-6, rtol: 1e-6)
        #expect(!strict.passed)
        #expect(try Self.verify(sample, atol: tolerance).passed)
        // The error is the quantization's, exactly as the real TF.js 4.22 computed it.
        let error = try #require(strict.comparisons.first?.maxAbsError)
        let tfjs = try Self.tfjsError(sample)
        #expect(abs(error - tfjs) < 2e-6, "executor \(error) vs TF.js \(tfjs)")
    }

    @Test func brokenModelsFailWithTheRuleThatPredictsIt() throws {
        let (_, blocking) = try VerifyRun.load(SamplesTests.samples.appendingPathComponent("broken/dangling-input/model.json").path)
        #expect(blocking?.ruleID == "dangling-input")
        let (model, _) = try VerifyRun.load(SamplesTests.samples.appendingPathComponent("broken/dangling-input/model.json").path)
        #expect(throws: ExecutionError.self) {
            try Verifier().verify(model: model, inputs: ["": Tensor(shape: [1, 16, 16, 3], values: .init(repeating: 0, count: 768))], golden: [:], tolerances: .init())
        }
    }

    /// A tf_keras LayerNormalization as the converter writes it (FusedBatchNormV3 with empty statistics): nan-output
    /// reports it, TF.js runs it and outputs NaN, and so verify runs it and shows the NaN.
    @Test func modelsTFJSRunsDespiteAnErrorAreRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-nan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = #"""
            {"format": "graph-model", "signature": {"inputs": {"x": {"name": "x:0"}}, "outputs": {"y": {"name": "ln:0"}}},
             "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}, {"name": "one", "op": "Const"}, {"name": "empty", "op": "Const"},
               {"name": "ln", "op": "FusedBatchNormV3", "input": ["x", "one", "one", "empty", "empty"], "attr": {"is_training": {"b": true}}}]},
             "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "one", "shape": [1], "dtype": "float32"}, {"name": "empty", "shape": [0], "dtype": "float32"}]}]}
            """#
        try Data(json.utf8).write(to: folder.appendingPathComponent("model.json"))
        try Data([0, 0, 0x80, 0x3F]).write(to: folder.appendingPathComponent("w.bin"))
        let (model, blocking) = try VerifyRun.load(folder.appendingPathComponent("model.json").path)
        #expect(blocking == nil)
        let x = Tensor(shape: [1, 2, 2, 1], values: [1, 2, 3, 4])
        let outcome = try Verifier().verify(model: model, inputs: ["x": x], golden: ["y": x], tolerances: .init())
        #expect(outcome.comparisons.first?.nonFiniteMismatches == 4)
    }

    @Test func complexOutputsAreNotComparedWithGoldens() throws {
        let json = #"{"format": "graph-model", "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}, "#
            + #"{"name": "z", "op": "Complex", "input": ["x", "x"]}]}, "signature": {"outputs": {"z": {"name": "z:0"}}}}"#
        let model = ModelArtifact(path: "model.json", document: try JSONDocument(text: json), files: InMemoryModelFiles([:]))
        let x = Tensor(shape: [1], values: [2])
        #expect { _ = try Verifier().verify(model: model, inputs: ["x": x], golden: ["z": x], tolerances: .init()) } throws: { error in
            "\(error)".contains("output 'z' is complex64")
        }
    }

    @Test func comparisonSemantics() {
        let golden = Tensor(shape: [5], values: [1, 100, .nan, .infinity, 0])
        let close = Tensor(shape: [5], values: [1.00002, 100.0005, .nan, .infinity, 0])
        let passing = OutputComparison(name: "y", actual: close, golden: golden, atol: 1e-5, rtol: 1e-5)
        // 1.00002 is off by 2e-5, above both atol and rtol·1: a mismatch; 100.0005 is within rtol·100.
        #expect(passing.mismatches == 1 && passing.worstIndex == 1)
        let nanMismatch = OutputComparison(name: "y", actual: Tensor(shape: [5], values: [1, 100, 0, .infinity, 0]), golden: golden, atol: 1, rtol: 1)
        #expect(nanMismatch.mismatches == 1 && nanMismatch.nonFiniteMismatches == 1 && nanMismatch.requiredAtol == .infinity)
        let shapes = OutputComparison(name: "y", actual: Tensor(shape: [1, 5], values: golden.values), golden: golden, atol: 1, rtol: 1)
        #expect(!shapes.passed)
    }

    @Test func npyAndNpzRoundTrip() throws {
        let tensor = Tensor(shape: [2, 3], values: [1, -2, 3.5, .infinity, 0, 6])
        #expect(try Numpy.readNPY(Numpy.writeNPY(tensor)) == tensor)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID().uuidString).npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try Numpy.writeNPZ([("a", tensor), ("b:0", Tensor.scalar(7))], to: url)
        let read = try Numpy.readNPZ(url)
        #expect(read["a"] == tensor && read["b:0"]?.values == [7])
        #expect(throws: ExecutionError.self) { try Numpy.readNPY(Data([1, 2, 3])) }
        // NumPy's own files: the golden inputs written by generate.py.
        let golden = try Verifier.tensors(at: SamplesTests.samples.appendingPathComponent("functional-multiio-tfkeras/inputs.npz").path)
        #expect(golden["a"]?.shape == [3, 6] && golden["b"]?.shape == [3, 4])
    }
}
