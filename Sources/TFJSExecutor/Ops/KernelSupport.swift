import Foundation

/// The most elements one op may produce; larger outputs (from absurd shapes in a hostile model) fail instead.
let maximumElementCount = 1 << 28

extension GraphOpCall {
    /// Input `index` read as a TF.js `number` input: its first element.
    func number(_ index: Int) throws(ExecutionError) -> Float {
        guard let value = try input(index).values.first else { throw failure("input \(index) is empty") }
        return value
    }

    /// Input `index` read as an integer `number` input.
    func integer(_ index: Int) throws(ExecutionError) -> Int {
        try Self.integer(try number(index), what: "input \(index)", call: self)
    }

    /// Input `index` read as a TF.js `number[]` input, every element an integer.
    func integers(_ index: Int) throws(ExecutionError) -> [Int] {
        var result: [Int] = []
        for value in try input(index).values { result.append(try Self.integer(value, what: "input \(index)", call: self)) }
        return result
    }

    private static func integer(_ value: Float, what: String, call: GraphOpCall) throws(ExecutionError) -> Int {
        guard let integer = value.int32 else { throw call.failure("\(what) holds \(value), not an integer") }
        return integer
    }

    /// `body`'s result; its error, if any, names this node.
    func naming<T>(_ body: () throws(ExecutionError) -> T) throws(ExecutionError) -> T {
        do { return try body() } catch { throw ExecutionError("\(node.op) '\(node.name)': \(error.description)", ruleID: error.ruleID) }
    }

    /// An error unless the node has at least `count` inputs.
    func requireInputs(_ count: Int) throws(ExecutionError) {
        guard inputs.count >= count else {
            throw ExecutionError("node '\(node.name)' (\(node.op)) needs \(count) inputs, has \(inputs.count)", ruleID: "dangling-input")
        }
    }

    /// `axis` as a non-negative axis of a tensor of `rank`, or an error naming the op.
    func axis(_ axis: Int, rank: Int) throws(ExecutionError) -> Int {
        guard axis >= -rank, axis < rank else { throw failure("axis \(axis) is out of range for rank \(rank)") }
        return axis < 0 ? axis + rank : axis
    }

    /// The element count of `shape`, or an error when a dimension is negative or the count is absurd.
    func elementCount(_ shape: [Int]) throws(ExecutionError) -> Int {
        guard let count = Tensor.elementCount(shape), count <= maximumElementCount else {
            throw failure("output shape \(shape) is negative or too large")
        }
        return count
    }
}

extension Float {
    /// This value truncated to an integer as TF.js's Int32Array holds it, or nil when it is not finite or beyond int32.
    var int32: Int? { isFinite && Swift.abs(self) < 2_147_483_648 ? Int(self) : nil }
}

extension Attributes {
    /// A TF.js `number` attr: `i`, else `f`.
    func number(_ key: String) -> Double? { int(key).map(Double.init) ?? float(key) }

    /// A `dtype` attr as TF.js's parseDtypeParam maps it; nil for dtypes the executor cannot hold.
    func dtype(_ key: String) -> Tensor.DType? {
        switch node?[key]?["type"]?.string {
        case "DT_FLOAT", "DT_HALF", "DT_DOUBLE": .float32
        case "DT_INT32", "DT_INT64", "DT_INT8", "DT_UINT8": .int32
        case "DT_BOOL": .bool
        default: nil
        }
    }
}

extension Tensor {
    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = step
            step *= shape[d]
        }
        return strides
    }

    /// The dtype TF.js gives the result of an op on `a` and `b` (bool < int32 < float32).
    static func upcast(_ a: DType, _ b: DType) -> DType {
        a == .float32 || b == .float32 ? .float32 : (a == .int32 || b == .int32 ? .int32 : .bool)
    }

    /// `value` as TF.js stores it in a tensor of `dtype`: int32 truncates (non-finite becomes 0) and wraps,
    /// bool is 1 for anything non-zero (NaN included).
    static func stored(_ value: Double, as dtype: DType) -> Float {
        switch dtype {
        case .float32, .complex64: return Float(value)
        case .bool: return value != 0 ? 1 : 0
        case .int32:
            guard value.isFinite else { return 0 }
            return Float(Int32(truncatingIfNeeded: Int64(value.truncatingRemainder(dividingBy: 4_294_967_296))))
        }
    }

    /// This tensor with another shape of the same element count.
    func reshaped(_ shape: [Int]) -> Tensor { Tensor(shape: shape, dtype: dtype, values: values) }
}

/// Elementwise maps over broadcast operands, as TF.js's binary and ternary kernels compute them.
enum Broadcast {
    /// `f` over `a` and `b` broadcast together, computed in double precision and stored as `dtype`.
    static func map(_ call: GraphOpCall, _ a: Tensor, _ b: Tensor, dtype: Tensor.DType,
                    _ f: (Double, Double) -> Double) throws(ExecutionError) -> Tensor {
        guard let shape = Elementwise.broadcast(a.shape, b.shape) else {
            throw call.failure("operands could not be broadcast together with shapes \(a.shape) and \(b.shape)")
        }
        let count = try call.elementCount(shape)
        if a.shape == shape, b.shape == shape {
            return Tensor(shape: shape, dtype: dtype, values: (0..<count).map { Tensor.stored(f(Double(a.values[$0]), Double(b.values[$0])), as: dtype) })
        }
        let left = try to(call, a, shape), right = try to(call, b, shape)
        return Tensor(shape: shape, dtype: dtype, values: (0..<count).map { Tensor.stored(f(Double(left.values[$0]), Double(right.values[$0])), as: dtype) })
    }

    /// `x` broadcast to `shape` (TF.js's broadcastTo: `x`'s rank may not exceed the target's).
    static func to(_ call: GraphOpCall, _ x: Tensor, _ shape: [Int]) throws(ExecutionError) -> Tensor {
        guard x.shape.count <= shape.count, Elementwise.broadcast(x.shape, shape) == shape else {
            throw call.failure("shape \(x.shape) cannot be broadcast to \(shape)")
        }
        if x.shape == shape { return x }
        let count = try call.elementCount(shape)
        let strides = Elementwise.strides(x.shape, in: shape)
        var values = [Float](repeating: 0, count: count)
        guard count > 0 else { return Tensor(shape: shape, dtype: x.dtype, values: values) }
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<count {
            var source = 0
            for d in 0..<shape.count { source += index[d] * strides[d] }
            values[flat] = x.values[source]
            increment(&index, in: shape)
        }
        return Tensor(shape: shape, dtype: x.dtype, values: values)
    }

    /// Advances a row-major multi-index over `shape` by one element.
    static func increment(_ index: inout [Int], in shape: [Int]) {
        var d = shape.count - 1
        while d >= 0 {
            index[d] += 1
            if index[d] < shape[d] { return }
            index[d] = 0
            d -= 1
        }
    }
}
