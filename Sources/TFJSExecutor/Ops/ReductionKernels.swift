import Foundation

/// TF.js's reductions over axis lists (with keep_dims), arg-max/min, cumulative sums and products, bincounts.
enum ReductionKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        for op in ["Sum", "Mean", "Max", "Min", "Prod", "All", "Any"] {
            table[op] = { call in
                let x = try call.input(0)
                if op == "All" || op == "Any" {
                    guard x.dtype == .bool else { throw call.failure("input must be a bool tensor, but is \(x.dtype)") }
                }
                let (groups, shape) = try reduce(call, x, axes: try call.integers(1), keepDims: call.attributes.bool("keep_dims") ?? false)
                // TF.js sums bool and int32 tensors as int32; a mean is float32.
                let dtype: Tensor.DType = switch op {
                case "Mean": .float32
                case "All", "Any": .bool
                case "Sum", "Prod": x.dtype == .float32 ? .float32 : .int32
                default: x.dtype
                }
                return [Tensor(shape: shape, dtype: dtype, values: groups.map { Tensor.stored(combine(op, $0), as: dtype) })]
            }
        }
        for (op, largest) in [("ArgMax", true), ("ArgMin", false)] {
            table[op] = { call in
                let x = try call.input(0), axis = try call.axis(try call.integer(1), rank: max(x.shape.count, 1))
                let (groups, shape) = try reduce(call, x, axes: [axis], keepDims: false)
                return [Tensor(shape: shape, dtype: .int32, values: groups.map { group in
                    // The first extreme wins; NaN is never greater or less, so it is skipped unless it comes first.
                    var best = 0
                    for (i, value) in group.enumerated() where largest ? value > group[best] : value < group[best] { best = i }
                    return Float(best)
                })]
            }
        }
        for op in ["Cumsum", "Cumprod"] {
            table[op] = { call in [try cumulative(call, product: op == "Cumprod")] }
        }
        for op in ["Bincount", "DenseBincount"] {
            table[op] = { call in [try bincount(call)] }
        }
        return table
    }()

    /// The values of `x` grouped by output element (each group in input order) and the output shape.
    static func reduce(_ call: GraphOpCall, _ x: Tensor, axes raw: [Int], keepDims: Bool) throws(ExecutionError) -> (groups: [[Double]], shape: [Int]) {
        let rank = x.shape.count
        var reduced: Set<Int> = []
        for axis in raw { reduced.insert(rank == 0 ? 0 : try call.axis(axis, rank: rank)) }
        let kept = (0..<rank).filter { !reduced.contains($0) }
        let outShape = kept.map { x.shape[$0] }
        let outCount = try call.elementCount(outShape), outStrides = Tensor.strides(outShape)
        var groups = [[Double]](repeating: [], count: outCount)
        var index = [Int](repeating: 0, count: rank)
        for value in x.values {
            var target = 0
            for (position, d) in kept.enumerated() { target += index[d] * outStrides[position] }
            groups[target].append(Double(value))
            Broadcast.increment(&index, in: x.shape)
        }
        return (groups, keepDims ? (0..<rank).map { reduced.contains($0) ? 1 : x.shape[$0] } : outShape)
    }

    private static func combine(_ op: String, _ group: [Double]) -> Double {
        switch op {
        case "Sum": return group.reduce(0, +)
        case "Mean": return group.reduce(0, +) / Double(group.count)
        case "Prod": return group.reduce(1, *)
        case "All": return group.allSatisfy { $0 != 0 } ? 1 : 0
        case "Any": return group.contains { $0 != 0 } ? 1 : 0
        default:
            // TF.js's max and min propagate NaN.
            guard !group.contains(where: \.isNaN) else { return .nan }
            return (op == "Max" ? group.max() : group.min()) ?? (op == "Max" ? -.infinity : .infinity)
        }
    }

    private static func cumulative(_ call: GraphOpCall, product: Bool) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), rank = x.shape.count
        guard rank > 0 else { throw call.failure("needs a tensor of rank 1 or more") }
        let rawAxis = try call.integer(1)
        // TF.js permutes a negative axis into a malformed tensor.
        guard rawAxis >= 0 else { throw call.failure("TF.js cannot take a cumulative \(product ? "product" : "sum") over negative axis \(rawAxis)") }
        let axis = try call.axis(rawAxis, rank: rank)
        let exclusive = call.attributes.bool("exclusive") ?? false, reverse = call.attributes.bool("reverse") ?? false
        let size = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *), outer = x.shape[..<axis].reduce(1, *)
        let dtype: Tensor.DType = x.dtype == .float32 ? .float32 : .int32
        var values = [Float](repeating: 0, count: x.values.count)
        for o in 0..<outer {
            for i in 0..<inner {
                var running: Double = product ? 1 : 0
                for step in 0..<size {
                    let k = reverse ? size - 1 - step : step, flat = (o * size + k) * inner + i
                    let value = Double(x.values[flat])
                    if !exclusive { running = product ? running * value : running + value }
                    values[flat] = Tensor.stored(running, as: dtype)
                    if exclusive { running = product ? running * value : running + value }
                }
            }
        }
        return Tensor(shape: x.shape, dtype: dtype, values: values)
    }

    /// Counts (or sums `weights` of) each value of a 1-D or 2-D int tensor into `size` bins; negative and too large
    /// values are skipped, as TF.js does.
    private static func bincount(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), size = try call.integer(1), weights = try call.input(2)
        let binary = call.attributes.bool("binary_output") ?? false
        guard size >= 0, x.shape.count == 1 || (x.shape.count == 2 && call.node.op == "DenseBincount") else {
            throw call.failure("needs a 1-D input (2-D for DenseBincount) and a non-negative size")
        }
        let weighted = weights.values.count > 0
        guard !weighted || weights.shape == x.shape else { throw call.failure("weights \(weights.shape) must match the input \(x.shape) or be empty") }
        let rows = x.shape.count == 2 ? x.shape[0] : 1, columns = x.shape.last ?? 0
        var bins = [Float](repeating: 0, count: try call.elementCount([rows, size]))
        for row in 0..<rows {
            for column in 0..<columns {
                let flat = row * columns + column
                guard let value = x.values[flat].int32, value >= 0, value < size else { continue }
                let bin = row * size + value
                bins[bin] = binary ? 1 : bins[bin] + (weighted ? weights.values[flat] : 1)
            }
        }
        return Tensor(shape: x.shape.count == 2 ? [rows, size] : [size], dtype: weights.dtype, values: bins)
    }
}
