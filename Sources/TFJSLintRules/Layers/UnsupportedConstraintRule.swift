import TFJSLintCore

struct UnsupportedConstraintRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-constraint",
        category: .layers,
        defaultSeverity: .error,
        summary: "Constraint names must be ones TF.js knows after camel-casing them.",
        rationale: """
            TF.js registers MaxNorm, MinMaxNorm, NonNeg and UnitNorm (and the strings max_norm, min_max_norm, non_neg, unit_norm); any other constraint class stops loading.
            """,
        tfjsError: "ValueError: Unknown constraint: X. ...",
        triggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_constraint": {"class_name": "RadialConstraint", "config": {}}}}]}}}}"#, at: ["/modelTopology/model_config/config/layers/0/config/kernel_constraint/class_name"]),
        ],
        nonTriggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}, "bias_constraint": "non_neg"}}]}}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        ConfigNameCheck(category: .constraints).findings(Self.self, in: context)
    }
}
