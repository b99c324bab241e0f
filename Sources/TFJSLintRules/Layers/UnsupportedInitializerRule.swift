import TFJSLintCore

struct UnsupportedInitializerRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-initializer",
        category: .layers,
        defaultSeverity: .error,
        summary: "Initializer names must be ones TF.js knows after camel-casing them.",
        rationale: """
            TF.js deserializes every initializer in a layer config even when saved weights replace its values. tf_keras and Keras 3 write LecunNormal / LecunUniform where TF.js spells LeCun, and the string `lecun_normal` camel-cases to `lecunNormal`, not TF.js's `leCunNormal`; unknown names stop loading.
            """,
        tfjsError: "ValueError: Unknown initializer: LecunNormal. ...",
        triggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_initializer": {"class_name": "LecunNormal", "config": {"seed": null}}, "bias_initializer": "lecun_uniform"}}]}}}}"#, at: ["/modelTopology/model_config/config/layers/0/config/kernel_initializer/class_name", "/modelTopology/model_config/config/layers/0/config/bias_initializer"]),
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_initializer": {"class_name": "STFT", "config": {}}}}]}}}}"#, at: ["/modelTopology/model_config/config/layers/0/config/kernel_initializer/class_name"]),
        ],
        nonTriggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": "zeros", "x_initializer": "he_normal"}}]}}}}"#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_initializer": {"class_name": "LecunNormal", "config": {}}, "bias_initializer": "lecun_uniform"}}]}}}}"#),
                #"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_initializer": {"class_name": "LeCunNormal", "config": {}}, "bias_initializer": "LeCunUniform"}}]}}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        ConfigNameCheck(category: .initializers).findings(Self.self, in: context)
    }
}
