import Foundation
import Testing
@testable import TFJSLintKit

struct BaselineAndDiscoveryTests {
    static func finding(_ rule: String, _ pointer: JSONPointer?, line: Int) -> Finding {
        Finding(ruleID: rule, severity: .error, message: "m", file: "a/model.json", location: SourceLocation(line: line, column: 1), pointer: pointer)
    }

    @Test func baselineRoundTripsAndIgnoresLineMoves() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("a/model.json").path
        let finding = { (rule: String, pointer: JSONPointer?, line: Int, file: String) in
            Finding(ruleID: rule, severity: .error, message: "m \(rule)", file: file, location: SourceLocation(line: line, column: 1), pointer: pointer)
        }
        let accepted = [finding("r1", "/x", 1, model), finding("r1", "/x", 2, model), finding("r2", nil, 5, model)]
        let path = folder.appendingPathComponent("baseline.json").path
        try Baseline(findings: accepted, folder: folder.path).write(to: path)
        let baseline = try Baseline.load(path)
        #expect(Set(baseline.entries) == Set(Baseline(findings: accepted, folder: folder.path).entries))
        #expect(baseline.entries.map(\.file) == ["a/model.json", "a/model.json", "a/model.json"])
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"message\": \"m r2\""))
        // Reformatted and spelled differently on the command line: the pointer finding moved lines, the
        // pointer-less one too; one of two duplicates was fixed; a new finding appeared.
        let respelled = folder.appendingPathComponent("a/../a/./model.json").path
        let now = [finding("r1", "/x", 30, respelled), finding("r2", nil, 9, model), finding("r3", "/y", 1, model)]
        let (new, stale) = baseline.filter(now)
        #expect(new.map(\.ruleID) == ["r3"])
        #expect(stale.map(\.rule) == ["r1"] && stale.map(\.pointer) == ["/x"])
    }

    @Test func badBaselinesAreErrors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for text in [
            "{\"entries\": [", "{\"tfjslintBaseline\": 1, \"entries\": [{\"file\": 1}]}", "[]",
            "{\"tfjslintBaseline\": 1, \"entries\": [{\"file\": \"f\", \"rule\": \"r\", \"message\": \"m\", \"pointer\": 3}]}",
        ] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: Baseline.Failure.self) { try Baseline.load(path) }
        }
        #expect(throws: Baseline.Failure.self) { try Baseline.load(path + ".missing") }
    }

    @Test func discoveryFindsModelsAndSkipsEverythingElse() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-\(UUID().uuidString)")
        let manager = FileManager.default
        for folder in ["web/models/a", "node_modules/pkg", ".git", "other"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let files = [
            "web/models/a/model.json": "{}", "web/models/a/renamed.json": "{\"modelTopology\": {}}",
            "node_modules/pkg/model.json": "{}", ".git/model.json": "{}", "other/package.json": "{\"name\": \"x\"}",
        ]
        for (path, text) in files { try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        defer { try? manager.removeItem(at: root) }
        let found = try ModelDiscovery.modelFiles(in: [root.path])
        #expect(found == [root.appendingPathComponent("web/models/a/model.json").path, root.appendingPathComponent("web/models/a/renamed.json").path])
        // Named explicitly, as pre-commit does: package.json is not a model.
        let explicit = try ModelDiscovery.modelFiles(in: [root.appendingPathComponent("other/package.json").path, root.appendingPathComponent("web/models/a/model.json").path])
        #expect(explicit == [root.appendingPathComponent("web/models/a/model.json").path])
        #expect(throws: ModelDiscovery.Failure.self) { try ModelDiscovery.modelFiles(in: [root.appendingPathComponent("missing").path]) }
    }
}

struct InspectionTests {
    static func inspect(_ sample: String) throws -> ModelInspection {
        let url = SamplesTests.samples.appendingPathComponent(sample).appendingPathComponent("model.json")
        let document = try JSONDocument(bytes: Array(Data(contentsOf: url)))
        return ModelInspection(ModelArtifact(path: url.path, document: document, files: DirectoryModelFiles(directory: url.deletingLastPathComponent())))
    }

