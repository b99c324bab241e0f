import TFJSLintCore

struct UnsupportedDataFormatRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-data-format",
        category: .graph,
        defaultSeverity: .error,
        summary: "Spatial ops must be NHWC (NDHWC); TF.js misreads NCHW graphs.",
        rationale: """
            TF.js's graph executors read `strides`, `dilations` and `ksize` at positions 1 and 2 whatever the \
            `data_format`, so an NCHW node (as TF writes for GPU-optimized graphs) gets the wrong strides and window; \
            BiasAdd and the fused convolutions ignore NCHW altogether and fail to broadcast (tfjs issues #1648, #3282, \
            #5546). Convert from a model built channels_last.
            """,
        tfjsError: "Operands could not be broadcast together with shapes 1,32,220,220 and 32.",
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "c", "op": "Conv2D", "input": ["x", "w"], "attr": {"data_format": {"s": "TkNIVw=="}, "strides": {"list": {"i": ["1", "1", "2", "2"]}}}},
                  {"name": "w", "op": "Const"}
                ]}}
                """#, at: ["/modelTopology/node/1/attr/data_format"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "c", "op": "Conv2D", "input": ["x", "w"], "attr": {"data_format": {"s": "TkhXQw=="}}},
                  {"name": "w", "op": "Const"}
                ]}}
                """#),
        ]
    )

    private static let channelsFirst: Set<String> = ["NCHW", "NCDHW", "NCW"]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        return GraphWalk.nodes(in: model).compactMap { node in
            guard let format = node.stringAttr("data_format"), Self.channelsFirst.contains(format.uppercased()) else {
                return nil
            }
            return context.finding(
                Self.self, "\(node.label) (\(node.op)) has data_format \(format); TF.js reads strides, dilations and "
                    + "ksize as if it were NHWC and does not support channels-first bias adds, so it computes the wrong "
                    + "result or fails; convert from a channels_last model",
                at: node.pointer.appending("attr").appending("data_format"), subject: node.name)
        }
    }
}
