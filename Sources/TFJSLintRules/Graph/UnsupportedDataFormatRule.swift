import TFJSLintCore

struct UnsupportedDataFormatRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-data-format",
        category: .graph,
        defaultSeverity: .error,
        summary: "Channels-first (NCHW) nodes that TF.js misreads.",
        rationale: """
            TF.js's graph executors read `strides`, `dilations` and `ksize` at positions 1 and 2 whatever the \
            `data_format`, so an NCHW node with a stride, dilation or window other than 1 silently computes with \
            the wrong ones (a warning: the model runs, with other outputs). A channels-first BiasAdd fails to \
            broadcast (an error; tfjs issues #1648, #3282). Convert from a model built channels_last.
            """,
        tfjsError: "Operands could not be broadcast together with shapes 1,2,6,3 and 2.",
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "c", "op": "Conv2D", "input": ["x", "w"], "attr": {"data_format": {"s": "TkNIVw=="}, "strides": {"list": {"i": ["1", "1", "2", "2"]}}}},
                  {"name": "w", "op": "Const"},
                  {"name": "b", "op": "BiasAdd", "input": ["c", "w"], "attr": {"data_format": {"s": "TkNIVw=="}}}
                ]}}
                """#, at: ["/modelTopology/node/1/attr/strides", "/modelTopology/node/3/attr/data_format"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "c", "op": "Conv2D", "input": ["x", "w"], "attr": {"data_format": {"s": "TkhXQw=="}, "strides": {"list": {"i": ["1", "2", "2", "1"]}}}},
                  {"name": "f", "op": "_FusedConv2D", "input": ["x", "w", "w"], "attr": {"data_format": {"s": "TkNIVw=="}, "strides": {"list": {"i": ["1", "1", "1", "1"]}}}},
                  {"name": "w", "op": "Const"}
                ]}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for node in GraphWalk.nodes(in: model) {
            guard let format = node.stringAttr("data_format")?.uppercased(), format.hasPrefix("NC") else { continue }
            let attrs = node.pointer.appending("attr")
            if node.op == "BiasAdd" {
                findings.append(context.finding(
                    Self.self, "\(node.label) (BiasAdd) has data_format \(format); TF.js adds the bias along the last "
                        + "axis and fails to broadcast (\"Operands could not be broadcast together ...\")",
                    at: attrs.appending("data_format"), subject: node.name))
                continue
            }
            // TF.js reads the spatial values at positions 1...(rank - 2); channels-first keeps them at 2...(rank - 1).
            let spatial = format.count - 2
            for key in ["strides", "dilations", "ksize"] {
                guard let list = node.node["attr"]?[key]?["list"]?["i"]?.array?.compactMap({ $0.string.flatMap { Int($0) } }),
                    list.count == format.count, spatial > 0
                else { continue }
                let read = Array(list[1...spatial])
                let meant = Array(list[2...(spatial + 1)])
                guard read != meant else { continue }
                findings.append(context.finding(
                    Self.self, "\(node.label) (\(node.op)) is \(format): TF.js takes its \(key) as \(read) instead of "
                        + "\(meant) and silently computes something else; convert from a channels_last model",
                    at: attrs.appending(key), subject: node.name, severity: .warning))
            }
        }
        return findings
    }
}