    @Test func layersModel() throws {
        let inspection = try Self.inspect("functional-multiio-tfkeras")
        #expect(inspection.loader == "tf.loadLayersModel")
        #expect(inspection.inputs.map(\.name) == ["a", "b"] && inspection.inputs.map(\.shape) == ["[null, 6]", "[null, 4]"])
        #expect(inspection.outputs.map(\.name) == ["head_one", "head_two"])
        // Dense 10→12, 12→2, 12→3 with biases.
        #expect(inspection.parameters == 10 * 12 + 12 + 12 * 2 + 2 + 12 * 3 + 3)
        #expect(inspection.histogram.first.map { $0.0 == "Dense" && $0.1 == 3 } == true)
    }

    @Test func quantizedGraphModel() throws {
        let inspection = try Self.inspect("mobilenetv2-graph-uint8")
        #expect(inspection.loader == "tf.loadGraphModel")
        #expect(inspection.inputs.first?.shape == "[null, 96, 96, 3]")
        let total = inspection.bytesByDType.reduce(0) { $0 + ($1.1 ?? 0) }
        #expect(inspection.bytesByShard.count == 1 && inspection.bytesByShard.first?.1 == total)
        #expect(inspection.quantization.first?.0 == "uint8")
        #expect(inspection.bytesByDType.contains { $0.0 == "uint8 (as float32)" })
    }

    static func inspect(json: String) throws -> ModelInspection {
        ModelInspection(ModelArtifact(path: "model.json", document: try JSONDocument(text: json), files: InMemoryModelFiles([:])))
    }

    @Test func sequentialWithoutInputLayer() throws {
        for (config, shape) in [(#""batch_input_shape": [null, 3]"#, "[null, 3]"), (#""input_shape": [5, 3]"#, "[null, 5, 3]")] {
            let inspection = try Self.inspect(json: """
                {"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "first", \(config), "units": 2}},
                  {"class_name": "Dense", "config": {"name": "last", "units": 1}}]}}}
                """)
            #expect(inspection.inputs.map(\.name) == ["first"] && inspection.inputs.map(\.shape) == [shape])
            #expect(inspection.outputs.map(\.name) == ["last"])
            #expect(inspection.histogram.map(\.0) == ["Dense"] && inspection.parameters == 0)
        }
    }

    @Test func graphWithoutSignatureUsesPlaceholdersAndUnconsumedNodes() throws {
        let nodes = #"""
            "modelTopology": {"node": [
              {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "4"}]}}}},
              {"name": "w", "op": "Const"}, {"name": "y", "op": "MatMul", "input": ["x", "w:0"]},
              {"name": "z", "op": "Identity", "input": ["y", "^w"]}]}
            """#
        let bare = try Self.inspect(json: "{\"format\": \"graph-model\", \(nodes)}")
        #expect(bare.inputs.map(\.name) == ["x"] && bare.inputs.map(\.shape) == ["[null, 4]"] && bare.inputs.map(\.dtype) == ["DT_FLOAT"])
        #expect(bare.outputs.map(\.name) == ["z"])
        // userDefinedMetadata.signature wins over signature, as in TF.js.
        let signed = try Self.inspect(json: """
            {"format": "graph-model", \(nodes), "signature": {"outputs": {"a": {"name": "y:0"}}},
             "userDefinedMetadata": {"signature": {"outputs": {"b": {"name": "z:0"}}}}}
            """)
        #expect(signed.outputs.map(\.name) == ["b (z:0)"] && signed.inputs.map(\.name) == ["x"])
    }

    @Test func hostileShapesGiveUnknownCountsNotTraps() throws {
        let inspection = try Self.inspect(json: """
            {"format": "graph-model", "modelTopology": {"node": []}, "weightsManifest": [{"paths": [], "weights": [
              {"name": "a", "shape": [4611686018427387904, 2], "dtype": "float32"},
              {"name": "b", "shape": [4611686018427387903], "dtype": "float32"},
              {"name": "c", "shape": [4611686018427387903], "dtype": "int32"},
              {"name": "d", "shape": [-3, 2], "dtype": "int8"}]}]}
            """)
        #expect(inspection.parameters == nil)
        #expect(inspection.bytesByDType.allSatisfy { $0.1 == nil })
        #expect(inspection.text.contains("parameters:  unknown"))
        #expect((try? JSONDocument(text: inspection.json.serialized(style: JSONStyle(indent: "", keySeparator: ":", itemSeparator: ","))))?
            .resolve("/parameters")?.isNull == true)
    }
}
