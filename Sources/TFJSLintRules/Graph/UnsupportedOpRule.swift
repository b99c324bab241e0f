import TFJSLintCore

struct UnsupportedOpRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-op",
        category: .graph,
        defaultSeverity: .error,
        summary: "Every graph op must have a TF.js kernel in the target version.",
        rationale: """
            tf.loadGraphModel accepts any op name, but executing a node whose op TF.js's op mapper does not know \
            fails. That covers ops converted with --skip_op_check (PrintV2, MatrixInverse, ...), ops added after the \
            target version, and the ragged and decision-forest ops the 4.22 converter accepts but whose op lists the \
            runtime never loads (RaggedGather, RaggedRange, RaggedTensorToTensor, SimpleML*). Nodes inside library \
            functions and the initializer graph count too. Ops the application registers itself with \
            tf.registerOp() go in the rule's `allow:` list.
            """,
        tfjsError: "TypeError: Unknown op 'X'. File an issue at https://github.com/tensorflow/tfjs/issues so we can add it, or register a custom execution with tf.registerOp()",
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}}},
                  {"name": "inv", "op": "MatrixInverse", "input": ["x"]},
                  {"name": "r", "op": "RaggedTensorToTensor", "input": ["inv"]}
                ], "library": {"function": [{"signature": {"name": "f"}, "nodeDef": [{"name": "p", "op": "PrintV2"}]}]}}}
                """#, at: ["/modelTopology/node/1/op", "/modelTopology/node/2/op", "/modelTopology/library/function/0/nodeDef/0/op"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}}},
                  {"name": "y", "op": "_FusedConv2D", "input": ["x", "w"]},
                  {"name": "w", "op": "Const"}
                ]}}
                """#),
        ],
        options: [RuleOption("allow", "Op names the application registers itself with tf.registerOp(); not reported.")]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let allowed = Set(context.options(for: Self.self).strings("allow"))
        return GraphWalk.nodes(in: model).filter { !allowed.contains($0.op) }.compactMap { node in
            let pointer = node.pointer.appending("op")
            let unknown = "\"Unknown op '\(node.op)'\""
            guard let entry = context.catalog.entry(node.op, in: .ops) else {
                return context.finding(
                    Self.self, "\(node.label) uses op \"\(node.op)\", which TF.js \(context.target) does not have; "
                        + "executing it fails with \(unknown). Rewrite the model without it or register it with "
                        + "tf.registerOp()", at: pointer, subject: node.name)
            }
            if let since = entry.since, since > context.target {
                return context.finding(
                    Self.self, "\(node.label) uses op \"\(node.op)\", added in TF.js \(since); the target "
                        + "\(context.target) fails with \(unknown)", at: pointer, subject: node.name)
            }
            guard entry.hasKernel else {
                return context.finding(
                    Self.self, "\(node.label) uses op \"\(node.op)\" (\(entry.opCategory ?? "?") ops): the converter "
                        + "accepts it, but the TF.js runtime never loads that op list, so executing it fails with "
                        + "\(unknown)", at: pointer, subject: node.name)
            }
            return nil
        }
    }
}
