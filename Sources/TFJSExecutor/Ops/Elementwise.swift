import Foundation

enum Elementwise {
    /// NumPy broadcasting of two shapes, or nil when they are incompatible.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var shape = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            shape[i] = x == 1 ? y : x  // 1 against 0 broadcasts to 0
        }
        return shape
    }

    static func binary(_ op: String, _ a: Tensor, _ b: Tensor) throws(ExecutionError) -> Tensor {
        guard let shape = broadcast(a.shape, b.shape) else {
            throw ExecutionError("\(op): operands could not be broadcast together with shapes \(a.shape) and \(b.shape)")
        }
        let f: (Float, Float) -> Float
        switch op {
        case "Add", "AddV2", "BiasAdd": f = { $0 + $1 }
        case "Sub": f = { $0 - $1 }
        case "Mul": f = { $0 * $1 }
        case "RealDiv", "Div": f = { $0 / $1 }
        case "Maximum": f = { $0.isNaN || $1.isNaN ? .nan : max($0, $1) }
        case "Minimum": f = { $0.isNaN || $1.isNaN ? .nan : min($0, $1) }
        case "SquaredDifference": f = { ($0 - $1) * ($0 - $1) }
        default: f = { Float(pow(Double($0), Double($1))) }
        }
        let count = shape.reduce(1, *)
        if a.shape == shape && b.shape == shape {
            return Tensor(shape: shape, dtype: a.dtype, values: (0..<count).map { f(a.values[$0], b.values[$0]) })
        }
        if b.count == 1 || (a.shape == shape && b.shape.last == shape.last && b.count == shape.last) {
            // The common cases: a scalar, or a per-channel vector on the last axis.
            let period = b.count
            return Tensor(shape: shape, dtype: a.dtype, values: (0..<count).map { f(a.values[$0], b.values[$0 % period]) })
        }
        let stridesA = strides(a.shape, in: shape), stridesB = strides(b.shape, in: shape)
        var values = [Float](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<count {
            var ia = 0, ib = 0
            for d in 0..<shape.count {
                ia += index[d] * stridesA[d]
                ib += index[d] * stridesB[d]
            }
            values[flat] = f(a.values[ia], b.values[ib])
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return Tensor(shape: shape, dtype: a.dtype, values: values)
    }

    /// Row-major strides of `shape` aligned to `target`, 0 along broadcast dimensions.
    static func strides(_ shape: [Int], in target: [Int]) -> [Int] {
        var result = [Int](repeating: 0, count: target.count)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let d = i + target.count - shape.count
            result[d] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return result
    }

    static func unary(_ op: String, _ x: Tensor) -> Tensor {
        let f: (Float) -> Float
        switch op {
        case "Relu": f = { $0.isNaN ? .nan : max($0, 0) }
        case "Relu6": f = { $0.isNaN ? .nan : min(max($0, 0), 6) }
        case "Elu": f = { $0 < 0 ? Foundation.exp($0) - 1 : $0 }
        case "Selu": f = { $0 < 0 ? 1.7580993408473768 * (Foundation.exp($0) - 1) : 1.0507009873554805 * $0 }
        case "Sigmoid": f = { 1 / (1 + Foundation.exp(-$0)) }
        case "Tanh": f = { Foundation.tanh($0) }
        case "Neg": f = { -$0 }
        case "Square": f = { $0 * $0 }
        case "Sqrt": f = { $0.squareRoot() }
        case "Rsqrt": f = { 1 / $0.squareRoot() }
        case "Exp": f = { Foundation.exp($0) }
        case "Log": f = { Foundation.log($0) }
        case "Abs": f = { abs($0) }
        default: f = { Foundation.log1p(Foundation.exp($0)) }  // Softplus
        }
        return Tensor(shape: x.shape, dtype: x.dtype, values: x.values.map(f))
    }

    static func leakyRelu(_ x: Tensor, alpha: Float) -> Tensor {
        Tensor(shape: x.shape, dtype: x.dtype, values: x.values.map { $0 < 0 ? alpha * $0 : $0 })
    }
}
