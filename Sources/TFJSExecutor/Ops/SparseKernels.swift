/// TF.js's sparse ops: SparseSegmentSum / SparseSegmentMean, SparseReshape and SparseFillEmptyRows.
enum SparseKernels {
    static let kernels: [String: GraphKernel] = [
        "SparseSegmentSum": { call in [try segmentReduction(call, mean: false)] },
        "SparseSegmentMean": { call in [try segmentReduction(call, mean: true)] },
        "SparseReshape": { call in try reshape(call) },
        "SparseFillEmptyRows": { call in try fillEmptyRows(call) },
    ]

    /// Rows of `data` picked by `indices`, summed (or averaged) per sorted segment id; segments without rows are 0.
    private static func segmentReduction(_ call: GraphOpCall, mean: Bool) throws(ExecutionError) -> Tensor {
        let data = try call.input(0), indices = try call.integers(1), segments = try call.integers(2)
        guard !data.shape.isEmpty, indices.count == segments.count else {
            throw call.failure("needs data of rank 1 or more and as many segment ids as indices")
        }
        let rows = (segments.last ?? -1) + 1, columns = data.shape.dropFirst().reduce(1, *)
        guard rows >= 0, indices.isEmpty || rows > 0 else { throw call.failure("segment ids must be >= 0") }
        var shape = data.shape
        shape[0] = rows
        var values = [Float](repeating: 0, count: try call.elementCount(shape))
        var start = 0
        while start < indices.count {
            var end = start + 1
            while end < indices.count, segments[end] == segments[start] { end += 1 }
            let segment = segments[start]
            guard end == indices.count || segments[end] > segment else { throw call.failure("segment ids are not increasing") }
            guard segment >= 0, segment < rows else { throw call.failure("segment id \(segment) out of range [0, \(rows))") }
            for i in start..<end {
                guard indices[i] >= 0, indices[i] < data.shape[0] else {
                    throw call.failure("indices[\(i)] == \(indices[i]) out of range [0, \(data.shape[0]))")
                }
                for j in 0..<columns { values[segment * columns + j] += data.values[indices[i] * columns + j] }
            }
            if mean { for j in 0..<columns { values[segment * columns + j] /= Float(end - start) } }
            start = end
        }
        return Tensor(shape: shape, dtype: data.dtype, values: values)
    }

    /// Indices of a sparse tensor of dense shape `input 1` re-expressed for dense shape `input 2` (one -1 inferred).
    private static func reshape(_ call: GraphOpCall) throws(ExecutionError) -> [Tensor] {
        let indices = try call.input(0), inputShape = try call.integers(1), target = try call.integers(2)
        guard indices.shape.count == 2, indices.shape[1] == inputShape.count else {
            throw call.failure("indices \(indices.shape) do not match the input shape \(inputShape)")
        }
        let denseSize = try call.elementCount(inputShape)
        var shape = target
        guard target.filter({ $0 == -1 }).count <= 1, target.allSatisfy({ $0 >= -1 }) else { throw call.failure("invalid target shape \(target)") }
        if let unknown = target.firstIndex(of: -1) {
            let product = target.filter { $0 != -1 }.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            guard product > 0, denseSize % product == 0 else { throw call.failure("cannot infer dimension \(unknown) of \(target) for \(inputShape)") }
            shape[unknown] = denseSize / product
        }
        guard Tensor.elementCount(shape) == denseSize else { throw call.failure("input shape \(inputShape) and target \(shape) differ in size") }
        let inputStrides = Tensor.strides(inputShape), outputStrides = Tensor.strides(shape)
        var values: [Float] = []
        for row in 0..<indices.shape[0] {
            var id = 0
            for j in inputShape.indices {
                guard let index = indices.values[row * inputShape.count + j].int32 else { throw call.failure("indices must be integers") }
                id += index * inputStrides[j]
            }
            for stride in outputStrides {
                values.append(Float(id / max(stride, 1)))
                id %= max(stride, 1)
            }
        }
        return [Tensor(shape: [indices.shape[0], shape.count], dtype: .int32, values: values),
                Tensor(shape: [shape.count], dtype: .int32, values: shape.map(Float.init))]
    }

    /// A default value added for each empty row: output indices, values, the empty-row flags and where each input
    /// entry went.
    private static func fillEmptyRows(_ call: GraphOpCall) throws(ExecutionError) -> [Tensor] {
        try call.requireInputs(4)
        let indices = call.inputs[0], values = call.inputs[1], denseRows = try call.integers(2).first ?? 0, fill = try call.number(3)
        guard indices.shape.count == 2, values.shape == [indices.shape[0]], indices.shape[1] >= 1, denseRows >= 0 else {
            throw call.failure("needs [n, rank] indices, n values and a dense shape")
        }
        let (count, rank) = (indices.shape[0], indices.shape[1])
        guard denseRows > 0 else {
            guard count == 0 else { throw call.failure("received \(count) indices for an empty dense shape") }
            return [Tensor(shape: [0, rank], dtype: indices.dtype, values: []), Tensor(shape: [0], dtype: values.dtype, values: []),
                    Tensor(shape: [0], dtype: .bool, values: []), Tensor(shape: [0], dtype: .int32, values: [])]
        }
        var perRow = [Int](repeating: 0, count: try call.elementCount([denseRows])), ordered = true, last = 0
        for i in 0..<count {
            guard let row = indices.values[i * rank].int32, row >= 0, row < denseRows else {
                throw call.failure("indices[\(i), 0] = \(indices.values[i * rank]) is out of range [0, \(denseRows))")
            }
            perRow[row] += 1
            ordered = ordered && row >= last
            last = row
        }
        let empty = perRow.map { $0 == 0 }
        var offsets = perRow.map { max($0, 1) }
        for row in 1..<denseRows { offsets[row] += offsets[row - 1] }
        if !empty.contains(true), ordered {
            return [indices, values, Tensor(shape: [denseRows], dtype: .bool, values: empty.map { $0 ? 1 : 0 }),
                    Tensor(shape: [count], dtype: .int32, values: (0..<count).map(Float.init))]
        }
        let total = offsets[denseRows - 1]
        var outIndices = [Float](repeating: 0, count: total * rank), outValues = [Float](repeating: 0, count: total)
        var filled = [Int](repeating: 0, count: denseRows), reverse = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let row = Int(indices.values[i * rank]), target = (row == 0 ? 0 : offsets[row - 1]) + filled[row]
            filled[row] += 1
            for j in 0..<rank { outIndices[target * rank + j] = indices.values[i * rank + j] }
            outValues[target] = values.values[i]
            reverse[i] = Float(target)
        }
        for row in 0..<denseRows where filled[row] == 0 {
            let start = row == 0 ? 0 : offsets[row - 1]
            outIndices[start * rank] = Float(row)
            outValues[start] = Tensor.stored(Double(fill), as: values.dtype)
        }
        return [Tensor(shape: [total, rank], dtype: indices.dtype, values: outIndices), Tensor(shape: [total], dtype: values.dtype, values: outValues),
                Tensor(shape: [denseRows], dtype: .bool, values: empty.map { $0 ? 1 : 0 }), Tensor(shape: [count], dtype: .int32, values: reverse)]
    }
}
