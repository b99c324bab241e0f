import TFJSLintCore

struct Keras3InboundNodesRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-inbound-nodes",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Keras 3 writes each call of a layer as an `{args, kwargs}` object; TF.js needs Keras 2's nested lists.",
        rationale: """
            TF.js connects a functional model's layers from `inbound_nodes`: one entry per call of the layer, \
            each a list of `[layer name, node index, tensor index, kwargs]` inputs. Keras 3 writes each call as an \
            object whose `args` hold `__keras_tensor__` references (a nested list for layers called on a list, \
            such as Concatenate) and whose `kwargs` hold the call's keyword arguments. TF.js rejects the object. \
            The same call written in the Keras 2 form, with the kwargs on every input as Keras 2 wrote them, is \
            what TF.js reads; calls with a number among their arguments are keras.ops calls (keras3-op-layer).
            """,
        tfjsError: "Corrupted configuration, expected array for nodeData: [object Object]",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2, "trainable": true},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["inp", 0, 0]}}], "kwargs": {}}]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/inbound_nodes"]),
            // A shared layer called twice, a merge layer called on a list, a call kwarg.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Dense", "name": "shared", "config": {"name": "shared", "trainable": true}, "inbound_nodes": [
                    {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 0]}}], "kwargs": {}},
                    {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["b", 0, 0]}}], "kwargs": {}}]},
                  {"class_name": "Concatenate", "name": "joined", "config": {"name": "joined", "trainable": true}, "inbound_nodes": [
                    {"args": [[{"class_name": "__keras_tensor__", "config": {"keras_history": ["shared", 0, 0]}},
                               {"class_name": "__keras_tensor__", "config": {"keras_history": ["shared", 1, 0]}}]], "kwargs": {}}]},
                  {"class_name": "Dropout", "name": "drop", "config": {"name": "drop", "rate": 0.5, "trainable": true}, "inbound_nodes": [
                    {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["joined", 0, 0]}}], "kwargs": {"training": false}}]}]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/inbound_nodes",
                    "/modelTopology/model_config/config/layers/1/inbound_nodes",
                    "/modelTopology/model_config/config/layers/2/inbound_nodes",
                ]),
            // A kwarg holding a tensor (an RNN's initial_state) has no place in the Keras 2 form: reported, not fixed.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "LSTM", "name": "lstm", "config": {"name": "lstm", "units": 2, "trainable": true}, "inbound_nodes": [
                    {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}],
                     "kwargs": {"initial_state": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["h", 0, 0]}},
                                                  {"class_name": "__keras_tensor__", "config": {"keras_history": ["c", 0, 0]}}]}}]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/inbound_nodes"]),
            // Layers of a nested functional model.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Functional", "name": "inner", "config": {"name": "inner", "layers": [
                    {"class_name": "Dense", "name": "inner_dense", "config": {"name": "inner_dense", "trainable": true},
                     "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["inner_in", 0, 0]}}], "kwargs": {}}]}]},
                   "inbound_nodes": [[["outer_in", 0, 0, {}]]]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/layers/0/inbound_nodes"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "name": "inp", "config": {"name": "inp", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
                  {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2}, "inbound_nodes": [[["inp", 0, 0, {}]]]},
                  {"class_name": "Concatenate", "name": "j", "config": {"name": "j"}, "inbound_nodes": [[["inp", 0, 0, {}], ["d", 0, 0, {}]]]}]}}}}
                """#),
            // `x + 3.0`: a keras.ops call, which keras3-op-layer reports and rewrites.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Add", "name": "plus", "config": {"name": "plus"},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["inp", 0, 0]}}, 3.0], "kwargs": {}}]}]}}}}
                """#),
            // Sequential models have no inbound nodes TF.js reads.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 3]}}]}}}}
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
            // Only the call still in dict form changes; ops.add on two tensors becomes a two-input node.
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "name": "s", "config": {"name": "s", "trainable": true}, "inbound_nodes": [[["a", 0, 0, {}]], {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["b", 0, 0]}}], "kwargs": {}}]}, {"class_name": "Add", "name": "add", "config": {"name": "add"}, "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["s", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"keras_history": ["s", 1, 0]}}], "kwargs": {}}]}]}}}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "name": "s", "config": {"name": "s", "trainable": true}, "inbound_nodes": [[["a", 0, 0, {}]], [["b", 0, 0, {}]]]}, {"class_name": "Add", "name": "add", "config": {"name": "add"}, "inbound_nodes": [[["s", 0, 0, {}], ["s", 1, 0, {}]]]}]}}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for container in FunctionalModels.all(in: model) {
            for entry in FunctionalModels.entries(of: container) where !Keras3Operations.isReportedOperation(entry) {
                let calls = entry.keras3Calls
                guard !calls.isEmpty else { continue }
                let document = model.document
                let converted = calls.map { $0.keras2Node(in: document) }
                let callTexts = calls.map { $0.label(entry.name, in: document) }
                var message = "layer \"\(entry.name)\" (\(entry.className)) writes "
                    + (calls.count == 1
                        ? "its call \(callTexts[0]) as a Keras 3 {\"args\": ..., \"kwargs\": ...} object"
                        : "its \(calls.count) calls \(callTexts.joined(separator: ", ")) as Keras 3 {\"args\": ..., \"kwargs\": ...} objects")
                    + "; TF.js fails to load: "
                    + "\"Corrupted configuration, expected array for nodeData: [object Object]\""
                if let blocked = converted.firstIndex(where: { $0 == nil }) {
                    let call = calls[blocked]
                    let keywords = call.tensorKeywords
                    message += keywords.isEmpty
                        ? ". An argument is neither a tensor nor a list of tensors, which the Keras 2 form cannot express"
                        : ". Its keyword argument(s) \(keywords.joined(separator: ", ")) hold tensors, which the Keras 2 "
                            + "form has no place for"
                }
                let edits = zip(calls, converted).compactMap { call, node in node.map { JSONEdit.replace(call.pointer, with: $0) } }
                let fix = edits.count == calls.count
                    ? Fix("write the inbound nodes of \"\(entry.name)\" in the Keras 2 list form", edits: edits)
                    : nil
                findings.append(context.finding(
                    Self.self, message, at: entry.inboundNodesPointer, subject: entry.name, fix: fix))
            }
        }
        return findings
    }
}
