import Foundation
import TFJSExecutor
import TFJSLintCore

/// `tfjslint verify`: runs a graph or layers model as TF.js 4.22 would and compares its outputs with golden tensors.
public struct Verifier: Sendable {
    public struct Tolerances: Sendable {
        public var atol: Double = 1e-5
        public var rtol: Double = 1e-5
        /// Per-output overrides, by output name.
        public var atolByOutput: [String: Double] = [:]
        public var rtolByOutput: [String: Double] = [:]

        public init() {}
    }

    public struct Outcome: Sendable {
        public let comparisons: [OutputComparison]
        public let outputs: [(String, Tensor)]
        public var passed: Bool { comparisons.allSatisfy(\.passed) }
    }

    public init() {}

    /// Tensors from `.npy` (one unnamed tensor, key ""), `.npz` (by member name) or JSON
    /// (`{"name": {"shape": [...], "data": [...]}}` or `{"name": nested arrays}`).
    public static func tensors(at path: String) throws(ExecutionError) -> [String: Tensor] {
        let url = URL(fileURLWithPath: path)
        switch url.pathExtension.lowercased() {
        case "npz":
            return try Numpy.readNPZ(url)
        case "npy":
            guard let data = FileManager.default.contents(atPath: path) else { throw ExecutionError("cannot read \(path)") }
            return ["": try Numpy.readNPY(data)]
        case "json":
            guard let data = FileManager.default.contents(atPath: path), let document = try? JSONDocument(bytes: Array(data)),
                let members = document.root.members
            else { throw ExecutionError("\(path) is not a JSON object of tensors") }
            var tensors: [String: Tensor] = [:]
            for member in members {
                if let values = member.value["data"]?.array, let shape = member.value["shape"]?.intArray {
                    tensors[member.key] = Tensor(shape: shape, values: values.map { Float($0.number ?? .nan) })
                } else {
                    var shape: [Int] = []
                    var level: JSONNode? = member.value
                    while let array = level?.array { shape.append(array.count); level = array.first }
                    tensors[member.key] = Tensor(shape: shape, values: flatten(member.value))
                }
                guard let tensor = tensors[member.key], Tensor.elementCount(tensor.shape) == tensor.values.count else {
                    throw ExecutionError("\(path): tensor \(member.key) has data that does not fill its shape")
                }
            }
            return tensors
        default:
            throw ExecutionError("\(path): use .npy, .npz or .json")
        }
    }

    private static func flatten(_ node: JSONNode) -> [Float] {
        if let array = node.array { return array.flatMap(flatten) }
        return [Float(node.number ?? .nan)]
    }

    /// The tensor for a model input or output named `key` (signature key, node or tensor name, with or
    /// without `:0`), or the single unnamed tensor when there is exactly one of each.
    static func pick(_ tensors: [String: Tensor], key: String, node: String, index: Int, single: Bool) -> Tensor? {
        for name in [key, node, "\(node):\(index)", key.split(separator: ":").first.map(String.init) ?? key] {
            if let tensor = tensors[name] { return tensor }
        }
        return single && tensors.count == 1 ? tensors.values.first : nil
    }

    /// One model output: its name, where TF.js computes it (node and output index), and the value computed.
    private typealias Result = (key: String, node: String, index: Int, value: Tensor)

    public func verify(model: ModelArtifact, inputs: [String: Tensor], golden: [String: Tensor], tolerances: Tolerances) throws(ExecutionError) -> Outcome {
        let results = model.format == .layers ? try runLayers(model, inputs) : try runGraph(model, inputs)
        var comparisons: [OutputComparison] = []
        for result in results {
            guard let expected = Self.pick(golden, key: result.key, node: result.node, index: result.index, single: results.count == 1) else {
                throw ExecutionError("no golden tensor for output '\(result.key)'; given: \(golden.keys.sorted().joined(separator: ", "))")
            }
            if result.value.dtype == .complex64 || expected.dtype == .complex64 {
                throw ExecutionError("output '\(result.key)' is \(result.value.dtype.rawValue) and its golden tensor \(expected.dtype.rawValue); "
                    + "verify compares real-valued outputs only (take Real and Imag of a complex output in the model)")
            }
            comparisons.append(OutputComparison(
                name: result.key, actual: result.value, golden: expected,
                atol: tolerances.atolByOutput[result.key] ?? tolerances.atol, rtol: tolerances.rtolByOutput[result.key] ?? tolerances.rtol))
        }
        return Outcome(comparisons: comparisons, outputs: results.map { ($0.key, $0.value) })
    }

