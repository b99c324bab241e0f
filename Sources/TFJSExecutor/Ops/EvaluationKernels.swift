/// TF.js's evaluation ops: TopKV2, the sorted searches LowerBound / UpperBound, and Unique / UniqueV2.
enum EvaluationKernels {
    static let kernels: [String: GraphKernel] = [
        "TopKV2": { call in try topK(call) },
        "LowerBound": { call in [try searchSorted(call, upper: false)] },
        "UpperBound": { call in [try searchSorted(call, upper: true)] },
        "Unique": { call in try unique(call, axis: 0) },
        "UniqueV2": { call in try unique(call, axis: try call.integer(1)) },
    ]

    /// The k largest values of each last-axis row, largest first (ties by lower index), and their int32 indices.
    /// With `sorted: false` TF.js's topKImpl skips the sort: k equal to the row length keeps the row's order, and a
    /// smaller k keeps the order its Floyd–Rivest selection leaves, which the executor refuses rather than guesses.
    private static func topK(_ call: GraphOpCall) throws(ExecutionError) -> [Tensor] {
        let x = try call.input(0), k = try call.integer(1)
        guard let last = x.shape.last else { throw call.failure("topk() expects the input to be of rank 1 or higher") }
        guard k >= 0, k <= last else { throw call.failure("'k' passed to topk() must be in [0, \(last)], got \(k)") }
        if call.attributes.bool("sorted") == false {
            guard k == last else {
                throw call.failure("sorted=false with k < \(last): TF.js returns the order its selection leaves, which tfjslint's executor does not reproduce")
            }
            let indices = (0..<x.values.count).map { Float($0 % max(last, 1)) }
            return [x, Tensor(shape: x.shape, dtype: .int32, values: indices)]
        }
        var values: [Float] = [], indices: [Float] = []
        for start in stride(from: 0, to: x.values.count, by: max(last, 1)) {
            let order = (0..<last).sorted { a, b in
                let (u, v) = (x.values[start + a], x.values[start + b])
                return u == v ? a < b : u > v
            }
            for i in order.prefix(k) {
                values.append(x.values[start + i])
                indices.append(Float(i))
            }
        }
        let shape = Array(x.shape.dropLast()) + [k]
        return [Tensor(shape: shape, dtype: x.dtype, values: values), Tensor(shape: shape, dtype: .int32, values: indices)]
    }

    /// For each value, the first index of its row of the sorted sequence whose element is ≥ it (> for `upper`).
    private static func searchSorted(_ call: GraphOpCall, upper: Bool) throws(ExecutionError) -> Tensor {
        try call.requireInputs(2)
        let sequence = call.inputs[0], values = call.inputs[1]
        guard sequence.shape.count >= 1, values.shape.count == sequence.shape.count,
              sequence.shape.dropLast() == values.shape.dropLast() else {
            throw call.failure("sorted sequence \(sequence.shape) and values \(values.shape) must share their leading dimensions")
        }
        let length = sequence.shape.last ?? 0, width = values.shape.last ?? 0
        var result = [Float](repeating: 0, count: values.values.count)
        for (flat, value) in values.values.enumerated() {
            let row = width > 0 ? flat / width : 0
            var low = 0, high = length
            while low < high {
                let middle = (low + high) / 2, element = sequence.values[row * length + middle]
                if upper ? element <= value : element < value { low = middle + 1 } else { high = middle }
            }
            result[flat] = Float(low)
        }
        return Tensor(shape: values.shape, dtype: .int32, values: result)
    }

    /// The distinct slices of `x` along `axis` in order of first appearance, and for each slice the index of its
    /// distinct value.
    private static func unique(_ call: GraphOpCall, axis rawAxis: Int) throws(ExecutionError) -> [Tensor] {
        let x = try call.input(0)
        guard !x.shape.isEmpty else { throw call.failure("unique() expects a tensor of rank 1 or higher") }
        let axis = try call.axis(rawAxis, rank: x.shape.count)
        let outer = x.shape[..<axis].reduce(1, *), size = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *)
        func slice(_ i: Int) -> [Float] {
            var elements: [Float] = []
            for o in 0..<outer {
                let start = (o * size + i) * inner
                elements.append(contentsOf: x.values[start..<(start + inner)])
            }
            return elements
        }
        var seen: [[Float]: Int] = [:], kept: [Int] = [], indices: [Float] = []
        for i in 0..<size {
            let key = slice(i)
            if let index = seen[key] {
                indices.append(Float(index))
            } else {
                seen[key] = kept.count
                indices.append(Float(kept.count))
                kept.append(i)
            }
        }
        var shape = x.shape
        shape[axis] = kept.count
        let strides = Tensor.strides(x.shape)
        let values = try TransformationKernels.gather(call, x, into: shape) { index in
            index.indices.reduce(0) { $0 + ($1 == axis ? kept[index[$1]] : index[$1]) * strides[$1] }
        }
        return [values, Tensor(shape: [size], dtype: .int32, values: indices)]
    }
}
