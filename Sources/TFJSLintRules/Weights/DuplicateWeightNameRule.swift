import TFJSLintCore

struct DuplicateWeightNameRule: ModelRule {
    static let description = RuleDescription(
        id: "duplicate-weight-name",
        category: .weights,
        defaultSeverity: .error,
        summary: "Weight names must be unique across the whole manifest.",
        rationale: """
            TF.js decodes the manifest into a map from weight name to tensor, so of two entries with one name \
            only the later survives: a layers model then misses a weight ("N of M weights are not set") and a \
            graph model's Const node silently gets the other tensor.
            """,
        tfjsError: "1 of 4 weights are not set: scores/bias",
        triggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": [], "weights": [{"name": "d/kernel", "shape": [1], "dtype": "float32"}, {"name": "d/kernel", "shape": [2], "dtype": "float32"}]}]}"#,
                at: ["/weightsManifest/0/weights/1/name"]),
            RuleExample(
                #"{"weightsManifest": [{"paths": [], "weights": [{"name": "a", "shape": [1], "dtype": "float32"}]}, {"paths": [], "weights": [{"name": "b", "shape": [1], "dtype": "float32"}, {"name": "a", "shape": [1], "dtype": "float32"}]}]}"#,
                at: ["/weightsManifest/1/weights/1/name"]),
        ],
        nonTriggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": [], "weights": [{"name": "d/kernel", "shape": [1], "dtype": "float32"}, {"name": "d/bias", "shape": [1], "dtype": "float32"}]}]}"#),
            RuleExample(#"{"weightsManifest": []}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var first: [String: WeightSpec] = [:]
        var findings: [Finding] = []
        for spec in model.manifest.weights {
            guard let earlier = first[spec.name] else {
                first[spec.name] = spec
                continue
            }
            findings.append(context.finding(
                Self.self,
                "weight name '\(spec.name)' is used again (first at \(earlier.pointer)); TF.js keeps only this "
                    + "later entry, so the other tensor is lost",
                at: spec.pointer.appending("name"), subject: spec.name))
        }
        return findings
    }
}
