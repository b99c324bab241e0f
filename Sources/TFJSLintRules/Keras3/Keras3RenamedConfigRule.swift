import TFJSLintCore

struct Keras3RenamedConfigRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-renamed-config",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Config keys Keras 3 renamed are silently ignored by TF.js, which then uses its own default.",
        rationale: """
            TF.js ignores config keys it does not know and never says so. Keras 3 writes LeakyReLU's slope as \
            `negative_slope` where Keras 2 and TF.js use `alpha`, so the layer loads with TF.js's default slope \
            0.3 and the model computes different numbers with no error anywhere. Renaming the key back keeps \
            its value and position. When the value happens to equal TF.js's default the outputs agree, and the \
            finding is informational.
            """,
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LeakyReLU", "config": {"name": "leaky", "negative_slope": 0.2}}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/negative_slope"]),
            // Inside a functional model, a nested model and a wrapper, and with TF.js's default value (info).
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "LeakyReLU", "name": "a", "config": {"name": "a", "negative_slope": 0.3}, "inbound_nodes": []},
                  {"class_name": "Sequential", "name": "s", "config": {"name": "s", "layers": [
                    {"class_name": "TimeDistributed", "config": {"name": "td", "layer": {"class_name": "LeakyReLU", "config": {"name": "b", "negative_slope": 0.01}}}}]},
                   "inbound_nodes": []}]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/config/negative_slope",
                    "/modelTopology/model_config/config/layers/1/config/layers/0/config/layer/config/negative_slope",
                ]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LeakyReLU", "config": {"name": "leaky", "alpha": 0.2}}]}}}}
                """#),
            // TF.js reads `alpha` when both are written.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LeakyReLU", "config": {"name": "leaky", "alpha": 0.2, "negative_slope": 0.2}}]}}}}
                """#),
            // ReLU's negative_slope is its own key in Keras 2 as well (unsupported-layer-config's concern).
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "ReLU", "config": {"name": "r", "negative_slope": 0.0, "max_value": 6.0}}]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "LeakyReLU", "config": {"name": "l", "negative_slope": 0.2, "trainable": true}}]}}}"#),
                #"{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "LeakyReLU", "config": {"name": "l", "alpha": 0.2, "trainable": true}}]}}}"#),
        ],
        tfjsRunsTheModel: true
    )

    struct RenamedKey {
        let keras3: String
        let tfjs: String
        let tfjsDefault: Double
    }

    /// Layer class → keys Keras 3 renamed, with the key TF.js reads and its default (advanced_activations.ts).
    static let renamedKeys: [String: [RenamedKey]] = [
        "LeakyReLU": [RenamedKey(keras3: "negative_slope", tfjs: "alpha", tfjsDefault: 0.3)],
    ]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) {
            for renamed in Self.renamedKeys[layer.className] ?? [] {
                guard let config = layer.config, let value = config[renamed.keras3], config[renamed.tfjs] == nil else { continue }
                let pointer = layer.configPointer.appending(renamed.keras3)
                let text = model.document.sourceText(of: value)
                let tfjsDefault = JSONTree.number(renamed.tfjsDefault).serialized(style: .compact)
                let same = value.number == renamed.tfjsDefault
                findings.append(context.finding(
                    Self.self,
                    "\(layer.label) sets Keras 3's `\(renamed.keras3)`: \(text); TF.js reads `\(renamed.tfjs)`, ignores it "
                        + "and silently uses its default \(tfjsDefault)"
                        + (same ? ", which is the same value, so the outputs agree" : ", so the model computes different numbers"),
                    at: pointer, subject: layer.name,
                    fix: Fix("rename \(renamed.keras3) of \"\(layer.name)\" to \(renamed.tfjs)", edits: [.renameKey(pointer, to: renamed.tfjs)]),
                    severity: same ? .info : nil))
            }
        }
        return findings
    }
}
