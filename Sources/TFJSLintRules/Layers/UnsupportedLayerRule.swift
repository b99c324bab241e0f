import TFJSLintCore

struct UnsupportedLayerRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-layer",
        category: .layers,
        defaultSeverity: .error,
        summary: "Every layer class must be one TF.js registers, in the target version.",
        rationale: """
            tf.loadLayersModel looks each `class_name` up in TF.js's class registry; a Keras layer with no TF.js \
            class (Subtract, Normalization, Lambda, MultiHeadAttention, the random augmentation layers, ...) or a \
            class added after the target version (Rescaling 3.21, CenterCrop 4.1) stops loading. Keras 3 operations \
            serialized as layers (`module: keras.src.ops.*`) are left to the keras3 rules.
            """,
        tfjsError: "ValueError: Unknown layer: X. This may be due to one of the following reasons: ...",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 2]}},
                  {"class_name": "Subtract", "config": {"name": "s"}},
                  {"class_name": "TimeDistributed", "config": {"name": "t", "layer": {"class_name": "Lambda", "config": {"name": "l"}}}}
                ]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/1/class_name", "/modelTopology/model_config/config/layers/2/config/layer/class_name"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "i", "config": {"name": "i", "batch_input_shape": [null, 4, 4, 3]}, "inbound_nodes": []},
                  {"class_name": "Rescaling", "name": "r", "config": {"name": "r", "scale": 0.5, "offset": 0}, "inbound_nodes": [[["i", 0, 0, {}]]]},
                  {"class_name": "Absolute", "name": "abs", "module": "keras.src.ops.numpy", "config": {"name": "abs"}, "inbound_nodes": [[["r", 0, 0, {}]]]}
                ]}}}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) where !layer.isKeras3Operation {
            let className = PythonicNames.camelCase(layer.className)
            let pointer = layer.pointer.appending("class_name")
            if let entry = context.catalog.entry(className, in: .layers) {
                guard let since = entry.since, since > context.target else { continue }
                findings.append(context.finding(
                    Self.self, "\(layer.label): \(className) is only in TF.js \(since) and later; the target "
                        + "\(context.target) fails with \"Unknown layer: \(className)\"", at: pointer, subject: layer.name))
                continue
            }
            var message = "\(layer.label): TF.js \(context.target) has no layer class \"\(className)\" "
                + "(\"Unknown layer: \(className)\")"
            if let advice = context.catalog.missingEntry(className, in: .layers)?.instead { message += "; \(advice)" }
            findings.append(context.finding(Self.self, message, at: pointer, subject: layer.name))
        }
        return findings
    }
}
