import TFJSLintCore

/// Rewrites of one layer of a functional model as several TF.js layers. The replacement keeps the layer's name on
/// its last layer, so every call that reads the layer's output is left as it is.
struct FunctionalRewrite {
    let entry: FunctionalEntry
    let entries: [FunctionalEntry]
    let listPointer: JSONPointer
    let model: ModelArtifact

    /// The rewrite context of the layer at `pointer` when it is an entry of a functional model's `layers`.
    init?(layerAt pointer: JSONPointer, in model: ModelArtifact) {
        guard let list = pointer.parent, list.lastToken == "layers", let config = list.parent, let container = config.parent,
            let containerNode = model.document.resolve(container),
            ["Functional", "Model"].contains(containerNode["class_name"]?.string ?? ""),
            let index = pointer.lastToken.flatMap({ Int($0) })
        else { return nil }
        let record = LayerRecord(
            className: containerNode["class_name"]?.string ?? "", name: "", config: containerNode["config"], pointer: container)
        entries = FunctionalModels.entries(of: record)
        guard let entry = entries.first(where: { $0.index == index }) else { return nil }
        self.entry = entry
        listPointer = list
        self.model = model
    }

    /// The inputs of the layer's only call as Keras 2 node inputs, from either form.
    var inputs: [JSONTree]? {
        guard let nodes = entry.node["inbound_nodes"]?.array, nodes.count == 1 else { return nil }
        if let call = Keras3Call(nodes[0], at: entry.inboundNodesPointer.appending(0)) {
            guard call.onlyTensors, call.tensorKeywords.isEmpty else { return nil }
            return call.tensors.map { $0.keras2Input(kwargs: .object([])) }
        }
        guard let inputs = nodes[0].array, !inputs.isEmpty else { return nil }
        return inputs.map { .copy(of: $0, in: model.document) }
    }

    /// `base` when no layer has that name, else `base_2`, `base_3`, ...
    func unusedName(_ base: String) -> String {
        let names = Set(entries.map(\.name))
        var name = base
        var suffix = 1
        while names.contains(name) {
            suffix += 1
            name = "\(base)_\(suffix)"
        }
        return name
    }

    static func layer(_ className: String, _ name: String, config: [(String, JSONTree)], inputs: [JSONTree]) -> JSONTree {
        .object([
            ("class_name", .string(className)),
            ("config", .object([("name", .string(name))] + config)),
            ("name", .string(name)),
            ("inbound_nodes", .array([.array(inputs)])),
        ])
    }

    /// Edits that put one to three layers, in order, where the entry is: one inserted before it, the entry
    /// replaced, one inserted after it (two insertions at one place would collide).
    func replacing(with layers: [JSONTree]) -> [JSONEdit] {
        let following = entry.index + 1 < entries.count ? entry.index + 1 : nil
        switch layers.count {
        case 1: return [.replace(entry.pointer, with: layers[0])]
        case 2: return [.insertElement(listPointer, value: layers[0], at: entry.index), .replace(entry.pointer, with: layers[1])]
        case 3:
            return [
                .insertElement(listPointer, value: layers[0], at: entry.index), .replace(entry.pointer, with: layers[1]),
                .insertElement(listPointer, value: layers[2], at: following),
            ]
        default: return []
        }
    }

    static func reference(_ name: String) -> JSONTree {
        .array([.string(name), .number(0), .number(0), .object([])])
    }

    /// The channel count of the layer's (channels-last) input: the shape Keras 3 wrote in the call, or found by
    /// walking back through layers that keep the channels to one that sets them.
    var inputChannels: Int? {
        guard let node = entry.node["inbound_nodes"]?[0] else { return nil }
        if let call = Keras3Call(node, at: .root), let tensor = call.tensors.first {
            if let last = node["args"]?[0]?["config"]?["shape"]?.array?.last?.int, last > 0 { return last }
            return channels(ofLayer: tensor.layer, depth: 0)
        }
        return node[0]?[0]?.string.flatMap { channels(ofLayer: $0, depth: 0) }
    }

    private static let channelKeeping: Set<String> = [
        "BatchNormalization", "LayerNormalization", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax",
        "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "Rescaling", "ZeroPadding2D", "Cropping2D",
        "MaxPooling2D", "AveragePooling2D", "UpSampling2D", "Add", "Multiply", "Maximum", "Minimum", "Average",
    ]

    private func channels(ofLayer name: String, depth: Int) -> Int? {
        guard depth < 256, let layer = entries.first(where: { $0.name == name }) else { return nil }
        let config = layer.node["config"]
        let node = layer.node["inbound_nodes"]?[0]
        let sourceName = node.flatMap { Keras3Call($0, at: .root)?.tensors.first?.layer } ?? node?[0]?[0]?.string
        switch layer.className {
        case "Conv2D", "Conv2DTranspose", "SeparableConv2D": return config?["filters"]?.int
        case "Dense": return config?["units"]?.int
        case "InputLayer":
            return (config?["batch_input_shape"] ?? config?["batch_shape"])?.array?.last?.int
        case "DepthwiseConv2D":
            guard let sourceName, let inner = channels(ofLayer: sourceName, depth: depth + 1) else { return nil }
            let (product, overflow) = inner.multipliedReportingOverflow(by: config?["depth_multiplier"]?.int ?? 1)
            return overflow ? nil : product
        case let className where Self.channelKeeping.contains(className):
            return sourceName.flatMap { channels(ofLayer: $0, depth: depth + 1) }
        default:
            return nil
        }
    }
}
