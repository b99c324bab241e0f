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
            (NonNeg, MaxNorm, UnitNorm, MinMaxNorm); when those cannot be read the finding is only informational. \
            Convolutions: DepthwiseConv2D, Conv2DTranspose and Conv3DTranspose ignore `dilation_rate`, and the \
            transposed ones ignore `output_padding` (flagged only where it changes Keras's output size; \
            layers/convolutional.ts, convolutional_depthwise.ts). Bilinear UpSampling2D resizes without half-pixel \
            centres, unlike Keras. With channels_first, Conv1D leaves its output channels-last, SeparableConv2D adds \
            its bias along the wrong axis, and the 1D pooling and global 1D pooling layers ignore data_format. \
            BatchNormalization over an axis that is not the last gives wrong numbers: \
            tfjs-backend-cpu's batchNorm kernel (kernels/BatchNorm.ts) reads each statistic at the flat input index \
            modulo its length; flagged where the input's rank is known (its shape, or a channels_first layer before \
            it) and the axes after `axis` are not all known to have size 1.
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
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 3, 4, 4]}},
                  {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [1]}},
                  {"class_name": "DepthwiseConv2D", "config": {"name": "dw", "kernel_size": [3, 3], "dilation_rate": [2, 2]}},
                  {"class_name": "Conv2DTranspose", "config": {"name": "up", "filters": 2, "kernel_size": [3, 3], "strides": [2, 2], "padding": "valid", "output_padding": [1, 1]}},
                  {"class_name": "Conv3DTranspose", "config": {"name": "up3", "filters": 2, "kernel_size": 3, "dilation_rate": 2}},
                  {"class_name": "UpSampling2D", "config": {"name": "resize", "size": [2, 2], "interpolation": "bilinear"}},
                  {"class_name": "GlobalAveragePooling1D", "config": {"name": "pool", "data_format": "channels_first"}}
                ]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/1/config/axis",
                    "/modelTopology/model_config/config/layers/2/config/dilation_rate",
                    "/modelTopology/model_config/config/layers/3/config/output_padding",
                    "/modelTopology/model_config/config/layers/4/config/dilation_rate",
                    "/modelTopology/model_config/config/layers/5/config/interpolation",
                    "/modelTopology/model_config/config/layers/6/config/data_format",
                ]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "Conv2D", "name": "c", "config": {"name": "c", "filters": 4, "kernel_size": [3, 3], "data_format": "channels_first"}, "inbound_nodes": [[["x", 0, 0, {}]]]},
                  {"class_name": "BatchNormalization", "name": "bn", "config": {"name": "bn", "axis": [1]}, "inbound_nodes": [[["c", 0, 0, {}]]]}
                ]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/1/config/axis"]),
        ],
        nonTriggering: [
            // Axis 1 followed by axes of size 1, or of unknown rank; output_padding equal to Keras's default.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 3, 1, 1]}},
                  {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [1]}},
                  {"class_name": "BatchNormalization", "config": {"name": "bn2", "axis": 1}},
                  {"class_name": "BatchNormalization", "config": {"name": "bn3", "axis": -1, "batch_input_shape": [null, 4, 4, 3]}},
                  {"class_name": "DepthwiseConv2D", "config": {"name": "dw", "kernel_size": [3, 3], "dilation_rate": [1, 1]}},
                  {"class_name": "Conv2DTranspose", "config": {"name": "up", "filters": 2, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "output_padding": [1, 1], "dilation_rate": 1}},
                  {"class_name": "UpSampling2D", "config": {"name": "resize", "size": [2, 2], "interpolation": "nearest"}},
                  {"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 2, "kernel_size": [1, 1], "data_format": "channels_first", "use_bias": false}},
                  {"class_name": "MaxPooling2D", "config": {"name": "pool", "data_format": "channels_first"}}
                ]}}}}
                """#),
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

    /// An int or a list of ints (`2`, `[2, 2]`) as `rank` values, as TF.js's normalizeArray reads them.
    private static func ints(_ node: JSONNode?, rank: Int) -> [Int]? {
        if let single = node?.int { return Array(repeating: single, count: rank) }
        guard let list = node?.intArray, list.count == rank else { return nil }
        return list
    }

    /// DepthwiseConv2D and the transposed convolutions ignore `dilation_rate`; the transposed ones also ignore
    /// `output_padding`, sizing their output as Keras does without it.
    private func convolutionFindings(_ layer: LayerRecord, _ context: ModelContext) -> [Finding] {
        guard let config = layer.config else { return [] }
        let rank = layer.className.hasPrefix("Conv3D") ? 3 : 2
        var findings: [Finding] = []
        if let dilation = Self.ints(config["dilation_rate"], rank: rank), dilation.contains(where: { $0 != 1 }) {
            findings.append(context.finding(
                Self.self, "\(layer.label): TF.js ignores dilation_rate \(dilation) and convolves with an undilated "
                    + "kernel, so outputs differ from Keras (a VALID transposed convolution's size as well)",
                at: layer.configPointer.appending("dilation_rate"), subject: layer.name))
        }
        if rank == 3 || layer.className == "Conv2DTranspose", let written = config["output_padding"], !written.isNull,
            Self.outputPaddingMatters(written, config, rank: rank)
        {
            let value = written.int.map(String.init) ?? written.intArray.map { "\($0)" } ?? "(unreadable)"
            findings.append(context.finding(
                Self.self, "\(layer.label): TF.js ignores output_padding \(value) and sizes the output as Keras does "
                    + "without it, so the output has another size than in Keras",
                at: layer.configPointer.appending("output_padding"), subject: layer.name))
        }
        return findings
    }

    /// Whether `output_padding` changes Keras's output size from the one without it, which TF.js computes (SAME:
    /// in·s against (in − 1)·s + k mod 2 + p; VALID: in·s + max(k − s, 0) against (in − 1)·s + k + p). Unreadable
    /// values count as mattering.
    private static func outputPaddingMatters(_ written: JSONNode, _ config: JSONNode, rank: Int) -> Bool {
        guard let padding = ints(written, rank: rank), let kernel = ints(config["kernel_size"], rank: rank) else { return true }
        let strides = ints(config["strides"], rank: rank) ?? Array(repeating: 1, count: rank)
        let same = config["padding"]?.string == "same"
        return (0..<rank).contains { axis in
            let (k, s, p) = (kernel[axis], strides[axis], padding[axis])
            return p != (same ? s - k % 2 : max(s - k, 0))
        }
    }

    /// What TF.js does with channels_first where it differs from Keras.
    private static let channelsFirstEffects: [String: String] = [
        "Conv1D": "transposes the input to channels-last and leaves the output channels-last ([batch, steps, filters] "
            + "instead of [batch, filters, steps])",
        "SeparableConv2D": "adds the bias along axis 1 of its channels-last result (the rows) before transposing back: "
            + "wrong numbers, or a broadcast error when the rows differ from the filters",
        "MaxPooling1D": "ignores data_format and pools along axis 1 (the channels)",
        "AveragePooling1D": "ignores data_format and pools along axis 1 (the channels)",
        "GlobalMaxPooling1D": "ignores data_format and pools along axis 1 (the channels), keeping the steps",
        "GlobalAveragePooling1D": "ignores data_format and pools along axis 1 (the channels), keeping the steps",
    ]

    /// channels_first layers TF.js computes differently (layers/convolutional.ts, pooling.ts).
    private func channelsFirstFindings(_ layer: LayerRecord, _ context: ModelContext) -> [Finding] {
        let className = PythonicNames.camelCase(layer.className)
        guard let config = layer.config, config["data_format"]?.string == "channels_first",
            className != "SeparableConv2D" || config["use_bias"]?.bool != false,
            let effect = Self.channelsFirstEffects[className]
        else { return [] }
        return [context.finding(
            Self.self, "\(layer.label): data_format is channels_first; TF.js \(effect), unlike Keras. Build the "
                + "model channels_last", at: layer.configPointer.appending("data_format"), subject: layer.name)]
    }

    /// Bilinear UpSampling2D: TF.js's resizeBilinear samples without half-pixel centres, Keras's tf.image.resize with.
    private func upSamplingFindings(_ layer: LayerRecord, _ context: ModelContext) -> [Finding] {
        guard let config = layer.config, config["interpolation"]?.string == "bilinear",
            (Self.ints(config["size"], rank: 2) ?? [2, 2]).contains(where: { $0 != 1 })
        else { return [] }
        return [context.finding(
            Self.self, "\(layer.label): TF.js's bilinear resize has no half-pixel centres (Keras's tf.image.resize "
                + "has), so every upsampled value is interpolated from other positions; \"nearest\" computes the same "
                + "in both", at: layer.configPointer.appending("interpolation"), subject: layer.name)]
    }

    /// BatchNormalization over an axis that is not the last: tfjs-backend-cpu's batchNorm reads each statistic at
    /// the flat index modulo its length, so unless the axes after `axis` have size 1 the statistics land on the
    /// wrong elements. Flagged only where the input's rank is known.
    private func batchNormalizationFindings(_ layer: LayerRecord, model: ModelArtifact, _ context: ModelContext) -> [Finding] {
        guard let config = layer.config, let shape = Self.inputShape(of: layer, in: model), shape.count >= 2 else { return [] }
        let written = config["axis"]?.int ?? config["axis"]?.intArray.flatMap { $0.count == 1 ? $0[0] : nil } ?? -1
        let axis = written < 0 ? written + shape.count : written
        guard axis >= 1, axis < shape.count - 1 else { return [] }
        let trailing = shape[(axis + 1)...]
        guard trailing.contains(where: { $0 != 1 }) else { return [] }
        let text = shape.map { $0.map(String.init) ?? "null" }.joined(separator: ", ")
        return [context.finding(
            Self.self, "\(layer.label): axis \(written) is not the last axis of its input [\(text)]; TF.js's cpu "
                + "batchNorm kernel applies the statistics along the flattened input, as if the axis were last, so the "
                + "outputs are wrong (correct only when the axes after it have size 1). Build the model channels_last "
                + "with axis=-1", at: layer.configPointer.appending("axis"), subject: layer.name)]
    }

    /// The layer's input shape where the model tells it: the layer's own batch_input_shape / batch_shape, the
    /// shape Keras 3 wrote in its call, or from the layer feeding it (the one before it in a Sequential list, or a
    /// Keras 2 inbound reference): an InputLayer's shape, or the rank of a channels_first 1D/2D/3D layer.
    private static func inputShape(of layer: LayerRecord, in model: ModelArtifact) -> [Int?]? {
        func shape(_ node: JSONNode?) -> [Int?]? { node?.array?.map(\.int) }
        if let own = shape(layer.config?["batch_input_shape"] ?? layer.config?["batch_shape"]) { return own }
        let entry = model.document.resolve(layer.pointer)
        if let called = shape(entry?["inbound_nodes"]?[0]?["args"]?[0]?["config"]?["shape"]) { return called }
        guard let list = layer.pointer.parent, let siblings = model.document.resolve(list)?.array else { return nil }
        let source: JSONNode?
        if let inbound = entry?["inbound_nodes"]?[0]?[0]?[0]?.string {
            source = siblings.first { ($0["config"]?["name"]?.string ?? $0["name"]?.string) == inbound }
        } else if let index = layer.pointer.lastToken.flatMap({ Int($0) }), index > 0, index <= siblings.count {
            source = siblings[index - 1]
        } else {
            source = nil
        }
        guard let source, let className = source["class_name"]?.string else { return nil }
        if className == "InputLayer" { return shape(source["config"]?["batch_input_shape"] ?? source["config"]?["batch_shape"]) }
        guard source["config"]?["data_format"]?.string == "channels_first",
            let dimensions = ["1D": 1, "2D": 2, "3D": 3].first(where: { className.hasSuffix($0.key) })?.value
        else { return nil }
        return Array(repeating: nil, count: dimensions + 2)
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
            switch PythonicNames.camelCase(layer.className) {
            case "ReLU": findings += reluFindings(layer, context)
            case "DepthwiseConv2D", "Conv2DTranspose", "Conv3DTranspose": findings += convolutionFindings(layer, context)
            case "UpSampling2D": findings += upSamplingFindings(layer, context)
            case "Conv1D", "SeparableConv2D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D":
                findings += channelsFirstFindings(layer, context)
            case "BatchNormalization": findings += batchNormalizationFindings(layer, model: model, context)
            default: break
            }
        }
        return findings
    }
}
