import TFJSLintCore

struct UnsupportedDTypeRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-dtype",
        category: .graph,
        defaultSeverity: .error,
        summary: "Graph ops must not produce dtypes TF.js cannot map.",
        rationale: """
            TF.js maps TF dtypes to its own (parseDtypeParam, tfjs-converter operation_mapper.ts): float, half and \
            double to float32; int32, int64, int8 and uint8 to int32; bool, string, complex64/128. Any other dtype \
            (uint16, int16, bfloat16, uint32, uint64, qint8, ...) becomes null, and an op that uses its dtype attr \
            (Cast's DstT, Fill's T, the TensorList element_dtype, ...; listed per op in the catalog) fails when \
            executed. Placeholders are exempt: TF.js skips the feed's dtype check when the placeholder's dtype is \
            null. Resource and variant handles are exempt too.
            """,
        tfjsError: "Error: Failed to cast to unknown dtype null",
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_UINT16"}}},
                  {"name": "c", "op": "Cast", "input": ["x"], "attr": {"SrcT": {"type": "DT_UINT16"}, "DstT": {"type": "DT_BFLOAT16"}}}
                ]}}
                """#, at: ["/modelTopology/node/1/attr/DstT/type"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_UINT8"}}},
                  {"name": "t", "op": "Placeholder", "attr": {"dtype": {"type": "DT_RESOURCE"}}},
                  {"name": "c", "op": "Cast", "input": ["x"], "attr": {"SrcT": {"type": "DT_QINT8"}, "DstT": {"type": "DT_INT64"}}}
                ]}}
                """#),
        ]
    )

    private static let feeds: Set<String> = ["Placeholder", "PlaceholderWithDefault"]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for node in GraphWalk.nodes(in: model) where !Self.feeds.contains(node.op) {
            for key in context.catalog.entry(node.op, in: .ops)?.dtypeAttributes ?? [] {
                guard let dtype = node.typeAttr(key), context.catalog.graphDTypes[dtype] == nil,
                    !context.catalog.handleDTypes.contains(dtype)
                else { continue }
                findings.append(context.finding(
                    Self.self, "\(node.label) (\(node.op)) has \(key) \(dtype), which TF.js maps to no dtype of its own "
                        + "(float32, int32, bool, string, complex64); executing it fails"
                        + (node.op == "Cast" ? " (\"Failed to cast to unknown dtype null\")" : ""),
                    at: node.pointer.appending("attr").appending(key).appending("type"), subject: node.name))
            }
        }
        return findings
    }
}
