import TFJSLintCore

struct SemanticDriftRule: ModelRule {
    static let description = RuleDescription(
        id: "semantic-drift",
        category: .layers,
        defaultSeverity: .warning,
        summary: "Settings TF.js loads but computes differently from Keras.",
        rationale: """
            Some models load without error and give other outputs: TF.js's hard_sigmoid is Keras 2's \
            clip(0.2x + 0.5) while Keras 3 uses relu6(x + 3) / 6; TF.js's ReLU layer ignores `negative_slope` and \
            `threshold`; and TF.js applies weight constraints to the saved weights when it loads them, which changes \
            weights that lie outside the constraint (reported as info: trained weights normally satisfy it).
            """,
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"keras_version": "3.15.1", "model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "hard_sigmoid", "kernel_constraint": {"class_name": "NonNeg", "config": {}}}},
                  {"class_name": "ReLU", "config": {"name": "r", "negative_slope": 0.1, "threshold": 0.0}}
                ]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/config/activation",
                    "/modelTopology/model_config/config/layers/0/config/kernel_constraint",
                    "/modelTopology/model_config/config/layers/1/config/negative_slope",
                ]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"keras_version": "2.21.0", "model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "hard_sigmoid", "kernel_constraint": null}},
                  {"class_name": "ReLU", "config": {"name": "r", "negative_slope": 0.0, "threshold": 0.0, "max_value": 6}}
                ]}}}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let kerasMajor = LayerWalk.kerasMajorVersion(model)
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) where !ConfigNameCheck.containers.contains(layer.className) {
            let pointer = layer.configPointer
            for member in layer.config?.members ?? [] {
                if member.key == "activation" || member.key == "recurrent_activation",
                    let written = member.value.string ?? member.value["class_name"]?.string,
                    let entry = context.available(PythonicNames.camelCase(written), in: .activations),
                    let drift = entry.drift,
                    entry.driftFrom != "keras3" || (kerasMajor ?? 3) >= 3
                {
                    findings.append(context.finding(
                        Self.self, "\(layer.label): \(member.key) \"\(written)\" loads but computes differently: \(drift)",
                        at: pointer.appending(member.key), subject: layer.name))
                }
                if member.key.hasSuffix("_constraint"), !member.value.isNull {
                    findings.append(context.finding(
                        Self.self, "\(layer.label): TF.js applies \(member.key) to the saved weights when loading "
                            + "them (LayerVariable.write); weights outside the constraint are silently changed",
                        at: pointer.appending(member.key), subject: layer.name, severity: .info))
                }
            }
            if PythonicNames.camelCase(layer.className) == "ReLU" {
                for key in ["negative_slope", "threshold"] {
                    guard let value = layer.config?[key]?.number, value != 0 else { continue }
                    findings.append(context.finding(
                        Self.self, "\(layer.label): TF.js's ReLU ignores \(key) (\(jsonNumber(value))) and computes "
                            + "max(x, 0) (capped at max_value); Keras does not", at: pointer.appending(key), subject: layer.name))
                }
            }
        }
        return findings
    }
}
