import TFJSLintCore

/// A dimension of a weight shape: known from the layer config, or one that depends on the layer's input and
/// must only agree across the layer's weights (`in`).
enum WeightDimension: Equatable {
    case fixed(Int)
    case free(String)
    /// A free dimension times a factor from the config (DepthwiseConv2D's `in * depth_multiplier`).
    case scaled(String, Int)
}

/// A weight TF.js creates for a layer: `originalName` is `<layer name>/<weight>` (with the wrapper's scope).
struct ExpectedWeight {
    let originalName: String
    /// nil when the shape is not modelled (PReLU's alpha).
    let shape: [WeightDimension]?
    let layer: LayerRecord
    /// Weights of one layer share free dimensions; the key scopes them (wrapped layers get their own).
    let bindingScope: String
    /// `layer "td" (TimeDistributed(Dense))`, for messages.
    let label: String
}

/// The weights each common layer class creates in TF.js 4.22, in `layer.weights` order (trainable first), with
/// their shapes from the config. `nil` means the class is not modelled; an empty list means no weights.
enum LayerWeightTable {
    /// Classes that create no weights.
    static let weightless: Set<String> = [
        "InputLayer", "Dropout", "SpatialDropout1D", "Flatten", "Activation", "RepeatVector", "Reshape", "Permute",
        "Masking", "Cropping2D", "UpSampling2D", "ZeroPadding2D", "Add", "Multiply", "Average", "Maximum", "Minimum",
        "Concatenate", "Dot", "MaxPooling1D", "AveragePooling1D", "MaxPooling2D", "AveragePooling2D", "MaxPooling3D",
        "AveragePooling3D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D",
        "GlobalMaxPooling2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ReLU", "LeakyReLU", "ELU",
        "ThresholdedReLU", "Softmax", "Rescaling", "CenterCrop", "CategoryEncoding", "Resizing", "RandomWidth",
    ]

    /// Weight names and shapes of a layer class given its config, before scoping.
    static func weights(className: String, config: JSONNode) -> [(name: String, shape: [WeightDimension]?)]? {
        if weightless.contains(className) { return [] }
        let useBias = config["use_bias"]?.bool ?? true
        func units(_ key: String) -> Int? { config[key]?.int.flatMap { $0 > 0 ? $0 : nil } }
        func kernelSize(rank: Int) -> [Int]? {
            if let size = config["kernel_size"]?.int, size > 0 { return Array(repeating: size, count: rank) }
            guard let sizes = config["kernel_size"]?.intArray, sizes.count == rank, sizes.allSatisfy({ $0 > 0 }) else {
                return nil
            }
            return sizes
        }
        func bias(_ dimension: WeightDimension) -> [(name: String, shape: [WeightDimension]?)] {
            useBias ? [("bias", [dimension])] : []
        }
        switch className {
        case "Dense":
            guard let units = units("units") else { return nil }
            return [("kernel", [.free("in"), .fixed(units)])] + bias(.fixed(units))
        case "Conv1D", "Conv2D", "Conv3D":
            let rank = className == "Conv1D" ? 1 : className == "Conv2D" ? 2 : 3
            guard let filters = units("filters"), let size = kernelSize(rank: rank) else { return nil }
            return [("kernel", size.map(WeightDimension.fixed) + [.free("in"), .fixed(filters)])] + bias(.fixed(filters))
        case "Conv2DTranspose":
            guard let filters = units("filters"), let size = kernelSize(rank: 2) else { return nil }
            return [("kernel", size.map(WeightDimension.fixed) + [.fixed(filters), .free("in")])] + bias(.fixed(filters))
        case "DepthwiseConv2D":
            guard let size = kernelSize(rank: 2) else { return nil }
            let multiplier = units("depth_multiplier") ?? 1
            return [("depthwise_kernel", size.map(WeightDimension.fixed) + [.free("in"), .fixed(multiplier)])]
                + bias(.scaled("in", multiplier))
        case "SeparableConv2D":
            guard let filters = units("filters"), let size = kernelSize(rank: 2) else { return nil }
            let multiplier = units("depth_multiplier") ?? 1
            return [
                ("depthwise_kernel", size.map(WeightDimension.fixed) + [.free("in"), .fixed(multiplier)]),
                ("pointwise_kernel", [.fixed(1), .fixed(1), .scaled("in", multiplier), .fixed(filters)]),
            ] + bias(.fixed(filters))
        case "BatchNormalization":
            var list: [(name: String, shape: [WeightDimension]?)] = []
            if config["scale"]?.bool ?? true { list.append(("gamma", [.free("channels")])) }
            if config["center"]?.bool ?? true { list.append(("beta", [.free("channels")])) }
            return list + [("moving_mean", [.free("channels")]), ("moving_variance", [.free("channels")])]
        case "LayerNormalization":
            var list: [(name: String, shape: [WeightDimension]?)] = []
            if config["scale"]?.bool ?? true { list.append(("gamma", [.free("channels")])) }
            if config["center"]?.bool ?? true { list.append(("beta", [.free("channels")])) }
            return list
        case "Embedding":
            guard let inputDim = units("input_dim"), let outputDim = units("output_dim") else { return nil }
            return [("embeddings", [.fixed(inputDim), .fixed(outputDim)])]
        case "SimpleRNN", "GRU", "LSTM":
            guard let units = units("units") else { return nil }
            if className == "GRU", config["reset_after"]?.bool == true { return nil }
            let gates = className == "SimpleRNN" ? 1 : className == "GRU" ? 3 : 4
            let (width, overflow) = units.multipliedReportingOverflow(by: gates)
            guard !overflow else { return nil }
            return [("kernel", [.free("in"), .fixed(width)]), ("recurrent_kernel", [.fixed(units), .fixed(width)])]
                + bias(.fixed(width))
        case "PReLU":
            return [("alpha", nil)]
        default:
            return nil
        }
    }

