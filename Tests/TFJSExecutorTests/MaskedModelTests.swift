import Foundation
import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Converted tf_keras models whose recurrent layers run under a mask (Masking, Embedding's mask_zero, into and out of
/// nested models), against the outputs of the real TF.js 4.22 (Fixtures/generate_masked_recurrent.py writes them to
/// Fixtures/models/).
@Suite struct MaskedModelTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/models")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    /// `{name: {"shape": [...], "data": [...]}}`.
    static func tensors(_ url: URL) throws -> [String: Tensor] {
        let data = try #require(FileManager.default.contents(atPath: url.path))
        let document = try JSONDocument(bytes: Array(data))
        var tensors: [String: Tensor] = [:]
        for member in document.root.members ?? [] {
            let shape = (member.value["shape"]?.array ?? []).compactMap(\.int)
            let values = (member.value["data"]?.array ?? []).map { Float($0.number ?? .nan) }
            tensors[member.key] = Tensor(shape: shape, values: values)
        }
        return tensors
    }

    @Test func everyModelIsThere() {
        #expect(Self.names == ["embedding_gru_dense", "masking_bidirectional", "masking_lstm", "masking_nested_lstm", "nested_embedding_lstm"])
    }

    @Test(arguments: names) func runsAsTFJS(_ name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        let data = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent("model.json").path))
        let artifact = ModelArtifact(path: "model.json", document: try JSONDocument(bytes: Array(data)),
                                     files: DirectoryModelFiles(directory: directory))
        let model = try LayersModel(artifact)
        let outputs = try model.run(try Self.tensors(directory.appendingPathComponent("inputs.json")))
        let golden = try Self.tensors(directory.appendingPathComponent("golden.json"))
        let expected = try #require(golden[model.outputs[0]])
        #expect(outputs.count == 1)
        #expect(outputs.first?.shape == expected.shape)
        for (actual, wanted) in zip(outputs.first?.values ?? [], expected.values) {
            #expect(abs(actual - wanted) <= 1e-5 + 1e-5 * abs(wanted), "\(name): \(actual) vs TF.js \(wanted)")
        }
    }
}
