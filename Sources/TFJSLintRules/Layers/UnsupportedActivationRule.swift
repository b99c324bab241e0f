import TFJSLintCore

struct UnsupportedActivationRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-activation",
        category: .layers,
        defaultSeverity: .error,
        summary: "Activation names must be ones TF.js knows after camel-casing them.",
        rationale: """
            TF.js camel-cases every string in a layer config before looking an activation up, so `gelu_new` becomes `geluNew` and `leaky_relu` `leakyRelu`, neither of which it has; Keras 3 writes swish as `silu`, which TF.js calls `swish`. An unknown activation stops loading.
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
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "silu"}}]}}}}"#),
                #"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "swish"}}]}}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        ConfigNameCheck(category: .activations, structuralFix: Self.leakyReLULayer).findings(Self.self, in: context)
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
