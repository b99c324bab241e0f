import TFJSLintCore

struct SemanticDriftRule: ModelRule {
    static let description = RuleDescription(
        id: "semantic-drift",
        category: .layers,
        defaultSeverity: .warning,
        summary: "Settings TF.js loads but computes differently from Keras.",
        rationale: """
            Some models load without error and give other outputs: TF.js's hard_sigmoid is Keras 2's \
            clip(0.2x + 0.5) while Keras 3 uses relu6(x + 3) / 6; TF.js's ReLU layer ignores `negative_slope` and \
            `threshold`; and TF.js applies weight constraints to the saved weights when it loads them, which changes \
            saved values that lie outside the constraint. Constraints are checked against the saved values \
            (NonNeg, MaxNorm, UnitNorm, MinMaxNorm); when those cannot be read the finding is only informational.
            """,
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"keras_version": "3.15.1", "model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "hard_sigmoid", "kernel_constraint": {"class_name": "NonNeg", "config": {}}}},
                  {"class_name": "ReLU", "config": {"name": "r", "negative_slope": 0.1, "threshold": 0.0}}
                ]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/config/activation",
                    "/modelTopology/model_config/config/layers/0/config/kernel_constraint",
                    "/modelTopology/model_config/config/layers/1/config/negative_slope",
                ]),
            RuleExample(
                #"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 1], "use_bias": false, "kernel_constraint": {"class_name": "NonNeg", "config": {}}}}
                ]}}}, "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "d/kernel", "shape": [1, 1], "dtype": "float32"}]}]}
                """#, files: ["w.bin": [0x00, 0x00, 0x80, 0xBF]], at: ["/modelTopology/model_config/config/layers/0/config/kernel_constraint"]),
        ],
        nonTriggering: [
            RuleExample(
                #"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "batch_input_shape": [null, 2], "use_bias": false, "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}}}
                ]}}}, "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "d/kernel", "shape": [2, 1], "dtype": "float32"}]}]}
                """#, files: ["w.bin": [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x80, 0xBF]]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"keras_version": "2.21.0", "model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "hard_sigmoid", "kernel_constraint": null}},
                  {"class_name": "ReLU", "config": {"name": "r", "negative_slope": 0.0, "threshold": 0.0, "max_value": 6}}
                ]}}}}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "ReLU", "config": {"name": "r", "negative_slope": 0.1, "threshold": 0.0, "max_value": null}}]}}"#),
                #"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "LeakyReLU", "config": {"name": "r", "alpha": 0.1, "threshold": 0.0, "max_value": null}}]}}"#),
        ]
    )

    /// ReLU's ignored `negative_slope` / `threshold`. With no threshold and no max_value, ReLU(negative_slope=a)
    /// is exactly LeakyReLU(alpha=a), which TF.js has: a safe fix.
    private func reluFindings(_ layer: LayerRecord, _ context: ModelContext) -> [Finding] {
        guard let config = layer.config else { return [] }
        let threshold = config["threshold"]?.number ?? 0
        let capped = config["max_value"].map { !$0.isNull } ?? false
        var findings: [Finding] = []
        for key in ["negative_slope", "threshold"] {
            guard let value = config[key]?.number, value != 0 else { continue }
            var fix: Fix?
            if key == "negative_slope", threshold == 0, !capped {
                fix = Fix(
                    "make it LeakyReLU(alpha=\(jsonNumber(value))), the same function", edits: [
                        .replace(layer.pointer.appending("class_name"), with: .string("LeakyReLU")),
                        .renameKey(layer.configPointer.appending("negative_slope"), to: "alpha"),
                    ])
            }
            findings.append(context.finding(
                Self.self, "\(layer.label): TF.js's ReLU ignores \(key) (\(jsonNumber(value))) and computes max(x, 0) "
                    + "(capped at max_value); Keras does not" + (fix == nil ? "" : "; LeakyReLU(alpha=\(jsonNumber(value))) is the same function"),
                at: layer.configPointer.appending(key), subject: layer.name, fix: fix))
        }
        return findings
    }

    /// The weight a `<weight>_constraint` key constrains (`depthwise_constraint` -> `depthwise_kernel`).
    private static func constrainedWeight(_ key: String) -> String {
        let base = String(key.dropLast("_constraint".count))
        return ["depthwise", "pointwise", "recurrent"].contains(base) ? base + "_kernel" : base
    }

    private func constraintFindings(_ member: JSONMember, layer: LayerRecord, model: ModelArtifact, _ context: ModelContext) -> [Finding] {
        let weightName = Self.constrainedWeight(member.key)
        let pointer = layer.configPointer.appending(member.key)
        let spec = model.manifest.weights.first { spec in
            let tokens = spec.name.split(separator: "/")
            return tokens.first.map(String.init) == layer.name && tokens.last.map(String.init) == weightName
        }
        var verdict = ConstraintProjection.Verdict.unknown
        if let spec, let shape = spec.shape, let values = ConstraintProjection.values(of: spec, in: model) {
            verdict = ConstraintProjection.verdict(constraint: member.value, weight: values, shape: shape)
        }
        switch verdict {
        case .satisfied:
            return []
        case .changes(let how):
            return [context.finding(
                Self.self, "\(layer.label): TF.js applies \(member.key) to the saved \"\(spec?.name ?? weightName)\" when "
                    + "loading it, and the saved values violate it: \(how), so outputs differ from Keras",
                at: pointer, subject: layer.name)]
        case .unknown:
            return [context.finding(
                Self.self, "\(layer.label): TF.js applies \(member.key) to the saved weights when loading them "
                    + "(LayerVariable.write); saved values outside the constraint are silently changed",
                at: pointer, subject: layer.name, severity: .info)]
        }
    }

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let kerasMajor = LayerWalk.kerasMajorVersion(model)
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) where !ConfigNameCheck.containers.contains(layer.className) {
            let pointer = layer.configPointer
            for member in layer.config?.members ?? [] {
                if member.key == "activation" || member.key == "recurrent_activation",
                    let written = member.value.string ?? member.value["class_name"]?.string,
                    let entry = context.available(PythonicNames.camelCase(written), in: .activations),
                    let drift = entry.drift,
                    entry.driftFrom != "keras3" || (kerasMajor ?? 3) >= 3
                {
                    findings.append(context.finding(
                        Self.self, "\(layer.label): \(member.key) \"\(written)\" loads but computes differently: \(drift)",
                        at: pointer.appending(member.key), subject: layer.name))
                }
                if member.key.hasSuffix("_constraint"), !member.value.isNull {
                    findings += constraintFindings(member, layer: layer, model: model, context)
                }
            }
            if PythonicNames.camelCase(layer.className) == "ReLU" {
                findings += reluFindings(layer, context)
            }
        }
        return findings
    }
}
