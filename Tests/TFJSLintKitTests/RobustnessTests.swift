import Foundation
import Testing
import TFJSLintKit

/// Thousands of damaged model.json files and shards through every rule: each run must return findings,
/// never crash, trap or hang. Deterministic: set TFJSLINT_FUZZ_SEED to explore other mutations.
struct RobustnessTests {
    struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    /// Small real models (their shards in memory), plus a synthetic graph model with a function library.
    static func seeds() throws -> [(json: [UInt8], files: [String: [UInt8]])] {
        var seeds: [(json: [UInt8], files: [String: [UInt8]])] = []
        for sample in ["sequential-tfkeras", "functional-multiio-keras3", "lstm-gru-keras3", "nested-keras3",
                       "bidirectional-lstm-keras3", "depthwise-ops-keras3", "convnet-graph", "broken/dangling-input"] {
            let folder = SamplesTests.samples.appendingPathComponent(sample)
            let json = Array(try Data(contentsOf: folder.appendingPathComponent("model.json")))
            var files: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".bin") {
                files[name] = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            }
            seeds.append((json, files))
        }
        let synthetic = #"""
            {"format": "graph-model", "signature": {"inputs": {"x": {"name": "x:0"}}, "outputs": {"y": {"name": "y:0"}}},
             "modelTopology": {"node": [{"name": "x", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "-1"}]}}}},
               {"name": "c", "op": "Const", "attr": {"value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {}}}}},
               {"name": "s", "op": "Split", "input": ["c", "x"], "attr": {"num_split": {"i": "2"}}},
               {"name": "y", "op": "StatefulPartitionedCall", "input": ["s:1", "^c"], "attr": {"f": {"func": {"name": "f"}}}}],
              "library": {"function": [{"signature": {"name": "f", "inputArg": [{"name": "a"}]},
                "nodeDef": [{"name": "k", "op": "Const"}, {"name": "m", "op": "Mul", "input": ["a", "k:output:0"]}], "ret": {"out": "m:z:0"}}]}},
             "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "c", "shape": [2], "dtype": "float32"},
               {"name": "f/k", "shape": [], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1, "scale": 0.1}},
               {"name": "t", "shape": [2], "dtype": "string"}, {"name": "h", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}}]}]}
            """#
        seeds.append((Array(synthetic.utf8), ["w.bin": [0, 0, 128, 63, 0, 0, 192, 127, 7, 1, 0, 0, 0, 97, 0, 0, 0, 0, 0, 60, 0, 124, 0, 254]]))
        return seeds
    }

    static let replacements: [JSONTree] = [
        .null, .number(1e308), .number(-1), .number(2_147_483_648), .string(""), .string("../../etc/passwd"),
        .array([]), .object([]), .array([.number(1_000_000), .number(1_000_000), .number(1_000_000)]),
        .array([.number(-1)]), .array([.number(9.9e15), .number(9.9e15)]), .bool(true),
        .array([.array([.array([.array([.string("x"), .number(99), .number(-3), .null])])])]),
        .object([("args", .array([.number(1)])), ("kwargs", .string("x"))]),
        .object([("class_name", .string("__keras_tensor__")), ("config", .object([("keras_history", .array([.null, .null, .null]))]))]),
    ]

    /// Every pointer in a document, for structural mutations.
    static func pointers(_ node: JSONNode, at pointer: JSONPointer = .root, into list: inout [JSONPointer]) {
        list.append(pointer)
        if let members = node.members {
            for member in members { pointers(member.value, at: pointer.appending(member.key), into: &list) }
        } else if let elements = node.array {
            for (index, element) in elements.enumerated() { pointers(element, at: pointer.appending(index), into: &list) }
        }
    }

    static func mutate(_ json: [UInt8], pointers: [JSONPointer], document: JSONDocument?, random: inout SplitMix64) -> [UInt8] {
        var bytes = json
        switch random.below(7) {
        case 0:
            bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
        case 1:
            for _ in 0..<(1 + random.below(8)) where !bytes.isEmpty {
                bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
            }
        case 2:
            for _ in 0..<(1 + random.below(4)) where !bytes.isEmpty {
                let at = random.below(bytes.count)
                if random.below(2) == 0 { bytes.remove(at: at) } else { bytes.insert(bytes[at], at: at) }
            }
        case 3:
            bytes.insert(contentsOf: [0xFF, 0xFE, 0xC0, 0x80], at: random.below(bytes.count + 1))
        default:
            guard let document, !pointers.isEmpty else { break }
            if random.below(8) == 0 {
                // One absurd value in every `shape` (or `scale`, `min`): sizes summed over entries then overflow.
                let key = ["shape", "scale", "min"][random.below(3)]
                let value = replacements[random.below(replacements.count)]
                let targets = pointers.filter { $0.lastToken == key }
                let outermost = targets.filter { target in
                    !targets.contains { $0.tokens.count < target.tokens.count && Array(target.tokens.prefix($0.tokens.count)) == $0.tokens }
                }
                bytes = (try? document.applying(outermost.map { .replace($0, with: value) })) ?? bytes
                break
            }
            let pointer = pointers[random.below(pointers.count)]
            let edit: JSONEdit = random.below(4) == 0 && pointer != .root
                ? .remove(pointer)
                : .replace(pointer, with: replacements[random.below(replacements.count)])
            bytes = (try? document.applying([edit])) ?? bytes
        }
        return bytes
    }

    static func mutate(_ files: [String: [UInt8]], random: inout SplitMix64) -> [String: [UInt8]] {
        guard random.below(3) == 0 else { return files }
        var mutated = files
        for (name, data) in files {
            switch random.below(4) {
            case 0: mutated[name] = Array(data.prefix(random.below(data.count + 1)))
            case 1: mutated[name] = data + [UInt8](repeating: 0xFF, count: 1 + random.below(64))
            case 2: mutated[name] = nil
            default: mutated[name] = data.map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        return mutated
    }

    @Test func mutatedModelsGiveFindingsNeverCrashes() throws {
        let seed = ProcessInfo.processInfo.environment["TFJSLINT_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_122
        var random = SplitMix64(state: seed)
        let linter = Linter()
        let fixer = Fixer(linter: linter, allowed: .unsafe)
        var runs = 0
        for (json, files) in try Self.seeds() {
            let document = try? JSONDocument(bytes: json)
            var pointers: [JSONPointer] = []
            if let document { Self.pointers(document.root, into: &pointers) }
            for iteration in 0..<800 {
                let mutated = Self.mutate(json, pointers: pointers, document: document, random: &random)
                let shards = InMemoryModelFiles(Self.mutate(files, random: &random))
                let findings = linter.lint(path: "model.json", bytes: mutated, files: shards)
                #expect(findings.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
                if iteration % 10 == 0 {
                    let fixed = fixer.fix(path: "model.json", bytes: mutated, files: shards)
                    if fixed.changed { #expect((try? JSONDocument(bytes: fixed.bytes)) != nil, "a fix produced invalid JSON") }
                }
                runs += 1
            }
        }
        #expect(runs >= 7_200)
    }

    @Test func mutatedSourceFilesGiveFindingsNeverCrashes() throws {
        let webapp = SamplesTests.samples.appendingPathComponent("webapp")
        let linter = ProjectLinter(converter: try ConverterFactsLoader.bundled())
        let models = ProjectLinter.models(try ModelDiscovery.modelFiles(in: [webapp.path]), roots: [webapp.path])
        var random = SplitMix64(state: 7)
        var runs = 0
        for file in linter.sourceFiles(in: [webapp.path]) {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let name = URL(fileURLWithPath: file).lastPathComponent
            for _ in 0..<400 {
                let mutated = Self.mutate(original, pointers: [], document: nil, random: &random)
                let context = SourceContext(path: file, text: String(decoding: mutated, as: UTF8.self), models: models, converter: linter.converter)
                let findings = linter.rules.filter { type(of: $0).accepts(fileName: name) }.flatMap { $0.validate(context) }
                #expect(findings.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
                runs += 1
            }
        }
        #expect(runs == 2_800)
    }

    @Test func absurdShapesAreNeverAllocated() {
        let model = #"""
            {"format": "graph-model", "modelTopology": {"node": [{"name": "c", "op": "Const"}]},
             "weightsManifest": [{"paths": ["w.bin"], "weights": [
               {"name": "c", "shape": [1000000, 1000000, 1000000], "dtype": "float32"},
               {"name": "d", "shape": [4611686018427387904, 4], "dtype": "float32"},
               {"name": "e", "shape": [1e300], "dtype": "string"}]}]}
            """#
        let findings = Linter().lint(path: "model.json", bytes: Array(model.utf8), files: InMemoryModelFiles(["w.bin": [1, 2, 3, 4]]))
        #expect(findings.contains { $0.ruleID == "weights-size-mismatch" })
    }

    /// Two entries of 2^62 bytes each: their sizes summed past `Int.max` and trapped in the shard layout and in
    /// missing-shard.
    @Test func absurdSizesSummedOverEntriesDoNotOverflow() throws {
        let model = #"""
            {"format": "graph-model", "modelTopology": {"node": []}, "weightsManifest": [{"paths": ["a.bin", "b.bin"], "weights": [
             {"name": "w1", "shape": [4503599627370496, 256], "dtype": "float32"},
             {"name": "w2", "shape": [4503599627370496, 256], "dtype": "float32"}]}]}
            """#
        let files = InMemoryModelFiles(["a.bin": [1, 2, 3, 4]])
        let findings = Linter().lint(path: "model.json", bytes: Array(model.utf8), files: files)
        #expect(findings.map(\.ruleID).contains("missing-shard"))
        let artifact = ModelArtifact(path: "model.json", document: try JSONDocument(text: model), files: files)
        let layout = artifact.shardLayout()
        #expect(layout.entryRanges(of: artifact.manifest, files: files).map(\.length) == [1 << 62])
        #expect(layout.read(offset: 1, count: .max, from: files) == [2, 3, 4])
    }
}
