import Foundation
import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// complex64 tensors: only complex-aware ops read them, and they survive .npy and comparison without misreading.
@Suite struct ComplexTensorTests {
    let complex = Tensor(shape: [2], dtype: .complex64, values: [1, 2, 3, -4])

    private func run(_ op: String, _ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        try GraphOps.run(GraphModel.Node(name: "n", op: op, inputs: [], attributes: nil), inputs)
    }

    @Test func addOnAComplexInputIsRefused() {
        #expect { _ = try run("Add", [complex, Tensor(shape: [2], values: [1, 1])]) } throws: { error in
            "\(error)".contains("Add 'n': input 0 is complex64")
        }
        #expect(throws: ExecutionError.self) { try run("Add", [Tensor(shape: [2], values: [1, 1]), complex]) }
    }

    @Test func shapeOnlyOpsKeepTheValuePairs() throws {
        let reshaped = try run("Reshape", [complex, Tensor(shape: [2], dtype: .int32, values: [2, 1])])
        #expect(reshaped == [Tensor(shape: [2, 1], dtype: .complex64, values: complex.values)])
        #expect(try run("Shape", [complex]) == [Tensor(shape: [1], dtype: .int32, values: [2])])
        #expect(try run("Identity", [complex]) == [complex])
        // The shape input of Reshape must stay real.
        #expect(throws: ExecutionError.self) { try run("Reshape", [complex, complex]) }
    }

    @Test func aComplexTensorWithoutTwoValuesPerElementIsRefused() {
        #expect(throws: ExecutionError.self) { try run("Real", [Tensor(shape: [2], dtype: .complex64, values: [1, 2])]) }
    }

    /// `x`, `y` → Complex → Real, ComplexAbs and the complex value itself; plus a complex64 Const when asked.
    static func graph(complexConst: Bool = false) throws -> GraphModel {
        let pair = #""input": ["x", "y"]"#
        var nodes = [#"{"name": "x", "op": "Placeholder"}"#, #"{"name": "y", "op": "Placeholder"}"#,
                     #"{"name": "z", "op": "Complex", \#(pair)}"#, #"{"name": "re", "op": "Real", "input": ["z"]}"#,
                     #"{"name": "abs", "op": "ComplexAbs", "input": ["z"]}"#]
        if complexConst { nodes.append(#"{"name": "c", "op": "Const"}"#) }
        let outputs = #"{"re": {"name": "re:0"}, "abs": {"name": "abs:0"}, "z": {"name": "z:0"}"#
            + (complexConst ? #", "c": {"name": "c:0"}}"# : "}")
        let json = #"{"format": "graph-model", "modelTopology": {"node": [\#(nodes.joined(separator: ", "))]}, "#
            + #""signature": {"inputs": {"x": {"name": "x:0"}, "y": {"name": "y:0"}}, "outputs": \#(outputs)}, "#
            + #""weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "c", "shape": [1], "dtype": "complex64"}]}]}"#
        return try GraphModel(ModelArtifact(path: "model.json", document: try JSONDocument(text: json),
                                            files: InMemoryModelFiles(["w.bin": [UInt8](repeating: 0, count: 8)])))
    }

    @Test func graphsCarryComplexValuesAndCountTheirBytes() throws {
        let x = Tensor(shape: [2], values: [3, -1]), y = Tensor(shape: [2], values: [4, 0])
        var peak = 0
        let outputs = try Self.graph().run(["x": x, "y": y], peakActivationBytes: &peak)
        #expect(outputs == [x, Tensor(shape: [2], values: [5, 1]), Tensor(shape: [2], dtype: .complex64, values: [3, 4, -1, 0])])
        // x and y (8 bytes each) with z (16: 8 per complex element), then z with Real's and ComplexAbs's outputs.
        #expect(peak == 32)
    }

    @Test func complexConstWeightsAreRefusedByName() throws {
        let graph = try Self.graph(complexConst: true)
        #expect { _ = try graph.run(["x": Tensor.scalar(1), "y": Tensor.scalar(2)]) } throws: { error in
            (error as? ExecutionError)?.ruleID == nil && "\(error)".contains("complex64 weight")
        }
    }

    /// A convolution with a fused BatchNormalization runs outside `GraphOps.run`; its complex filter is refused too.
    @Test func fusedConvolutionsRefuseAComplexFilter() throws {
        let same = #""strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "U0FNRQ=="}"#
        let nodes = [#"{"name": "x", "op": "Placeholder"}"#, #"{"name": "f", "op": "Placeholder"}"#,
                     #"{"name": "scale", "op": "Const"}"#, #"{"name": "shift", "op": "Const"}"#,
                     #"{"name": "filter", "op": "Complex", "input": ["f", "f"]}"#,
                     #"{"name": "conv", "op": "Conv2D", "input": ["x", "filter"], "attr": {\#(same)}}"#,
                     #"{"name": "mul", "op": "Mul", "input": ["conv", "scale"]}"#, #"{"name": "add", "op": "AddV2", "input": ["mul", "shift"]}"#]
        let json = #"{"format": "graph-model", "modelTopology": {"node": [\#(nodes.joined(separator: ", "))]}, "#
            + #""signature": {"inputs": {"x": {"name": "x:0"}, "f": {"name": "f:0"}}, "outputs": {"y": {"name": "add:0"}}}, "#
            + #""weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "scale", "shape": [1], "dtype": "float32"}, "#
            + #"{"name": "shift", "shape": [1], "dtype": "float32"}]}]}"#
        let one = withUnsafeBytes(of: Float(1).bitPattern.littleEndian) { [UInt8]($0) }
        let graph = try GraphModel(ModelArtifact(path: "model.json", document: try JSONDocument(text: json),
                                                 files: InMemoryModelFiles(["w.bin": one + one])))
        let feeds = ["x": Tensor(shape: [1, 1, 1, 1], values: [2]), "f": Tensor(shape: [1, 1, 1, 1], values: [3])]
        #expect { _ = try graph.run(feeds) } throws: { error in "\(error)".contains("Conv2D 'conv': input 1 is complex64") }
    }

    @Test func layersModelsRefuseComplexFeeds() throws {
        let topology = LayersModelTests.functional("m", [
            LayersModelTests.input("a", width: 2), LayersModelTests.dense("d", units: 1, inbound: #"[[["a", 0, 0, {}]]]"#),
        ], inputs: #"[["a", 0, 0]]"#, outputs: #"[["d", 0, 0]]"#)
        let model = try LayersModel(try LayersModelTests.model(topology, weights: [("d/kernel", [2, 1], [1, 10])]))
        let feed = Tensor(shape: [1, 2], dtype: .complex64, values: [1, 2, 3, 4])
        #expect { _ = try model.run(["a": feed]) } throws: { error in "\(error)".contains("input 'a' is complex64") }
    }

    @Test func npyRoundTripsComplex64() throws {
        let data = Numpy.writeNPY(complex)
        #expect(String(decoding: data[10..<60], as: UTF8.self).contains("'descr': '<c8'"))
        #expect(try Numpy.readNPY(data) == complex)
    }

    @Test func aComplexOutputNeverMatchesARealGolden() {
        let golden = Tensor(shape: [2], values: [1, 3])
        let comparison = OutputComparison(name: "y", actual: complex, golden: golden, atol: 1, rtol: 1)
        #expect(!comparison.passed)
        #expect(!OutputComparison(name: "y", actual: golden, golden: complex, atol: 1, rtol: 1).passed)
    }
}
