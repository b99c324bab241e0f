import TFJSLintCore

/// TF.js 4.22's convolution layers (layers/convolutional.ts, convolutional_depthwise.ts).
enum ConvolutionLayers {
    static let factories: [String: LayerFactory] = [
        "Conv1D": { name, config, weights in try ConvolutionLayer.make(name, config, weights, kind: .regular, rank: 1) },
        "Conv2D": { name, config, weights in try ConvolutionLayer.make(name, config, weights, kind: .regular, rank: 2) },
        "Conv3D": { name, config, weights in try ConvolutionLayer.make(name, config, weights, kind: .regular, rank: 3) },
        "Conv2DTranspose": { name, config, weights in try ConvolutionLayer.make(name, config, weights, kind: .transposed, rank: 2) },
        "Conv3DTranspose": { name, config, weights in try ConvolutionLayer.make(name, config, weights, kind: .transposed, rank: 3) },
        "SeparableConv2D": { name, config, weights in try ConvolutionLayer.make(name, config, weights, kind: .separable, rank: 2) },
        "DepthwiseConv2D": { name, config, weights in try ConvolutionLayer.make(name, config, weights, kind: .depthwise, rank: 2) },
    ]
}

/// A convolution layer as TF.js builds it. TF.js quirks kept: DepthwiseConv2D and the transposed layers ignore
/// `dilation_rate`; transposed layers ignore `output_padding` and size a VALID output `in·s + max(k − s, 0)`;
/// DepthwiseConv2D runs `causal` padding as VALID; Conv1D with channels_first leaves its output channels-last;
/// SeparableConv2D with channels_first adds its bias along axis 1 of the channels-last result.
struct ConvolutionLayer: Layer {
    enum Kind: Sendable { case regular, transposed, separable, depthwise }

    let name: String
    let kind: Kind
    let rank: Int
    let kernelSize: [Int]
    let strides: [Int]
    let dilations: [Int]
    let same: Bool
    let channelsFirst: Bool
    let activation: Activation
    /// Output channels; for DepthwiseConv2D, the depth multiplier.
    let filters: Int
    let depthMultiplier: Int
    let kernel: Tensor
    let pointwiseKernel: Tensor?
    let bias: Tensor?

    /// Reads the config and weights as TF.js's constructor and build do.
    static func make(_ name: String, _ config: LayerConfig, _ weights: LayerWeights, kind: Kind, rank: Int) throws(ExecutionError) -> ConvolutionLayer {
        typealias Support = SpatialLayerSupport
        let kernelSize = try Support.positive(Support.ints(config, "kernel_size", rank: rank), "kernel_size")
        let strides = try Support.positive(Support.ints(config, "strides", rank: rank, fallback: 1), "strides")
        let dilationRate = try Support.positive(Support.ints(config, "dilation_rate", rank: rank, fallback: 1), "dilation_rate")
        let padding = try Support.padding(config)
        let channelsFirst = try Support.dataFormat(config) == .channelsFirst
        let activation = try Activation(config)
        let filters: Int
        switch kind {
        case .regular, .separable, .transposed:
            guard let given = config.int("filters"), given > 0 else { throw filtersError(config) }
            filters = given
        case .depthwise:
            filters = 0
        }
        let depthMultiplier = kind == .depthwise || kind == .separable ? (config.int("depth_multiplier") ?? 1) : 1
        guard depthMultiplier > 0, depthMultiplier < 1 << 24 else {
            throw ExecutionError("\(name): depth_multiplier must be a positive int below 2^24")
        }
        if kind == .separable, config["kernel_initializer"] != nil || config["kernel_regularizer"] != nil || config["kernel_constraint"] != nil {
            throw ExecutionError(
                "Fields kernelInitializer, kernelRegularizer and kernelConstraint are invalid for SeparableConv2D. Use "
                    + "depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, pointwiseInitializer, "
                    + "pointwiseRegularizer and pointwiseConstraint instead.",
                ruleID: "unsupported-layer-config")
        }
        if padding == .causal {
            switch kind {
            case .regular:
                throw ExecutionError("The support for CAUSAL padding mode in conv1dWithBias is not implemented yet.", ruleID: "unsupported-layer-config")
            case .transposed, .separable:
                throw ExecutionError("\(name): padding 'causal' is not supported; TF.js supports only 'same' and 'valid' here")
            case .depthwise: break
            }
        }
        let same = padding == .same
        let dilations: [Int]
        switch kind {
        case .transposed, .depthwise:
            dilations = Array(repeating: 1, count: rank)
        case .regular, .separable:
            dilations = dilationRate
            if strides.contains(where: { $0 > 1 }), dilations.contains(where: { $0 > 1 }) {
                throw ExecutionError("Error in conv\(rank)D: Either strides or dilations must be 1. Got strides \(strides) and dilations '\(dilations)'")
            }
        }
        let useBias = config.bool("use_bias") ?? true
        let kernel: Tensor, pointwiseKernel: Tensor?
        switch kind {
        case .regular, .transposed:
            kernel = try weights.tensor("kernel")
            pointwiseKernel = nil
        case .depthwise:
            kernel = try weights.tensor("depthwise_kernel")
            pointwiseKernel = nil
        case .separable:
            kernel = try weights.tensor("depthwise_kernel")
            pointwiseKernel = try weights.tensor("pointwise_kernel")
        }
        let bias = useBias ? try weights.tensor("bias") : nil
        return ConvolutionLayer(
            name: name, kind: kind, rank: rank, kernelSize: kernelSize, strides: strides, dilations: dilations, same: same,
            channelsFirst: channelsFirst, activation: activation, filters: filters, depthMultiplier: depthMultiplier,
            kernel: kernel, pointwiseKernel: pointwiseKernel, bias: bias)
    }

