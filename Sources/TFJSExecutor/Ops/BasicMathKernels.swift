import Foundation

/// TF.js's unary math ops (computed in double precision, as its cpu kernels do in JavaScript), plus the
/// basic_math ops that take more than one input: Atan2, ClipByValue, Prelu and LeakyRelu's alpha.
enum BasicMathKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        for (op, f) in formulas {
            table[op] = { call in
                let x = try call.input(0)
                guard x.dtype == .float32 || !floatOnly.contains(op) else { throw call.failure("input must be a float32 tensor, but is \(x.dtype)") }
                let dtype: Tensor.DType = x.dtype == .int32 && !floatResults.contains(op) ? .int32 : .float32
                return [Tensor(shape: x.shape, dtype: dtype, values: x.values.map { Tensor.stored(f(Double($0)), as: dtype) })]
            }
        }
        let tests: [(String, @Sendable (Float) -> Bool)] = [("IsNan", { $0.isNaN }), ("IsInf", { $0.isInfinite }), ("IsFinite", { $0.isFinite })]
        for (op, test) in tests {
            table[op] = { call in
                let x = try call.input(0)
                return [Tensor(shape: x.shape, dtype: .bool, values: x.values.map { test($0) ? 1 : 0 })]
            }
        }
        table["LeakyRelu"] = { call in
            let x = try call.input(0), alpha = call.attributes.number("alpha") ?? 0.2
            return [Tensor(shape: x.shape, values: x.values.map { $0 < 0 ? Float(alpha * Double($0)) : $0 })]
        }
        table["Prelu"] = { call in
            try call.requireInputs(2)
            return [try Broadcast.map(call, call.inputs[0], call.inputs[1], dtype: .float32) { x, alpha in x < 0 ? alpha * x : x }]
        }
        table["Atan2"] = { call in
            try call.requireInputs(2)
            let dtype = Tensor.upcast(call.inputs[0].dtype, call.inputs[1].dtype)
            return [try Broadcast.map(call, call.inputs[0], call.inputs[1], dtype: dtype) { Foundation.atan2($0, $1) }]
        }
        table["ClipByValue"] = { call in
            let x = try call.input(0), low = try call.number(1), high = try call.number(2)
            guard low <= high else { throw call.failure("clip min (\(low)) must be less than or equal to max (\(high))") }
            return [Tensor(shape: x.shape, dtype: x.dtype, values: x.values.map { $0 > high ? high : ($0 < low ? low : $0) })]
        }
        return table
    }()

    /// Ops TF.js refuses for int32 input.
    private static let floatOnly: Set<String> = ["Ceil", "Cos", "Cosh", "Elu", "Floor", "Log", "Rsqrt", "Sigmoid", "Sin", "Sqrt", "Tan", "Tanh"]

    /// Ops whose int32 input gives a float32 result in TF.js; the others truncate their results to int32.
    private static let floatResults: Set<String> = ["Erf", "Exp"]

    /// TF.js's formula for each one-input op.
    static let formulas: [String: @Sendable (Double) -> Double] = [
        "Abs": { Swift.abs($0) },
        "Acos": { Foundation.acos($0) }, "Acosh": { Foundation.acosh($0) },
        "Asin": { Foundation.asin($0) }, "Asinh": { Foundation.asinh($0) },
        "Atan": { Foundation.atan($0) }, "Atanh": { Foundation.atanh($0) },
        "Ceil": { $0.rounded(.up) }, "Floor": { $0.rounded(.down) },
        "Cos": { Foundation.cos($0) }, "Cosh": { Foundation.cosh($0) },
        "Sin": { Foundation.sin($0) }, "Sinh": { Foundation.sinh($0) },
        "Tan": { Foundation.tan($0) }, "Tanh": { Foundation.tanh($0) },
        "Exp": { Foundation.exp($0) }, "Expm1": { Foundation.expm1($0) },
        "Log": { Foundation.log($0) }, "Log1p": { Foundation.log1p($0) },
        "Neg": { -$0 }, "Reciprocal": { 1 / $0 }, "Square": { $0 * $0 },
        "Sqrt": { $0.squareRoot() }, "Rsqrt": { 1 / $0.squareRoot() },
        "Relu": { $0.isNaN ? .nan : Swift.max(0, $0) },
        "Relu6": { $0.isNaN ? .nan : Swift.min(Swift.max(0, $0), 6) },
        "Elu": { $0 >= 0 ? $0 : Foundation.exp($0) - 1 },
        "Selu": { $0 < 0 ? 1.7580993408473768599402175208123 * (Foundation.exp($0) - 1) : 1.0507009873554804934193349852946 * $0 },
        "Sigmoid": { 1 / (1 + Foundation.exp(-$0)) },
        "Sign": { $0 < 0 ? -1 : ($0 > 0 ? 1 : 0) },
        "Round": round,
        "Softplus": softplus,
        "Erf": erf,
    ]

    /// Round half to even.
    private static func round(_ x: Double) -> Double {
        let base = x.rounded(.down)
        if x - base < 0.5 { return base }
        if x - base > 0.5 { return base + 1 }
        return base.truncatingRemainder(dividingBy: 2) == 0 ? base : base + 1
    }

    /// log(1 + e^x), switching to e^x and x where float32 would lose it (TF.js's and TF's thresholds).
    private static func softplus(_ x: Double) -> Double {
        let threshold = Foundation.log(1.1920928955078125e-7) + 2
        if x > -threshold { return x }
        if x < threshold { return Foundation.exp(x) }
        return Foundation.log(1 + Foundation.exp(x))
    }

    /// The Abramowitz–Stegun approximation 7.1.26 TF.js uses for erf.
    private static func erf(_ value: Double) -> Double {
        let sign: Double = value < 0 ? -1 : (value > 0 ? 1 : 0), v = Swift.abs(value)
        let t = 1 / (1 + 0.3275911 * v)
        let polynomial = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
        return sign * (1 - polynomial * Foundation.exp(-v * v))
    }
}
