import TFJSLintCore

struct Keras3OpLayerRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-op-layer",
        category: .keras3,
        defaultSeverity: .error,
        summary: "`keras.ops` calls on a tensor and a constant are written as layers TF.js reads differently.",
        rationale: """
            Keras 3 serializes `x + 3.0` or `x * 0.5` in a functional model as a layer named after the op \
            (`Add`, `Multiply`, ...) whose call arguments mix a tensor and a number. TF.js reads the class as \
            its merge layer, which needs two tensors, and cannot build the model. The same arithmetic is \
            TF.js's Rescaling layer (`x * scale + offset`, since TF.js 3.21): an unsafe fix, as it changes the \
            layer's class.
            """,
        tfjsError: "Corrupted configuration, expected array for nodeData: [object Object]",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Add", "config": {"name": "add"}, "name": "add",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}, 3.0], "kwargs": {}}]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Power", "config": {"name": "pow"}, "name": "pow",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}, 2], "kwargs": {}}]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [{"args": [[
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}},
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["y", 0, 0]}}]], "kwargs": {}}]}]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Subtract", "config": {"name": "sub"}, "name": "sub", "inbound_nodes": [{"args": [1.5, {"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}], "kwargs": {}}]}, {"class_name": "Multiply", "config": {"name": "m"}, "name": "m", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["sub", 0, 0]}}, 0.5], "kwargs": {}}]}]}}}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Rescaling", "config": {"name": "sub", "scale": -1, "offset": 1.5}, "name": "sub", "inbound_nodes": [[["x", 0, 0, {}]]]}, {"class_name": "Rescaling", "config": {"name": "m", "scale": 0.5, "offset": 0}, "name": "m", "inbound_nodes": [[["sub", 0, 0, {}]]]}]}}}
                """#,
                safety: .unsafe),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for container in LayerWalk.layers(in: model) where ["Functional", "Model"].contains(container.className) {
            for (index, entry) in (container.config?["layers"]?.array ?? []).enumerated() {
                guard let node = entry["inbound_nodes"]?.array?.first, let args = node["args"]?.array, args.count == 2,
                    let className = entry["class_name"]?.string
                else { continue }
                let tensorFirst = Keras3InboundNodesRule.isKerasTensor(args[0])
                guard let tensor = tensorFirst ? args[0] : args[1] as JSONNode?, Keras3InboundNodesRule.isKerasTensor(tensor),
                    let constant = (tensorFirst ? args[1] : args[0]).number
                else { continue }
                let name = entry["name"]?.string ?? "#\(index)"
                let pointer = container.configPointer.appending("layers").appending(index)
                let rescaling = Self.rescaling(className, constant: constant, tensorFirst: tensorFirst)
                findings.append(context.finding(
                    Self.self,
                    "layer \"\(name)\" is the keras.ops call \(className)(\(tensorFirst ? "x, \(constant)" : "\(constant), x")) "
                        + "written as a layer; TF.js reads \(className) as a layer of its own and fails to load"
                        + (rescaling == nil ? "; TF.js has no layer for it" : "; Rescaling computes the same"),
                    at: pointer, subject: name,
                    fix: rescaling.flatMap { replacement(name: name, tensor: tensor, scale: $0.scale, offset: $0.offset, at: pointer) }))
            }
        }
        return findings
    }

    /// `x op c` (or `c op x`) as `x * scale + offset`, when it is affine.
    static func rescaling(_ op: String, constant c: Double, tensorFirst: Bool) -> (scale: Double, offset: Double)? {
        switch op {
        case "Add": return (1, c)
        case "Multiply": return (c, 0)
        case "Subtract": return tensorFirst ? (1, -c) : (-1, c)
        case "Divide", "TrueDivide": return tensorFirst && c != 0 ? (1 / c, 0) : nil
        default: return nil
        }
    }

    private func replacement(name: String, tensor: JSONNode, scale: Double, offset: Double, at pointer: JSONPointer) -> Fix? {
        guard let history = tensor["config"]?["keras_history"]?.array, history.count == 3, let source = history[0].string,
            let nodeIndex = history[1].int, let tensorIndex = history[2].int
        else { return nil }
        let layer: JSONTree = .object([
            ("class_name", .string("Rescaling")),
            ("config", .object([("name", .string(name)), ("scale", .number(scale)), ("offset", .number(offset))])),
            ("name", .string(name)),
            ("inbound_nodes", .array([.array([.array([.string(source), .number(Double(nodeIndex)), .number(Double(tensorIndex)), .object([])])])])),
        ])
        return Fix("express \"\(name)\" as Rescaling(scale: \(JSONTree.number(scale).serialized(style: .compact)), "
            + "offset: \(JSONTree.number(offset).serialized(style: .compact)))", safety: .unsafe, edits: [.replace(pointer, with: layer)])
    }
}
