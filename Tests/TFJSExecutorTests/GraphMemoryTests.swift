import Foundation
import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Graph evaluation in topological order, dropping each value after its last reader.
@Suite struct GraphMemoryTests {
    static func sample(_ name: String) throws -> GraphModel {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/\(name)")
        let bytes = try Data(contentsOf: folder.appendingPathComponent("model.json"))
        let document = try JSONDocument(bytes: Array(bytes))
        return try GraphModel(ModelArtifact(path: folder.appendingPathComponent("model.json").path, document: document,
                                            files: DirectoryModelFiles(directory: folder)))
    }

    @Test func mobileNetRunsWithFewLiveActivations() throws {
        let model = try Self.sample("mobilenetv2-graph")
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/mobilenetv2-graph")
        let input = try Numpy.readNPY(try Data(contentsOf: folder.appendingPathComponent("input_0.npy")))
        let golden = try Numpy.readNPY(try Data(contentsOf: folder.appendingPathComponent("output_0.npy")))
        var peak = 0
        let outputs = try model.run([model.inputs[0].node: input], peakActivationBytes: &peak)
        #expect(outputs.count == 1 && outputs[0].shape == golden.shape)
        #expect(zip(outputs[0].values, golden.values).allSatisfy { abs($0 - $1) <= 1e-5 })
        // The largest tensor, block 1's expansion (48×48×48 floats), with the stride-2 depthwise convolution's output
        // (24×24×48) that reads it directly, the Pad between them absorbed: nothing else is alive then.
        #expect(peak == (48 * 48 * 48 + 24 * 24 * 48) * 4, "peak \(peak)")
        #expect(model.weightBytes > 1_500_000 && model.weightBytes < 1_700_000)
    }

    /// A graph of a Pad, a VALID depthwise convolution and an unfused BatchNormalization (Mul, AddV2 with its
    /// constant first, Relu6), then a Conv2D followed by Mul and Add whose Mul is also read by an output.
    @Test func convolutionEpiloguesGiveTheOpsValuesExactly() throws {
        var random = KernelTests.Random(state: 10)
        let channels = 11
        let constants: [(String, [Int])] = [("dw_filter", [3, 3, channels, 1]), ("scale", [channels]), ("shift", [channels]),
                                            ("conv_filter", [1, 1, channels, 5]), ("conv_scale", [5]), ("conv_shift", [1, 1, 1, 5])]
        let tensors = constants.map { random.tensor($0.1) }
        var bytes: [UInt8] = []
        for tensor in tensors { for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } } }
        let paddings: [Int32] = [0, 0, 1, 2, 0, 1, 0, 0]
        for value in paddings { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        let same = #""strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "U0FNRQ=="}"#
        func node(_ name: String, _ op: String, _ inputs: [String], _ attributes: String = "") -> String {
            let quoted = inputs.map { "\"" + $0 + "\"" }.joined(separator: ", ")
            return #"{"name": "\#(name)", "op": "\#(op)", "input": [\#(quoted)], "attr": {\#(attributes)}}"#
        }
        let validStride2 = #""strides": {"list": {"i": ["1", "2", "2", "1"]}}, "padding": {"s": "VkFMSUQ="}"#
        let nodes = [node("x", "Placeholder", []), node("paddings", "Const", [])] + constants.map { node($0.0, "Const", []) } + [
            node("pad", "Pad", ["x", "paddings"]),
            node("dw", "DepthwiseConv2dNative", ["pad", "dw_filter"], validStride2), node("mul", "Mul", ["dw", "scale"]),
            node("add", "AddV2", ["shift", "mul"]), node("relu", "Relu6", ["add"]),
            node("conv", "Conv2D", ["relu", "conv_filter"], same), node("conv_mul", "Mul", ["conv", "conv_scale"]),
            node("conv_add", "Add", ["conv_mul", "conv_shift"]),
        ]
        let manifest = constants.map { #"{"name": "\#($0.0)", "shape": \#($0.1), "dtype": "float32"}"# }.joined(separator: ", ")
            + #", {"name": "paddings", "shape": [4, 2], "dtype": "int32"}"#
        let json = #"{"format": "graph-model", "modelTopology": {"node": [\#(nodes.joined(separator: ", "))]}, "#
            + #""signature": {"inputs": {"x": {"name": "x:0"}}, "outputs": {"y": {"name": "relu:0"}, "z": {"name": "conv_add:0"}, "m": {"name": "conv_mul:0"}}}, "#
            + #""weightsManifest": [{"paths": ["w.bin"], "weights": [\#(manifest)]}]}"#
        let model = try GraphModel(ModelArtifact(path: "model.json", document: try JSONDocument(text: json),
                                                 files: InMemoryModelFiles(["w.bin": bytes])))
        let x = random.tensor([1, 7, 9, channels])
        let outputs = try model.run(["x": x])

        let window = Convolution.Window(padding: .same)
        let padded = try Shapes.pad(x, Tensor(shape: [4, 2], dtype: .int32, values: paddings.map(Float.init)), constant: 0)
        let depthwise = try Convolution.depthwiseConv2d(padded, tensors[0], Convolution.Window(strides: (2, 2)))
        let relu = Elementwise.unary("Relu6", try Elementwise.binary("AddV2", tensors[2], try Elementwise.binary("Mul", depthwise, tensors[1])))
        let convMul = try Elementwise.binary("Mul", try Convolution.conv2d(relu, tensors[3], window), tensors[4])
        #expect(outputs.count == 3)
        #expect(outputs[0] == relu)
        #expect(outputs[2] == convMul)
        #expect(outputs[1] == (try Elementwise.binary("Add", convMul, tensors[5])))
    }
}
