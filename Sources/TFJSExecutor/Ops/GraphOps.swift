import Foundation
import TFJSLintCore

/// What a kernel sees of one node: its name, op, attributes and evaluated inputs.
struct GraphOpCall {
    let node: GraphModel.Node
    let inputs: [Tensor]
    let attributes: Attributes

    /// Input `index`, or an error naming the node when the graph gave it fewer inputs.
    func input(_ index: Int) throws(ExecutionError) -> Tensor {
        guard index >= 0, index < inputs.count else {
            throw ExecutionError("node '\(node.name)' (\(node.op)) needs input \(index)", ruleID: "dangling-input")
        }
        return inputs[index]
    }

    /// An error about this node, naming it and its op.
    func failure(_ message: String) -> ExecutionError { ExecutionError("\(node.op) '\(node.name)': \(message)") }
}

/// Computes one op as TF.js's cpu backend computes it; returns the node's outputs. Kernels throw ExecutionError
/// (closures with typed throws crash the 6.3 compiler; `GraphOps.run` restores the type).
typealias GraphKernel = @Sendable (GraphOpCall) throws -> [Tensor]

/// The graph ops the executor implements: one table per category of TF.js's op mapper, merged here.
enum GraphOps {
    static let kernels: [String: GraphKernel] = [
        ArithmeticKernels.kernels, BasicMathKernels.kernels, LogicalKernels.kernels, GraphKernels.kernels,
        CreationKernels.kernels, TransformationKernels.kernels, SliceJoinKernels.kernels, ReductionKernels.kernels,
        NormalizationKernels.kernels, MatrixKernels.kernels, ConvolutionGraphKernels.kernels, ImageKernels.kernels,
        EvaluationKernels.kernels, DynamicKernels.kernels, SparseKernels.kernels, ComplexKernels.kernels,
    ].reduce(into: [:]) { table, category in table.merge(category) { first, _ in first } }

    static func run(_ node: GraphModel.Node, _ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        guard let kernel = kernels[node.op] else {
            throw ExecutionError("op '\(node.op)' of node '\(node.name)' is not implemented by tfjslint's executor; it cannot verify this model")
        }
        try checkComplexInputs(node, inputs)
        do {
            return try kernel(GraphOpCall(node: node, inputs: inputs, attributes: Attributes(node.attributes)))
        } catch let error as ExecutionError {
            throw error
        } catch {
            throw ExecutionError("\(node.op) '\(node.name)': \(error)")
        }
    }
}

extension GraphOps {
    /// The ops that may read complex64 inputs, with how many leading inputs may be complex (the rest are shapes).
    /// Every other kernel reads one value per element, so it never sees a complex tensor.
    static let complexAware: [String: Int] = [
        "Complex": 2, "Real": 1, "Imag": 1, "ComplexAbs": 1,
        "Identity": 1, "Snapshot": 1, "StopGradient": 1, "IdentityN": .max, "Shape": 1, "Reshape": 1,
    ]

    /// An error when a complex64 input reaches an op that is not complex-aware, or holds other than two values
    /// per element: the executor would misread it, so it refuses the model instead of giving a wrong answer.
    static func checkComplexInputs(_ node: GraphModel.Node, _ inputs: [Tensor]) throws(ExecutionError) {
        for (index, input) in inputs.enumerated() where input.dtype == .complex64 {
            guard index < complexAware[node.op, default: 0] else {
                throw ExecutionError("\(node.op) '\(node.name)': input \(index) is complex64, which tfjslint's executor computes only with "
                    + "\(complexAware.keys.sorted().joined(separator: ", ")); it cannot verify this model")
            }
            guard let count = Tensor.elementCount(input.shape), input.values.count == 2 * count else {
                throw ExecutionError("\(node.op) '\(node.name)': complex64 input \(index) has \(input.values.count) values for shape \(input.shape)")
            }
        }
    }
}

/// A NodeDef's `attr`, read the way TF.js's op mapper reads it (strings base64-decoded, then lower-cased).
struct Attributes: Sendable {
    let node: JSONNode?

    init(_ node: JSONNode?) {
        self.node = node
    }

    func int(_ key: String) -> Int? {
        guard let value = node?[key] else { return nil }
        return value["i"]?.string.flatMap { Int($0) } ?? value["i"]?.int
    }

    func float(_ key: String) -> Double? { node?[key]?["f"]?.number }

    func bool(_ key: String) -> Bool? { node?[key]?["b"]?.bool }

    func string(_ key: String) -> String? {
        node?[key]?["s"]?.string.flatMap(Self.decode)?.lowercased()
    }

    func ints(_ key: String) -> [Int] {
        (node?[key]?["list"]?["i"]?.array ?? []).compactMap { $0.string.flatMap { Int($0) } ?? $0.int }
    }

    func strings(_ key: String) -> [String] {
        (node?[key]?["list"]?["s"]?.array ?? []).compactMap { $0.string.flatMap(Self.decode)?.lowercased() }
    }

    static func decode(_ base64: String) -> String? {
        Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
    }
}
