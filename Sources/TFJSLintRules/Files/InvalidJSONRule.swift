import TFJSLintCore

struct InvalidJSONRule: ModelRule {
    static let description = RuleDescription(
        id: "invalid-json",
        category: .files,
        defaultSeverity: .error,
        summary: "model.json must be valid JSON.",
        rationale: """
            TF.js parses model.json with JSON.parse; a truncated or hand-edited file fails before anything \
            else is looked at, with an error that names no position.
            """,
        tfjsError: "SyntaxError: Unexpected end of JSON input",
        triggering: [
            RuleExample(#"{"format": "layers-model", "modelTopology": {"#),
            RuleExample(#"{"format": "graph-model",, "weightsManifest": []}"#),
            RuleExample(#"{"weightsManifest": [{"paths": ['a.bin']}]}"#),
        ],
        nonTriggering: [
            RuleExample(#"{"format": "graph-model", "modelTopology": {"node": []}, "weightsManifest": []}"#)
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let error = context.parseError else { return [] }
        let location = error.location(in: context.bytes)
        return [
            Finding(
                ruleID: Self.description.id, severity: Self.description.defaultSeverity,
                message: "not valid JSON: \(error.message) (byte \(error.offset))", file: context.path,
                location: location)
        ]
    }
}
