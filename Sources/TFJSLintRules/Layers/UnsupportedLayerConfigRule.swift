import TFJSLintCore

struct UnsupportedLayerConfigRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-layer-config",
        category: .layers,
        defaultSeverity: .error,
        summary: "Layer config values TF.js rejects when it builds the layer.",
        rationale: """
            Some layers TF.js has reject settings Keras writes by default: GRU with `reset_after: true` (the \
            default of tf_keras and Keras 3; layers/recurrent.ts), SeparableConv2D with non-null `kernel_*` fields \
            (tf_keras writes a kernel_initializer; layers/convolutional.ts), ELU with an alpha other than 1 \
            (layers/advanced_activations.ts), Conv1D with `padding: causal`, which fails when predict runs \
            (layers/convolutional.ts), and VarianceScaling with a mode or distribution outside \
            fanIn/fanOut/fanAvg and normal/uniform/truncatedNormal (initializers.ts). Each stops loading.
            """,
        tfjsError: "ValueError: GRUCell does not support reset_after parameter set to true.",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "GRU", "config": {"name": "g", "units": 2, "reset_after": true, "batch_input_shape": [null, 3, 2]}},
                  {"class_name": "ELU", "config": {"name": "e", "alpha": 0.5}},
                  {"class_name": "Conv1D", "config": {"name": "c", "filters": 1, "kernel_size": [2], "padding": "causal"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_in", "distribution": "untruncated_normal"}}}}
                ]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/config/reset_after",
                    "/modelTopology/model_config/config/layers/1/config/alpha",
                    "/modelTopology/model_config/config/layers/2/config/padding",
                    "/modelTopology/model_config/config/layers/3/config/kernel_initializer/config/distribution",
                ]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "GRU", "config": {"name": "g", "units": 2, "reset_after": false, "batch_input_shape": [null, 3, 2]}},
                  {"class_name": "ELU", "config": {"name": "e", "alpha": 1.0}},
                  {"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 1, "kernel_size": [1, 1], "kernel_initializer": null}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "kernel_initializer": {"class_name": "VarianceScaling", "config": {"mode": "fan_avg", "distribution": "truncated_normal"}}}}
                ]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 1, "kernel_size": [1, 1], "kernel_initializer": {"class_name": "GlorotUniform", "config": {}}, "kernel_regularizer": null}}]}}"#),
                #"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 1, "kernel_size": [1, 1], "kernel_initializer": null, "kernel_regularizer": null}}]}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) {
            guard let config = layer.config else { continue }
            let pointer = layer.configPointer
            switch PythonicNames.camelCase(layer.className) {
            case "GRU", "GRUCell":
                guard config["reset_after"]?.bool == true else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): reset_after is true; TF.js's GRUCell only implements reset_after=false "
                        + "and stops loading (\"GRUCell does not support reset_after parameter set to true.\"); retrain "
                        + "with reset_after=False, or convert to a graph model", at: pointer.appending("reset_after"),
                    subject: layer.name))
            case "SeparableConv2D":
                let fields = ["kernel_initializer", "kernel_regularizer", "kernel_constraint"].filter {
                    config[$0].map { !$0.isNull } ?? false
                }
                guard let first = fields.first else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): \(fields.joined(separator: ", ")) must be null; TF.js stops loading "
                        + "(\"Fields kernelInitializer, kernelRegularizer and kernelConstraint are invalid for "
                        + "SeparableConv2D.\"). SeparableConv2D has no `kernel` (only depthwise and pointwise ones), so "
                        + "nulling them changes nothing", at: pointer.appending(first), subject: layer.name,
                    fix: Fix("set \(fields.joined(separator: ", ")) to null",
                             edits: fields.map { .replace(pointer.appending($0), with: .null) })))
            case "ELU":
                guard let alpha = config["alpha"]?.number, alpha != 1 else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): alpha \(jsonNumber(alpha)) is not 1; TF.js's ELU layer only "
                        + "implements alpha 1 and stops loading (\"Non-default alpha value (\(jsonNumber(alpha))) is "
                        + "not supported by the ELU layer yet.\")", at: pointer.appending("alpha"), subject: layer.name))
            case "Conv1D":
                guard config["padding"]?.string == "causal" else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): padding \"causal\" is not implemented in TF.js; the model loads but "
                        + "predict fails (\"The support for CAUSAL padding mode in conv1dWithBias is not implemented "
                        + "yet.\"); left-pad the sequence by (kernel_size - 1) * dilation_rate steps and use \"valid\", or convert to a "
                        + "graph model",
                    at: pointer.appending("padding"), subject: layer.name))
            default:
                break
            }
            for member in config.members ?? [] where member.key.hasSuffix("_initializer") {
                findings.append(contentsOf: varianceScalingFindings(member.value, at: pointer.appending(member.key), layer, context))
            }
        }
        return findings
    }

    private static let modes: Set<String> = ["fanIn", "fanOut", "fanAvg"]
    private static let distributions: Set<String> = ["normal", "uniform", "truncatedNormal"]

    private func varianceScalingFindings(
        _ initializer: JSONNode, at pointer: JSONPointer, _ layer: LayerRecord, _ context: ModelContext
    ) -> [Finding] {
        guard initializer["class_name"]?.string == "VarianceScaling", let config = initializer["config"] else { return [] }
        var findings: [Finding] = []
        for (key, allowed, type) in [("mode", Self.modes, "FanMode"), ("distribution", Self.distributions, "Distribution")] {
            guard let written = config[key]?.string else { continue }
            let camel = PythonicNames.camelCase(written)
            guard !allowed.contains(camel) else { continue }
            findings.append(context.finding(
                Self.self, "\(layer.label): VarianceScaling \(key) \"\(written)\" (\"\(camel)\" to TF.js) is not one of "
                    + "\(allowed.sorted().joined(separator: ", ")); TF.js stops loading (\"\(camel) is not a valid \(type).\")",
                at: pointer.appending("config").appending(key), subject: layer.name))
        }
        return findings
    }
}

/// A number as JSON writes it (`0.5`, `2`).
func jsonNumber(_ value: Double) -> String {
    JSONTree.number(value).serialized(style: .compact)
}
