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
        #expect(zip(outputs[0].values, golden.values).allSatisfy { abs($0 - $1) <= 1e-4 })
        // The largest layer (48×48×96 after the first expansion, 884,736 bytes) with its input and output, far
        // below the sum of every node's output.
        #expect(peak > 884_736 && peak < 4 * 884_736, "peak \(peak)")
        #expect(model.weightBytes > 1_500_000 && model.weightBytes < 1_700_000)
    }
}
