import TFJSLintCore

struct Keras3InboundNodesRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-inbound-nodes",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Keras 3 writes `inbound_nodes` as `{args, kwargs}` objects; TF.js needs Keras 2's nested lists.",
        rationale: """
            TF.js connects a functional model's layers from `inbound_nodes`, each node a list of \
            `[layer name, node index, tensor index, kwargs]`. Keras 3 writes each node as an object whose \
            `args` hold `__keras_tensor__` references (a nested list for multi-input layers such as \
            Concatenate), and TF.js rejects it. The same connections can be written in the Keras 2 form.
            """,
        tfjsError: "Corrupted configuration, expected array for nodeData: [object Object]",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["inp", 0, 0]}}], "kwargs": {}}]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/inbound_nodes"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "inp", "config": {"name": "inp"}, "inbound_nodes": []},
                  {"class_name": "Add", "name": "plus", "module": "keras.src.ops.numpy", "config": {"name": "plus"},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["inp", 0, 0]}}, 3.0], "kwargs": {}}]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/1/inbound_nodes"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2}, "inbound_nodes": [[["inp", 0, 0, {}]]]},
                  {"class_name": "InputLayer", "name": "inp", "config": {"name": "inp", "batch_input_shape": [null, 4]}, "inbound_nodes": []}]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Concatenate", "name": "j", "config": {"name": "j"}, "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 6], "keras_history": ["a", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"keras_history": ["b", 1, 2]}}]], "kwargs": {"mask": null}}]}]}}}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Concatenate", "name": "j", "config": {"name": "j"}, "inbound_nodes": [[["a", 0, 0, {"mask": null}], ["b", 1, 2, {"mask": null}]]]}]}}}
                """#),
        ]
    )

    /// One finding per model, at its first dict-form layer, with one fix for every layer it can rewrite.
    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for container in LayerWalk.layers(in: model) where ["Functional", "Model"].contains(container.className) {
            var offending: [(name: String, pointer: JSONPointer)] = []
            var edits: [JSONEdit] = []
            var unconvertible: [String] = []
            for (index, entry) in (container.config?["layers"]?.array ?? []).enumerated() {
                guard let nodes = entry["inbound_nodes"]?.array, nodes.contains(where: { $0.members != nil }) else { continue }
                let name = entry["name"]?.string ?? entry["config"]?["name"]?.string ?? "#\(index)"
                let pointer = container.configPointer.appending("layers").appending(index).appending("inbound_nodes")
                offending.append((name, pointer))
                let converted = nodes.map { convert($0, in: model.document) }
                if converted.contains(where: { $0 == nil }) {
                    unconvertible.append(name)
                } else {
                    edits.append(.replace(pointer, with: .array(converted.compactMap { $0 })))
                }
            }
            guard let first = offending.first else { continue }
            let names = MissingShardRule.list(offending.map(\.name))
            findings.append(context.finding(
                Self.self,
                "\(offending.count) layer(s) of model \"\(container.name)\" (\(names)) have Keras 3 dict-form inbound_nodes; "
                    + "TF.js fails to load: \"Corrupted configuration, expected array for nodeData: [object Object]\""
                    + (unconvertible.isEmpty ? "" : ". \(MissingShardRule.list(unconvertible)) call(s) with a non-tensor argument "
                        + "(keras.ops calls, see keras3-op-layer) cannot be rewritten as they are"),
                at: first.pointer, subject: container.name,
                fix: edits.isEmpty ? nil : Fix("rewrite inbound_nodes of \(edits.count) layer(s) in the Keras 2 list form", edits: edits)))
        }
        return findings
    }

    /// `{"args": [t, [t1, t2]], "kwargs": {...}}` → `[[name, node, tensor, kwargs], ...]`; nil when an argument is
    /// not a Keras tensor or a kwarg holds one.
    private func convert(_ node: JSONNode, in document: JSONDocument) -> JSONTree? {
        if node.array != nil { return .copy(of: node, in: document) }
        guard let args = node["args"]?.array else { return nil }
        var tensors: [JSONNode] = []
        for argument in args {
            if Self.isKerasTensor(argument) {
                tensors.append(argument)
            } else if let list = argument.array, !list.isEmpty, list.allSatisfy(Self.isKerasTensor) {
                tensors += list
            } else {
                return nil
            }
        }
        let kwargs: JSONTree
        if let node = node["kwargs"] {
            guard node.members != nil, !Self.containsKerasTensor(node) else { return nil }
            kwargs = .copy(of: node, in: document)
        } else {
            kwargs = .object([])
        }
        var references: [JSONTree] = []
        for tensor in tensors {
            guard let history = tensor["config"]?["keras_history"]?.array, history.count == 3,
                let name = history[0].string, let nodeIndex = history[1].int, let tensorIndex = history[2].int
            else { return nil }
            references.append(.array([.string(name), .number(Double(nodeIndex)), .number(Double(tensorIndex)), kwargs]))
        }
        return .array(references)
    }

    static func isKerasTensor(_ node: JSONNode) -> Bool {
        node["class_name"]?.string == "__keras_tensor__"
    }

    static func containsKerasTensor(_ node: JSONNode) -> Bool {
        if isKerasTensor(node) { return true }
        if let members = node.members { return members.contains { containsKerasTensor($0.value) } }
        if let elements = node.array { return elements.contains(where: containsKerasTensor) }
        return false
    }
}
