import TFJSLintCore

struct Keras3RenamedConfigRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-renamed-config",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Config keys Keras 3 renamed are silently ignored by TF.js.",
        rationale: """
            TF.js ignores config keys it does not know. Keras 3 writes LeakyReLU's slope as `negative_slope` \
            where TF.js reads `alpha`, so the layer loads with TF.js's default slope 0.3 and the model computes \
            different numbers with no error anywhere.
            """,
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LeakyReLU", "config": {"name": "leaky", "negative_slope": 0.2}}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/negative_slope"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LeakyReLU", "config": {"name": "leaky", "alpha": 0.2}}]}}}}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LeakyReLU", "config": {"name": "leaky", "alpha": 0.2, "negative_slope": 0.2}}]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "LeakyReLU", "config": {"name": "l", "negative_slope": 0.2}}]}}}"#),
                #"{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "LeakyReLU", "config": {"name": "l", "alpha": 0.2}}]}}}"#),
        ]
    )

    /// Layer class → (Keras 3 key, the key TF.js reads, TF.js's default for it).
    static let renamedKeys: [String: [(keras3: String, tfjs: String, tfjsDefault: String)]] = [
        "LeakyReLU": [("negative_slope", "alpha", "0.3")],
    ]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) {
            for renamed in Self.renamedKeys[layer.className] ?? [] {
                guard let config = layer.config, let value = config[renamed.keras3], config[renamed.tfjs] == nil else { continue }
                let pointer = layer.configPointer.appending(renamed.keras3)
                findings.append(context.finding(
                    Self.self,
                    "\(layer.label) sets Keras 3's `\(renamed.keras3)` = \(model.document.sourceText(of: value)); TF.js reads "
                        + "`\(renamed.tfjs)`, ignores it and silently uses \(renamed.tfjsDefault)",
                    at: pointer, subject: layer.name,
                    fix: Fix("rename \(renamed.keras3) to \(renamed.tfjs)", edits: [.renameKey(pointer, to: renamed.tfjs)])))
            }
        }
        return findings
    }
}
