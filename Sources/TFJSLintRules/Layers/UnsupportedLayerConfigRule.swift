import TFJSLintCore

struct UnsupportedLayerConfigRule: ModelRule {
    static let description = RuleDescription(
        id: "unsupported-layer-config",
        category: .layers,
        defaultSeverity: .error,
        summary: "Layer config values TF.js rejects when it builds the layer.",
        rationale: """
            Some layers TF.js has reject settings Keras writes by default: GRU with `reset_after: true` (the \
            default of tf_keras and Keras 3; layers/recurrent.ts), SeparableConv2D with non-null `kernel_*` fields \
            (tf_keras writes a kernel_initializer; layers/convolutional.ts), ELU with an alpha other than 1 \
            (layers/advanced_activations.ts), Conv1D with `padding: causal`, which fails when predict runs \
            (layers/convolutional.ts), and VarianceScaling with a mode or distribution outside \
            fanIn/fanOut/fanAvg and normal/uniform/truncatedNormal (initializers.ts), Bidirectional wrapping a \
            generic RNN (RNN.fromConfig replaces the shared config's cell; layers/wrappers.ts, recurrent.ts), and an \
            RNN over stacked cells saved with the converter's weight names (`rnn/stacked_rnn_cells/...`; TF.js \
            names them `rnn/RNNCell_0/...`). Each stops loading. Global \
            pooling layers ignore `keepdims` (layers/pooling.ts) and drop the pooled axes, which the layers after \
            them do not expect (Keras 3's MobileNetV3 sets it); in a functional model the unsafe fix pools without \
            it and reshapes to the kept shape.
            """,
        tfjsError: "ValueError: GRUCell does not support reset_after parameter set to true.",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "GRU", "config": {"name": "g", "units": 2, "reset_after": true, "batch_input_shape": [null, 3, 2]}},
                  {"class_name": "ELU", "config": {"name": "e", "alpha": 0.5}},
                  {"class_name": "Conv1D", "config": {"name": "c", "filters": 1, "kernel_size": [2], "padding": "causal"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_in", "distribution": "untruncated_normal"}}}}
                ]}}}}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/config/reset_after",
                    "/modelTopology/model_config/config/layers/1/config/alpha",
                    "/modelTopology/model_config/config/layers/2/config/padding",
                    "/modelTopology/model_config/config/layers/3/config/kernel_initializer/config/distribution",
                ]),
            // TF.js ignores keepdims (Keras 3's MobileNetV3 squeeze-excite blocks set it).
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "GlobalAveragePooling2D", "name": "p", "config": {"name": "p", "keepdims": true}, "inbound_nodes": [[["x", 0, 0, {}]]]}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/keepdims"]),
            // Bidirectional over a generic RNN, and a stack of cells with the converter's weight names.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Bidirectional", "config": {"name": "bi", "layer": {"class_name": "RNN", "config": {"name": "rnn", "cell": {"class_name": "LSTMCell", "config": {"units": 2}}}}}},
                  {"class_name": "RNN", "config": {"name": "stack", "cell": {"class_name": "StackedRNNCells", "config": {"cells": [
                    {"class_name": "SimpleRNNCell", "config": {"units": 2}}, {"class_name": "SimpleRNNCell", "config": {"units": 2}}]}}}}
                ]}}}, "weightsManifest": [{"paths": [], "weights": [{"name": "stack/stacked_rnn_cells/simple_rnn_cell/kernel", "shape": [2, 2], "dtype": "float32"}]}]}
                """#, at: [
                    "/modelTopology/model_config/config/layers/0/config/layer/class_name",
                    "/modelTopology/model_config/config/layers/1/config/cell",
                ]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Bidirectional", "config": {"name": "bi", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 2}}}},
                  {"class_name": "RNN", "config": {"name": "stack", "cell": {"class_name": "StackedRNNCells", "config": {"cells": [
                    {"class_name": "SimpleRNNCell", "config": {"units": 2}}, {"class_name": "SimpleRNNCell", "config": {"units": 2}}]}}}}
                ]}}}, "weightsManifest": [{"paths": [], "weights": [{"name": "stack/RNNCell_0/kernel", "shape": [2, 2], "dtype": "float32"}]}]}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"layers": [
                  {"class_name": "GlobalAveragePooling2D", "name": "p", "config": {"name": "p", "keepdims": false}, "inbound_nodes": [[["x", 0, 0, {}]]]}]}}}}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "GRU", "config": {"name": "g", "units": 2, "reset_after": false, "batch_input_shape": [null, 3, 2]}},
                  {"class_name": "ELU", "config": {"name": "e", "alpha": 1.0}},
                  {"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 1, "kernel_size": [1, 1], "kernel_initializer": null}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "kernel_initializer": {"class_name": "VarianceScaling", "config": {"mode": "fan_avg", "distribution": "truncated_normal"}}}}
                ]}}}}
                """#),
        ],
        corrections: [
            // keepdims in a functional model: the channel count comes from the shape Keras 3 wrote in the call.
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "GlobalAveragePooling2D", "config": {"name": "se", "data_format": "channels_last", "keepdims": true}, "name": "se", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 8, 8, 16], "keras_history": ["act", 0, 0]}}], "kwargs": {}}]}]}}}"#),
                #"{"format": "layers-model", "modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "GlobalAveragePooling2D", "config": {"name": "se_pooled", "data_format": "channels_last", "keepdims": false}, "name": "se_pooled", "inbound_nodes": [[["act", 0, 0, {}]]]}, {"class_name": "Reshape", "config": {"name": "se", "target_shape": [1, 1, 16]}, "name": "se", "inbound_nodes": [[["se_pooled", 0, 0, {}]]]}]}}}"#,
                safety: .unsafe),
            // ... or from the layers before it, once the calls are in the list form.
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Conv2D", "config": {"name": "c", "filters": 6}, "name": "c", "inbound_nodes": [[["x", 0, 0, {}]]]}, {"class_name": "BatchNormalization", "config": {"name": "bn"}, "name": "bn", "inbound_nodes": [[["c", 0, 0, {}]]]}, {"class_name": "GlobalMaxPooling2D", "config": {"name": "p", "keepdims": true}, "name": "p", "inbound_nodes": [[["bn", 0, 0, {}]]]}]}}}"#),
                #"{"format": "layers-model", "modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "Conv2D", "config": {"name": "c", "filters": 6}, "name": "c", "inbound_nodes": [[["x", 0, 0, {}]]]}, {"class_name": "BatchNormalization", "config": {"name": "bn"}, "name": "bn", "inbound_nodes": [[["c", 0, 0, {}]]]}, {"class_name": "GlobalMaxPooling2D", "config": {"name": "p_pooled", "keepdims": false}, "name": "p_pooled", "inbound_nodes": [[["bn", 0, 0, {}]]]}, {"class_name": "Reshape", "config": {"name": "p", "target_shape": [1, 1, 6]}, "name": "p", "inbound_nodes": [[["p_pooled", 0, 0, {}]]]}]}}}"#,
                safety: .unsafe),
            CorrectionExample(
                RuleExample(#"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 1, "kernel_size": [1, 1], "kernel_initializer": {"class_name": "GlorotUniform", "config": {}}, "kernel_regularizer": null}}]}}"#),
                #"{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": [{"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 1, "kernel_size": [1, 1], "kernel_initializer": null, "kernel_regularizer": null}}]}}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for layer in LayerWalk.layers(in: model) {
            guard let config = layer.config else { continue }
            let pointer = layer.configPointer
            switch PythonicNames.camelCase(layer.className) {
            case "GRU", "GRUCell":
                guard config["reset_after"]?.bool == true else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): reset_after is true; TF.js's GRUCell only implements reset_after=false "
                        + "and stops loading (\"GRUCell does not support reset_after parameter set to true.\"); retrain "
                        + "with reset_after=False, or convert to a graph model", at: pointer.appending("reset_after"),
                    subject: layer.name))
            case "SeparableConv2D":
                let fields = ["kernel_initializer", "kernel_regularizer", "kernel_constraint"].filter {
                    config[$0].map { !$0.isNull } ?? false
                }
                guard let first = fields.first else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): \(fields.joined(separator: ", ")) must be null; TF.js stops loading "
                        + "(\"Fields kernelInitializer, kernelRegularizer and kernelConstraint are invalid for "
                        + "SeparableConv2D.\"). SeparableConv2D has no `kernel` (only depthwise and pointwise ones), so "
                        + "nulling them changes nothing", at: pointer.appending(first), subject: layer.name,
                    fix: Fix("set \(fields.joined(separator: ", ")) to null",
                             edits: fields.map { .replace(pointer.appending($0), with: .null) })))
            case "ELU":
                guard let alpha = config["alpha"]?.number, alpha != 1 else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): alpha \(jsonNumber(alpha)) is not 1; TF.js's ELU layer only "
                        + "implements alpha 1 and stops loading (\"Non-default alpha value (\(jsonNumber(alpha))) is "
                        + "not supported by the ELU layer yet.\")", at: pointer.appending("alpha"), subject: layer.name))
            case "Conv1D":
                guard config["padding"]?.string == "causal" else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): padding \"causal\" is not implemented in TF.js; the model loads but "
                        + "predict fails (\"The support for CAUSAL padding mode in conv1dWithBias is not implemented "
                        + "yet.\"); left-pad the sequence by (kernel_size - 1) * dilation_rate steps and use \"valid\", or convert to a "
                        + "graph model",
                    at: pointer.appending("padding"), subject: layer.name))
            case "Bidirectional":
                guard let inner = config["layer"]?["class_name"]?.string, PythonicNames.camelCase(inner) == "RNN" else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label) wraps a generic RNN layer; TF.js's RNN.fromConfig replaces the shared "
                        + "config's cell with the built cell, so the backward copy cannot be deserialized and loading stops "
                        + "(\"layer: Improper config format: ...\"); wrap SimpleRNN, GRU or LSTM instead",
                    at: pointer.appending("layer").appending("class_name"), subject: layer.name))
            case "RNN":
                guard config["cell"]?["class_name"]?.string == "StackedRNNCells" || config["cell"]?.array != nil,
                    let misnamed = model.manifest.weights.first(where: {
                        $0.name.hasPrefix(layer.name + "/") && !$0.name.contains("/RNNCell_")
                    })
                else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label) runs a stack of cells, whose weights TF.js names "
                        + "\"\(layer.name)/RNNCell_<index>/...\"; the saved \"\(misnamed.name)\" matches none and loading "
                        + "stops (\"Provided weight data has no target variable: \(misnamed.name)\"); use one recurrent "
                        + "layer per cell (SimpleRNN/GRU/LSTM layers, all but the last with return_sequences=True, compute "
                        + "the same)",
                    at: pointer.appending("cell"), subject: layer.name))
            case "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D":
                guard config["keepdims"]?.bool == true else { break }
                findings.append(context.finding(
                    Self.self, "\(layer.label): keepdims is true; TF.js's global pooling layers ignore keepdims and "
                        + "drop the pooled axes, so the layers after it get a tensor of lower rank (a Conv2D stops loading: "
                        + "\"Input 0 is incompatible with layer ...: expected ndim=4, found ndim=2\")",
                    at: pointer.appending("keepdims"), subject: layer.name, fix: Self.keepdimsLayers(layer, context)))
            default:
                break
            }
            for member in config.members ?? [] where member.key.hasSuffix("_initializer") {
                findings.append(contentsOf: varianceScalingFindings(member.value, at: pointer.appending(member.key), layer, context))
            }
        }
        return findings
    }

    /// Global pooling with keepdims in a functional model: the same pooling without keepdims, then a Reshape to the
    /// kept shape, which takes the layer's name (unsafe: two layers for one). Needs the channel count: from the
    /// shape Keras 3 wrote in the call, or from the layers before it; channels-last only.
    static func keepdimsLayers(_ layer: LayerRecord, _ context: ModelContext) -> Fix? {
        guard let model = context.model, let config = layer.config, (config["data_format"]?.string ?? "channels_last") == "channels_last",
            let rewrite = FunctionalRewrite(layerAt: layer.pointer, in: model), let inputs = rewrite.inputs, inputs.count == 1,
            let channels = rewrite.inputChannels
        else { return nil }
        let kept = rewrite.entry.name
        let pooled = rewrite.unusedName("\(kept)_pooled")
        let poolingConfig = (config.members ?? []).filter { $0.key != "name" }.map { member -> (String, JSONTree) in
            (member.key, member.key == "keepdims" ? .bool(false) : .copy(of: member.value, in: model.document))
        }
        let shape: [JSONTree] = (layer.className.hasSuffix("1D") ? [1, channels] : [1, 1, channels]).map { .number(Double($0)) }
        let layers = [
            FunctionalRewrite.layer(layer.className, pooled, config: poolingConfig, inputs: inputs),
            FunctionalRewrite.layer("Reshape", kept, config: [("target_shape", .array(shape))], inputs: [FunctionalRewrite.reference(pooled)]),
        ]
        return Fix(
            "pool in \"\(pooled)\" without keepdims, then Reshape to \(JSONTree.array(shape).serialized(style: .compact)) as \"\(kept)\"",
            safety: .unsafe, edits: rewrite.replacing(with: layers))
    }

    private static let modes: Set<String> = ["fanIn", "fanOut", "fanAvg"]
    private static let distributions: Set<String> = ["normal", "uniform", "truncatedNormal"]

    private func varianceScalingFindings(
        _ initializer: JSONNode, at pointer: JSONPointer, _ layer: LayerRecord, _ context: ModelContext
    ) -> [Finding] {
        guard initializer["class_name"]?.string == "VarianceScaling", let config = initializer["config"] else { return [] }
        var findings: [Finding] = []
        for (key, allowed, type) in [("mode", Self.modes, "FanMode"), ("distribution", Self.distributions, "Distribution")] {
            guard let written = config[key]?.string else { continue }
            let camel = PythonicNames.camelCase(written)
            guard !allowed.contains(camel) else { continue }
            findings.append(context.finding(
                Self.self, "\(layer.label): VarianceScaling \(key) \"\(written)\" (\"\(camel)\" to TF.js) is not one of "
                    + "\(allowed.sorted().joined(separator: ", ")); TF.js stops loading (\"\(camel) is not a valid \(type).\")",
                at: pointer.appending("config").appending(key), subject: layer.name))
        }
        return findings
    }
}

/// A number as JSON writes it (`0.5`, `2`).
func jsonNumber(_ value: Double) -> String {
    JSONTree.number(value).serialized(style: .compact)
}
