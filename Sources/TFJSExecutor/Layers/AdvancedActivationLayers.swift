import Foundation

/// TF.js 4.22's advanced activation layers (layers/advanced_activations.ts), with its readings of the config:
/// ReLU uses only `max_value` (not `negative_slope` or `threshold`), LeakyReLU only `alpha` (default 0.3, so Keras 3's
/// `negative_slope` is ignored), ELU refuses an alpha other than 1, Softmax's axis defaults to 1 and must be the
/// last axis unless several are given.
enum AdvancedActivationLayers {
    static let factories: [String: LayerFactory] = [
        "ReLU": { name, config, _ in
            let maxValue = config.double("max_value").map(Float.init)
            return ElementwiseLayer(name: name) { value in
                let positive = value < 0 ? 0 : value
                guard let maxValue else { return positive }
                return positive > maxValue ? maxValue : positive
            }
        },
        "LeakyReLU": { name, config, _ in
            let alpha = Float(config.double("alpha") ?? 0.3)
            return ElementwiseLayer(name: name) { $0 < 0 ? alpha * $0 : $0 }
        },
        "ELU": { name, config, _ in
            if let alpha = config.double("alpha"), alpha != 1 {
                throw ExecutionError("Non-default alpha value (\(alpha)) is not supported by the ELU layer yet.", ruleID: "unsupported-layer-config")
            }
            return ElementwiseLayer(name: name) { $0 >= 0 ? $0 : Foundation.exp($0) - 1 }
        },
        "ThresholdedReLU": { name, config, _ in
            let theta = Float(config.double("theta") ?? 1)
            return ElementwiseLayer(name: name) { $0 * ($0 > theta ? 1 : 0) }
        },
        "PReLU": { name, config, weights in try PReLULayer(name, config, weights) },
        "Softmax": { name, config, _ in try SoftmaxLayer(name, config) },
    ]
}

/// A layer that maps each element on its own.
struct ElementwiseLayer: Layer {
    let name: String
    let function: @Sendable (Float) -> Float

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try SpatialLayerSupport.single(inputs, name)
        return [Tensor(shape: x.shape, dtype: .float32, values: x.values.map(function))]
    }
}

/// x for x ≥ 0, alpha·x below, with a learned `alpha` shaped like the input without its batch axis and with
/// `shared_axes` (1-based, counting the batch axis as 0) set to 1.
struct PReLULayer: Layer {
    let name: String
    let sharedAxes: [Int]
    let alpha: Tensor

    init(_ name: String, _ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        self.name = name
        if let single = config.int("shared_axes") {
            sharedAxes = [single]
        } else if let list = config["shared_axes"]?.intArray {
            sharedAxes = list
        } else if config["shared_axes"] == nil {
            sharedAxes = []
        } else {
            throw ExecutionError("Expected sharedAxes to be a number or an array of numbers")
        }
        alpha = try weights.tensor("alpha")
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try SpatialLayerSupport.single(inputs, name)
        guard !x.shape.isEmpty else { throw ExecutionError("\(name): PReLU needs a batch axis") }
        var parameterShape = Array(x.shape.dropFirst())
        for axis in sharedAxes {
            guard axis >= 1, axis <= parameterShape.count else { throw ExecutionError("\(name): shared axis \(axis) is out of range for input \(x.shape)") }
            parameterShape[axis - 1] = 1
        }
        try SpatialLayerSupport.expect(alpha, parameterShape, "alpha", layer: name)
        let slope = try Elementwise.binary("Mul", x, alpha)
        return [Tensor(shape: x.shape, values: zip(x.values, slope.values).map { $0 < 0 ? $1 : $0 })]
    }
}

/// Softmax over one axis (which TF.js's softmax op accepts only as the last) or, for a list of several axes,
/// exp(x − logSumExp(x, axes)).
struct SoftmaxLayer: Layer {
    let name: String
    /// The axes as given (negative ones count from the end); one axis means the op, several the formula.
    let axes: [Int]

    init(_ name: String, _ config: LayerConfig) throws(ExecutionError) {
        self.name = name
        if let single = config.int("axis") {
            axes = [single]
        } else if let list = config["axis"]?.intArray, !list.isEmpty {
            axes = list
        } else if config["axis"] == nil {
            axes = [1]
        } else {
            throw ExecutionError("\(name): axis must be an int or a list of ints")
        }
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try SpatialLayerSupport.single(inputs, name)
        let rank = x.shape.count
        if axes.count == 1 {
            let dim = axes[0] == -1 ? rank - 1 : axes[0]
            guard dim == rank - 1 else {
                throw ExecutionError("Softmax along a non-last dimension is not yet supported. Logits was rank \(rank) and dim was \(dim)")
            }
            return [Reduction.softmax(x)]
        }
        let resolved = axes.map { $0 < 0 ? $0 + rank : $0 }
        for axis in resolved where axis < 0 || axis >= rank { throw ExecutionError("\(name): axis \(axis) is out of range for rank \(rank)") }
        let axesTensor = Tensor(shape: [resolved.count], dtype: .int32, values: resolved.map(Float.init))
        let top = try Reduction.run("Max", x, axes: axesTensor, keepDims: true)
        let shifted = try Elementwise.binary("Sub", x, top)
        let sum = try Reduction.run("Sum", Elementwise.unary("Exp", shifted), axes: axesTensor, keepDims: true)
        let logSumExp = try Elementwise.binary("Add", Elementwise.unary("Log", sum), top)
        return [Elementwise.unary("Exp", try Elementwise.binary("Sub", x, logSumExp))]
    }
}
