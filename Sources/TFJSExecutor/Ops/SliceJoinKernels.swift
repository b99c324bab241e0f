/// TF.js's slice and join ops: concat, gather(ND), reverse, (strided) slice, pack/unpack, tile, split, scatters.
enum SliceJoinKernels {
    static let kernels: [String: GraphKernel] = [
        "ConcatV2": { call in
            try call.requireInputs(2)
            return [try concat(call, Array(call.inputs.dropLast()), axis: try call.integer(call.inputs.count - 1))]
        },
        "Concat": { call in
            try call.requireInputs(2)
            return [try concat(call, Array(call.inputs.dropFirst()), axis: try call.integer(0))]
        },
        "Gather": { call in [try gather(call, axis: 0, batchDims: 0)] },
        "GatherV2": { call in [try gather(call, axis: try call.integer(2), batchDims: call.attributes.int("batch_dims") ?? 0)] },
        "GatherNd": { call in [try gatherND(call)] },
        "Reverse": { call in
            let x = try call.input(0), dims = try call.input(1).values
            return [try reverse(call, x, axes: dims.indices.filter { dims[$0] != 0 })]
        },
        "ReverseV2": { call in [try reverse(call, try call.input(0), axes: try call.integers(1))] },
        "Slice": { call in [try slice(call)] },
        "StridedSlice": { call in [try StridedSlice(call).run(try call.input(0))] },
        "Pack": { call in [try pack(call)] },
        "Unpack": { call in try unpack(call) },
        "Tile": { call in [try tile(call)] },
        "Split": { call in
            let x = try call.input(1), axis = try call.axis(try call.integer(0), rank: try call.input(1).shape.count)
            let parts = call.attributes.int("num_split") ?? 1
            guard parts > 0, parts <= max(x.shape[axis], 1), x.shape[axis] % parts == 0 else {
                throw call.failure("dimension \(x.shape[axis]) cannot be split into \(parts) equal parts")
            }
            return try split(call, x, axis: axis, sizes: .init(repeating: x.shape[axis] / parts, count: parts))
        },
        "SplitV": { call in
            let x = try call.input(0), axis = try call.axis(try call.integer(2), rank: try call.input(0).shape.count)
            var sizes = try call.integers(1)
            if let unknown = sizes.firstIndex(of: -1) { sizes[unknown] = x.shape[axis] - (sizes.reduce(0, +) + 1) }
            guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == x.shape[axis] else {
                throw call.failure("the sum of sizes \(sizes) must match the size of the axis dimension \(x.shape[axis])")
            }
            return try split(call, x, axis: axis, sizes: sizes)
        },
        "ScatterNd": { call in
            let indices = try call.input(0), updates = try call.input(1), shape = try call.integers(2)
            let zeros = Tensor(shape: shape, dtype: updates.dtype, values: .init(repeating: 0, count: try call.elementCount(shape)))
            return [try scatter(call, into: zeros, indices, updates, sum: true)]
        },
        "TensorScatterUpdate": { call in
            try call.requireInputs(3)
            return [try scatter(call, into: call.inputs[0], call.inputs[1], call.inputs[2], sum: false)]
        },
        "SparseToDense": { call in
            let indices = try call.input(0), shape = try call.integers(1), values = try call.input(2), fill = try call.number(3)
            let dense = Tensor(shape: shape, dtype: values.dtype, values: .init(repeating: fill, count: try call.elementCount(shape)))
            // Rank-0 and rank-1 indices hold one full index per value of a rank-1 output.
            let rows = indices.shape.count < 2 ? indices.reshaped([indices.values.count, 1]) : indices
            let count = rows.shape[0]
            let updates = values.values.count == 1 ? Tensor(shape: [count], dtype: values.dtype, values: .init(repeating: values.values[0], count: count)) : values
            return [try scatter(call, into: dense, rows, updates, sum: false)]
        },
    ]

    private static func concat(_ call: GraphOpCall, _ all: [Tensor], axis rawAxis: Int) throws(ExecutionError) -> Tensor {
        let tensors = Array(all.prefix(max(call.attributes.int("N") ?? 2, 0)))
        guard let first = tensors.first else { throw call.failure("pass at least one tensor to concat") }
        let rank = first.shape.count, axis = try call.axis(rawAxis, rank: max(rank, 1))
        guard rank > 0 else { throw call.failure("cannot concatenate scalars") }
        var shape = first.shape
        shape[axis] = 0
        for tensor in tensors {
            guard tensor.shape.count == rank, tensor.shape.indices.allSatisfy({ $0 == axis || tensor.shape[$0] == first.shape[$0] }) else {
                throw call.failure("shape \(tensor.shape) does not match \(first.shape) outside axis \(axis)")
            }
            shape[axis] += tensor.shape[axis]
        }
        var values: [Float] = []
        values.reserveCapacity(try call.elementCount(shape))
        let outer = first.shape[..<axis].reduce(1, *)
        for o in 0..<outer {
            for tensor in tensors {
                let block = tensor.shape[axis...].reduce(1, *)
                values.append(contentsOf: tensor.values[(o * block)..<((o + 1) * block)])
            }
        }
        return Tensor(shape: shape, dtype: tensors.map(\.dtype).reduce(first.dtype, Tensor.upcast), values: values)
    }

