import TFJSLintCore

struct MissingConstWeightRule: ModelRule {
    static let description = RuleDescription(
        id: "missing-const-weight",
        category: .graph,
        defaultSeverity: .error,
        summary: "Every Const node needs a manifest weight of the same name.",
        rationale: """
            A graph model's Const nodes carry no values; TF.js takes each one's value from the manifest entry whose \
            `name` equals the node name (functions' Consts are named `<function>/<node>`). A Const without one is \
            not noticed at load, but executing anything that reads it fails as a missing input.
            """,
        tfjsError: "Error: Cannot compute the outputs [..] from the provided inputs [..]. Missing the following inputs: [ConstName]",
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"}, {"name": "w", "op": "Const"}, {"name": "m", "op": "MatMul", "input": ["x", "w"]}
                ]}, "weightsManifest": [{"paths": [], "weights": [{"name": "W", "shape": [], "dtype": "float32"}]}]}
                """#, at: ["/modelTopology/node/1"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"}, {"name": "w", "op": "Const"}, {"name": "m", "op": "MatMul", "input": ["x", "w"]}
                ]}, "weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [], "dtype": "float32"}]}]}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let weights = Set(model.manifest.weights.map(\.name))
        return GraphWalk.nodes(in: model).compactMap { node in
            guard node.op == "Const", !weights.contains(node.name) else { return nil }
            return context.finding(
                Self.self, "\(node.label) is a Const with no weightsManifest entry named \"\(node.name)\"; TF.js "
                    + "leaves it without a value, and executing anything that reads it fails (\"Missing the following "
                    + "inputs: [\(node.name)]\")", at: node.pointer, subject: node.name)
        }
    }
}
