import TFJSLintCore

/// TF.js's ConvLSTM2D (layers/convolutional_recurrent.ts): an LSTM whose matmuls are 2-D convolutions over
/// `[batch, time, rows, cols, channels]` (or `[batch, time, channels, rows, cols]` with channels_first).
enum ConvolutionalRecurrentLayers {
    static let factories: [String: LayerFactory] = [
        "ConvLSTM2D": { _, config, weights in try RecurrentLayers.recurrentLayer(config, weights) },
    ]
}

/// ConvLSTM2DCell: gates i, f, c, o from conv(x, W_g) + b_g + conv(h, U_g), the input convolution with the layer's
/// strides, padding and dilation, the recurrent one with stride 1 and SAME padding; states [h, c] are
/// `[batch, outRows, outCols, filters]` (channels_first: `[batch, filters, outRows, outCols]`, computed in NHWC).
struct ConvLSTM2DCell: RecurrentCell {
    let filters: Int
    let channelsFirst: Bool
    let activation: Activation
    let recurrentActivation: Activation
    let inputWindow: Convolution.Window
    let inputKernels: [Tensor]
    let recurrentKernels: [Tensor]
    let biases: [Tensor]?

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        let filters = try RecurrentLayers.positiveInteger(config, "filters")
        self.filters = filters
        activation = try RecurrentLayers.activation(config, "activation", fallback: .tanh)
        recurrentActivation = try RecurrentLayers.activation(config, "recurrent_activation", fallback: .hardSigmoid)
        let sensible = { (values: [Int]) in values.count == 2 && values.allSatisfy { $0 > 0 && $0 <= 1 << 16 } }
        guard let kernelSize = config.ints("kernel_size", rank: 2), sensible(kernelSize) else {
            throw ExecutionError("Expected kernelSize to be two positive integers")
        }
        let strides = config.ints("strides", rank: 2) ?? [1, 1], dilations = config.ints("dilation_rate", rank: 2) ?? [1, 1]
        guard sensible(strides), sensible(dilations) else {
            throw ExecutionError("Expected strides and dilationRate to be two positive integers")
        }
        guard strides == [1, 1] || dilations == [1, 1] else {
            throw ExecutionError("Error in conv2D: Either strides or dilations must be 1. "
                                 + "Got strides \(strides) and dilations '\(dilations)'")
        }
        let padding: Convolution.Padding
        switch config.string("padding") ?? "valid" {
        case "valid": padding = .valid
        case "same": padding = .same
        case let other: throw ExecutionError("conv2d does not support padding '\(other)' (ConvLSTM2D runs only valid and same)")
        }
        inputWindow = Convolution.Window(strides: (strides[0], strides[1]), dilations: (dilations[0], dilations[1]), padding: padding)
        switch config.string("data_format") ?? "channelsLast" {
        case "channelsLast": channelsFirst = false
        case "channelsFirst": channelsFirst = true
        case let format:
            throw ExecutionError("\(format) is not a valid DataFormat. Valid values are channelsFirst,channelsLast or null/undefined.")
        }

