import Foundation

enum MatrixOps {
    static func matMul(_ node: GraphModel.Node, _ inputs: [Tensor], _ attributes: Attributes) throws(ExecutionError) -> Tensor {
        guard inputs.count >= 2, inputs[0].shape.count == 2, inputs[1].shape.count == 2 else {
            throw ExecutionError("\(node.op) '\(node.name)' needs two rank-2 inputs")
        }
        let (a, b) = (inputs[0], inputs[1])
        let transposeA = attributes.bool("transpose_a") ?? false, transposeB = attributes.bool("transpose_b") ?? false
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let k2 = transposeB ? b.shape[1] : b.shape[0], n = transposeB ? b.shape[0] : b.shape[1]
        guard k == k2 else { throw ExecutionError("\(node.name): inner dimensions \(k) and \(k2) differ") }
        guard Tensor.elementCount(a.shape) == a.values.count, Tensor.elementCount(b.shape) == b.values.count, let count = Tensor.elementCount([m, n]), count <= 1 << 31 else {
            throw ExecutionError("\(node.name): operands \(a.shape) and \(b.shape) do not hold their values or give too large a product")
        }
        let fusedOps = node.op == "_FusedMatMul" ? attributes.strings("fused_ops") : []
        let arguments = Array(inputs.dropFirst(2)), epilogue = Convolution.epilogue(fusedOps, arguments, channels: n)
        let values = Gemm.multiply(a.values, b.values, rows: m, depth: k, columns: n, transposeA: transposeA, transposeB: transposeB,
                                   epilogue: epilogue ?? Gemm.Epilogue())
        let result = Tensor(shape: [m, n], values: values)
        return node.op == "_FusedMatMul" && epilogue == nil ? try Convolution.fused(node, result, arguments, attributes) : result
    }
}

enum Shapes {
    static func pad(_ x: Tensor, _ paddings: Tensor, constant: Float) throws(ExecutionError) -> Tensor {
        let rank = x.shape.count
        guard paddings.values.count == rank * 2 else { throw ExecutionError("Pad: paddings \(paddings.shape) do not match rank \(rank)") }
        guard paddings.values.allSatisfy({ $0.magnitude < Float(1 << 30) }) else { throw ExecutionError("Pad: paddings \(paddings.values) are out of range") }
        let before = (0..<rank).map { Int(paddings.values[$0 * 2]) }, after = (0..<rank).map { Int(paddings.values[$0 * 2 + 1]) }
        guard before.allSatisfy({ $0 >= 0 }), after.allSatisfy({ $0 >= 0 }) else { throw ExecutionError("Pad: negative paddings") }
        let shape = (0..<rank).map { x.shape[$0] + before[$0] + after[$0] }
        guard let count = Tensor.elementCount(shape), count <= maximumElementCount else { throw ExecutionError("Pad: output shape \(shape) is too large") }
        guard Tensor.elementCount(x.shape) == x.values.count else { throw ExecutionError("Pad: input \(x.shape) does not hold its values") }
        guard rank > 0, x.values.count > 0 else { return Tensor(shape: shape, dtype: x.dtype, values: [Float](repeating: constant, count: count)) }
        // Copies each run along the last axis to where it lands in the output.
        var out = [Float](repeating: constant, count: count)
        let outStrides = Elementwise.strides(shape, in: shape), run = x.shape[rank - 1]
        let runs = Array(x.shape.dropLast())
        var index = [Int](repeating: 0, count: rank - 1)
        out.withUnsafeMutableBufferPointer { target in
            x.values.withUnsafeBufferPointer { source in
                for start in stride(from: 0, to: x.values.count, by: run) {
                    var offset = before[rank - 1]
                    for d in 0..<(rank - 1) { offset += (index[d] + before[d]) * outStrides[d] }
                    (target.baseAddress! + offset).update(from: source.baseAddress! + start, count: run)
                    Broadcast.increment(&index, in: runs)
                }
            }
        }
        return Tensor(shape: shape, dtype: x.dtype, values: out)
    }

