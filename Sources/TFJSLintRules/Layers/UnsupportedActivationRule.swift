import TFJSLintCore

struct UnsupportedActivationRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-activation",
        category: .layers,
        defaultSeverity: .error,
        summary: "Activation names must be ones TF.js knows after camel-casing them.",
        rationale: """
            TF.js camel-cases every string in a layer config before looking an activation up, so `gelu_new` becomes `geluNew` and `leaky_relu` `leakyRelu`, neither of which it has; Keras 3 writes swish as `silu`, which TF.js calls `swish`. An unknown activation stops loading. Keras 3's `hard_silu` (MobileNetV3's hard_swish) has no TF.js activation, but an Activation layer of it in a functional model can be computed with TF.js layers (unsafe fix).
            """,
        tfjsError: "ValueError: Unknown activation: silu. ...",
        triggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "leaky_relu"}}]}}}}"#, at: ["/modelTopology/model_config/config/layers/0/config/activation"]),
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": {"class_name": "gelu_new", "config": {}}}}]}}}}"#, at: ["/modelTopology/model_config/config/layers/0/config/activation/class_name"]),
        ],
        nonTriggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "hard_sigmoid", "recurrent_activation": "relu_6"}}]}}}}"#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "leaky_relu"}}]}}"#),
                #"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "linear"}}, {"class_name": "LeakyReLU", "config": {"name": "d_leaky_relu", "trainable": true, "alpha": 0.2}}]}}"#,
                safety: .unsafe),
            // Keras 3's hard_silu in a functional model, with the call still in Keras 3's dict form.
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Activation", "config": {"name": "act", "activation": "hard_silu"}, "name": "act", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "keras_history": ["conv", 0, 0]}}], "kwargs": {}}]}, {"class_name": "Dense", "config": {"name": "d"}, "name": "d", "inbound_nodes": [[["act", 0, 0, {}]]]}]}}}"#),
                #"{"format": "layers-model", "modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Rescaling", "config": {"name": "act_hard_sigmoid_affine", "scale": 0.16666666666666666, "offset": 0.5}, "name": "act_hard_sigmoid_affine", "inbound_nodes": [[["conv", 0, 0, {}]]]}, {"class_name": "ReLU", "config": {"name": "act_hard_sigmoid", "max_value": 1}, "name": "act_hard_sigmoid", "inbound_nodes": [[["act_hard_sigmoid_affine", 0, 0, {}]]]}, {"class_name": "Multiply", "config": {"name": "act"}, "name": "act", "inbound_nodes": [[["conv", 0, 0, {}], ["act_hard_sigmoid", 0, 0, {}]]]}, {"class_name": "Dense", "config": {"name": "d"}, "name": "d", "inbound_nodes": [[["act", 0, 0, {}]]]}]}}}"#,
                safety: .unsafe),
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "silu"}}]}}}}"#),
                #"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "swish"}}]}}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        ConfigNameCheck(category: .activations, structuralFix: Self.structuralFix).findings(Self.self, in: context)
    }

    static func structuralFix(_ layer: LayerRecord, key: String, name: String, context: ModelContext) -> Fix? {
        leakyReLULayer(layer, key: key, name: name, context: context)
            ?? hardSiluLayers(layer, key: key, name: name, context: context)
    }

    /// Keras 3's hard_silu (its hard_swish) is x * relu6(x + 3) / 6, and relu6(x + 3) / 6 is TF.js's ReLU(max_value 1)
    /// after Rescaling(1/6, 0.5). In a functional model an Activation layer of it becomes those two layers and a
    /// Multiply with its input that keeps the layer's name (unsafe: three layers for one).
    static func hardSiluLayers(_ layer: LayerRecord, key: String, name: String, context: ModelContext) -> Fix? {
        guard key == "activation", name == "hardSilu" || name == "hardSwish", layer.className == "Activation",
            let model = context.model, context.available("Rescaling", in: .layers) != nil,
            let rewrite = FunctionalRewrite(layerAt: layer.pointer, in: model), let inputs = rewrite.inputs, inputs.count == 1
        else { return nil }
        let kept = rewrite.entry.name
        let affine = rewrite.unusedName("\(kept)_hard_sigmoid_affine")
        let gate = rewrite.unusedName("\(kept)_hard_sigmoid")
        let layers = [
            FunctionalRewrite.layer("Rescaling", affine, config: [("scale", .number(1.0 / 6.0)), ("offset", .number(0.5))], inputs: inputs),
            FunctionalRewrite.layer("ReLU", gate, config: [("max_value", .number(1))], inputs: [FunctionalRewrite.reference(affine)]),
            FunctionalRewrite.layer("Multiply", kept, config: [], inputs: inputs + [FunctionalRewrite.reference(gate)]),
        ]
        return Fix(
            "compute \"\(kept)\" as x * ReLU(max_value 1)(Rescaling(1/6, 0.5)(x)) with layers \"\(affine)\", \"\(gate)\" "
                + "and a Multiply", safety: .unsafe, edits: rewrite.replacing(with: layers))
    }

    /// Keras's leaky_relu activation (slope 0.2) is TF.js's LeakyReLU layer (alpha 0.2) after a linear activation.
    /// In a Sequential model that layer can be inserted right after; it changes the model's structure (unsafe).
    static func leakyReLULayer(_ layer: LayerRecord, key: String, name: String, context: ModelContext) -> Fix? {
        guard key == "activation", name == "leakyRelu", let list = layer.pointer.parent,
            let index = layer.pointer.lastToken.flatMap({ Int($0) }), let model = context.model
        else { return nil }
        // The layer must be an element of a Sequential's layer list: `.../config/layers/i` or `.../config/i`.
        let owner = list.lastToken == "layers" ? list.parent?.parent : list.parent
        guard let owner, model.document.resolve(owner)?["class_name"]?.string == "Sequential" else { return nil }
        let names = Set(LayerWalk.layers(in: model).map(\.name))
        var newName = "\(layer.name)_leaky_relu"
        var suffix = 1
        while names.contains(newName) {
            suffix += 1
            newName = "\(layer.name)_leaky_relu_\(suffix)"
        }
        let leaky = JSONTree.object([
            ("class_name", .string("LeakyReLU")),
            ("config", .object([("name", .string(newName)), ("trainable", .bool(true)), ("alpha", .number(0.2))])),
        ])
        return Fix(
            "use a linear activation followed by a LeakyReLU(alpha=0.2) layer \"\(newName)\"", safety: .unsafe, edits: [
                .replace(layer.configPointer.appending("activation"), with: .string("linear")),
                .insertElement(list, value: leaky, at: index + 1),
            ])
    }
}
