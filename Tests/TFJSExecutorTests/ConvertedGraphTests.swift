import Foundation
import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Graph models the real converter wrote (Fixtures/generate_graphs.py), with the attrs it really writes, run end to
/// end against TensorFlow's outputs (and TF.js's where they differ).
struct ConvertedGraphTests {
    @Test(arguments: ["ops-mix", "keras-mix"]) func matchesGoldenOutputs(_ name: String) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/graphs/\(name)")
        let path = folder.appendingPathComponent("model.json").path
        let document = try JSONDocument(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let graph = try GraphModel(ModelArtifact(path: path, document: document, files: DirectoryModelFiles(directory: folder)))
        let inputs = try Numpy.readNPZ(folder.appendingPathComponent("inputs.npz"))
        let golden = try Numpy.readNPZ(folder.appendingPathComponent("outputs.npz"))
        var feeds: [String: Tensor] = [:]
        for input in graph.inputs { feeds[input.node] = try #require(inputs[input.key], "no input \(input.key)") }
        let outputs = try graph.run(feeds)
        #expect(outputs.count == graph.outputs.count)
        for (output, actual) in zip(graph.outputs, outputs) {
            let expected = try #require(golden[output.key], "no golden output \(output.key)")
            #expect(actual.shape == expected.shape, "\(output.key)")
            let worst = zip(actual.values, expected.values).map { abs($0 - $1) - 1e-5 * abs($1) }.max() ?? 0
            #expect(worst <= 1e-5, "\(output.key): error \(worst)")
        }
    }
}