    private static func gather(_ call: GraphOpCall, axis rawAxis: Int, batchDims rawBatch: Int) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), indices = try call.input(1)
        let axis = try call.axis(rawAxis, rank: x.shape.count), batchDims = rawBatch < 0 ? rawBatch + indices.shape.count : rawBatch
        guard batchDims >= 0, batchDims <= axis, batchDims <= indices.shape.count,
              x.shape.prefix(batchDims) == indices.shape.prefix(batchDims) else {
            throw call.failure("batch_dims \(rawBatch) does not fit input \(x.shape), indices \(indices.shape) and axis \(axis)")
        }
        let shape = Array(x.shape[..<axis]) + indices.shape[batchDims...] + x.shape[(axis + 1)...]
        let count = try call.elementCount(shape)
        let batches = x.shape[..<batchDims].reduce(1, *), outer = x.shape[batchDims..<axis].reduce(1, *)
        let size = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *), perBatch = indices.shape[batchDims...].reduce(1, *)
        var values: [Float] = []
        values.reserveCapacity(count)
        for b in 0..<batches {
            for o in 0..<outer {
                for i in 0..<perBatch {
                    let value = indices.values[b * perBatch + i]
                    guard let index = value.int32, index >= 0, index < size else { throw call.failure("the index value \(value) is not in [0, \(size - 1)]") }
                    let start = ((b * outer + o) * size + index) * inner
                    values.append(contentsOf: x.values[start..<(start + inner)])
                }
            }
        }
        return Tensor(shape: shape, dtype: x.dtype, values: values)
    }

    /// Flat offsets (in slices of `x.shape[depth...]`) that the rows of `indices` name; TF.js checks only that the
    /// flattened offset lies inside `x`.
    private static func offsets(_ call: GraphOpCall, _ indices: Tensor, into shape: [Int]) throws(ExecutionError) -> (offsets: [Int], depth: Int) {
        guard let depth = indices.shape.last, depth <= shape.count, indices.shape.count >= 1 else {
            throw call.failure("indices \(indices.shape) do not index into \(shape)")
        }
        let strides = Tensor.strides(Array(shape.prefix(depth))), limit = shape.prefix(depth).reduce(1, *)
        let rows = depth == 0 ? indices.shape.dropLast().reduce(1, *) : indices.values.count / depth
        var result: [Int] = []
        for row in 0..<rows {
            var offset = 0
            for d in 0..<depth {
                guard let index = indices.values[row * depth + d].int32 else { throw call.failure("index \(indices.values[row * depth + d]) is not an integer") }
                offset += index * strides[d]
            }
            guard offset >= 0, offset < max(limit, 1) else { throw call.failure("invalid indices: row \(row) does not index into \(shape)") }
            result.append(offset)
        }
        return (result, depth)
    }

    private static func gatherND(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), indices = try call.input(1)
        let (offsets, depth) = try offsets(call, indices, into: x.shape)
        let inner = x.shape[depth...].reduce(1, *), shape = Array(indices.shape.dropLast()) + x.shape[depth...]
        _ = try call.elementCount(shape)
        return Tensor(shape: shape, dtype: x.dtype, values: offsets.flatMap { x.values[($0 * inner)..<(($0 + 1) * inner)] })
    }

    private static func scatter(_ call: GraphOpCall, into base: Tensor, _ indices: Tensor, _ updates: Tensor, sum: Bool) throws(ExecutionError) -> Tensor {
        let (offsets, depth) = try offsets(call, indices, into: base.shape)
        let inner = base.shape[depth...].reduce(1, *)
        guard updates.values.count == offsets.count * inner else {
            throw call.failure("updates \(updates.shape) do not match \(offsets.count) slices of \(inner) elements")
        }
        var result = base
        for (row, offset) in offsets.enumerated() {
            for j in 0..<inner {
                let value = updates.values[row * inner + j]
                result.values[offset * inner + j] = sum ? result.values[offset * inner + j] + value : value
            }
        }
        return result
    }

    private static func reverse(_ call: GraphOpCall, _ x: Tensor, axes raw: [Int]) throws(ExecutionError) -> Tensor {
        var axes: Set<Int> = []
        for axis in raw { axes.insert(try call.axis(axis, rank: x.shape.count)) }
        let strides = Tensor.strides(x.shape)
        return try TransformationKernels.gather(call, x, into: x.shape) { index in
            index.indices.reduce(0) { $0 + (axes.contains($1) ? x.shape[$1] - 1 - index[$1] : index[$1]) * strides[$1] }
        }
    }

    private static func slice(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), rank = x.shape.count
        var begin = try call.integers(1), size = try call.integers(2)
        guard begin.count <= rank, size.count <= rank else { throw call.failure("begin \(begin) or size \(size) is longer than rank \(rank)") }
        begin += [Int](repeating: 0, count: rank - begin.count)
        size += [Int](repeating: -1, count: rank - size.count)
        for d in 0..<rank {
            if size[d] == -1 { size[d] = x.shape[d] - begin[d] }
            guard begin[d] >= 0, size[d] >= 0, begin[d] + size[d] <= x.shape[d] else {
                throw call.failure("begin \(begin[d]) + size \(size[d]) would overflow dimension \(d) of \(x.shape)")
            }
        }
        let strides = Tensor.strides(x.shape)
        return try TransformationKernels.gather(call, x, into: size) { index in
            index.indices.reduce(0) { $0 + (index[$1] + begin[$1]) * strides[$1] }
        }
    }

    private static func pack(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        guard let first = call.inputs.first else { throw call.failure("needs at least one tensor") }
        // TF.js reshapes a tensor to the first one's shape when only their size-1 dimensions differ.
        let squeezed = first.shape.filter { $0 != 1 }
        var tensors: [Tensor] = []
        for tensor in call.inputs {
            guard tensor.shape == first.shape || tensor.shape.filter({ $0 != 1 }) == squeezed else {
                throw call.failure("the input tensors shape does not match")
            }
            guard tensor.dtype == first.dtype else { throw call.failure("all tensors passed to stack must have matching dtypes") }
            tensors.append(tensor.reshaped(first.shape))
        }
        let rank = first.shape.count, rawAxis = call.attributes.int("axis") ?? 0
        guard rawAxis <= rank, rawAxis >= -(rank + 1) else { throw call.failure("axis \(rawAxis) is out of range for rank \(rank + 1)") }
        let axis = rawAxis < 0 ? rawAxis + rank + 1 : rawAxis
        var shape = first.shape
        shape.insert(tensors.count, at: axis)
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[axis...].reduce(1, *)
        var values: [Float] = []
        values.reserveCapacity(try call.elementCount(shape))
        for o in 0..<outer { for tensor in tensors { values.append(contentsOf: tensor.values[(o * inner)..<((o + 1) * inner)]) } }
        return Tensor(shape: shape, dtype: first.dtype, values: values)
    }

    private static func unpack(_ call: GraphOpCall) throws(ExecutionError) -> [Tensor] {
        let x = try call.input(0)
        guard !x.shape.isEmpty else { throw call.failure("cannot unstack a scalar") }
        let axis = try call.axis(call.attributes.int("axis") ?? 0, rank: x.shape.count)
        var shape = x.shape
        shape.remove(at: axis)
        let strides = Tensor.strides(x.shape)
        return try (0..<x.shape[axis]).map { (position: Int) throws(ExecutionError) -> Tensor in
            try TransformationKernels.gather(call, x, into: shape) { index in
                var full = index
                full.insert(position, at: axis)
                return full.indices.reduce(0) { $0 + full[$1] * strides[$1] }
            }
        }
    }

    private static func tile(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), reps = try call.integers(1)
        guard reps.count == x.shape.count, reps.allSatisfy({ $0 >= 0 }) else {
            throw call.failure("reps \(reps) must have one non-negative value per dimension of \(x.shape)")
        }
        let shape = zip(x.shape, reps).map { $0 * $1 }, strides = Tensor.strides(x.shape)
        return try TransformationKernels.gather(call, x, into: shape) { index in
            index.indices.reduce(0) { $0 + (index[$1] % x.shape[$1]) * strides[$1] }
        }
    }

    private static func split(_ call: GraphOpCall, _ x: Tensor, axis: Int, sizes: [Int]) throws(ExecutionError) -> [Tensor] {
        let strides = Tensor.strides(x.shape)
        var start = 0, parts: [Tensor] = []
        for size in sizes {
            var shape = x.shape
            shape[axis] = size
            let begin = start
            parts.append(try TransformationKernels.gather(call, x, into: shape) { index in
                index.indices.reduce(0) { $0 + (index[$1] + ($1 == axis ? begin : 0)) * strides[$1] }
            })
            start += size
        }
        return parts
    }
}
