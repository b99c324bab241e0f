import TFJSLintCore

struct MissingInputShapeRule: ModelRule {
    static let description = RuleDescription(
        id: "missing-input-shape",
        category: .layers,
        defaultSeverity: .error,
        summary: "A layers model's inputs must carry a shape TF.js reads.",
        rationale: """
            TF.js builds a layers model from its input shapes: an InputLayer reads only `batch_input_shape` \
            or `input_shape` (with `batch_size`), and a Sequential model without an InputLayer needs one of \
            them on its first layer. Without them the model cannot be built and fails to load. (Keras 3's \
            `batch_shape` is reported by keras3-batch-shape, which can fix it.)
            """,
        tfjsError: "An InputLayer should be passed either a `batchInputShape` or an `inputShape`.",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"name": "a", "dtype": "float32"}, "inbound_nodes": []}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config"]),
            RuleExample(#"""
                {"modelTopology": {"class_name": "Sequential", "config": [
                  {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": null}}]}}
                """#, at: ["/modelTopology/config/0/config"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"name": "a", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
                  {"class_name": "InputLayer", "name": "b", "config": {"name": "b", "inputShape": [3]}, "inbound_nodes": []}]}}}}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 8]}}]}}}}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"name": "a", "batch_shape": [null, 4]}, "inbound_nodes": []}]}}}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) {
            if layer.className == "InputLayer", !hasShape(layer.config) {
                findings.append(context.finding(
                    Self.self,
                    "\(layer.label) has neither batch_input_shape nor input_shape; TF.js fails to load: "
                        + "\"An InputLayer should be passed either a `batchInputShape` or an `inputShape`.\"",
                    at: layer.configPointer, subject: layer.name))
            }
            if layer.className == "Sequential", let first = firstLayer(of: layer),
                first.node["class_name"]?.string != "InputLayer", !hasShape(first.node["config"])
            {
                findings.append(context.finding(
                    Self.self,
                    "the first layer of Sequential model \"\(layer.name)\" has no input shape; TF.js fails to load: "
                        + "\"The first layer in a Sequential model must get an `inputShape` or `batchInputShape` argument.\"",
                    at: first.pointer.appending("config"), subject: first.node["config"]?["name"]?.string))
            }
        }
        return findings
    }

    private func firstLayer(of sequential: LayerRecord) -> (node: JSONNode, pointer: JSONPointer)? {
        if let list = sequential.config?.array, let first = list.first {
            return (first, sequential.configPointer.appending(0))
        }
        guard let first = sequential.config?["layers"]?.array?.first else { return nil }
        return (first, sequential.configPointer.appending("layers").appending(0))
    }

    /// A non-null shape key TF.js reads, snake_case or camelCase; Keras 3's `batch_shape` is keras3-batch-shape's.
    private func hasShape(_ config: JSONNode?) -> Bool {
        ["batch_input_shape", "batchInputShape", "input_shape", "inputShape", "batch_shape", "batchShape"]
            .contains { key in config?[key].map { !$0.isNull } ?? false }
    }
}