    /// The TF.js weights of `layer` with their scoped names, or nil when the class is not modelled. Wrappers
    /// scope their inner layer: TimeDistributed as `<td>/`, Bidirectional as `<bi>/forward_<inner>/` and
    /// `<bi>/backward_<inner>/` (tfjs-layers wrappers.ts).
    static func expectedWeights(of layer: LayerRecord, innerPointer: JSONPointer) -> [ExpectedWeight]? {
        guard let config = layer.config else { return nil }
        let className = PythonicNames.camelCase(layer.className)
        func inner() -> (record: LayerRecord, weights: [(name: String, shape: [WeightDimension]?)])? {
            guard let node = config["layer"], let innerClass = node["class_name"]?.string, let innerConfig = node["config"]
            else { return nil }
            let record = LayerRecord(
                className: innerClass, name: innerConfig["name"]?.string ?? "?", config: innerConfig, pointer: innerPointer)
            guard let weights = weights(className: PythonicNames.camelCase(innerClass), config: innerConfig) else {
                return nil
            }
            return (record, weights)
        }
        switch className {
        case "TimeDistributed", "Bidirectional":
            guard let (record, list) = inner() else { return nil }
            let label = "layer \"\(layer.name)\" (\(layer.className)(\(record.className)))"
            let scopes = className == "TimeDistributed"
                ? [layer.name] : ["forward_", "backward_"].map { "\(layer.name)/\($0)\(record.name)" }
            return scopes.flatMap { scope in
                list.map {
                    ExpectedWeight(
                        originalName: "\(scope)/\($0.name)", shape: $0.shape, layer: record, bindingScope: scope, label: label)
                }
            }
        default:
            return weights(className: className, config: config)?.map {
                ExpectedWeight(
                    originalName: "\(layer.name)/\($0.name)", shape: $0.shape, layer: layer, bindingScope: layer.name,
                    label: layer.label)
            }
        }
    }
}
