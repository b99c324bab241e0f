import TFJSLintCore

/// Config fields and input checks shared by the convolution, pooling, normalization and reshaping layers, read as
/// TF.js 4.22 reads them (`checkDataFormat`, `checkPaddingMode`, `normalizeArray`, `InputSpec`).
enum SpatialLayerSupport {
    enum DataFormat: Sendable { case channelsLast, channelsFirst }
    enum PaddingMode: Sendable { case valid, same, causal }

    /// `data_format`: absent means channelsLast; anything but the two formats fails as in `checkDataFormat`.
    static func dataFormat(_ config: LayerConfig) throws(ExecutionError) -> DataFormat {
        switch config.string("data_format") {
        case nil, "channelsLast": return .channelsLast
        case "channelsFirst": return .channelsFirst
        case let other?: throw ExecutionError("\(other) is not a valid DataFormat.  Valid values are channelsFirst,channelsLast")
        }
    }

    /// `padding`: absent means valid; `causal` is accepted here, the layers that cannot run it refuse it themselves.
    static func padding(_ config: LayerConfig) throws(ExecutionError) -> PaddingMode {
        switch config.string("padding") {
        case nil, "valid": return .valid
        case "same": return .same
        case "causal": return .causal
        case let other?: throw ExecutionError("\(other) is not a valid PaddingMode.  Valid values are valid,same,causal")
        }
    }

    /// An int or a list of exactly `rank` ints under `key` (`normalizeArray`); `fallback` when absent.
    static func ints(_ config: LayerConfig, _ key: String, rank: Int, fallback: Int? = nil) throws(ExecutionError) -> [Int] {
        guard let node = config[key] else {
            guard let fallback else { throw ExecutionError("required key '\(PythonicNames.camelCase(key))' not in config") }
            return Array(repeating: fallback, count: rank)
        }
        if let single = node.int { return Array(repeating: single, count: rank) }
        guard let values = node.intArray, values.count == rank else {
            throw ExecutionError("The \(PythonicNames.camelCase(key)) argument must be an integer or tuple of \(rank) integers.")
        }
        return values
    }

    /// Positive ints (`assertPositiveInteger`), below 2^24 so that window arithmetic cannot overflow.
    static func positive(_ values: [Int], _ key: String) throws(ExecutionError) -> [Int] {
        guard values.allSatisfy({ $0 > 0 && $0 < 1 << 24 }) else {
            throw ExecutionError("Expected \(PythonicNames.camelCase(key)) to be a positive integer, but got \(values).")
        }
        return values
    }

    /// The one input tensor of a layer, checked to have `rank` dimensions when given (TF.js's InputSpec `ndim`), to
    /// hold as many values as its shape says and to have axes whose product (zeros aside) stays below 2^40.
    static func single(_ inputs: [Tensor], _ name: String, rank: Int? = nil) throws(ExecutionError) -> Tensor {
        guard inputs.count == 1 else { throw ExecutionError("Layer \(name) expects 1 input, but it received \(inputs.count) input tensors.") }
        let x = inputs[0]
        if let rank, x.shape.count != rank {
            throw ExecutionError("Input 0 is incompatible with layer \(name): expected ndim=\(rank), found ndim=\(x.shape.count)")
        }
        guard Tensor.elementCount(x.shape) == x.values.count else {
            throw ExecutionError("input of \(name) has shape \(x.shape) but \(x.values.count) values")
        }
        // An empty tensor may claim huge axes; bound them so that products of axes cannot overflow later.
        guard let span = Tensor.elementCount(x.shape.map { max($0, 1) }), span <= 1 << 40 else {
            throw ExecutionError("input of \(name) has an absurd shape \(x.shape)")
        }
        return x
    }

    /// NC… → N…C.
    static func toChannelsLast(_ x: Tensor) -> Tensor {
        Shapes.transpose(x, [0] + Array(2..<x.shape.count) + [1])
    }

    /// N…C → NC….
    static func toChannelsFirst(_ x: Tensor) -> Tensor {
        Shapes.transpose(x, [0, x.shape.count - 1] + Array(1..<(x.shape.count - 1)))
    }

    /// Checks a weight's shape against the one the layer builds for its input (TF.js's load-time `Shape mismatch`).
    static func expect(_ weight: Tensor, _ shape: [Int], _ name: String, layer: String) throws(ExecutionError) {
        guard weight.shape == shape, Tensor.elementCount(weight.shape) == weight.values.count else {
            throw ExecutionError("Shape mismatch: \(shape) vs. \(weight.shape) for weight '\(layer)/\(name)'", ruleID: "weight-layer-mismatch")
        }
    }
}
