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
                RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "silu"}}]}}}}"#),
                #"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "activation": "swish"}}]}}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        ConfigNameCheck(category: .activations).findings(Self.self, in: context)
    }
}
