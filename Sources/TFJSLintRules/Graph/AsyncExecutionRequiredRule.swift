import TFJSLintCore

struct AsyncExecutionRequiredRule: ModelRule {
    static let description = RuleDescription(
        id: "async-execution-required",
        category: .graph,
        defaultSeverity: .warning,
        summary: "Graphs with control-flow, dynamic-shape or hash-table ops need executeAsync().",
        rationale: """
            TF.js executes control-flow (Switch, Merge, While, TensorList*, ...), dynamic-shape (Where, \
            NonMaxSuppression*, ListDiff) and hash-table ops asynchronously. model.predict() and model.execute() \
            throw on such a graph; only model.executeAsync() runs it. The model is fine; the calling code must \
            use executeAsync.
            """,
        tfjsError: "Error: This execution contains the node 'N', which has the dynamic op 'OP'. Please use model.executeAsync() instead.",
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "w", "op": "Where", "input": ["x"]},
                  {"name": "w2", "op": "Where", "input": ["w"]}
                ]}}
                """#, at: ["/modelTopology/node/1/op"]),
        ],
        nonTriggering: [
            RuleExample(#"{"format": "graph-model", "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}, {"name": "r", "op": "Relu", "input": ["x"]}]}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let dynamic = GraphWalk.mainNodes(in: model).filter {
            context.available($0.op, in: .ops)?.requiresAsync == true
        }
        guard let first = dynamic.first else { return [] }
        let shown = dynamic.prefix(5).map { "\"\($0.name)\" (\($0.op))" }.joined(separator: ", ")
        let more = dynamic.count > 5 ? " and \(dynamic.count - 5) more" : ""
        return [context.finding(
            Self.self, "\(dynamic.count) node(s) run asynchronously in TF.js: \(shown)\(more); model.predict() and "
                + "model.execute() throw (\"... which has the dynamic op '\(first.op)'. Please use "
                + "model.executeAsync() instead.\"), use model.executeAsync()",
            at: first.pointer.appending("op"), subject: first.name)]
    }
}
