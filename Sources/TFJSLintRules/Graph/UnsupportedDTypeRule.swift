import TFJSLintCore

struct UnsupportedDTypeRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-dtype",
        category: .graph,
        defaultSeverity: .error,
        summary: "Graph inputs and casts must use dtypes TF.js maps.",
        rationale: """
            TF.js maps TF dtypes to its own (parseDtypeParam, tfjs-converter operation_mapper.ts): float, half and \
            double to float32; int32, int64, int8 and uint8 to int32; bool, string, complex64/128. Any other dtype \
            (uint16, int16, bfloat16, uint32, uint64, qint8, ...) becomes null, so a Placeholder of that dtype \
            rejects every feed and a Cast to it fails when executed. Resource and variant handles are exempt.
            """,
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_UINT16"}}},
                  {"name": "c", "op": "Cast", "input": ["x"], "attr": {"SrcT": {"type": "DT_UINT16"}, "DstT": {"type": "DT_BFLOAT16"}}}
                ]}}
                """#, at: ["/modelTopology/node/0/attr/dtype/type", "/modelTopology/node/1/attr/DstT/type"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_UINT8"}}},
                  {"name": "t", "op": "Placeholder", "attr": {"dtype": {"type": "DT_RESOURCE"}}},
                  {"name": "c", "op": "Cast", "input": ["x"], "attr": {"DstT": {"type": "DT_INT64"}}}
                ]}}
                """#),
        ]
    )

    /// The dtype attrs TF.js actually uses, per op.
    private static let dtypeAttrs: [String: String] = ["Placeholder": "dtype", "PlaceholderWithDefault": "dtype", "Cast": "DstT"]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        return GraphWalk.nodes(in: model).compactMap { node in
            guard let key = Self.dtypeAttrs[node.op], let dtype = node.typeAttr(key),
                context.catalog.graphDTypes[dtype] == nil, !context.catalog.handleDTypes.contains(dtype)
            else { return nil }
            let effect = node.op == "Cast"
                ? "the cast fails when executed"
                : "no tensor TF.js can make matches the input, so execute() rejects every feed"
            return context.finding(
                Self.self, "\(node.label) (\(node.op)) has \(key) \(dtype), which TF.js does not map to any of its "
                    + "dtypes (float32, int32, bool, string, complex64): \(effect)",
                at: node.pointer.appending("attr").appending(key).appending("type"), subject: node.name)
        }
    }
}
