/// TF.js's transformation ops: dtype casts, shape changes, padding, space/batch/depth rearrangements, broadcasts.
enum TransformationKernels {
    static let kernels: [String: GraphKernel] = [
        "Cast": { call in
            let x = try call.input(0)
            guard let dtype = call.attributes.dtype("DstT") else { throw call.failure("cannot cast to the dtype DstT names") }
            return [Tensor(shape: x.shape, dtype: dtype, values: x.values.map { Tensor.stored(Double($0), as: dtype) })]
        },
        "ExpandDims": { call in
            let x = try call.input(0), axis = try call.integer(1), rank = x.shape.count
            guard axis <= rank, axis >= -(rank + 1) else { throw call.failure("axis \(axis) must be within [\(-(rank + 1)), \(rank)]") }
            var shape = x.shape
            shape.insert(1, at: axis < 0 ? rank + axis + 1 : axis)
            return [x.reshaped(shape)]
        },
        "Squeeze": { call in
            let x = try call.input(0)
            let listed = call.attributes.node?["axis"] != nil ? call.attributes.ints("axis") : call.attributes.ints("squeeze_dims")
            var axes: Set<Int> = []
            for axis in listed { axes.insert(try call.axis(axis, rank: x.shape.count)) }
            if let bad = axes.first(where: { x.shape[$0] != 1 }) {
                throw call.failure("can't squeeze axis \(bad) since its dim '\(x.shape[bad])' is not 1")
            }
            let kept = x.shape.indices.filter { axes.isEmpty ? x.shape[$0] != 1 : !axes.contains($0) }
            return [x.reshaped(kept.map { x.shape[$0] })]
        },
        "Reshape": { call in
            let x = try call.input(0), shape = try call.integers(1)
            guard shape.filter({ $0 == -1 }).count <= 1, shape.allSatisfy({ $0 >= -1 }) else { throw call.failure("cannot reshape to \(shape)") }
            return [try call.naming { () throws(ExecutionError) in try Shapes.reshape(x, call.inputs[1]) }]
        },
        "EnsureShape": { call in
            // TF.js reads the shape from a second input (TF keeps it in an attr), and -1 matches nothing.
            let x = try call.input(0), shape = try call.integers(1)
            guard x.shape == shape else { throw call.failure("shape of tensor \(x.shape) is not compatible with expected shape \(shape)") }
            return [x]
        },
        "Pad": { call in try pad(call, constant: Float(call.attributes.number("constant_value") ?? 0)) },
        "PadV2": { call in try pad(call, constant: try call.number(2)) },
        "MirrorPad": { call in [try mirrorPad(call)] },
        "SpaceToBatchND": { call in [try spaceToBatch(call)] },
        "BatchToSpaceND": { call in [try batchToSpace(call)] },
        "DepthToSpace": { call in [try depthToSpace(call)] },
        "BroadcastTo": { call in [try Broadcast.to(call, try call.input(0), try call.integers(1))] },
        "BroadcastArgs": { call in
            let a = try call.integers(0), b = try call.integers(1)
            guard let shape = Elementwise.broadcast(a, b) else { throw call.failure("shapes \(a) and \(b) are incompatible") }
            return [Tensor(shape: [shape.count], dtype: .int32, values: shape.map(Float.init))]
        },
    ]

    /// `[rank, 2]` paddings of input `index` as (before, after) pairs, one per dimension of `x`.
    static func pairs(_ call: GraphOpCall, _ index: Int, rank: Int) throws(ExecutionError) -> [(before: Int, after: Int)] {
        let flat = try call.integers(index)
        guard flat.count == rank * 2 else { throw call.failure("paddings of \(flat.count) values do not match rank \(rank)") }
        return (0..<rank).map { (flat[$0 * 2], flat[$0 * 2 + 1]) }
    }

    private static func pad(_ call: GraphOpCall, constant: Float) throws(ExecutionError) -> [Tensor] {
        let x = try call.input(0)
        _ = try call.elementCount(try pairs(call, 1, rank: x.shape.count).enumerated().map { x.shape[$0.offset] + $0.element.before + $0.element.after })
        return [try call.naming { () throws(ExecutionError) in try Shapes.pad(x, call.inputs[1], constant: constant) }]
    }

