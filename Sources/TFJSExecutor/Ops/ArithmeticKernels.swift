import Foundation

/// TF.js's arithmetic ops: broadcasting binary math, with int32 results truncated the way its Int32Array stores them.
enum ArithmeticKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        for op in ["Add", "AddV2", "BiasAdd", "Sub", "Mul", "Maximum", "Minimum", "SquaredDifference"] {
            table[op] = { call in
                try call.requireInputs(2)
                let (a, b) = (call.inputs[0], call.inputs[1])
                let dtype = Tensor.upcast(a.dtype, b.dtype)
                if dtype == .float32, a.dtype == b.dtype {
                    return [try call.naming { () throws(ExecutionError) in try Elementwise.binary(op, a, b) }]
                }
                return [try Broadcast.map(call, a, b, dtype: dtype, formula(op))]
            }
        }
        for op in ["RealDiv", "Div", "DivNoNan", "FloorDiv", "Mod", "FloorMod", "Pow"] {
            table[op] = { call in
                try call.requireInputs(2)
                let (a, b) = (call.inputs[0], call.inputs[1])
                // TF.js's floorDiv always yields int32, also for float operands.
                let dtype = op == "FloorDiv" ? .int32 : Tensor.upcast(a.dtype, b.dtype)
                return [try Broadcast.map(call, a, b, dtype: dtype, formula(op, integer: a.dtype == .int32 && b.dtype == .int32))]
            }
        }
        table["AddN"] = { call in
            try call.requireInputs(1)
            let first = call.inputs[0]
            guard call.inputs.allSatisfy({ $0.shape == first.shape && $0.dtype == first.dtype }) else {
                throw call.failure("AddN needs tensors of one shape and dtype")
            }
            var sums = [Double](repeating: 0, count: first.values.count)
            for tensor in call.inputs { for (i, value) in tensor.values.enumerated() { sums[i] += Double(value) } }
            return [Tensor(shape: first.shape, dtype: first.dtype, values: sums.map { Tensor.stored($0, as: first.dtype) })]
        }
        return table
    }()

    typealias Formula = @Sendable (Double, Double) -> Double

    /// The formula of binary op `op`; `integer` when both operands are int32 (TF.js's div is then a floor division).
    static func formula(_ op: String, integer: Bool = false) -> Formula {
        switch op {
        case "Add", "AddV2", "BiasAdd": return { $0 + $1 }
        case "Sub": return { $0 - $1 }
        case "Mul": return { $0 * $1 }
        case "Maximum": return { $0.isNaN || $1.isNaN ? .nan : max($0, $1) }
        case "Minimum": return { $0.isNaN || $1.isNaN ? .nan : min($0, $1) }
        case "SquaredDifference": return { ($0 - $1) * ($0 - $1) }
        case "RealDiv", "Div": return { a, b in integer ? floorDivide(a, b) : a / b }
        case "DivNoNan": return { a, b in b == 0 ? 0 : (integer ? floorDivide(a, b) : a / b) }
        case "FloorDiv": return floorDivide
        case "Mod", "FloorMod": return modulo
        default: return power
        }
    }

    private static func floorDivide(_ a: Double, _ b: Double) -> Double { (a / b).rounded(.down) }

    /// JavaScript's %, moved to the divisor's sign: a floor modulo, which TF.js also uses for TF's truncating Mod.
    private static func modulo(_ a: Double, _ b: Double) -> Double {
        let remainder = fmod(a, b)
        return (a < 0 && b < 0) || (a >= 0 && b >= 0) ? remainder : fmod(remainder + b, b)
    }

    /// JavaScript's Math.pow: NaN for a NaN exponent and for ±1 to an infinite power, unlike C's pow.
    private static func power(_ a: Double, _ b: Double) -> Double {
        b.isNaN || (abs(a) == 1 && b.isInfinite) ? .nan : Foundation.pow(a, b)
    }
}
