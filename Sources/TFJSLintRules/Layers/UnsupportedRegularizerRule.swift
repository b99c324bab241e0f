import TFJSLintCore

struct UnsupportedRegularizerRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-regularizer",
        category: .layers,
        defaultSeverity: .error,
        summary: "Regularizers must be ones TF.js knows; only L1L2 is.",
        rationale: """
            TF.js registers only the L1L2 regularizer, but tf_keras and Keras 3 write regularizers.l2(...) as class `L2` (and l1 as `L1`). The regularizer only matters for training, yet TF.js deserializes it and stops loading. Dropping it (null) changes nothing at inference.
            """,
        tfjsError: "ValueError: Unknown regularizer: L2. ...",
        triggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}, "bias_regularizer": "l1"}}]}}}}"#, at: ["/modelTopology/model_config/config/layers/0/config/kernel_regularizer/class_name", "/modelTopology/model_config/config/layers/0/config/bias_regularizer"]),
        ],
        nonTriggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0, "l2": 0.01}}, "bias_regularizer": null}}]}}}}"#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}}}]}}}}"#),
                #"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_regularizer": null}}]}}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        ConfigNameCheck(category: .regularizers).findings(Self.self, in: context)
    }
}
