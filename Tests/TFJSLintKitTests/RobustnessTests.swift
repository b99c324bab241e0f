import Foundation
import Testing
import TFJSLintKit

/// Feeds thousands of mutated and truncated model.json files (the Samples and small synthetic models) with
/// truncated, extended, emptied or NaN-filled shards through every rule. A trap would kill the test process;
/// a hang is caught by a watchdog; every run must return findings with valid positions.
///
/// `TFJSLINT_FUZZ_SEED` picks another seed, `TFJSLINT_FUZZ_CASES` the number of cases, and
/// `TFJSLINT_FUZZ_TRACE=1` prints each case before it runs (to name the one that crashes).
struct RobustnessTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["TFJSLINT_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x7F4A_7C15_2026_1122
    static let caseCount = environment["TFJSLINT_FUZZ_CASES"].flatMap { Int($0) } ?? 2000
    static let trace = environment["TFJSLINT_FUZZ_TRACE"] == "1"
    /// Longest time all cases may take together before the run counts as hung.
    static let timeLimit: TimeInterval = 240

    @Test("mutated models never crash, hang or report invalid positions")
    func mutatedModels() throws {
        let corpus = try Self.corpus()
        try #require(corpus.count > Self.syntheticModels.count, "no model.json found under Samples/")
        let linter = Linter()
        let progress = Progress()
        let start = Date()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: Self.caseCount) { index in
                var random = SplitMix64(seed: Self.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
                let sample = corpus[Int(random.next() % UInt64(corpus.count))]
                let fuzzCase = Mutator.fuzzCase(of: sample, using: &random)
                if Self.trace { print("fuzz case \(index) of seed \(Self.seed): \(fuzzCase.label)") }
                progress.begin(index)
                let caseStart = Date()
                let findings = linter.lint(path: "model.json", bytes: fuzzCase.model, files: InMemoryModelFiles(fuzzCase.files))
                progress.end(
                    index, label: fuzzCase.label, seconds: Date().timeIntervalSince(caseStart),
                    invalid: findings.filter { $0.location.line < 1 || $0.location.column < 1 || $0.file != "model.json" }
                        .map { "case \(index) (\(fuzzCase.label)): \($0.ruleID) at \($0.location.line):\($0.location.column)" })
            }
            finished.signal()
        }
        guard finished.wait(timeout: .now() + Self.timeLimit) == .success else {
            Issue.record("still running after \(Self.timeLimit) s (seed \(Self.seed)): cases \(progress.running.sorted())")
            return
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(progress.invalid.isEmpty, "findings with invalid positions: \(progress.invalid.prefix(5))")
        #expect(progress.completed == Self.caseCount)
        print("robustness: \(Self.caseCount) cases of seed \(Self.seed) in \(String(format: "%.1f", elapsed)) s; slowest "
            + "\(String(format: "%.2f", progress.slowest.seconds)) s: case \(progress.slowest.index) (\(progress.slowest.label))")
    }

    @Test("the mutations produce unparseable, unloadable and valid files alike")
    func mutationsAreVaried() throws {
        let corpus = try Self.corpus()
        var random = SplitMix64(seed: Self.seed)
        var parseable = 0
        var changed = 0
        for _ in 0..<200 {
            let sample = corpus[Int(random.next() % UInt64(corpus.count))]
            let fuzzCase = Mutator.fuzzCase(of: sample, using: &random)
            if fuzzCase.model != sample.model { changed += 1 }
            if (try? JSONDocument(bytes: fuzzCase.model)) != nil { parseable += 1 }
        }
        #expect(changed > 150)
        #expect(parseable > 40 && parseable < 190)
    }

    /// Two entries of 2^62 bytes each: their sizes summed to past `Int.max` and trapped in the shard layout
    /// and in missing-shard (found by this fuzzer).
    @Test("sizes of absurd shapes summed over entries do not overflow")
    func absurdSizesSummed() throws {
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

    // MARK: Corpus

    struct Sample {
        let name: String
        let model: [UInt8]
        let files: [String: [UInt8]]
    }

    /// Every model.json under Samples/ with the files beside it, plus the synthetic models.
    static func corpus() throws -> [Sample] {
        let samples = repository.appendingPathComponent("Samples")
        var corpus = syntheticModels
        guard let walker = FileManager.default.enumerator(at: samples, includingPropertiesForKeys: nil) else { return corpus }
        for case let url as URL in walker where url.lastPathComponent == "model.json" {
            let folder = url.deletingLastPathComponent()
            var files: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".bin") {
                files[name] = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            }
            corpus.append(Sample(name: folder.lastPathComponent, model: Array(try Data(contentsOf: url)), files: files))
        }
        return corpus.sorted { $0.name < $1.name }
    }

    /// Small models covering what the Samples lack: string and quantized entries, library functions, two groups.
    static let syntheticModels: [Sample] = [
        Sample(
            name: "synthetic-graph",
            model: Array(
                #"""
                {"format": "graph-model", "generatedBy": "2.21.0", "convertedBy": "TensorFlow.js Converter v4.22.0",
                 "signature": {"inputs": {"x:0": {"name": "x:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "-1"}, {"size": "4"}, {"size": "4"}, {"size": "1"}]}}},
                  "outputs": {"Identity:0": {"name": "Identity:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "-1"}, {"size": "4"}, {"size": "4"}, {"size": "2"}]}}}},
                 "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "4"}, {"size": "4"}, {"size": "1"}]}}}},
                  {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}, "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "1"}, {"size": "2"}]}}}}},
                  {"name": "b", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}, "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "2"}]}}}}},
                  {"name": "labels", "op": "Const", "attr": {"dtype": {"type": "DT_STRING"}, "value": {"tensor": {"dtype": "DT_STRING", "tensorShape": {"dim": [{"size": "2"}]}}}}},
                  {"name": "conv", "op": "_FusedConv2D", "input": ["x", "w", "b", "^labels"], "attr": {"T": {"type": "DT_FLOAT"}, "num_args": {"i": "1"},
                   "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "U0FNRQ=="}, "data_format": {"s": "TkhXQw=="},
                   "fused_ops": {"list": {"s": ["Qmlhc0FkZA=="]}}, "dilations": {"list": {"i": ["1", "1", "1", "1"]}}}},
                  {"name": "relu", "op": "Relu6", "input": ["conv:0"], "attr": {"T": {"type": "DT_FLOAT"}}},
                  {"name": "Identity", "op": "StatefulPartitionedCall", "input": ["relu"], "attr": {"f": {"func": {"name": "f"}}}}],
                  "library": {"function": [{"signature": {"name": "f", "inputArg": [{"name": "a", "type": "DT_FLOAT"}], "outputArg": [{"name": "out", "type": "DT_FLOAT"}]},
                   "nodeDef": [{"name": "id", "op": "Identity", "input": ["a"], "attr": {"T": {"type": "DT_FLOAT"}}}], "ret": {"out": "id:output:0"}}]},
                  "versions": {"producer": 1882}},
                 "weightsManifest": [
                  {"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": [
                   {"name": "w", "shape": [1, 1, 1, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.0078125, "original_dtype": "float32"}},
                   {"name": "b", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16", "original_dtype": "float32"}},
                   {"name": "labels", "shape": [2], "dtype": "string"}]},
                  {"paths": ["group2-shard1of1.bin"], "weights": [{"name": "extra", "shape": [2], "dtype": "int32"}]}]}
                """#.utf8),
            files: [
                "group1-shard1of2.bin": [0x00, 0xFF, 0x00, 0x3C, 0x00, 0xC0, 0x03, 0x00],
                "group1-shard2of2.bin": [0x00, 0x00, 0x63, 0x61, 0x74, 0x03, 0x00, 0x00, 0x00, 0x64, 0x6F, 0x67],
                "group2-shard1of1.bin": [0x01, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF],
            ]),
        Sample(
            name: "synthetic-layers",
            model: Array(
                #"""
                {
                  "format": "layers-model",
                  "generatedBy": "keras v2.21.0",
                  "convertedBy": "TensorFlow.js Converter v4.22.0",
                  "modelTopology": {
                    "class_name": "Sequential",
                    "config": {
                      "name": "tiny",
                      "layers": [
                        {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "name": "in"}},
                        {"class_name": "Dense", "config": {"name": "dense", "units": 2, "activation": "relu", "use_bias": true,
                          "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                          "kernel_regularizer": null, "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}}},
                        {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": -1, "epsilon": 0.001}},
                        {"class_name": "Reshape", "config": {"name": "reshape", "target_shape": [1, 2]}}
                      ]
                    },
                    "keras_version": "2.21.0",
                    "backend": "tensorflow"
                  },
                  "weightsManifest": [
                    {
                      "paths": ["group1-shard1of1.bin"],
                      "weights": [
                        {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32"},
                        {"name": "dense/bias", "shape": [2], "dtype": "float32"},
                        {"name": "bn/gamma", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint16", "min": 0.5, "scale": 0.001}},
                        {"name": "bn/beta", "shape": [2], "dtype": "float32"},
                        {"name": "bn/moving_mean", "shape": [2], "dtype": "float32"},
                        {"name": "bn/moving_variance", "shape": [2], "dtype": "float32"}
                      ]
                    }
                  ]
                }
                """#.utf8),
            files: ["group1-shard1of1.bin": (0..<60).map { UInt8(truncatingIfNeeded: $0 &* 37) }]),
    ]
}

/// A deterministic 64-bit generator (SplitMix64), so that a seed names a reproducible run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Which cases are running and what they found, shared by the workers.
private final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var runningCases: Set<Int> = []
    private var invalidFindings: [String] = []
    private var completedCases = 0
    private var slowestCase = (index: -1, label: "", seconds: 0.0)

    func begin(_ index: Int) {
        lock.withLock { _ = runningCases.insert(index) }
    }

    func end(_ index: Int, label: String, seconds: Double, invalid: [String]) {
        lock.withLock {
            runningCases.remove(index)
            if seconds > slowestCase.seconds { slowestCase = (index, label, seconds) }
            invalidFindings += invalid
            completedCases += 1
        }
    }

    var running: Set<Int> { lock.withLock { runningCases } }
    var invalid: [String] { lock.withLock { invalidFindings } }
    var completed: Int { lock.withLock { completedCases } }
    var slowest: (index: Int, label: String, seconds: Double) { lock.withLock { slowestCase } }
}

/// Mutations of a model.json and its shards.
enum Mutator {
    struct FuzzCase {
        let label: String
        let model: [UInt8]
        let files: [String: [UInt8]]
    }

    static func fuzzCase(of sample: RobustnessTests.Sample, using random: inout SplitMix64) -> FuzzCase {
        var model = sample.model
        var labels = [sample.name]
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let (label, mutated) = mutate(model, using: &random)
            labels.append(label)
            model = mutated
        }
        var files: [String: [UInt8]] = [:]
        for (path, bytes) in sample.files.sorted(by: { $0.key < $1.key }) {
            let (label, mutated) = mutateShard(bytes, using: &random)
            if label != "kept" { labels.append("\(path) \(label)") }
            if let mutated { files[path] = mutated }
        }
        return FuzzCase(label: labels.joined(separator: ", "), model: model, files: files)
    }

    // MARK: Bytes

    static func mutate(_ bytes: [UInt8], using random: inout SplitMix64) -> (String, [UInt8]) {
        guard !bytes.isEmpty else { return ("empty", bytes) }
        switch Int.random(in: 0..<12, using: &random) {
        case 0:
            let cut = Int.random(in: 0..<bytes.count, using: &random)
            return ("truncated at \(cut)", Array(bytes[..<cut]))
        case 1:
            var flipped = bytes
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                flipped[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            }
            return ("bits flipped", flipped)
        case 2:
            let range = randomRange(in: bytes.count, maxLength: 16, using: &random)
            var shortened = bytes
            shortened.removeSubrange(range)
            return ("deleted \(range)", shortened)
        case 3:
            let range = randomRange(in: bytes.count, maxLength: 64, using: &random)
            var lengthened = bytes
            lengthened.insert(contentsOf: bytes[range], at: range.upperBound)
            return ("duplicated \(range)", lengthened)
        case 4:
            let junk: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], [0xE2, 0x82]]
            let at = stringInterior(of: bytes, using: &random) ?? Int.random(in: 0...bytes.count, using: &random)
            var spoiled = bytes
            spoiled.insert(contentsOf: junk[Int.random(in: 0..<junk.count, using: &random)], at: at)
            return ("non-UTF-8 at \(at)", spoiled)
        default:
            return structuralMutation(bytes, using: &random)
        }
    }

    private static func randomRange(in count: Int, maxLength: Int, using random: inout SplitMix64) -> Range<Int> {
        let start = Int.random(in: 0..<count, using: &random)
        return start..<min(count, start + Int.random(in: 1...maxLength, using: &random))
    }

    /// An offset just inside a string, where bytes the parser keeps verbatim end up in names and paths.
    private static func stringInterior(of bytes: [UInt8], using random: inout SplitMix64) -> Int? {
        for _ in 0..<8 {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            if bytes[at] == UInt8(ascii: "\""), at + 1 < bytes.count, bytes[at + 1] != UInt8(ascii: ":") { return at + 1 }
        }
        return nil
    }

    // MARK: Values at pointers

    /// Replaces a value (at a random pointer, or one a rule is likely to read) by a hostile one.
    static func structuralMutation(_ bytes: [UInt8], using random: inout SplitMix64) -> (String, [UInt8]) {
        guard let document = try? JSONDocument(bytes: bytes) else { return mutate(bytes, using: &random) }
        let pointers = interestingPointers(in: document.root, at: .root, using: &random)
        guard let pointer = pointers.randomElement(using: &random) else { return ("unchanged", bytes) }
        let edit: JSONEdit
        let label: String
        switch Int.random(in: 0..<6, using: &random) {
        case 0:
            let value = hostileValues.randomElement(using: &random) ?? .null
            (edit, label) = (.replace(pointer, with: value), "\(pointer) = \(value.serialized(style: .compact).prefix(40))")
        case 1:
            let shape = absurdShapes.randomElement(using: &random) ?? .null
            (edit, label) = (.replace(pointer, with: shape), "\(pointer) = shape \(shape.serialized(style: .compact))")
        case 2:
            let depth = Int.random(in: 100...600, using: &random)
            let nested = JSONTree.raw(String(repeating: "[{\"a\":", count: depth / 2) + "1" + String(repeating: "}]", count: depth / 2))
            (edit, label) = (.replace(pointer, with: nested), "\(pointer) nested \(depth) deep")
        case 3:
            guard let parent = pointer.parent, let key = pointer.lastToken, document.resolve(parent)?.members != nil else {
                return ("unchanged", bytes)
            }
            let value = hostileValues.randomElement(using: &random) ?? .null
            (edit, label) = (.insertMember(parent, key: key, value: value, after: key), "duplicate key \(pointer)")
        case 4:
            return everyValueReplaced(in: document, using: &random)
        default:
            let number = hostileNumbers.randomElement(using: &random) ?? "0"
            (edit, label) = (.replace(pointer, with: .raw(number)), "\(pointer) = \(number)")
        }
        guard let edited = try? document.applying([edit]) else { return ("unchanged", bytes) }
        return (label, edited)
    }

    /// Gives every member with a key rules read (all shapes, all scales, ...) the same hostile value, so
    /// that sizes summed over entries become absurd together.
    private static func everyValueReplaced(in document: JSONDocument, using random: inout SplitMix64) -> (String, [UInt8]) {
        let key = ["shape", "scale", "min", "dtype", "size", "paths", "name"].randomElement(using: &random) ?? "shape"
        // Not the 10,000-character string: thousands of copies only make a large file, which the benchmark covers.
        let value = (absurdShapes + hostileValues.dropLast()).randomElement(using: &random) ?? .null
        var pointers: [JSONPointer] = []
        collect(document.root, at: .root, into: &pointers, budget: 100_000)
        let targets = pointers.filter { $0.lastToken == key }
        // Nested matches (a graph attr's `shape.shape`) would overlap their ancestor's edit.
        let outermost = targets.filter { target in
            !targets.contains { $0.tokens.count < target.tokens.count && Array(target.tokens.prefix($0.tokens.count)) == $0.tokens }
        }
        guard let edited = try? document.applying(outermost.map { .replace($0, with: value) }) else { return ("unchanged", document.bytes) }
        return ("every \(key) = \(value.serialized(style: .compact).prefix(40))", edited)
    }

    static let hostileValues: [JSONTree] = [
        .null, .number(1e308), .number(-1), .number(0), .string(""), .string("../../etc/passwd"), .string("a:b:c^"),
        .array([]), .object([]), .bool(true), .array([.null, .string("x"), .number(-5)]),
        .object([("name", .string("")), ("op", .string("Const")), ("input", .array([.string("^")]))]),
        .string(String(repeating: "x", count: 10_000)),
    ]

    static let absurdShapes: [JSONTree] = [
        .array([.number(1_000_000), .number(1_000_000), .number(1_000_000)]), .array([.number(-1)]),
        .array([.number(2_147_483_648), .number(2_147_483_648)]), .array([]),
        .array([.number(4_611_686_018_427_387_904), .number(4)]), .array([.number(0.5)]),
        .array([.number(4_503_599_627_370_496), .number(256)]), .array([.number(9_007_199_254_740_992)]),
        .array(Array(repeating: .number(65536), count: 6)),
        .object([("dim", .array([.object([("size", .string("99999999999999999999"))]), .object([("size", .string("-7"))])]))]),
        .object([("dim", .array(Array(repeating: .object([("size", .string("1000000"))]), count: 4)))]),
    ]

    static let hostileNumbers = [
        "1e308", "-1e308", "1e999", "-1e999", "-0", "5e-324", "9007199254740993", "2147483648", "-2147483649",
        "18446744073709551616", "0.1", "-1", "1e-320",
    ]

    /// Pointers of a random walk down the tree plus every member named like something rules read
    /// (shapes, dims, quantization, paths, inputs, names), sampled so large files stay cheap.
    static func interestingPointers(in root: JSONNode, at base: JSONPointer, using random: inout SplitMix64) -> [JSONPointer] {
        var found: [JSONPointer] = []
        var node = root
        var pointer = base
        while true {
            found.append(pointer)
            if let members = node.members, let member = members.randomElement(using: &random) {
                pointer = pointer.appending(member.key)
                node = member.value
            } else if let elements = node.array, !elements.isEmpty {
                let index = Int.random(in: 0..<elements.count, using: &random)
                pointer = pointer.appending(index)
                node = elements[index]
            } else {
                break
            }
        }
        var keyed: [JSONPointer] = []
        collect(root, at: base, into: &keyed, budget: 4000)
        for _ in 0..<min(keyed.count, 8) {
            if let pick = keyed.randomElement(using: &random) { found.append(pick) }
        }
        return found
    }

    static let interestingKeys: Set<String> = [
        "shape", "batch_input_shape", "batch_shape", "dim", "size", "scale", "min", "dtype", "paths", "weights", "input",
        "name", "op", "quantization", "format", "inbound_nodes", "layers", "tensorShape", "i", "list", "s", "units",
        "node", "signature", "inputs", "outputs", "modelTopology", "weightsManifest", "class_name", "config",
    ]

    private static func collect(_ node: JSONNode, at pointer: JSONPointer, into found: inout [JSONPointer], budget: Int) {
        guard found.count < budget else { return }
        if let members = node.members {
            for member in members {
                let child = pointer.appending(member.key)
                if interestingKeys.contains(member.key) { found.append(child) }
                collect(member.value, at: child, into: &found, budget: budget)
            }
        } else if let elements = node.array {
            for (index, element) in elements.enumerated() {
                collect(element, at: pointer.appending(index), into: &found, budget: budget)
            }
        }
    }

    // MARK: Shards

    /// Shards kept, truncated, extended, emptied, removed, or with NaN/Inf bit patterns written in.
    static func mutateShard(_ bytes: [UInt8], using random: inout SplitMix64) -> (String, [UInt8]?) {
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            let cut = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            return ("truncated at \(cut)", Array(bytes[..<cut]))
        case 1:
            return ("extended", bytes + (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        case 2: return ("emptied", [])
        case 3: return ("removed", nil)
        case 4, 5:
            var spoiled = bytes
            let patterns: [[UInt8]] = [[0x00, 0x00, 0xC0, 0x7F], [0x00, 0x00, 0x80, 0x7F], [0x00, 0x00, 0x80, 0xFF], [0x01, 0x00, 0x80, 0x7F],
                                       [0x00, 0x7C, 0x00, 0xFE], [0xFF, 0xFF, 0xFF, 0xFF]]
            for _ in 0..<Int.random(in: 1...16, using: &random) where spoiled.count >= 4 {
                let at = Int.random(in: 0...(spoiled.count - 4), using: &random)
                spoiled.replaceSubrange(at..<at + 4, with: patterns.randomElement(using: &random) ?? [])
            }
            return ("NaN/Inf bits", spoiled)
        default:
            return ("kept", bytes)
        }
    }
}
