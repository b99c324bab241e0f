import Foundation
import Testing
import TFJSExecutor
import TFJSLintCore
@testable import TFJSLintKit

/// Damaged layers models through the executor: loading and running must throw ExecutionError or work, never trap
/// or hang. Uses RobustnessTests' mutations on real samples (the Keras 3 ones fixed first, so that the mutations
/// reach the layers).
struct LayersExecutorRobustnessTests {
    static func seeds() throws -> [(json: [UInt8], files: [String: [UInt8]])] {
        let fixer = Fixer(linter: Linter(), allowed: .unsafe)
        return try ["functional-multiio-tfkeras", "sequential-tfkeras", "functional-multiio-keras3", "nested-keras3"].map { sample in
            let folder = SamplesTests.samples.appendingPathComponent(sample)
            var files: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".bin") {
                files[name] = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            }
            let json = Array(try Data(contentsOf: folder.appendingPathComponent("model.json")))
            return (fixer.fix(path: "model.json", bytes: json, files: InMemoryModelFiles(files)).bytes, files)
        }
    }

    @Test func mutatedLayersModelsThrowOrRun() throws {
        var random = RobustnessTests.SplitMix64(state: 20_261_202)
        var loaded = 0, ran = 0
        for (json, files) in try Self.seeds() {
            let document = try JSONDocument(bytes: json)
            var pointers: [JSONPointer] = []
            RobustnessTests.pointers(document.root, into: &pointers)
            for _ in 0..<1500 {
                let mutated = RobustnessTests.mutate(json, pointers: pointers, document: document, random: &random)
                guard let mutatedDocument = try? JSONDocument(bytes: mutated) else { continue }
                let shards = InMemoryModelFiles(RobustnessTests.mutate(files, random: &random))
                let artifact = ModelArtifact(path: "model.json", document: mutatedDocument, files: shards)
                guard let model = try? LayersModel(artifact) else { continue }
                loaded += 1
                var feeds: [String: Tensor] = [:]
                for input in model.inputs {
                    let shape = input.shape.map { $0 ?? 2 }
                    guard let count = Tensor.elementCount(shape), count <= 1 << 16 else { continue }
                    feeds[input.name] = Tensor(shape: shape, values: (0..<count).map { Float($0 % 7) - 3 })
                }
                if (try? model.run(feeds)) != nil { ran += 1 }
            }
        }
        // Most mutations leave the model loadable; the count guards against a seed that never reaches the layers.
        #expect(loaded > 600 && ran > 300, "loaded \(loaded), ran \(ran)")
    }
}
