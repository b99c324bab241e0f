import Foundation

/// TF.js 4.22's normalization layers (layers/normalization.ts), in inference mode.
enum NormalizationLayers {
    static let factories: [String: LayerFactory] = [
        "BatchNormalization": { name, config, weights in try BatchNormalizationLayer(name, config, weights) },
        "LayerNormalization": { name, config, weights in try LayerNormalizationLayer(name, config, weights) },
    ]

    /// TF.js's batchNorm kernel: offset + (x − mean) · scale / √(variance + ε), each operand broadcast to `x`.
    static func normalize(_ x: Tensor, mean: Tensor, variance: Tensor, scale: Tensor?, offset: Tensor?, epsilon: Double) throws(ExecutionError) -> Tensor {
        let inverse = Tensor(shape: variance.shape, values: variance.values.map { Float(1 / (Double($0) + epsilon).squareRoot()) })
        var y = try Elementwise.binary("Mul", Elementwise.binary("Sub", x, mean), inverse)
        if let scale { y = try Elementwise.binary("Mul", y, scale) }
        if let offset { y = try Elementwise.binary("Add", y, offset) }
        return y
    }
}

/// BatchNormalization with the moving statistics. TF.js runs only inputs of rank 2 to 4, and reads `axis` as one
/// int (a one-element list such as tf_keras's `[3]` works through JavaScript's coercion when it is not negative).
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
            throw ExecutionError("\(name): TF.js cannot use axis \(config["axis"].map { "\($0.value)" } ?? "?") (it reads one int)")
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
        var broadcastShape = [Int](repeating: 1, count: rank)
        broadcastShape[resolved] = dim
        func broadcast(_ weight: Tensor?, _ weightName: String) throws(ExecutionError) -> Tensor? {
            guard let weight else { return nil }
            try SpatialLayerSupport.expect(weight, [dim], weightName, layer: name)
            return Tensor(shape: broadcastShape, values: weight.values)
        }
        let mean = try broadcast(movingMean, "moving_mean"), variance = try broadcast(movingVariance, "moving_variance")
        guard let mean, let variance else { return [x] }
        return [try NormalizationLayers.normalize(
            x, mean: mean, variance: variance, scale: broadcast(gamma, "gamma"), offset: broadcast(beta, "beta"), epsilon: epsilon)]
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
            throw ExecutionError("Expected axis to be an integer or an array of integers, but received \(config["axis"].map { "\($0.value)" } ?? "?")")
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
        func broadcast(_ weight: Tensor?, _ weightName: String) throws(ExecutionError) -> Tensor? {
            guard let weight else { return nil }
            try SpatialLayerSupport.expect(weight, resolved.map { x.shape[$0] }, weightName, layer: name)
            return Tensor(shape: broadcastShape, values: weight.values)
        }
        let axesTensor = Tensor(shape: [resolved.count], dtype: .int32, values: resolved.map(Float.init))
        let mean = try Reduction.run("Mean", x, axes: axesTensor, keepDims: true)
        let centered = try Elementwise.binary("Sub", x, mean)
        let variance = try Reduction.run("Mean", Elementwise.unary("Square", centered), axes: axesTensor, keepDims: true)
        return [try NormalizationLayers.normalize(
            x, mean: mean, variance: variance, scale: broadcast(gamma, "gamma"), offset: broadcast(beta, "beta"), epsilon: epsilon)]
    }
}
