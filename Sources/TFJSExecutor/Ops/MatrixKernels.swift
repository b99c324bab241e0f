/// TF.js's matrix ops: (fused) MatMul, batched MatMul with broadcast batch dimensions, Transpose, MatrixBandPart.
enum MatrixKernels {
    static let kernels: [String: GraphKernel] = [
        "MatMul": { call in
            try call.requireInputs(2)
            return [try call.naming { () throws(ExecutionError) in try MatrixOps.matMul(call.node, call.inputs, call.attributes) }]
        },
        "_FusedMatMul": { call in
            try call.requireInputs(2)
            try FusedOps.check(call, numArguments: call.inputs.count - 2)
            return [try call.naming { () throws(ExecutionError) in try MatrixOps.matMul(call.node, call.inputs, call.attributes) }]
        },
        "BatchMatMul": { call in [try batchMatMul(call)] },
        "BatchMatMulV2": { call in [try batchMatMul(call)] },
        "Transpose": { call in
            let x = try call.input(0), perm = try call.integers(1), rank = x.shape.count
            guard perm.count == rank, Set(perm) == Set(0..<rank) else { throw call.failure("perm \(perm) is not a permutation of rank \(rank)") }
            let strides = Tensor.strides(x.shape)
            return [try TransformationKernels.gather(call, x, into: perm.map { x.shape[$0] }) { index in
                index.indices.reduce(0) { $0 + index[$1] * strides[perm[$1]] }
            }]
        },
        "MatrixBandPart": { call in
            // TF.js's op mapper reads both band widths from input 1.
            let x = try call.input(0), lower = try call.integer(1), upper = lower
            guard x.shape.count >= 2 else { throw call.failure("needs a tensor of rank 2 or more") }
            let rows = x.shape[x.shape.count - 2], columns = x.shape[x.shape.count - 1]
            return [Tensor(shape: x.shape, dtype: x.dtype, values: x.values.indices.map { i in
                let row = (i / max(columns, 1)) % max(rows, 1), column = i % max(columns, 1)
                let inBand = (lower < 0 || row - column <= lower) && (upper < 0 || column - row <= upper)
                return inBand ? x.values[i] : 0
            })]
        },
    ]

    /// `a · b` over the last two axes, with `adj_x` / `adj_y` transposing them and the leading axes paired as TF.js does.
    private static func batchMatMul(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        try call.requireInputs(2)
        let (a, b) = (call.inputs[0], call.inputs[1])
        guard a.shape.count >= 2, b.shape.count >= 2 else { throw call.failure("needs inputs of rank 2 or more, got \(a.shape) and \(b.shape)") }
        let transposeA = call.attributes.bool("adj_x") ?? false, transposeB = call.attributes.bool("adj_y") ?? false
        let (aRows, aColumns) = (a.shape[a.shape.count - 2], a.shape[a.shape.count - 1])
        let (bRows, bColumns) = (b.shape[b.shape.count - 2], b.shape[b.shape.count - 1])
        let m = transposeA ? aColumns : aRows, k = transposeA ? aRows : aColumns
        let n = transposeB ? bRows : bColumns, k2 = transposeB ? bColumns : bRows
        guard k == k2 else { throw call.failure("inner dimensions \(k) and \(k2) of \(a.shape) and \(b.shape) differ") }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        guard let batch = Elementwise.broadcast(batchA, batchB) else { throw call.failure("batch dimensions \(batchA) and \(batchB) do not broadcast") }
        // TF.js pairs output batch p with batches p mod |batchA| and p mod |batchB| of the flattened inputs, and makes
        // max(|batchA|, |batchB|) batches: a malformed tensor when that is not the broadcast batch count.
        let countA = batchA.reduce(1, *), countB = batchB.reduce(1, *), batches = max(countA, countB)
        guard batches == batch.reduce(1, *), countA > 0, countB > 0 else {
            throw call.failure("TF.js cannot broadcast batch dimensions \(batchA) and \(batchB)")
        }
        var values = [Float](repeating: 0, count: try call.elementCount(batch + [m, n]))
        for p in 0..<batches {
            let offsetA = (p % countA) * aRows * aColumns, offsetB = (p % countB) * bRows * bColumns
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = 0
                    for r in 0..<k {
                        let left = a.values[offsetA + (transposeA ? r * aColumns + i : i * aColumns + r)]
                        sum += left * b.values[offsetB + (transposeB ? j * bColumns + r : r * bColumns + j)]
                    }
                    values[(p * m + i) * n + j] = sum
                }
            }
        }
        return Tensor(shape: batch + [m, n], dtype: Tensor.upcast(a.dtype, b.dtype), values: values)
    }
}

/// TF.js's rules for the extra arguments of `_FusedConv2D`, `FusedDepthwiseConv2dNative` and `_FusedMatMul`.
enum FusedOps {
    /// Fails as TF.js does when `num_args` disagrees with a BiasAdd (and Prelu) or the fusion is unsupported.
    static func check(_ call: GraphOpCall, numArguments: Int) throws(ExecutionError) {
        let ops = call.attributes.strings("fused_ops"), numArgs = call.attributes.int("num_args") ?? 0
        let extra = ops.first, activation = ops.count > 1 ? ops[1] : nil
        guard extra != "fusedbatchnorm" else { throw call.failure("fused ops with FusedBatchNorm are not supported by TF.js") }
        if extra == "biasadd" {
            let needed = activation == "prelu" ? 2 : 1
            guard numArgs == needed else { throw call.failure("BiasAdd\(needed == 2 ? " and Prelu" : "") needs \(needed) extra argument(s), num_args is \(numArgs)") }
        }
        guard numArguments >= (extra == "biasadd" ? 1 : 0) + (activation == "prelu" ? 1 : 0) else {
            throw call.failure("the node has \(numArguments) extra inputs, fewer than its fused ops read")
        }
        if let activation, !["relu", "relu6", "elu", "prelu", "leakyrelu", "sigmoid", "linear"].contains(activation) {
            throw call.failure("unknown fused activation \(activation)")
        }
    }
}