    /// TF.js's error for a missing or non-positive `filters`.
    private static func filtersError(_ config: LayerConfig) -> ExecutionError {
        let shown = config.double("filters").map { "\($0)" } ?? "undefined"
        return ExecutionError("Convolution layer expected config.filters to be a 'number' > 0 but got \(shown)")
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        typealias Support = SpatialLayerSupport
        var x = try Support.single(inputs, name, rank: rank + 2)
        if channelsFirst { x = Support.toChannelsLast(x) }
        let channels = x.shape[rank + 1]
        var y: Tensor
        do {
            y = try convolve(x, channels: channels)
        } catch {
            throw ExecutionError("\(name): \(error.description)", ruleID: error.ruleID)
        }
        if let bias {
            let outChannels = kind == .depthwise ? channels * depthMultiplier : filters
            try Support.expect(bias, [outChannels], "bias", layer: name)
            if channelsFirst && kind == .separable {
                y = try Elementwise.binary("Add", y, Tensor(shape: [1, outChannels, 1, 1], values: bias.values))
            } else {
                y = try Elementwise.binary("Add", y, bias)
            }
        }
        y = activation.apply(y)
        if channelsFirst && !(kind == .regular && rank == 1) { y = Support.toChannelsFirst(y) }
        return [y]
    }

    private func convolve(_ x: Tensor, channels: Int) throws(ExecutionError) -> Tensor {
        typealias Support = SpatialLayerSupport
        switch kind {
        case .regular:
            try Support.expect(kernel, kernelSize + [channels, filters], "kernel", layer: name)
            switch rank {
            case 1:
                let window = Convolution.Window(strides: (1, strides[0]), dilations: (1, dilations[0]), padding: same ? .same : .valid)
                let x2 = Tensor(shape: [x.shape[0], 1, x.shape[1], channels], values: x.values)
                let k2 = Tensor(shape: [1] + kernel.shape, values: kernel.values)
                let y = try Convolution.conv2d(x2, k2, window)
                return Tensor(shape: [y.shape[0], y.shape[2], y.shape[3]], values: y.values)
            case 2:
                return try Convolution.conv2d(x, kernel, window2D)
            default:
                return try SpatialConvolution.convolve(x, kernel, strides: strides, dilations: dilations, padding: same ? .same : .valid)
            }
        case .transposed:
            try Support.expect(kernel, kernelSize + [filters, channels], "kernel", layer: name)
            var outputSpatial: [Int] = []
            for axis in 0..<rank {
                // An empty input may still claim a huge axis; kernel sizes and strides are below 2^24.
                let (size, overflow) = x.shape[axis + 1].multipliedReportingOverflow(by: strides[axis])
                guard !overflow, size < 1 << 48 else { throw ExecutionError("the output of input \(x.shape) would be too large") }
                outputSpatial.append(same ? size : size + max(kernelSize[axis] - strides[axis], 0))
            }
            return try SpatialConvolution.transposed(x, kernel, outputSpatial: outputSpatial, strides: strides, padding: same ? .same : .valid)
        case .depthwise:
            try Support.expect(kernel, kernelSize + [channels, depthMultiplier], "depthwise_kernel", layer: name)
            return try Convolution.depthwiseConv2d(x, kernel, window2D)
        case .separable:
            try Support.expect(kernel, kernelSize + [channels, depthMultiplier], "depthwise_kernel", layer: name)
            guard let pointwiseKernel else { throw ExecutionError("SeparableConv2D without a pointwise kernel") }
            try Support.expect(pointwiseKernel, [1, 1, channels * depthMultiplier, filters], "pointwise_kernel", layer: name)
            let depthwise = try Convolution.depthwiseConv2d(x, kernel, window2D)
            return try Convolution.conv2d(depthwise, pointwiseKernel, Convolution.Window())
        }
    }

    private var window2D: Convolution.Window {
        Convolution.Window(strides: (strides[0], strides[1]), dilations: (dilations[0], dilations[1]), padding: same ? .same : .valid)
    }
}
