import Foundation

/// TF.js 4.22's normalization layers (layers/normalization.ts), in inference mode.
enum NormalizationLayers {
    static let factories: [String: LayerFactory] = [
        "BatchNormalization": { name, config, weights in try BatchNormalizationLayer(name, config, weights) },
        "LayerNormalization": { name, config, weights in try LayerNormalizationLayer(name, config, weights) },
    ]

    /// TF.js's cpu batchNorm kernel: offset + (x − mean) · scale / √(variance + ε) in double precision, where each
    /// operand is read at the flat index of `x` modulo its own length, not broadcast by shape. Operands of the
    /// size of the last axis therefore act per channel; a BatchNormalization over another axis cycles its
    /// statistics along the flat index, as TF.js does.
    static func normalize(_ x: Tensor, mean: [Float], variance: [Float], scale: [Float]?, offset: [Float]?, epsilon: Double) throws(ExecutionError) -> Tensor {
        let scale = scale ?? [1], offset = offset ?? [0]
        guard !mean.isEmpty, !variance.isEmpty, !scale.isEmpty, !offset.isEmpty else {
            throw ExecutionError("batchNorm needs non-empty mean, variance, scale and offset")
        }
        var values = [Float](repeating: 0, count: x.values.count)
        let period = [mean.count, variance.count, scale.count, offset.count].max() ?? 1
        if [mean.count, variance.count, scale.count, offset.count].allSatisfy({ period % $0 == 0 }) {
            // Every operand repeats with one period (per channel, usually): fold scale / √(variance + ε) once.
            let factors = (0..<period).map { Double(scale[$0 % scale.count]) / (Double(variance[$0 % variance.count]) + epsilon).squareRoot() }
            let shifts = (0..<period).map { Double(mean[$0 % mean.count]) }, offsets = (0..<period).map { Double(offset[$0 % offset.count]) }
            x.values.withUnsafeBufferPointer { input in
                values.withUnsafeMutableBufferPointer { output in
                    for start in stride(from: 0, to: input.count, by: period) {
                        for k in 0..<min(period, input.count - start) {
                            output[start + k] = Float(offsets[k] + (Double(input[start + k]) - shifts[k]) * factors[k])
                        }
                    }
                }
            }
            return Tensor(shape: x.shape, values: values)
        }
        for (i, value) in x.values.enumerated() {
            let centered = Double(value) - Double(mean[i % mean.count])
            let deviation = (Double(variance[i % variance.count]) + epsilon).squareRoot()
            values[i] = Float(Double(offset[i % offset.count]) + centered * Double(scale[i % scale.count]) / deviation)
        }
        return Tensor(shape: x.shape, values: values)
    }
}

/// BatchNormalization with the moving statistics. TF.js runs only inputs of rank 2 to 4, and reads `axis` as one
/// int (a one-element list such as tf_keras's `[3]` works through JavaScript's coercion when it is not negative).
/// For an axis other than the last, the cpu kernel misapplies the statistics (see `NormalizationLayers.normalize`).
struct BatchNormalizationLayer: Layer {
    let name: String
    let axis: Int
    let epsilon: Double
    let gamma: Tensor?
    let beta: Tensor?
    let movingMean: Tensor
    let movingVariance: Tensor

    init(_ name: String, _ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        self.name = name
        if let single = config.int("axis") {
            axis = single
        } else if let list = config["axis"]?.intArray, list.count == 1, list[0] >= 0 {
            axis = list[0]
        } else if config["axis"] == nil {
            axis = -1
        } else {
            throw ExecutionError("\(name): TF.js reads axis as one int (or a list of one int that is not negative)")
        }
        epsilon = config.double("epsilon") ?? 1e-3
        gamma = config.bool("scale") ?? true ? try weights.tensor("gamma") : nil
        beta = config.bool("center") ?? true ? try weights.tensor("beta") : nil
        movingMean = try weights.tensor("moving_mean")
        movingVariance = try weights.tensor("moving_variance")
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try SpatialLayerSupport.single(inputs, name)
        let rank = x.shape.count
        guard (2...4).contains(rank) else {
            throw ExecutionError("batchNormalization is not implemented for array of rank \(rank) yet")
        }
        let resolved = axis >= 0 ? axis : axis + rank
        guard resolved >= 0, resolved < rank else {
            throw ExecutionError("Axis \(resolved) of input tensor should have a defined dimension but the layer received an input with shape \(x.shape).")
        }
        let dim = x.shape[resolved]
        func checked(_ weight: Tensor?, _ weightName: String) throws(ExecutionError) -> [Float]? {
            guard let weight else { return nil }
            try SpatialLayerSupport.expect(weight, [dim], weightName, layer: name)
            return weight.values
        }
        let mean = try checked(movingMean, "moving_mean") ?? [], variance = try checked(movingVariance, "moving_variance") ?? []
        return [try NormalizationLayers.normalize(
            x, mean: mean, variance: variance, scale: checked(gamma, "gamma"), offset: checked(beta, "beta"), epsilon: epsilon)]
    }
}

/// LayerNormalization over `axis` (an int or a list), with `gamma` / `beta` shaped like those axes.
struct LayerNormalizationLayer: Layer {
    let name: String
    let axes: [Int]
    let epsilon: Double
    let gamma: Tensor?
    let beta: Tensor?

    init(_ name: String, _ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        self.name = name
        if let single = config.int("axis") {
            axes = [single]
        } else if let list = config["axis"]?.intArray {
            axes = list
        } else if config["axis"] == nil {
            axes = [-1]
        } else {
            throw ExecutionError("\(name): Expected axis to be an integer or an array of integers")
        }
        epsilon = config.double("epsilon") ?? 1e-3
        gamma = config.bool("scale") ?? true ? try weights.tensor("gamma") : nil
        beta = config.bool("center") ?? true ? try weights.tensor("beta") : nil
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try SpatialLayerSupport.single(inputs, name)
        let rank = x.shape.count
        let resolved = axes.map { $0 < 0 ? $0 + rank : $0 }
        for axis in resolved where axis < 0 || axis >= rank { throw ExecutionError("Invalid axis: \(axis)") }
        guard Set(resolved).count == resolved.count else { throw ExecutionError("Found duplicate axes in: \(resolved)") }
        var broadcastShape = [Int](repeating: 1, count: rank)
        for axis in resolved { broadcastShape[axis] = x.shape[axis] }
        // TF.js tiles every operand to the input's shape before its batchNorm kernel.
        let zeros = Tensor(shape: x.shape, values: [Float](repeating: 0, count: x.values.count))
        func tiled(_ weight: Tensor?, _ weightName: String) throws(ExecutionError) -> [Float]? {
            guard let weight else { return nil }
            try SpatialLayerSupport.expect(weight, resolved.map { x.shape[$0] }, weightName, layer: name)
            return try Elementwise.binary("Add", zeros, Tensor(shape: broadcastShape, values: weight.values)).values
        }
        let axesTensor = Tensor(shape: [resolved.count], dtype: .int32, values: resolved.map(Float.init))
        let mean = try Reduction.run("Mean", x, axes: axesTensor, keepDims: true)
        let centered = try Elementwise.binary("Sub", x, mean)
        let variance = try Reduction.run("Mean", Elementwise.unary("Square", centered), axes: axesTensor, keepDims: true)
        return [try NormalizationLayers.normalize(
            x, mean: Elementwise.binary("Add", zeros, mean).values, variance: Elementwise.binary("Add", zeros, variance).values,
            scale: tiled(gamma, "gamma"), offset: tiled(beta, "beta"), epsilon: epsilon)]
    }
}
