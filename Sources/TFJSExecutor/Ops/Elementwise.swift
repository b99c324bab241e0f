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
        guard Tensor.elementCount(a.shape) == a.values.count, Tensor.elementCount(b.shape) == b.values.count,
              let count = Tensor.elementCount(shape), count <= 1 << 31 else {
            throw ExecutionError("\(op): operands \(a.shape) and \(b.shape) do not hold their values or broadcast too large")
        }
        switch op {
        case "Add", "AddV2", "BiasAdd": return combine(a, b, shape, Sum.self)
        case "Sub": return combine(a, b, shape, Difference.self)
        case "Mul": return combine(a, b, shape, Product.self)
        case "RealDiv", "Div": return combine(a, b, shape, Quotient.self)
        case "Maximum": return combine(a, b, shape, Larger.self)
        case "Minimum": return combine(a, b, shape, Smaller.self)
        case "SquaredDifference": return combine(a, b, shape, SquaredDifference.self)
        default: return combine(a, b, shape, Power.self)
        }
    }

    /// `F` over the broadcast of `a` and `b` to `shape`. Specialised per formula, so that the common cases (equal
    /// shapes, or one operand a scalar or a vector along the last axis) become plain loops the compiler vectorises.
    private static func combine<F: BinaryFormula>(_ a: Tensor, _ b: Tensor, _ shape: [Int], _ formula: F.Type) -> Tensor {
        let count = shape.reduce(1, *)
        guard count > 0 else { return Tensor(shape: shape, dtype: a.dtype, values: []) }
        func repeats(_ small: Tensor) -> Bool { small.count == 1 || (small.shape.last == shape.last && small.count == shape.last) }
        if a.shape == shape && (b.shape == shape || repeats(b)) {
            return Tensor(shape: shape, dtype: a.dtype, values: cycle(a.values, b.values, count: count, F.self))
        }
        if b.shape == shape && repeats(a) {
            return Tensor(shape: shape, dtype: a.dtype, values: cycle(b.values, a.values, count: count, Swapped<F>.self))
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
            values[flat] = F.apply(a.values[ia], b.values[ib])
            Broadcast.increment(&index, in: shape)
        }
        return Tensor(shape: shape, dtype: a.dtype, values: values)
    }

    /// `F.apply(full[i], short[i % short.count])` for every i below `count`; large tensors in parts on every core.
    private static func cycle<F: BinaryFormula>(_ full: [Float], _ short: [Float], count: Int, _ formula: F.Type) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            full.withUnsafeBufferPointer { x in
                short.withUnsafeBufferPointer { y in
                    let out = SharedMutablePointer(buffer.baseAddress!), x = SharedPointer(x.baseAddress!), y = SharedPointer(y.baseAddress!)
                    let period = short.count
                    inParts(count: count, multipleOf: period) { range in
                        let (out, x, y) = (out.pointer, x.pointer, y.pointer)
                        if period == count {
                            for i in range { out[i] = F.apply(x[i], y[i]) }
                        } else if period == 1 {
                            let scalar = y[0]
                            for i in range { out[i] = F.apply(x[i], scalar) }
                        } else {
                            for start in stride(from: range.lowerBound, to: range.upperBound, by: period) {
                                for j in 0..<period { out[start + j] = F.apply(x[start + j], y[j]) }
                            }
                        }
                    }
                }
            }
            initialized = count
        }
    }

    /// Runs `body` over 0..<count: at once when small, else in parts (each a multiple of `multipleOf` long) over the cores.
    static func inParts(count: Int, multipleOf unit: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
        guard count >= 1 << 16 else { return body(0..<count) }
        let parts = 4 * ProcessInfo.processInfo.activeProcessorCount
        let length = ((count + parts - 1) / parts + unit - 1) / unit * unit
        DispatchQueue.concurrentPerform(iterations: (count + length - 1) / length) { part in
            body((part * length)..<min(count, (part + 1) * length))
        }
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
        switch op {
        case "Relu": return map(x) { $0.isNaN ? .nan : max($0, 0) }
        case "Relu6": return map(x) { $0.isNaN ? .nan : min(max($0, 0), 6) }
        case "Elu": return map(x) { $0 < 0 ? Foundation.exp($0) - 1 : $0 }
        case "Selu": return map(x) { $0 < 0 ? 1.7580993408473768 * (Foundation.exp($0) - 1) : 1.0507009873554805 * $0 }
        case "Sigmoid": return map(x) { 1 / (1 + Foundation.exp(-$0)) }
        case "Tanh": return map(x) { Foundation.tanh($0) }
        case "Neg": return map(x) { -$0 }
        case "Square": return map(x) { $0 * $0 }
        case "Sqrt": return map(x) { $0.squareRoot() }
        case "Rsqrt": return map(x) { 1 / $0.squareRoot() }
        case "Exp": return map(x) { Foundation.exp($0) }
        case "Log": return map(x) { Foundation.log($0) }
        case "Abs": return map(x) { abs($0) }
        default: return map(x) { Foundation.log1p(Foundation.exp($0)) }  // Softplus
        }
    }

    /// `f` over every value, inlined per op so that the cheap ones become vectorised loops.
    @inline(__always)
    private static func map(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
        let values = [Float](unsafeUninitializedCapacity: x.values.count) { buffer, initialized in
            x.values.withUnsafeBufferPointer { input in
                for i in input.indices { buffer[i] = f(input[i]) }
            }
            initialized = x.values.count
        }
        return Tensor(shape: x.shape, dtype: x.dtype, values: values)
    }

    static func leakyRelu(_ x: Tensor, alpha: Float) -> Tensor {
        Tensor(shape: x.shape, dtype: x.dtype, values: x.values.map { $0 < 0 ? alpha * $0 : $0 })
    }
}

/// A binary op's formula as a type: generic loops over it are specialised, where a closure is called per element.
private protocol BinaryFormula {
    static func apply(_ a: Float, _ b: Float) -> Float
}

private enum Sum: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
private enum Difference: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
private enum Product: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
private enum Quotient: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
private enum Larger: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : max(a, b) } }
private enum Smaller: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : min(a, b) } }
private enum SquaredDifference: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { (a - b) * (a - b) } }
private enum Power: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { Float(pow(Double(a), Double(b))) } }

/// `F` with its operands exchanged, for a broadcast first operand.
private enum Swapped<F: BinaryFormula>: BinaryFormula { static func apply(_ a: Float, _ b: Float) -> Float { F.apply(b, a) } }
