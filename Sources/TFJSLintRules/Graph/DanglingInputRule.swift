import TFJSLintCore

struct DanglingInputRule: ModelRule {
    static let description = RuleDescription(
        id: "dangling-input",
        category: .graph,
        defaultSeverity: .error,
        summary: "Every graph node input must name an existing node (and an output it has).",
        rationale: """
            A NodeDef input is `node`, `node:k` or `^node` (inside library functions `node:arg:k`, or an input \
            argument). TF.js looks each name up while it builds the graph; a name that matches no node (a \
            hand edit, a stripped node, a renamed Const) crashes the loader with a TypeError, and an output \
            index the producer does not have yields undefined at run time.
            """,
        tfjsError: "TypeError: Cannot read properties of undefined (reading 'outputs')",
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "y", "op": "Relu", "input": ["no_such_node"]}]}}
                """#, at: ["/modelTopology/node/1/input/0"]),
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "y", "op": "Relu", "input": ["x:1", "^gone"]}]}}
                """#, at: ["/modelTopology/node/1/input/0", "/modelTopology/node/1/input/1"]),
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}],
                 "library": {"function": [{"signature": {"name": "f", "inputArg": [{"name": "a"}]},
                   "nodeDef": [{"name": "m", "op": "Mul", "input": ["a", "missing:z:0"]}]}]}}}
                """#, at: ["/modelTopology/library/function/0/nodeDef/0/input/1"]),
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "s", "op": "Split", "input": ["x"], "attr": {"num_split": {"i": "2"}}},
                  {"name": "y", "op": "AddV2", "input": ["s:1", "s:2"]}]}}
                """#, at: ["/modelTopology/node/2/input/1"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "b", "op": "FusedBatchNormV3", "input": ["x", "x", "x", "x", "x"]},
                  {"name": "y", "op": "AddV2", "input": ["b:0", "x:0", "^x"]},
                  {"name": "w", "op": "While", "input": ["x"]},
                  {"name": "z", "op": "Identity", "input": ["w:3"]}]}}
                """#),
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}],
                 "library": {"function": [{"signature": {"name": "f", "inputArg": [{"name": "a"}]},
                   "nodeDef": [{"name": "c", "op": "Const"}, {"name": "m", "op": "Mul", "input": ["a", "c:output:0"]}]}]}}}
                """#),
            RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": {"layers": []}}}"#),
        ]
    )

    /// Ops whose outputs TF.js numbers 0 only: any `:k` with k > 0 reads undefined.
    static let singleOutputOps: Set<String> = [
        "Const", "Placeholder", "PlaceholderWithDefault", "Identity", "Relu", "Relu6", "Elu", "Selu", "Sigmoid",
        "Tanh", "Softmax", "LogSoftmax", "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative",
        "MatMul", "_FusedMatMul", "BatchMatMulV2", "BiasAdd", "Add", "AddV2", "AddN", "Sub", "Mul", "RealDiv", "Maximum",
        "Minimum", "Reshape", "Transpose", "ConcatV2", "Pack", "Mean", "Sum", "Max", "Min", "Prod", "ExpandDims", "Squeeze",
        "Cast", "Shape", "StridedSlice", "Slice", "GatherV2", "Pad", "PadV2", "MaxPool", "AvgPool", "ResizeBilinear",
        "ResizeNearestNeighbor", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Neg", "Abs", "Pow", "SquaredDifference",
    ]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model, model.format == .graph else { return [] }
        let records = GraphWalk.nodes(in: model)
        var producers: [GraphNodeRecord.Scope: [String: GraphNodeRecord]] = [:]
        for record in records { producers[record.scope, default: [:]][record.name] = record }
        var arguments: [String: Set<String>] = [:]
        for function in model.topology?["library"]?["function"]?.array ?? [] {
            guard let name = function["signature"]?["name"]?.string else { continue }
            arguments[name] = Set((function["signature"]?["inputArg"]?.array ?? []).compactMap { $0["name"]?.string })
        }
        var findings: [Finding] = []
        for record in records {
            for (index, input) in (record.node["input"]?.array ?? []).enumerated() {
                guard let text = input.string,
                    let problem = problem(with: text, in: record, producers: producers[record.scope] ?? [:], arguments: arguments)
                else { continue }
                findings.append(context.finding(
                    Self.self, "\(record.label) reads '\(text)': \(problem)",
                    at: record.pointer.appending("input").appending(index), subject: record.name))
            }
        }
        return findings
    }

    private func problem(
        with input: String, in record: GraphNodeRecord, producers: [String: GraphNodeRecord], arguments: [String: Set<String>]
    ) -> String? {
        let isControl = input.hasPrefix("^")
        let parts = (isControl ? String(input.dropFirst()) : input).split(separator: ":", omittingEmptySubsequences: false)
        let name = String(parts.first ?? "")
        if case .function(let function) = record.scope, parts.count == 1, arguments[function]?.contains(name) == true {
            return nil
        }
        guard let producer = producers[name] else {
            return "no node is named '\(name)'; TF.js fails while building the graph "
                + "(TypeError: Cannot read properties of undefined (reading 'outputs'))"
        }
        guard parts.count == 2, !isControl, let index = Int(parts[1]) else { return nil }
        if let count = outputCount(of: producer), index >= count {
            return "\(producer.label) (\(producer.op)) has \(count) output\(count == 1 ? "" : "s"), so output \(index) "
                + "does not exist and TF.js reads undefined"
        }
        return nil
    }

    private func outputCount(of producer: GraphNodeRecord) -> Int? {
        if Self.singleOutputOps.contains(producer.op) { return 1 }
        let attr = producer.node["attr"]
        switch producer.op {
        case "Split", "SplitV": return attr?["num_split"]?["i"]?.string.flatMap { Int($0) } ?? attr?["num_split"]?["i"]?.int
        case "Unpack": return attr?["num"]?["i"]?.string.flatMap { Int($0) } ?? attr?["num"]?["i"]?.int
        default: return nil
        }
    }
}
