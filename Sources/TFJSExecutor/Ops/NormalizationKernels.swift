import Foundation

/// TF.js's normalization ops: batch norm (only its first output), LRN, softmax and log-softmax, Euclidean norm.
enum NormalizationKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        for op in ["FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"] {
            table[op] = { call in [try batchNorm(call)] }
        }
        table["LRN"] = { call in [try localResponseNormalization(call)] }
        table["Softmax"] = { call in [Reduction.softmax(try floatInput(call))] }
        table["LogSoftmax"] = { call in [try logSoftmax(call)] }
        table["EuclideanNorm"] = { call in
            let x = try floatInput(call), axes = try call.integers(1)
            // TF.js's norm takes one or two axes (or none: all of them).
            guard axes.count <= 2 else { throw call.failure("TF.js's norm accepts at most two axes, got \(axes)") }
            let keepDims = call.attributes.bool("keep_dims") ?? false
            let (groups, shape) = try ReductionKernels.reduce(call, x, axes: axes.isEmpty ? Array(x.shape.indices) : axes, keepDims: keepDims)
            return [Tensor(shape: shape, values: groups.map { Float($0.reduce(0) { $0 + $1 * $1 }.squareRoot()) })]
        }
        return table
    }()

    /// `offset + (x − mean) · scale / sqrt(variance + ε)` as TF.js's batchNorm computes it: each parameter is read
    /// cyclically along the flat input whatever its shape (so NCHW is normalized as if channels were last), an empty
    /// one gives NaN (tf_keras's LayerNormalization passes empty mean and variance with is_training, which TF.js
    /// ignores), and only the first output exists.
    private static func batchNorm(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        try call.requireInputs(5)
        let x = call.inputs[0], scale = call.inputs[1], offset = call.inputs[2], mean = call.inputs[3], variance = call.inputs[4]
        guard [variance, offset, scale].allSatisfy({ $0.shape.count == mean.shape.count }) else {
            throw call.failure("mean, variance, offset and scale must have equal ranks")
        }
        let epsilon = call.attributes.number("epsilon") ?? 0.001
        func value(_ parameter: Tensor, _ i: Int) -> Double {
            parameter.values.isEmpty ? .nan : Double(parameter.values[i % parameter.values.count])
        }
        return Tensor(shape: x.shape, values: x.values.indices.map { i in
            Float(value(offset, i) + (Double(x.values[i]) - value(mean, i)) * value(scale, i) / (value(variance, i) + epsilon).squareRoot())
        })
    }

    private static func localResponseNormalization(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0)
        guard x.shape.count == 4 else { throw call.failure("needs a rank-4 input, got \(x.shape)") }
        let radius = call.attributes.int("depth_radius") ?? 5, bias = call.attributes.number("bias") ?? 1
        let alpha = call.attributes.number("alpha") ?? 1, beta = call.attributes.number("beta") ?? 0.5
        guard radius >= 0 else { throw call.failure("depth_radius must be non-negative") }
        let depth = x.shape[3], reach = min(radius, depth)
        return Tensor(shape: x.shape, values: x.values.indices.map { i in
            let channel = i % depth, start = i - channel
            var sum = 0.0
            for c in max(0, channel - reach)...min(depth - 1, channel + reach) { sum += Double(x.values[start + c]) * Double(x.values[start + c]) }
            return Float(Double(x.values[i]) * Foundation.pow(bias + alpha * sum, -beta))
        })
    }

    /// `x − max − log Σ exp(x − max)` along the last axis.
    private static func logSoftmax(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try floatInput(call)
        guard let last = x.shape.last, last > 0 else { return x }
        var values = x.values
        for start in stride(from: 0, to: values.count, by: last) {
            let row = values[start..<(start + last)].map(Double.init)
            let top = row.max() ?? 0
            let sum = row.reduce(0) { $0 + Foundation.exp($1 - top) }
            for (k, value) in row.enumerated() {
                values[start + k] = Float(value - top - Foundation.log(sum))
            }
        }
        return Tensor(shape: x.shape, values: values)
    }

    /// Input 0, which TF.js requires to be float32 here.
    private static func floatInput(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0)
        guard x.dtype == .float32 else { throw call.failure("input must be a float32 tensor, but is \(x.dtype)") }
        return x
    }
}
