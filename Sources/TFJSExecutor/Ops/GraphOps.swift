import Foundation
import TFJSLintCore

/// The graph ops the executor implements, computed as TF.js's cpu backend computes them.
enum GraphOps {
    static func run(_ node: GraphModel.Node, _ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let attributes = Attributes(node.attributes)
        func input(_ index: Int) throws(ExecutionError) -> Tensor {
            guard index < inputs.count else { throw ExecutionError("node '\(node.name)' (\(node.op)) needs input \(index)", ruleID: "dangling-input") }
            return inputs[index]
        }
        switch node.op {
        case "Identity", "StopGradient", "Snapshot":
            return [try input(0)]
        case "Add", "AddV2", "BiasAdd", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "SquaredDifference", "Pow":
            return [try Elementwise.binary(node.op, try input(0), try input(1))]
        case "AddN":
            var sum = try input(0)
            for next in inputs.dropFirst() { sum = try Elementwise.binary("Add", sum, next) }
            return [sum]
        case "Relu", "Relu6", "Elu", "Selu", "Sigmoid", "Tanh", "Neg", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Abs", "Softplus":
            return [Elementwise.unary(node.op, try input(0))]
        case "LeakyRelu":
            return [Elementwise.leakyRelu(try input(0), alpha: Float(attributes.float("alpha") ?? 0.2))]
        case "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative":
            return [try Convolution.run(node, inputs, attributes)]
        case "MatMul", "_FusedMatMul":
            return [try MatrixOps.matMul(node, inputs, attributes)]
        case "Pad", "PadV2":
            return [try Shapes.pad(try input(0), try input(1), constant: inputs.count > 2 ? inputs[2].values.first ?? 0 : 0)]
        case "Mean", "Sum", "Max", "Min":
            return [try Reduction.run(node.op, try input(0), axes: try input(1), keepDims: attributes.bool("keep_dims") ?? false)]
        case "Reshape":
            return [try Shapes.reshape(try input(0), try input(1))]
        case "Softmax":
            return [Reduction.softmax(try input(0))]
        default:
            throw ExecutionError("op '\(node.op)' of node '\(node.name)' is not implemented by tfjslint's executor; it cannot verify this model")
        }
    }
}

/// A NodeDef's `attr`, read the way TF.js's op mapper reads it (strings base64-decoded, then lower-cased).
struct Attributes {
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
