import TFJSLintCore

struct Keras3NestedNodeIndexRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-nested-node-index",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Calls of a nested model must use node index 1, as Keras 2 wrote them.",
        rationale: """
            A model used as a layer has its own internal node 0, so in Keras 2 (and in TF.js, which follows \
            it) the outer call is node 1. Keras 3 numbers that call 0; TF.js then connects the outer graph to \
            the inner model's own input and cannot reach it.
            """,
        tfjsError: "Graph disconnected: cannot obtain value for tensor [object Object] at layer \"input_layer\".",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"keras_version": "3.15.1", "model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "name": "x", "config": {"name": "x", "batch_input_shape": [null, 2]}, "inbound_nodes": []},
                  {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["x", 0, 0, {}]]]},
                  {"class_name": "Dense", "name": "d", "config": {"name": "d"}, "inbound_nodes": [[["inner", 0, 0, {}]]]}],
                  "input_layers": [["x", 0, 0]], "output_layers": [["inner", 0, 0]]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/2/inbound_nodes/0/0/1", "/modelTopology/model_config/config/output_layers/0/1"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"keras_version": "2.15.0", "model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["x", 0, 0, {}]]]},
                  {"class_name": "Dense", "name": "d", "config": {"name": "d"}, "inbound_nodes": [[["inner", 1, 0, {}]]]}],
                  "output_layers": [["inner", 1, 0]]}}}}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"keras_version": "3.15.1", "model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "Dense", "name": "d", "config": {"name": "d"}, "inbound_nodes": [[["x", 0, 0, {}]]]}],
                  "output_layers": [["d", 0, 0]]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"keras_version": "3.15.1", "model_config": {"class_name": "Functional", "config": {"layers": [{"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["x", 0, 0, {}]]]}], "output_layers": [["inner", 0, 0]]}}}}
                    """#),
                #"""
                {"modelTopology": {"keras_version": "3.15.1", "model_config": {"class_name": "Functional", "config": {"layers": [{"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["x", 0, 0, {}]]]}], "output_layers": [["inner", 1, 0]]}}}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model, LayerWalk.kerasMajorVersion(model) == 3 else { return [] }
        var findings: [Finding] = []
        for container in LayerWalk.layers(in: model) where ["Functional", "Model"].contains(container.className) {
            guard let entries = container.config?["layers"]?.array else { continue }
            let nested = Set(entries.filter { Keras3WeightNamesRule.modelClasses.contains($0["class_name"]?.string ?? "") }
                .compactMap { $0["name"]?.string })
            guard !nested.isEmpty else { continue }
            var references: [(JSONNode, JSONPointer)] = []
            for (l, entry) in entries.enumerated() {
                let nodesPointer = container.configPointer.appending("layers").appending(l).appending("inbound_nodes")
                for (n, node) in (entry["inbound_nodes"]?.array ?? []).enumerated() {
                    for (r, reference) in (node.array ?? []).enumerated() {
                        references.append((reference, nodesPointer.appending(n).appending(r)))
                    }
                }
            }
            for (o, reference) in (container.config?["output_layers"]?.array ?? []).enumerated() {
                references.append((reference, container.configPointer.appending("output_layers").appending(o)))
            }
            for (reference, pointer) in references {
                guard let name = reference[0]?.string, nested.contains(name), reference[1]?.int == 0 else { continue }
                findings.append(context.finding(
                    Self.self,
                    "the call of nested model \"\(name)\" is node 0 as Keras 3 numbers it; TF.js (like Keras 2) numbers "
                        + "it 1 and fails: \"Graph disconnected\"",
                    at: pointer.appending(1), subject: name,
                    fix: Fix("use node index 1 for nested model \"\(name)\"", edits: [.replace(pointer.appending(1), with: .number(1))])))
            }
        }
        return findings
    }
}
