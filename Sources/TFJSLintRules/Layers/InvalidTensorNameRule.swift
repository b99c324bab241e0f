import TFJSLintCore

struct InvalidTensorNameRule: ModelRule {
    static let description = RuleDescription(
        id: "invalid-tensor-name",
        category: .layers,
        defaultSeverity: .error,
        summary: "Layer names must be valid TF.js tensor names.",
        rationale: """
            TF.js names each weight variable `<layer name>/<weight>` and checks it against \
            ^[A-Za-z0-9][-A-Za-z0-9._/]*$ (tfjs-layers common.ts), so a layer whose name has a space or another \
            character outside that set, or starts with `_`, `-`, `.` or `/`, stops loading when its weights are made.
            """,
        tfjsError: "Error: Not a valid tensor name: 'd 1/kernel'",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d 1", "units": 1, "batch_input_shape": [null, 2]}},
                  {"class_name": "Dense", "config": {"name": "_private", "units": 1}}
                ]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/name", "/modelTopology/model_config/config/layers/1/config/name"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "my model", "layers": [
                  {"class_name": "Dense", "config": {"name": "block-1.dense/x_2", "units": 1, "batch_input_shape": [null, 2]}}
                ]}}}}
                """#),
        ]
    )

    /// `isValidTensorName` of tfjs-layers/src/common.ts.
    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic || ("0"..."9").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._/".unicodeScalars.contains(scalar))
        }
    }

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        // Model containers make no variables of their own; their names are not checked.
        return LayerWalk.layers(in: model).compactMap { layer in
            guard !ConfigNameCheck.containers.contains(layer.className), layer.config?["name"]?.string != nil,
                !Self.isValid(layer.name)
            else { return nil }
            return context.finding(
                Self.self, "\(layer.label): the name \"\(layer.name)\" is not a valid TF.js tensor name "
                    + "(^[A-Za-z0-9][-A-Za-z0-9._/]*$); TF.js stops loading (\"Not a valid tensor name: "
                    + "'\(layer.name)'\", or '\(layer.name)/<weight>' for a layer with weights)", at: layer.configPointer.appending("name"), subject: layer.name)
        }
    }
}
