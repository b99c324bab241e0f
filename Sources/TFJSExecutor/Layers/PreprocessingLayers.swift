import TFJSLintCore

/// TF.js 4.22's preprocessing layers (layers/preprocessing/). Rescaling works; CenterCrop, CategoryEncoding,
/// Resizing and RandomWidth are registered but broken in a model (their computeOutputShape overwrites the input
/// shape, drops the batch axis or returns −1), so they fail here with the error TF.js raises.
enum PreprocessingLayers {
    static let factories: [String: LayerFactory] = [
        "Rescaling": { name, config, _ in try RescalingLayer(name, config) },
        "CenterCrop": broken(
            "its computeOutputShape overwrites the input shape in place, so predict fails: Error when checking : expected "
                + "<input> to have shape [null,<height>,<width>,<channels>] but got array with shape <input shape>."),
        "CategoryEncoding": broken(
            "its computeOutputShape overwrites the input shape in place, so predict fails: Error when checking : expected "
                + "<input> to have shape [null,<num_tokens>] but got array with shape <input shape>."),
        "Resizing": broken(
            "its computeOutputShape drops the batch axis, so predict fails: Error in resizeBilinear: x must be rank 3 or 4, "
                + "but got rank 1."),
        "RandomWidth": broken(
            "its computeOutputShape returns a width of -1, so loading fails: Negative dimension size caused by adding layer "
                + "<name> with input shape <input shape>"),
    ]

    private static func broken(_ reason: String) -> LayerFactory {
        { name, config, _ in
            throw ExecutionError("\(config.className) '\(name)' is broken in TF.js 4.22: \(reason)", ruleID: "broken-layer")
        }
    }
}

/// x · scale + offset, in float32; `scale` and `offset` may be numbers or lists broadcast against the input.
struct RescalingLayer: Layer {
    let name: String
    let scale: Tensor
    let offset: Tensor

    init(_ name: String, _ config: LayerConfig) throws(ExecutionError) {
        self.name = name
        guard let scale = Self.operand(config["scale"]) else {
            throw ExecutionError("\(name): Rescaling needs a number or a list of numbers as scale")
        }
        self.scale = scale
        // TF.js keeps the offset only when it is truthy (`if (args.offset)`).
        offset = Self.operand(config["offset"]) ?? .scalar(0)
    }

    private static func operand(_ node: JSONNode?) -> Tensor? {
        if let number = node?.number { return .scalar(Float(number)) }
        guard let list = node?.array else { return nil }
        let numbers = list.compactMap(\.number)
        guard numbers.count == list.count, !numbers.isEmpty else { return nil }
        return Tensor(shape: [numbers.count], values: numbers.map(Float.init))
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var x = try SpatialLayerSupport.single(inputs, name)
        x.dtype = .float32
        return [try Elementwise.binary("Add", Elementwise.binary("Mul", x, scale), offset)]
    }
}
