import TFJSLintCore

struct Keras3IOLayersRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-io-layers",
        category: .keras3,
        defaultSeverity: .error,
        summary: "A single model input or output must be written as a nested `[[name, node, tensor]]` list.",
        rationale: """
            TF.js reads `input_layers` / `output_layers` as a list of `[layer name, node index, tensor index]` \
            triples. Keras 3 writes a single input or output flat, as `["x", 0, 0]`; TF.js then takes the \
            string "x" as the triple, looks up a layer named "x"[0], and fails an assertion with an empty \
            message.
            """,
        tfjsError: "AssertionError: ",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [],
                  "input_layers": ["inp", 0, 0], "output_layers": [["out", 0, 0]]}}}}
                """#, at: ["/modelTopology/model_config/config/input_layers"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": [], "input_layers": [["i", 0, 0]], "output_layers": ["o", 0, 0]}, "inbound_nodes": []}],
                  "input_layers": [["inp", 0, 0]], "output_layers": ["out", 0, 0]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/output_layers", "/modelTopology/model_config/config/output_layers"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [],
                  "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["out", 0, 0]]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"modelTopology": {"class_name": "Functional", "config": {"layers": [], "input_layers": ["inp", 0, 0], "output_layers": ["out", 0, 0]}}}"#),
                #"{"modelTopology": {"class_name": "Functional", "config": {"layers": [], "input_layers": [["inp", 0, 0]], "output_layers": [["out", 0, 0]]}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) where ["Functional", "Model"].contains(layer.className) {
            for key in ["input_layers", "output_layers"] {
                guard let list = layer.config?[key], let first = list.array?.first, first.string != nil else { continue }
                let pointer = layer.configPointer.appending(key)
                findings.append(context.finding(
                    Self.self,
                    "model \"\(layer.name)\" writes \(key) flat as \(model.document.sourceText(of: list)); TF.js reads each "
                        + "element as a [name, node, tensor] triple and fails with an empty AssertionError",
                    at: pointer, subject: layer.name,
                    fix: Fix("nest \(key) as a list of triples", edits: [.replace(pointer, with: .array([.copy(of: list, in: model.document)]))])))
            }
        }
        return findings
    }
}