        let width = filters * 4
        let kernel = try weights.tensor("kernel")
        guard kernel.shape.count == 4, Array(kernel.shape[0..<2]) == kernelSize, kernel.shape[3] == width,
              Tensor.elementCount(kernel.shape) == kernel.values.count else {
            throw ExecutionError("Shape mismatch: \(kernelSize + [-1, width]) vs. \(kernel.shape) for weight '\(weights.scope)/kernel'",
                                 ruleID: "weight-layer-mismatch")
        }
        let recurrentKernel = try weights.tensor("recurrent_kernel", shape: kernelSize + [filters, width])
        let bias = (config.bool("use_bias") ?? true) ? try weights.tensor("bias", shape: [width]) : nil
        for tensor in [recurrentKernel] + (bias.map { [$0] } ?? []) where Tensor.elementCount(tensor.shape) != tensor.values.count {
            throw ExecutionError("a weight of '\(weights.scope)' has \(tensor.values.count) values for shape \(tensor.shape)")
        }
        inputKernels = (0..<4).map { Self.gate($0, of: kernel, filters: filters) }
        recurrentKernels = (0..<4).map { Self.gate($0, of: recurrentKernel, filters: filters) }
        biases = bias.map { bias in
            (0..<4).map { Tensor(shape: [filters], values: Array(bias.values[$0 * filters..<($0 + 1) * filters])) }
        }
    }

    /// The output channels `gate·filters ..< (gate+1)·filters` of an HWIO kernel.
    private static func gate(_ gate: Int, of kernel: Tensor, filters: Int) -> Tensor {
        let width = kernel.shape[3], rows = kernel.values.count / width
        var values: [Float] = []
        values.reserveCapacity(rows * filters)
        for row in 0..<rows { values.append(contentsOf: kernel.values[row * width + gate * filters..<row * width + (gate + 1) * filters]) }
        return Tensor(shape: Array(kernel.shape[0..<3]) + [filters], values: values)
    }

    var stateCount: Int { 2 }

    func initialStates(stepShape: [Int]) throws(ExecutionError) -> [Tensor] {
        guard stepShape.count == 4 else {
            throw ExecutionError("Input 0 is incompatible with the layer: expected ndim=5, found ndim=\(stepShape.count + 1)")
        }
        let (rowsIn, columnsIn) = channelsFirst ? (stepShape[2], stepShape[3]) : (stepShape[1], stepShape[2])
        guard let rows = inputWindow.output(size: rowsIn, kernel: inputKernels[0].shape[0], axis: 0),
              let columns = inputWindow.output(size: columnsIn, kernel: inputKernels[0].shape[1], axis: 1),
              let count = Tensor.elementCount([stepShape[0], rows.count, columns.count, filters]), count <= 1 << 28 else {
            throw ExecutionError("ConvLSTM2D's output for input \(stepShape) would be empty or too large")
        }
        let shape = channelsFirst ? [stepShape[0], filters, rows.count, columns.count] : [stepShape[0], rows.count, columns.count, filters]
        let zeros = Tensor(shape: shape, values: [Float](repeating: 0, count: count))
        return [zeros, zeros]
    }

    func step(_ input: Tensor, _ states: [Tensor]) throws(ExecutionError) -> (output: Tensor, states: [Tensor]) {
        let channels = input.shape.count == 4 ? input.shape[channelsFirst ? 1 : 3] : -1
        guard channels == inputKernels[0].shape[2] else {
            throw ExecutionError("Shape mismatch: input channels \(channels) vs. kernel \(inputKernels[0].shape)",
                                 ruleID: "weight-layer-mismatch")
        }
        let zeros = try initialStates(stepShape: input.shape)
        guard states.count == 2, states[0].shape == zeros[0].shape, states[1].shape == zeros[1].shape else {
            throw ExecutionError("ConvLSTM2DCell expects 2 states of shape \(zeros[0].shape)")
        }
        let x = channelsFirst ? Shapes.transpose(input, [0, 2, 3, 1]) : input
        let hPrevious = channelsFirst ? Shapes.transpose(states[0], [0, 2, 3, 1]) : states[0]
        let cPrevious = channelsFirst ? Shapes.transpose(states[1], [0, 2, 3, 1]) : states[1]
        let recurrentWindow = Convolution.Window(padding: .same)
        var gates: [Tensor] = []
        for gate in 0..<4 {
            var xGate = try Convolution.conv2d(x, inputKernels[gate], inputWindow)
            if let biases { xGate = RecurrentMath.addBias(xGate, biases[gate]) }
            gates.append(RecurrentMath.add(xGate, try Convolution.conv2d(hPrevious, recurrentKernels[gate], recurrentWindow)))
        }
        let i = recurrentActivation.apply(gates[0]), f = recurrentActivation.apply(gates[1])
        var c = RecurrentMath.combine(f, cPrevious, RecurrentMath.multiply(i, activation.apply(gates[2]))) { f, c, ic in f * c + ic }
        var h = RecurrentMath.multiply(recurrentActivation.apply(gates[3]), activation.apply(c))
        if channelsFirst {
            (h, c) = (Shapes.transpose(h, [0, 3, 1, 2]), Shapes.transpose(c, [0, 3, 1, 2]))
        }
        return (h, [h, c])
    }
}
