// Measures `check` speed: parse + lint of a generated large graph model.json and of a 1,000-file tree,
// next to Python's json.load of the same large file. Not a test: run `swift run -c release tfjslint-benchmark`.
import Foundation
import TFJSLintKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// A converter-like graph model: Const / _FusedConv2D / Relu6 / AddV2 chains with protobuf-JSON attrs, on one line.
func writeLargeGraphModel(nodes: Int, to folder: URL) throws -> URL {
    var json = #"{"format": "graph-model", "generatedBy": "2.21.0", "convertedBy": "TensorFlow.js Converter v4.22.0", "#
    json += #""signature": {"inputs": {"x": {"name": "x:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "-1"}, {"size": "96"}, {"size": "96"}, {"size": "3"}]}}}, "#
    json += #""outputs": {"y": {"name": "n\#(nodes - 1):0", "dtype": "DT_FLOAT"}}}, "modelTopology": {"node": ["#
    json += #"{"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "96"}, {"size": "96"}, {"size": "3"}]}}}}"#
    var weights: [String] = []
    var previous = "x"
    for index in 0..<(nodes - 1) {
        let name = "n\(index)"
        switch index % 4 {
        case 0:
            json += #", {"name": "\#(name)", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}, "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "3"}, {"size": "3"}, {"size": "3"}, {"size": "3"}]}}}}}"#
            weights.append(#"{"name": "\#(name)", "shape": [3, 3, 3, 3], "dtype": "float32"}"#)
        case 1:
            json += #", {"name": "\#(name)", "op": "_FusedConv2D", "input": ["\#(previous)", "n\#(index - 1)", "n\#(index - 1)"], "device": "/device:CPU:0", "attr": {"T": {"type": "DT_FLOAT"}, "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "U0FNRQ=="}, "data_format": {"s": "TkhXQw=="}, "dilations": {"list": {"i": ["1", "1", "1", "1"]}}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdTY="]}}, "num_args": {"i": "1"}, "epsilon": {"f": 0.0}, "explicit_paddings": {"list": {}}, "use_cudnn_on_gpu": {"b": true}}}"#
            previous = name
        case 2:
            json += #", {"name": "\#(name)", "op": "Relu6", "input": ["\#(previous)"], "attr": {"T": {"type": "DT_FLOAT"}}}"#
            previous = name
        default:
            json += #", {"name": "\#(name)", "op": "AddV2", "input": ["\#(previous)", "n\#(index - 2)"], "attr": {"T": {"type": "DT_FLOAT"}}}"#
            previous = name
        }
    }
    json += #"], "library": {}, "versions": {"producer": 2474}}, "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": ["#
    json += weights.joined(separator: ", ") + "]}]}"
    let model = folder.appendingPathComponent("model.json")
    try Data(json.utf8).write(to: model)
    try Data(count: weights.count * 81 * 4).write(to: folder.appendingPathComponent("group1-shard1of1.bin"))
    return model
}

func writeTree(copies: Int, of samples: URL, to folder: URL) throws -> [String] {
    let sources = ["sequential-tfkeras", "functional-multiio-keras3", "convnet-graph", "lstm-gru-keras3", "nested-keras3"]
    for copy in 0..<copies {
        let source = sources[copy % sources.count]
        try FileManager.default.copyItem(
            at: samples.appendingPathComponent(source), to: folder.appendingPathComponent("\(copy)-\(source)"))
    }
    return try ModelDiscovery.modelFiles(in: [folder.path])
}

func python(_ arguments: [String]) -> Double? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    return try? seconds {
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }
}

let work = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }
let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Samples")

let nodes = 135_000
let model = try writeLargeGraphModel(nodes: nodes, to: work)
let bytes = Array(try Data(contentsOf: model))
let megabytes = Double(bytes.count) / 1_048_576
let linter = Linter()

var best = (parse: Double.infinity, check: Double.infinity)
for _ in 0..<3 {
    best.parse = min(best.parse, try seconds { _ = try JSONDocument(bytes: bytes) })
    best.check = min(best.check, try seconds { _ = try linter.lint(file: model.path) })
}
let startup = (0..<3).compactMap { _ in python(["-c", "pass"]) }.min() ?? 0
let pythonLoad = (0..<3).compactMap { _ in python(["-c", "import json,sys; json.load(open(sys.argv[1]))", model.path]) }.min()
    .map { max(0, $0 - startup) }

let tree = work.appendingPathComponent("tree")
try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
let files = try writeTree(copies: 1_000, of: samples, to: tree)
let treeTime = try seconds { _ = try linter.lint(files: files) }

func row(_ label: String, _ time: Double?, _ detail: String) -> String {
    label.padding(toLength: 46, withPad: " ", startingAt: 0)
        + (time.map { String(format: "%8.3f s", $0) } ?? "       n/a") + "  " + detail
}
print("Large graph model: \(nodes) nodes, \(String(format: "%.1f", megabytes)) MB, \(bytes.count / 1) bytes, one line")
print(row("tfjslint: parse (JSONDocument)", best.parse, String(format: "%.0f MB/s", megabytes / best.parse)))
print(row("tfjslint: whole check (read, parse, all rules)", best.check, String(format: "%.0f MB/s", megabytes / best.check)))
print(row("python3: json.load alone (startup subtracted)", pythonLoad, pythonLoad.map { String(format: "%.0f MB/s", megabytes / $0) } ?? "python3 not found"))
if let pythonLoad { print(String(format: "whole check / json.load: %.2f×", best.check / pythonLoad)) }
print(row("tfjslint: tree of \(files.count) model files", treeTime, String(format: "%.0f files/s", Double(files.count) / treeTime)))
let context = ModelContext(
    path: model.path, bytes: bytes, files: DirectoryModelFiles(directory: work), catalog: linter.catalog)
let perRule = linter.rules.map { rule in (rule.ruleDescription.id, seconds { _ = rule.validate(context) }) }
    .sorted { $0.1 > $1.1 }.prefix(5)
print("slowest rules on the large model: " + perRule.map { String(format: "%@ %.3f s", $0.0, $0.1) }.joined(separator: ", "))
print(String(format: "peak resident memory: %.0f MB", peakResidentMB()))
