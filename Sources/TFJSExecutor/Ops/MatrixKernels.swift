/// TF.js's matrix ops: (fused) MatMul, batched MatMul with broadcast batch dimensions, Einsum, Transpose,
/// MatrixBandPart.
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
            return [Shapes.transpose(x, perm)]
        },
        "Einsum": { call in [try einsum(call)] },
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

    /// Einsum with TF.js's limits: an arrow, at most two inputs, no ellipsis, no label twice in one input. Labels
    /// are compared after TF.js lower-cases the equation.
    private static func einsum(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        guard let equation = call.attributes.string("equation") else { throw call.failure("needs an equation") }
        let sides = equation.components(separatedBy: "->")
        guard sides.count == 2 else { throw call.failure("equation must contain exactly one arrow (\"->\")") }
        guard !equation.contains("...") else { throw call.failure("support for ellipsis notation in Einsum is not implemented in TF.js") }
        let terms = sides[0].split(separator: ",", omittingEmptySubsequences: false).map(Array.init), output = Array(sides[1])
        guard terms.count == call.inputs.count, terms.count <= 2 else {
            throw call.failure("the equation has \(terms.count) inputs, the node \(call.inputs.count); TF.js takes at most 2")
        }
        var sizes: [Character: Int] = [:]
        for (term, tensor) in zip(terms, call.inputs) {
            guard Set(term).count == term.count else { throw call.failure("duplicate axes in input component \(String(term))") }
            guard term.count == tensor.shape.count else { throw call.failure("input component \(String(term)) does not match shape \(tensor.shape)") }
            for (label, size) in zip(term, tensor.shape) {
                guard sizes[label, default: size] == size else { throw call.failure("dimension \(label) has sizes \(sizes[label]!) and \(size)") }
                sizes[label] = size
            }
        }
        guard output.allSatisfy({ sizes[$0] != nil }), Set(output).count == output.count else {
            throw call.failure("output subscripts \(String(output)) name labels not present in the inputs")
        }
        let summed = sizes.keys.filter { !output.contains($0) }.sorted(), labels = output + summed
        let shape = output.map { sizes[$0]! }, space = labels.map { sizes[$0]! }
        let count = try call.elementCount(shape), steps = try call.elementCount(space)
        let strides = zip(terms, call.inputs).map { term, tensor in
            let tensorStrides = Tensor.strides(tensor.shape)
            return labels.map { label in term.firstIndex(of: label).map { tensorStrides[$0] } ?? 0 }
        }
        var values = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: labels.count)
        let perOutput = max(steps / max(count, 1), 1)
        for step in 0..<steps {
            var product = 1.0
            for (tensor, tensorStrides) in zip(call.inputs, strides) {
                product *= Double(tensor.values[zip(index, tensorStrides).reduce(0) { $0 + $1.0 * $1.1 }])
            }
            values[step / perOutput] += product
            Broadcast.increment(&index, in: space)
        }
        let dtype = call.inputs.map(\.dtype).reduce(call.inputs.first?.dtype ?? .float32, Tensor.upcast)
        return Tensor(shape: shape, dtype: dtype, values: values.map { Tensor.stored($0, as: dtype) })
    }

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