    /// Graph models: inputs and outputs by signature key or node name.
    private func runGraph(_ model: ModelArtifact, _ inputs: [String: Tensor]) throws(ExecutionError) -> [Result] {
        let graph = try GraphModel(model)
        var feeds: [String: Tensor] = [:]
        for input in graph.inputs {
            guard let tensor = Self.pick(inputs, key: input.key, node: input.node, index: 0, single: graph.inputs.count == 1) else {
                throw ExecutionError("no input tensor for '\(input.key)' (node \(input.node)); given: \(inputs.keys.sorted().joined(separator: ", "))")
            }
            feeds[input.node] = tensor
        }
        let values = try graph.run(feeds)
        return zip(graph.outputs, values).map { (key: $0.key, node: $0.node, index: $0.index, value: $1) }
    }

    /// Layers models: inputs by input layer name, outputs by output layer name.
    private func runLayers(_ model: ModelArtifact, _ inputs: [String: Tensor]) throws(ExecutionError) -> [Result] {
        let layers = try LayersModel(model)
        var feeds: [String: Tensor] = [:]
        for input in layers.inputs {
            guard let tensor = Self.pick(inputs, key: input.name, node: input.name, index: 0, single: layers.inputs.count == 1) else {
                throw ExecutionError("no input tensor for input layer '\(input.name)'; given: \(inputs.keys.sorted().joined(separator: ", "))")
            }
            feeds[input.name] = tensor
        }
        let values = try layers.run(feeds)
        return zip(layers.outputs, values).map { (key: $0, node: $0, index: 0, value: $1) }
    }

    public static func text(_ outcome: Outcome) -> String {
        var lines: [String] = []
        for c in outcome.comparisons {
            let verdict = c.passed ? "PASS" : "FAIL"
            var line = "\(verdict) \(c.name): shape \(c.shape)"
            if c.shape != c.goldenShape { line += " but golden \(c.goldenShape)" }
            line += String(format: ", max abs error %.3g, max rel error %.3g, %d mismatching (atol %g, rtol %g)",
                           c.maxAbsError, c.maxRelError, c.mismatches, c.atol, c.rtol)
            if c.nonFiniteMismatches > 0 { line += ", \(c.nonFiniteMismatches) of them NaN or infinite where the golden value is not" }
            if let index = c.worstIndex, let worst = c.worst { line += ", worst at \(index): \(worst.actual) vs \(worst.golden)" }
            line += c.requiredAtol.isFinite ? String(format: "; passes with atol >= %.3g", c.requiredAtol) : "; no atol passes"
            lines.append(line)
        }
        lines.append(outcome.passed ? "verify: all outputs match" : "verify: outputs differ")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ outcome: Outcome) -> JSONTree {
        let number = { (x: Double) -> JSONTree in x.isFinite ? .number(x) : .string(x.isNaN ? "NaN" : "Infinity") }
        return .object([
            ("passed", .bool(outcome.passed)),
            ("outputs", .array(outcome.comparisons.map { c in
                .object([
                    ("name", .string(c.name)), ("passed", .bool(c.passed)),
                    ("shape", .array(c.shape.map { .number(Double($0)) })), ("goldenShape", .array(c.goldenShape.map { .number(Double($0)) })),
                    ("maxAbsError", number(c.maxAbsError)), ("maxRelError", number(c.maxRelError)),
                    ("mismatches", .number(Double(c.mismatches))), ("nonFiniteMismatches", .number(Double(c.nonFiniteMismatches))),
                    ("worstIndex", c.worstIndex.map { .number(Double($0)) } ?? .null),
                    ("requiredAtol", number(c.requiredAtol)), ("atol", .number(c.atol)), ("rtol", .number(c.rtol)),
                ])
            })),
        ])
    }
}
