import TFJSLintCore

struct Keras3IOLayersRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-io-layers",
        category: .keras3,
        defaultSeverity: .error,
        summary: "A single model input or output must be written as a list of triples, `[[name, node, tensor]]`.",
        rationale: """
            TF.js reads a functional model's `input_layers` and `output_layers` as lists of `[layer name, node \
            index, tensor index]` triples. Keras 3 writes a single input or output flat, as `["x", 0, 0]`; TF.js \
            then takes the string "x" as the first triple, looks up a layer named "x"[0], and fails an assertion \
            whose message is empty. Nesting the flat triple in a list is what Keras 2 wrote.
            """,
        tfjsError: "AssertionError: ",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [],
                  "input_layers": ["inp", 0, 0], "output_layers": [["out", 0, 0]]}}}}
                """#, at: ["/modelTopology/model_config/config/input_layers"]),
            // A nested model's flat output_layers, and the outer model's.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": [], "input_layers": [["i", 0, 0]], "output_layers": ["o", 0, 0]}, "inbound_nodes": []}],
                  "input_layers": [["inp", 0, 0]], "output_layers": ["out", 0, 0]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/output_layers", "/modelTopology/model_config/config/output_layers"]),
            // `Model` is read the same way as `Functional`.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"class_name": "Model", "config": {"layers": [], "input_layers": ["a", 0, 0], "output_layers": ["b", 1, 0]}}}
                """#, at: ["/modelTopology/config/input_layers", "/modelTopology/config/output_layers"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [],
                  "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["out", 0, 0]]}}}}
                """#),
            // Sequential models have no input_layers / output_layers TF.js reads.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [], "output_layers": ["x", 0, 0]}}}}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [], "input_layers": [], "output_layers": []}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"modelTopology": {"class_name": "Functional", "config": {"layers": [], "input_layers": ["inp", 0, 0], "output_layers": ["out", 0, 0]}}}"#),
                #"{"modelTopology": {"class_name": "Functional", "config": {"layers": [], "input_layers": [["inp", 0, 0]], "output_layers": [["out", 0, 0]]}}}"#),
            // Pretty-printed files stay pretty-printed.
            CorrectionExample(
                RuleExample("{\n  \"modelTopology\": {\n    \"class_name\": \"Functional\",\n    \"config\": {\n      \"layers\": [],\n      \"input_layers\": [[\"a\", 0, 0]],\n      \"output_layers\": [\"out\", 0, 0]\n    }\n  }\n}"),
                "{\n  \"modelTopology\": {\n    \"class_name\": \"Functional\",\n    \"config\": {\n      \"layers\": [],\n      \"input_layers\": [[\"a\", 0, 0]],\n      \"output_layers\": [\n        [\"out\", 0, 0]\n      ]\n    }\n  }\n}"),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) where ["Functional", "Model"].contains(layer.className) {
            for key in ["input_layers", "output_layers"] {
                guard let list = layer.config?[key], let first = list.array?.first, let name = first.string else { continue }
                let pointer = layer.configPointer.appending(key)
                let text = model.document.sourceText(of: list)
                findings.append(context.finding(
                    Self.self,
                    "model \"\(layer.name)\" writes its \(key) flat, as \(Keras3Call.abbreviated(text)); TF.js reads each "
                        + "element as a [name, node, tensor] triple, takes the string \"\(name)\" for one, looks up a layer "
                        + "named \"\(name.prefix(1))\" and fails with an empty \"AssertionError: \"",
                    at: pointer, subject: layer.name,
                    fix: Fix("write \(key) of \"\(layer.name)\" as [\(text)]", edits: [
                        .replace(pointer, with: .array([.copy(of: list, in: model.document)]))
                    ])))
            }
        }
        return findings
    }
}