    /// `x` with its axes reordered by `permutation` (a permutation of 0..<rank).
    static func transpose(_ x: Tensor, _ permutation: [Int]) -> Tensor {
        let rank = x.shape.count
        let shape = permutation.map { x.shape[$0] }
        let sourceStrides = Elementwise.strides(x.shape, in: x.shape)
        let strides = permutation.map { x.shape[$0] == 1 ? 0 : sourceStrides[$0] }
        var values = [Float](repeating: 0, count: x.values.count)
        var index = [Int](repeating: 0, count: rank)
        var source = 0
        for flat in 0..<values.count {
            values[flat] = x.values[source]
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                source += strides[d]
                if index[d] < shape[d] { break }
                source -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
        return Tensor(shape: shape, dtype: x.dtype, values: values)
    }

    static func reshape(_ x: Tensor, _ target: Tensor) throws(ExecutionError) -> Tensor {
        var shape = target.values.map { Int($0) }
        if let unknown = shape.firstIndex(of: -1) {
            let known = shape.enumerated().filter { $0.offset != unknown }.reduce(1) { $0 * $1.element }
            guard known > 0 else { throw ExecutionError("Reshape: cannot infer a dimension of \(shape)") }
            shape[unknown] = x.count / known
        }
        guard Tensor.elementCount(shape) == x.count else { throw ExecutionError("Reshape: \(x.shape) cannot become \(shape)") }
        return Tensor(shape: shape, dtype: x.dtype, values: x.values)
    }
}

enum Reduction {
    static func run(_ op: String, _ x: Tensor, axes: Tensor, keepDims: Bool) throws(ExecutionError) -> Tensor {
        let rank = x.shape.count
        let reduced = Set(axes.values.map { Int($0) < 0 ? Int($0) + rank : Int($0) })
        guard reduced.allSatisfy({ $0 >= 0 && $0 < rank }) else { throw ExecutionError("\(op): axes \(axes.values) out of range for rank \(rank)") }
        let kept = (0..<rank).filter { !reduced.contains($0) }
        let outShape = kept.map { x.shape[$0] }
        let outCount = outShape.reduce(1, *)
        let groupSize = reduced.reduce(1) { $0 * x.shape[$1] }
        var accumulators = [Double](repeating: op == "Max" ? -.infinity : op == "Min" ? .infinity : 0, count: outCount)
        let outStrides = Elementwise.strides(outShape, in: outShape)
        var index = [Int](repeating: 0, count: rank)
        for flat in 0..<x.count {
            var target = 0
            for (position, d) in kept.enumerated() { target += index[d] * outStrides[position] }
            let value = Double(x.values[flat])
            switch op {
            case "Max": accumulators[target] = max(accumulators[target], value)
            case "Min": accumulators[target] = min(accumulators[target], value)
            default: accumulators[target] += value
            }
            Broadcast.increment(&index, in: x.shape)
        }
        let values = accumulators.map { Float(op == "Mean" ? $0 / Double(max(groupSize, 1)) : $0) }
        let shape = keepDims ? (0..<rank).map { reduced.contains($0) ? 1 : x.shape[$0] } : outShape
        return Tensor(shape: shape, dtype: x.dtype, values: values)
    }

    static func softmax(_ x: Tensor) -> Tensor {
        guard let last = x.shape.last, last > 0 else { return x }
        var values = x.values
        for start in stride(from: 0, to: values.count, by: last) {
            let row = values[start..<(start + last)]
            let top = row.max() ?? 0
            let exps = row.map { Foundation.exp($0 - top) }
            let sum = exps.reduce(0, +)
            for (offset, e) in exps.enumerated() { values[start + offset] = e / sum }
        }
        return Tensor(shape: x.shape, dtype: x.dtype, values: values)
    }
}
