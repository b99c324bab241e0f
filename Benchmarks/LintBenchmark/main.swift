// Times tfjslint on a generated large graph model and on a tree of 1,000 sample copies, with Python's
// json.load of the same large file as the peer. Run: swift run -c release tfjslint-benchmark
import Foundation
import TFJSLintKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large graph model.json as the converter writes it: one line, protobuf-JSON attrs, a weightsManifest
/// with an entry per Const and shards of the right size.
enum LargeGraphModel {
    /// Conv2D + BiasAdd + Relu6 and _FusedConv2D blocks, each with a kernel and a bias Const.
    static let blocks = 25_000
    static let channels = 4
    static let shardBytes = 4 * 1024 * 1024

    struct Written {
        let modelPath: String
        let bytes: Int
        let nodes: Int
        let weights: Int
    }

    static func write(to folder: URL) throws -> Written {
        var nodes: [String] = [
            #"{"name": "input", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "-1"}, {"size": "224"}, {"size": "224"}, {"size": "4"}]}}, "dtype": {"type": "DT_FLOAT"}}}"#
        ]
        var weights: [String] = []
        var previous = "input"
        let prefix = "StatefulPartitionedCall/large_convnet_1"
        let convAttrs = #""strides": {"list": {"i": ["1", "1", "1", "1"]}}, "T": {"type": "DT_FLOAT"}, "padding": {"s": "U0FNRQ=="}, "use_cudnn_on_gpu": {"b": true}, "data_format": {"s": "TkhXQw=="}, "explicit_paddings": {"list": {}}, "dilations": {"list": {"i": ["1", "1", "1", "1"]}}"#
        for block in 0..<blocks {
            let scope = "\(prefix)/block_\(block)_conv_1"
            let kernel = "\(scope)/Conv2D/ReadVariableOp"
            let bias = "\(scope)/BiasAdd/ReadVariableOp"
            for (name, shape) in [(kernel, [1, 1, channels, channels]), (bias, [channels])] {
                let dims = shape.map { #"{"size": "\#($0)"}"# }.joined(separator: ", ")
                nodes.append(
                    #"{"name": "\#(name)", "op": "Const", "attr": {"value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [\#(dims)]}}}, "dtype": {"type": "DT_FLOAT"}}}"#)
                weights.append(#"{"name": "\#(name)", "shape": [\#(shape.map(String.init).joined(separator: ", "))], "dtype": "float32"}"#)
            }
            let output = "\(scope)/Relu6"
            if block % 2 == 0 {
                nodes.append(#"{"name": "\#(scope)/Conv2D", "op": "Conv2D", "input": ["\#(previous)", "\#(kernel)"], "device": "/device:CPU:0", "attr": {\#(convAttrs)}}"#)
                nodes.append(#"{"name": "\#(scope)/BiasAdd", "op": "BiasAdd", "input": ["\#(scope)/Conv2D", "\#(bias)"], "attr": {"T": {"type": "DT_FLOAT"}, "data_format": {"s": "TkhXQw=="}}}"#)
                nodes.append(#"{"name": "\#(output)", "op": "Relu6", "input": ["\#(scope)/BiasAdd"], "attr": {"T": {"type": "DT_FLOAT"}}}"#)
            } else {
                nodes.append(
                    #"{"name": "\#(output)", "op": "_FusedConv2D", "input": ["\#(previous)", "\#(kernel)", "\#(bias)"], "device": "/device:CPU:0", "attr": {"epsilon": {"f": 0.0}, "num_args": {"i": "1"}, \#(convAttrs), "num_host_args": {"i": "0"}, "TArgs": {"list": {"type": ["DT_FLOAT"]}}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdTY="]}}, "leakyrelu_alpha": {"f": 0.2}}}"#)
            }
            previous = output
        }
        nodes.append(#"{"name": "Identity", "op": "Identity", "input": ["\#(previous)"], "attr": {"T": {"type": "DT_FLOAT"}}}"#)

        let weightBytes = blocks * (channels * channels + channels) * 4
        let shardCount = (weightBytes + shardBytes - 1) / shardBytes
        let paths = (1...shardCount).map { "group1-shard\($0)of\(shardCount).bin" }
        let shape = #"{"dim": [{"size": "-1"}, {"size": "224"}, {"size": "224"}, {"size": "4"}]}"#
        let json = #"{"format": "graph-model", "generatedBy": "2.21.0", "convertedBy": "TensorFlow.js Converter v4.22.0", "signature": {"inputs": {"input": {"name": "input:0", "dtype": "DT_FLOAT", "tensorShape": \#(shape)}}, "outputs": {"output_0": {"name": "Identity:0", "dtype": "DT_FLOAT", "tensorShape": \#(shape)}}}, "modelTopology": {"node": [\#(nodes.joined(separator: ", "))], "library": {}, "versions": {"producer": 2129}}, "weightsManifest": [{"paths": [\#(paths.map { "\"\($0)\"" }.joined(separator: ", "))], "weights": [\#(weights.joined(separator: ", "))]}]}"#
        let modelURL = folder.appendingPathComponent("model.json")
        try Data(json.utf8).write(to: modelURL)

        // Small finite floats, the same deterministic pattern everywhere.
        var values = [UInt8]()
        values.reserveCapacity(weightBytes)
        for index in 0..<(weightBytes / 4) {
            let bits = Float(index % 1000 - 500) / 1000
            withUnsafeBytes(of: bits.bitPattern.littleEndian) { values.append(contentsOf: $0) }
        }
        for (index, path) in paths.enumerated() {
            let start = index * shardBytes
            try Data(values[start..<min(values.count, start + shardBytes)]).write(to: folder.appendingPathComponent(path))
        }
        return Written(modelPath: modelURL.path, bytes: json.utf8.count, nodes: nodes.count, weights: weights.count)
    }
}

/// 1,000 model folders: hard links to the files of the Samples folders, round robin.
enum SampleTree {
    static let copies = 1000

    static func write(to folder: URL, samples: URL) throws -> Int {
        let manager = FileManager.default
        var sources: [URL] = []
        if let walker = manager.enumerator(at: samples, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.lastPathComponent == "model.json" {
                sources.append(url.deletingLastPathComponent())
            }
        }
        sources.sort { $0.path < $1.path }
        guard !sources.isEmpty else { throw BenchmarkError(description: "no model.json under \(samples.path)") }
        for copy in 0..<copies {
            let source = sources[copy % sources.count]
            let target = folder.appendingPathComponent(String(format: "%04d-", copy) + source.lastPathComponent)
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            for name in try manager.contentsOfDirectory(atPath: source.path) where name == "model.json" || name.hasSuffix(".bin") {
                try manager.linkItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        }
        return copies
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
}

/// Wall-clock seconds of the fastest of `runs` runs.
func fastest(of runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

/// Peak resident memory of this process so far, in MB (Linux reports KB, macOS bytes).
func peakMemoryMB() -> Double {
    var usage = rusage()
    #if canImport(Darwin)
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576
    #else
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
    #endif
}

/// Seconds `python3 -c code args` takes, fastest of `runs`.
func python(_ code: String, _ arguments: [String] = [], runs: Int) throws -> Double {
    try fastest(of: runs) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError(description: "python3 failed") }
    }
}

func row(_ cells: [String]) -> String {
    zip(cells, [44, 12, 14, 14]).map { cell, width in
        cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
    }.joined()
}

func formatted(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-benchmark-\(getpid())")
let runs = 3
do {
    defer { try? FileManager.default.removeItem(at: workspace) }
    let largeFolder = workspace.appendingPathComponent("large")
    let treeFolder = workspace.appendingPathComponent("tree")
    try FileManager.default.createDirectory(at: largeFolder, withIntermediateDirectories: true)
    let large = try LargeGraphModel.write(to: largeFolder)
    let copies = try SampleTree.write(to: treeFolder, samples: repository.appendingPathComponent("Samples"))
    let megabytes = Double(large.bytes) / 1_048_576
    print("large graph model: \(formatted(megabytes, 1)) MB, \(large.nodes) nodes, \(large.weights) weights, one line")
    print("tree: \(copies) model folders (hard links to Samples/)")
    print("fastest of \(runs) runs each, \(ProcessInfo.processInfo.activeProcessorCount) cores\n")

    let linter = Linter()
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: large.modelPath)))
    let parse = try fastest(of: runs) { _ = try JSONDocument(bytes: bytes) }
    let parseMemory = peakMemoryMB()
    var findings: [Finding] = []
    let check = try fastest(of: runs) { findings = try linter.lint(files: [large.modelPath]).findings }
    let checkMemory = peakMemoryMB()
    let startup = try python("pass", runs: runs)
    let pythonLoad = try python("import json,sys; json.load(open(sys.argv[1]))", [large.modelPath], runs: runs) - startup
    var treeFiles: [String] = []
    var treeFindings = 0
    let tree = try fastest(of: runs) {
        treeFiles = try ModelDiscovery.modelFiles(in: [treeFolder.path])
        treeFindings = try linter.lint(files: treeFiles).findings.count
    }
    let treeMemory = peakMemoryMB()

    print(row(["measurement", "seconds", "throughput", "peak RSS MB"]))
    print(row(["(a) JSONDocument parse, large file", formatted(parse, 3), formatted(megabytes / parse, 0) + " MB/s", formatted(parseMemory, 0)]))
    print(row(["(b) whole check, large file (all rules)", formatted(check, 3), formatted(megabytes / check, 0) + " MB/s", formatted(checkMemory, 0)]))
    print(row(["(c) whole check, tree of \(treeFiles.count) files", formatted(tree, 3), formatted(Double(treeFiles.count) / tree, 0) + " files/s", formatted(treeMemory, 0)]))
    print(row(["peer: python3 json.load, large file", formatted(pythonLoad, 3), formatted(megabytes / pythonLoad, 0) + " MB/s", "-"]))
    let context = ModelContext(path: large.modelPath, bytes: bytes, files: DirectoryModelFiles(directory: largeFolder), catalog: linter.catalog)
    let ruleTimes = linter.rules.map { rule in (rule.ruleDescription.id, fastest(of: 1) { _ = rule.validate(context) }) }
    print("slowest rules on the large file: " + ruleTimes.sorted { $0.1 > $1.1 }.prefix(5).map { "\($0.0) \(formatted($0.1, 3)) s" }.joined(separator: ", "))
    print("\n(python3 startup of \(formatted(startup, 3)) s subtracted; peak RSS is the process maximum so far)")
    print("large file: \(findings.count) finding(s); tree: \(treeFindings) finding(s)")
    print("whole check vs. python json.load alone: \(formatted(pythonLoad / check, 2))x " + (check < pythonLoad ? "faster" : "SLOWER"))
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
