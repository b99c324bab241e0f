import TFJSLintCore

struct Keras3OpLayerRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-op-layer",
        category: .keras3,
        defaultSeverity: .error,
        summary: "`keras.ops` calls (`x + 3.0`, `a - b`, `ops.mean(x)`) are written as layers TF.js reads differently.",
        rationale: """
            In a Keras 3 functional model, arithmetic on symbolic tensors is saved as a layer entry named after \
            the op (`Add`, `Multiply`, `Subtract`, `TrueDivide`, `Mean`, ...), with the op's arguments in the \
            call. TF.js reads `Add` and `Multiply` as its merge layers, which take only tensors, so a call with a \
            number cannot be written in the list form TF.js reads; and it has no layer at all for `Subtract`, \
            `TrueDivide` or `Mean`. An op on a tensor and a number that is affine is exactly TF.js's Rescaling \
            layer (`x * scale + offset`, since TF.js 3.21), and `a - b` is an Add of `a` and a Rescaling of `b` \
            by -1: unsafe fixes, as they change the model's layer classes. Elementwise Add, Multiply, Maximum \
            and Minimum ops on tensors only are what TF.js's merge layers compute, and are left alone.
            """,
        tfjsError: "Corrupted configuration, expected array for nodeData: [object Object]",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "x"}, "name": "x", "inbound_nodes": []},
                  {"class_name": "Add", "config": {"name": "add"}, "name": "add",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "keras_history": ["x", 0, 0]}}, 3.0], "kwargs": {}}]}],
                  "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0]]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/1/class_name"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Subtract", "config": {"name": "flip"}, "name": "flip",
                   "inbound_nodes": [{"args": [1.5, {"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}], "kwargs": {}}]},
                  {"class_name": "TrueDivide", "config": {"name": "half"}, "name": "half",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["flip", 0, 0]}}, 2], "kwargs": {}}]},
                  {"class_name": "Power", "config": {"name": "square"}, "name": "square",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["half", 0, 0]}}, 2], "kwargs": {}}]}]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/class_name",
                    "/modelTopology/model_config/config/layers/1/class_name",
                    "/modelTopology/model_config/config/layers/2/class_name",
                ]),
            // ops.subtract on two tensors, and ops.mean with its module kept and its call already in list form.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Subtract", "config": {"name": "diff"}, "name": "diff", "inbound_nodes": [{"args": [
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 0]}},
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["b", 0, 0]}}], "kwargs": {}}]},
                  {"module": "keras.src.ops.numpy", "class_name": "Mean", "config": {"name": "mean", "axis": 1, "keepdims": false},
                   "name": "mean", "inbound_nodes": [[["diff", 0, 0, {}]]]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/class_name", "/modelTopology/model_config/config/layers/1/class_name"]),
        ],
        nonTriggering: [
            // ops.add / ops.multiply on tensors only: TF.js's merge layers compute the same.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [{"args": [
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}},
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["y", 0, 0]}}], "kwargs": {}}]},
                  {"class_name": "Multiply", "config": {"name": "m"}, "name": "m", "inbound_nodes": [[["add", 0, 0, {}], ["x", 0, 0, {}]]]}]}}}}
                """#),
            // The Add layer (a merge layer with a layer's config) called on a list of tensors.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Add", "config": {"name": "sum", "trainable": true, "dtype": "float32"}, "name": "sum", "inbound_nodes": [{"args": [[
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}},
                    {"class_name": "__keras_tensor__", "config": {"keras_history": ["y", 0, 0]}}]], "kwargs": {}}]}]}}}}
                """#),
            // Already rewritten, and a Keras 2 model.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Rescaling", "config": {"name": "add", "scale": 1, "offset": 3}, "name": "add", "inbound_nodes": [[["x", 0, 0, {}]]]},
                  {"class_name": "Dense", "config": {"name": "d", "units": 2}, "name": "d", "inbound_nodes": [[["add", 0, 0, {}]]]}]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "keras_history": ["x", 0, 0]}}, 3.0], "kwargs": {}}]}]}}}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Rescaling", "config": {"name": "add", "scale": 1, "offset": 3}, "name": "add", "inbound_nodes": [[["x", 0, 0, {}]]]}]}}}
                """#,
                safety: .unsafe),
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Subtract", "config": {"name": "sub"}, "name": "sub", "inbound_nodes": [{"args": [1.5, {"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}], "kwargs": {}}]}, {"class_name": "TrueDivide", "config": {"name": "d"}, "name": "d", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["sub", 0, 0]}}, 4], "kwargs": {}}]}]}}}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Rescaling", "config": {"name": "sub", "scale": -1, "offset": 1.5}, "name": "sub", "inbound_nodes": [[["x", 0, 0, {}]]]}, {"class_name": "Rescaling", "config": {"name": "d", "scale": 0.25, "offset": 0}, "name": "d", "inbound_nodes": [[["sub", 0, 0, {}]]]}]}}}
                """#,
                safety: .unsafe),
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Subtract", "config": {"name": "diff"}, "name": "diff", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"keras_history": ["b", 1, 0]}}], "kwargs": {}}]}]}}}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Rescaling", "config": {"name": "diff_negated", "scale": -1, "offset": 0}, "name": "diff_negated", "inbound_nodes": [[["b", 1, 0, {}]]]}, {"class_name": "Add", "config": {"name": "diff"}, "name": "diff", "inbound_nodes": [[["a", 0, 0, {}], ["diff_negated", 0, 0, {}]]]}]}}}
                """#,
                safety: .unsafe),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        // Rescaling is in TF.js since 3.21; for older targets the ops have no rewrite.
        let canRescale = context.available("Rescaling", in: .layers) != nil
        for container in FunctionalModels.all(in: model) {
            let entries = FunctionalModels.entries(of: container)
            let names = Set(entries.map(\.name))
            for entry in entries where Keras3Operations.isReportedOperation(entry) {
                let calls = entry.keras3Calls
                let callText = calls.first.map { $0.label(Self.opName(entry.className), in: model.document) }
                    ?? "\(Self.opName(entry.className))(...)"
                var message = "layer \"\(entry.name)\" is the keras.ops call \(callText), saved as a layer of class "
                    + "\"\(entry.className)\"; "
                if context.available(entry.className, in: .layers) != nil {
                    message += "TF.js reads it as its \(entry.className) merge layer, which takes tensors only"
                    if !calls.isEmpty {
                        message += ", so the call cannot be written in the list form TF.js reads, and loading fails: "
                            + "\"Corrupted configuration, expected array for nodeData: [object Object]\""
                    }
                } else {
                    message += "TF.js has no such layer and fails to load: \"Unknown layer: \(entry.className)\""
                }
                let fix = canRescale && calls.count == 1 && (entry.node["inbound_nodes"]?.array?.count ?? 0) == 1
                    ? Self.rewrite(entry, call: calls[0], names: names, list: container.configPointer.appending("layers"))
                    : nil
                message += fix.map { "; \($0.summary) computes the same" } ?? "; TF.js has no layer that computes it"
                findings.append(context.finding(
                    Self.self, message, at: entry.pointer.appending("class_name"), subject: entry.name, fix: fix))
            }
        }
        return findings
    }

    /// `TrueDivide` → `true_divide`, as the op is spelled in keras.ops.
    static func opName(_ className: String) -> String {
        var name = ""
        for (index, character) in className.enumerated() {
            if character.isUppercase, index > 0 { name += "_" }
            name += character.lowercased()
        }
        return name
    }

    /// `x op c` or `c op x` as `x * scale + offset`, when the op is affine in x.
    static func affine(_ op: String, constant c: Double, tensorFirst: Bool) -> (scale: Double, offset: Double)? {
        switch op {
        case "Add": (1, c)
        case "Multiply": (c, 0)
        case "Subtract": tensorFirst ? (1, -c) : (-1, c)
        case "Divide", "TrueDivide": tensorFirst && (1 / c).isFinite && c != 0 ? (1 / c, 0) : nil
        default: nil
        }
    }

    private static func rewrite(_ entry: FunctionalEntry, call: Keras3Call, names: Set<String>, list: JSONPointer) -> Fix? {
        guard call.arguments.count == 2, call.tensorKeywords.isEmpty else { return nil }
        switch (call.arguments[0], call.arguments[1]) {
        case (.tensor(let x), .number(let c, _)), (.number(let c, _), .tensor(let x)):
            let tensorFirst = if case .tensor = call.arguments[0] { true } else { false }
            guard let (scale, offset) = affine(entry.className, constant: c, tensorFirst: tensorFirst) else { return nil }
            let layer = rescaling(name: entry.name, input: x.keras2Input(kwargs: .object([])), scale: scale, offset: offset)
            return Fix(
                "Rescaling(scale: \(format(scale)), offset: \(format(offset)))", safety: .unsafe,
                edits: [.replace(entry.pointer, with: layer)])
        case (.tensor(let a), .tensor(let b)) where entry.className == "Subtract":
            var negated = "\(entry.name)_negated"
            var suffix = 1
            while names.contains(negated) {
                suffix += 1
                negated = "\(entry.name)_negated_\(suffix)"
            }
            let add: JSONTree = .object([
                ("class_name", .string("Add")),
                ("config", .object([("name", .string(entry.name))])),
                ("name", .string(entry.name)),
                ("inbound_nodes", .array([.array([
                    a.keras2Input(kwargs: .object([])),
                    .array([.string(negated), .number(0), .number(0), .object([])]),
                ])])),
            ])
            return Fix(
                "an Add of \(a.label) and a Rescaling(scale: -1) \"\(negated)\" of \(b.label)", safety: .unsafe,
                edits: [
                    .insertElement(list, value: rescaling(name: negated, input: b.keras2Input(kwargs: .object([])), scale: -1, offset: 0), at: entry.index),
                    .replace(entry.pointer, with: add),
                ])
        default:
            return nil
        }
    }

    private static func rescaling(name: String, input: JSONTree, scale: Double, offset: Double) -> JSONTree {
        .object([
            ("class_name", .string("Rescaling")),
            ("config", .object([("name", .string(name)), ("scale", .number(scale)), ("offset", .number(offset))])),
            ("name", .string(name)),
            ("inbound_nodes", .array([.array([input])])),
        ])
    }

    private static func format(_ value: Double) -> String {
        JSONTree.number(value).serialized(style: .compact)
    }
}
