import TFJSLintCore

struct Keras3NestedNodeIndexRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-nested-node-index",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Calls of a nested model are numbered from 1 in TF.js (as in Keras 2); Keras 3 numbers them from 0.",
        rationale: """
            A Sequential or functional model used as a layer gets its own internal node 0 when TF.js builds it, \
            so the calls of the outer model are its nodes 1, 2, ...; Keras 2 wrote them so. Keras 3 numbers the \
            outer calls from 0, and TF.js then connects the outer graph to the nested model's own input, which \
            nothing feeds. Every reference to the nested model, in other layers' calls and in `output_layers`, \
            moves up by one.
            """,
        tfjsError: "Graph disconnected: cannot obtain value for tensor [object Object] at layer \"inner_in\".",
        triggering: [
            // Keras 3 dict-form calls and flat output_layers, as the converter writes them.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": []},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}], "kwargs": {"mask": null}}]},
                  {"class_name": "Dense", "name": "d", "config": {"name": "d", "trainable": true},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["inner", 0, 0]}}], "kwargs": {}}]}],
                  "input_layers": ["x", 0, 0], "output_layers": ["inner", 0, 0]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/1/inbound_nodes/0/args/0/config/keras_history/1"]),
            // Keras 2 list form after keras3-inbound-nodes, a nested Sequential called twice.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "Sequential", "name": "tower", "config": {"name": "tower", "layers": []}, "inbound_nodes": [[["a", 0, 0, {}]], [["b", 0, 0, {}]]]},
                  {"class_name": "Concatenate", "name": "j", "config": {"name": "j"}, "inbound_nodes": [[["tower", 0, 0, {}], ["tower", 1, 0, {}]]]}],
                  "output_layers": [["j", 0, 0], ["tower", 1, 0]]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/1/inbound_nodes/0/0/1"]),
        ],
        nonTriggering: [
            // Keras 2 numbering.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["x", 0, 0, {}]]]},
                  {"class_name": "Dense", "name": "d", "config": {"name": "d"}, "inbound_nodes": [[["inner", 1, 0, {}]]]}],
                  "output_layers": [["inner", 1, 0]]}}}}
                """#),
            // Node 0 of an ordinary layer is its first call.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "Dense", "name": "d", "config": {"name": "d"}, "inbound_nodes": [[["x", 0, 0, {}]]]}],
                  "output_layers": [["d", 0, 0]]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [{"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["x", 0, 0, {}]]]}, {"class_name": "Dense", "name": "d", "config": {"name": "d"}, "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["inner", 0, 0]}}], "kwargs": {}}]}], "output_layers": ["inner", 0, 0]}}}}
                    """#),
                #"""
                {"modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [{"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["x", 0, 0, {}]]]}, {"class_name": "Dense", "name": "d", "config": {"name": "d"}, "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["inner", 1, 0]}}], "kwargs": {}}]}], "output_layers": ["inner", 1, 0]}}}}
                """#),
            // Two calls: 0 and 1 become 1 and 2 together.
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Sequential", "name": "tower", "config": {"name": "tower", "layers": []}, "inbound_nodes": [[["a", 0, 0, {}]], [["b", 0, 0, {}]]]}, {"class_name": "Concatenate", "name": "j", "config": {"name": "j"}, "inbound_nodes": [[["tower", 0, 0, {}], ["tower", 1, 0, {}]]]}], "output_layers": [["j", 0, 0], ["tower", 1, 0]]}}}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Sequential", "name": "tower", "config": {"name": "tower", "layers": []}, "inbound_nodes": [[["a", 0, 0, {}]], [["b", 0, 0, {}]]]}, {"class_name": "Concatenate", "name": "j", "config": {"name": "j"}, "inbound_nodes": [[["tower", 1, 0, {}], ["tower", 2, 0, {}]]]}], "output_layers": [["j", 0, 0], ["tower", 2, 0]]}}}
                """#),
        ]
    )

    /// A reference to a layer's output: the node index, where it is, and who makes it.
    private struct Reference {
        let layer: String
        let nodeIndex: Int
        let indexPointer: JSONPointer
        let user: String
    }

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for container in FunctionalModels.all(in: model) {
            let entries = FunctionalModels.entries(of: container)
            let nested = Set(entries.filter { FunctionalModels.modelClasses.contains($0.className) }.map(\.name))
            guard !nested.isEmpty else { continue }
            let references = Self.references(in: container, entries: entries).filter { nested.contains($0.layer) }
            var reported: Set<String> = []
            for reference in references where reference.nodeIndex == 0 && reported.insert(reference.layer).inserted {
                let all = references.filter { $0.layer == reference.layer }
                let users = Array(Set(all.map(\.user))).sorted()
                let edits = all.compactMap { ref -> JSONEdit? in
                    let (next, overflow) = ref.nodeIndex.addingReportingOverflow(1)
                    return overflow ? nil : .replace(ref.indexPointer, with: .number(Double(next)))
                }
                findings.append(context.finding(
                    Self.self,
                    "nested model \"\(reference.layer)\" is referenced as node 0 (by \(users.joined(separator: ", "))), "
                        + "Keras 3's number for its first call; in TF.js, as in Keras 2, node 0 is the nested model's own "
                        + "input node and its calls are nodes 1, 2, ..., so loading fails: \"Graph disconnected: cannot "
                        + "obtain value for tensor ... at layer\" of its input",
                    at: reference.indexPointer, subject: reference.layer,
                    fix: edits.count == all.count
                        ? Fix("number the \(all.count) reference(s) to nested model \"\(reference.layer)\" from 1", edits: edits)
                        : nil))
            }
        }
        return findings
    }

    /// Every reference in the container: other layers' calls (dict or list form) and `output_layers` (flat or nested).
    private static func references(in container: LayerRecord, entries: [FunctionalEntry]) -> [Reference] {
        var references: [Reference] = []
        for entry in entries {
            for (n, node) in (entry.node["inbound_nodes"]?.array ?? []).enumerated() {
                let nodePointer = entry.inboundNodesPointer.appending(n)
                if let call = Keras3Call(node, at: nodePointer) {
                    for tensor in call.tensors {
                        references.append(Reference(
                            layer: tensor.layer, nodeIndex: tensor.nodeIndex, indexPointer: tensor.historyPointer.appending(1),
                            user: "\"\(entry.name)\""))
                    }
                    continue
                }
                for (r, input) in (node.array ?? []).enumerated() {
                    guard let layer = input[0]?.string, let index = input[1]?.int else { continue }
                    references.append(Reference(
                        layer: layer, nodeIndex: index, indexPointer: nodePointer.appending(r).appending(1), user: "\"\(entry.name)\""))
                }
            }
        }
        let outputsPointer = container.configPointer.appending("output_layers")
        if let outputs = container.config?["output_layers"]?.array {
            if let layer = outputs.first?.string, let index = outputs.dropFirst().first?.int {
                references.append(Reference(layer: layer, nodeIndex: index, indexPointer: outputsPointer.appending(1), user: "output_layers"))
            }
            for (o, output) in outputs.enumerated() {
                guard let layer = output[0]?.string, let index = output[1]?.int else { continue }
                references.append(Reference(
                    layer: layer, nodeIndex: index, indexPointer: outputsPointer.appending(o).appending(1), user: "output_layers"))
            }
        }
        return references
    }
}
