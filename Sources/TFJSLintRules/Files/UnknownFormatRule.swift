import TFJSLintCore

struct UnknownFormatRule: ModelRule {
    static let description = RuleDescription(
        id: "unknown-format",
        category: .files,
        defaultSeverity: .error,
        summary: "A model.json must be a layers-model or a graph-model.",
        rationale: """
            TF.js has one loader per format: tf.loadLayersModel reads a Keras model config, tf.loadGraphModel a \
            GraphDef. A file whose `format` names neither and whose `modelTopology` is neither cannot be loaded \
            by either, and nothing else in it can be checked.
            """,
        tfjsError: "TypeError: Cannot read properties of null (reading 'model_config')",
        triggering: [
            RuleExample(#"{"format": "saved-model", "modelTopology": {"foo": 1}}"#, at: ["/format"]),
            RuleExample(#"{"weightsManifest": []}"#, at: [""]),
            RuleExample(#"[1, 2, 3]"#, at: [""]),
        ],
        nonTriggering: [
            RuleExample(#"{"format": "graph-model", "modelTopology": {"node": []}}"#),
            RuleExample(#"{"modelTopology": {"node": [{"name": "x", "op": "Placeholder"}]}}"#),
            RuleExample(#"{"modelTopology": {"class_name": "Sequential", "config": {"layers": []}}}"#),
            RuleExample(#"{"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Model"}}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model, model.format == nil else { return [] }
        let declared = model.document.root["format"]
        let message: String
        let pointer: JSONPointer
        if let declared {
            pointer = "/format"
            message = "format \(model.document.sourceText(of: declared)) is neither \"layers-model\" nor "
                + "\"graph-model\", and the modelTopology is neither a Keras model config nor a GraphDef"
        } else {
            pointer = .root
            message = model.document.root.members == nil
                ? "the file is a JSON \(model.document.root.value.typeName), not a model.json object"
                : "no `format` field, and the modelTopology is neither a Keras model config nor a GraphDef"
        }
        return [context.finding(Self.self, message, at: pointer)]
    }
}