    /// Copies every output element from the input element `source` names (nil: `fill`).
    static func gather(_ call: GraphOpCall, _ x: Tensor, into shape: [Int], fill: Float = 0,
                       _ source: ([Int]) -> Int?) throws(ExecutionError) -> Tensor {
        let count = try call.elementCount(shape)
        var values = [Float](repeating: fill, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<count {
            if let from = source(index) { values[flat] = x.values[from] }
            Broadcast.increment(&index, in: shape)
        }
        return Tensor(shape: shape, dtype: x.dtype, values: values)
    }

    private static func mirrorPad(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), rank = x.shape.count, pads = try pairs(call, 1, rank: rank)
        let symmetric = call.attributes.string("mode") == "symmetric", offset = symmetric ? 1 : 0
        for (d, pad) in pads.enumerated() where pad.before < 0 || pad.after < 0 || max(pad.before, pad.after) > x.shape[d] - 1 + offset {
            throw call.failure("padding \(pad) of dimension \(d) must be in [0, \(x.shape[d] - 1 + offset)] for \(symmetric ? "symmetric" : "reflect") mode")
        }
        let shape = (0..<rank).map { x.shape[$0] + pads[$0].before + pads[$0].after }, strides = Tensor.strides(x.shape)
        return try gather(call, x, into: shape) { index in
            var from = 0
            for d in 0..<rank {
                var i = index[d] - pads[d].before
                if i < 0 { i = -i - offset } else if i >= x.shape[d] { i = 2 * x.shape[d] - 2 + offset - i }
                from += i * strides[d]
            }
            return from
        }
    }

    /// Block shape (input 1) and the (before, after) pairs of input 2 for the spatial dimensions after the batch.
    private static func blocks(_ call: GraphOpCall, _ x: Tensor) throws(ExecutionError) -> ([Int], [(before: Int, after: Int)]) {
        let block = try call.integers(1)
        guard !block.isEmpty, block.count < x.shape.count, block.allSatisfy({ $0 > 0 }) else {
            throw call.failure("block shape \(block) does not fit input \(x.shape)")
        }
        let pads = try pairs(call, 2, rank: block.count)
        guard pads.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else { throw call.failure("paddings or crops must not be negative") }
        return (block, pads)
    }

    private static func spaceToBatch(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), (block, pads) = try blocks(call, x), batch = x.shape[0], blockCount = block.reduce(1, *)
        var shape = x.shape
        shape[0] = batch * blockCount
        for (i, size) in block.enumerated() {
            let padded = x.shape[i + 1] + pads[i].before + pads[i].after
            guard padded % size == 0 else { throw call.failure("padded dimension \(i + 1) (\(padded)) is not a multiple of block size \(size)") }
            shape[i + 1] = padded / size
        }
        let strides = Tensor.strides(x.shape), blockStrides = Tensor.strides(block)
        return try gather(call, x, into: shape) { index in
            var offset = index[0] / max(batch, 1), from = (index[0] % max(batch, 1)) * strides[0]
            for i in block.indices {
                let position = index[i + 1] * block[i] + offset / blockStrides[i] - pads[i].before
                offset %= blockStrides[i]
                guard position >= 0, position < x.shape[i + 1] else { return nil }
                from += position * strides[i + 1]
            }
            for d in (block.count + 1)..<x.shape.count { from += index[d] * strides[d] }
            return from
        }
    }

    private static func batchToSpace(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), (block, crops) = try blocks(call, x), blockCount = block.reduce(1, *)
        guard x.shape[0] % blockCount == 0 else { throw call.failure("batch \(x.shape[0]) is not divisible by the block size product \(blockCount)") }
        var shape = x.shape
        shape[0] = x.shape[0] / blockCount
        for (i, size) in block.enumerated() {
            shape[i + 1] = x.shape[i + 1] * size - crops[i].before - crops[i].after
            guard shape[i + 1] >= 0 else { throw call.failure("crops \(crops[i]) exceed dimension \(i + 1)") }
        }
        let strides = Tensor.strides(x.shape), blockStrides = Tensor.strides(block), batch = shape[0]
        return try gather(call, x, into: shape) { index in
            var offset = 0, from = 0
            for i in block.indices {
                let position = index[i + 1] + crops[i].before
                offset += (position % block[i]) * blockStrides[i]
                from += (position / block[i]) * strides[i + 1]
            }
            from += (offset * batch + index[0]) * strides[0]
            for d in (block.count + 1)..<x.shape.count { from += index[d] * strides[d] }
            return from
        }
    }

    /// NHWC only: TF.js's cpu backend refuses NCHW.
    private static func depthToSpace(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), size = call.attributes.int("block_size") ?? 0
        guard (call.attributes.string("data_format") ?? "nhwc") == "nhwc" else {
            throw call.failure("only NHWC is supported on TF.js's cpu backend")
        }
        guard x.shape.count == 4, size > 1, size <= 1 << 16 else { throw call.failure("needs a rank-4 input and a block size above 1") }
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        guard c % (size * size) == 0 else { throw call.failure("depth \(c) is not divisible by the squared block size \(size * size)") }
        let depth = c / (size * size), strides = Tensor.strides(x.shape)
        return try gather(call, x, into: [n, h * size, w * size, depth]) { index in
            let source = ((index[1] % size) * size + index[2] % size) * depth + index[3]
            return index[0] * strides[0] + (index[1] / size) * strides[1] + (index[2] / size) * strides[2] + source
        }
    }
}
