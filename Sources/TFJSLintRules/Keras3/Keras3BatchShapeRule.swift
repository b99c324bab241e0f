import TFJSLintCore

struct Keras3BatchShapeRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-batch-shape",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Keras 3 InputLayers write `batch_shape`, which TF.js does not read.",
        rationale: """
            Keras 3 renamed InputLayer's `batch_input_shape` to `batch_shape`. TF.js 4.22 camel-cases it to \
            `batchShape`, ignores it, finds no input shape and refuses to build the layer, so every Keras 3 \
            layers model fails to load. Renaming the key back is exactly what Keras 2 wrote.
            """,
        tfjsError: "An InputLayer should be passed either a `batchInputShape` or an `inputShape`.",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_shape": [null, 6], "dtype": "float32", "name": "a"}, "inbound_nodes": []}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/batch_shape"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 6], "name": "a"}, "inbound_nodes": []}]}}}}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_shape": [null, 6], "batch_input_shape": [null, 6], "name": "a"}, "inbound_nodes": []}]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 8], "name": "x"}}]}}}"#),
                #"{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8], "name": "x"}}]}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        return LayerWalk.layers(in: model).compactMap { layer in
            guard layer.className == "InputLayer", let config = layer.config, let shape = config["batch_shape"],
                !["batch_input_shape", "batchInputShape", "input_shape", "inputShape"].contains(where: { config[$0] != nil })
            else { return nil }
            let pointer = layer.configPointer.appending("batch_shape")
            return context.finding(
                Self.self,
                "\(layer.label) gives its shape \(model.document.sourceText(of: shape)) as Keras 3's `batch_shape`, which "
                    + "TF.js ignores; it fails to load: \"An InputLayer should be passed either a `batchInputShape` or an `inputShape`.\"",
                at: pointer, subject: layer.name,
                fix: Fix("rename batch_shape to batch_input_shape", edits: [.renameKey(pointer, to: "batch_input_shape")]))
        }
    }
}
