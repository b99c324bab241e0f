import TFJSLintCore

struct BrokenLayerRule: ModelRule {
    static let description = RuleDescription(
        id: "broken-layer",
        category: .layers,
        defaultSeverity: .error,
        summary: "Layers TF.js registers but that fail inside a model.",
        rationale: """
            TF.js 4.22 has CategoryEncoding, Resizing, CenterCrop and RandomWidth classes, but their \
            computeOutputShape is wrong (it overwrites the input shape, drops the batch axis, or returns -1), so a \
            model containing them fails when it is built or when predict runs. The catalog records each bug and \
            TF.js's error.
            """,
        tfjsError: "Error in resizeBilinear: x must be rank 3 or 4, but got rank 1.",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "CenterCrop", "config": {"name": "c", "height": 4, "width": 4, "batch_input_shape": [null, 8, 8, 3]}}
                ]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/class_name"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Rescaling", "config": {"name": "r", "scale": 0.5, "offset": 0, "batch_input_shape": [null, 8, 8, 3]}}
                ]}}}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        return LayerWalk.layers(in: model).compactMap { layer in
            guard let entry = context.available(PythonicNames.camelCase(layer.className), in: .layers),
                let broken = entry.broken
            else { return nil }
            var message = "\(layer.label) is broken in TF.js \(context.target): \(broken)"
            if let error = entry.error { message += " (\"\(error)\")" }
            return context.finding(Self.self, message, at: layer.pointer.appending("class_name"), subject: layer.name)
        }
    }
}
