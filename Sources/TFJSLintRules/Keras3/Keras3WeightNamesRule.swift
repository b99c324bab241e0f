import TFJSLintCore

struct Keras3WeightNamesRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-weight-names",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Keras 3 weight names must be the `<layer>/<weight>` names TF.js matches.",
        rationale: """
            TF.js matches each manifest weight to a layer variable named `<layer name>/<weight name>`, retrying \
            once without the second-to-last segment (for RNN cells), or, when the first manifest name ends in a \
            number, to `<layer name>/<index>`. Keras 3 prefixes names with the model's name (`sequential/dense/\
            kernel`, and `inner/dense/kernel` inside a nested Sequential), calls DepthwiseConv2D's kernel `kernel` \
            where TF.js says `depthwise_kernel`, stores Bidirectional's wrapped layer already named `forward_...` \
            (TF.js prefixes it again), and the `.keras` converter writes `layers/<auto name>/vars/<i>` with Keras's \
            internal per-class names. None of these match, and loading stops. The names live in model.json's \
            weightsManifest: renaming them there is enough, the shards stay as they are.
            """,
        tfjsError: "Provided weight data has no target variable: sequential/hidden/kernel",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "Dense", "config": {"name": "hidden", "units": 1}}, {"class_name": "Dense", "config": {"name": "out", "units": 1}}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "sequential/hidden/kernel", "shape": [1, 1], "dtype": "float32"},
                   {"name": "sequential/hidden/bias", "shape": [1], "dtype": "float32"}, {"name": "sequential/out/kernel", "shape": [1, 1], "dtype": "float32"}]}]}
                """#, at: ["/weightsManifest/0/weights/0/name", "/weightsManifest/0/weights/2/name"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "m", "layers": [
                  {"class_name": "DepthwiseConv2D", "name": "dw", "config": {"name": "dw"}, "inbound_nodes": []}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "dw/kernel", "shape": [3, 3, 2, 1], "dtype": "float32"}, {"name": "dw/bias", "shape": [2], "dtype": "float32"}]}]}
                """#, at: ["/weightsManifest/0/weights/0/name"]),
            // A Sequential nested in a functional model keeps its own name as a prefix.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "outer", "layers": [
                  {"class_name": "Sequential", "name": "tower", "config": {"name": "tower", "layers": [{"class_name": "Dense", "config": {"name": "t1"}}]}, "inbound_nodes": []},
                  {"class_name": "Dense", "name": "head", "config": {"name": "head"}, "inbound_nodes": []}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "head/kernel", "shape": [1, 1], "dtype": "float32"}, {"name": "tower/t1/kernel", "shape": [1, 1], "dtype": "float32"}]}]}
                """#, at: ["/weightsManifest/0/weights/1/name"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Bidirectional", "config": {"name": "bidirectional", "layer": {"class_name": "LSTM", "config": {"name": "forward_lstm", "units": 2}}}}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/layer/config/name"]),
            // `.keras` converter names; the nested model's cannot be mapped and are reported without a fix.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "m", "layers": [
                  {"class_name": "InputLayer", "name": "x", "config": {"name": "x"}, "inbound_nodes": []},
                  {"class_name": "Dense", "name": "first", "config": {"name": "first"}, "inbound_nodes": []}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "layers/dense/vars/0", "shape": [1, 1], "dtype": "float32"},
                   {"name": "layers/functional/layers/dense/vars/0", "shape": [1, 1], "dtype": "float32"}]}]}
                """#, at: ["/weightsManifest/0/weights/0/name", "/weightsManifest/0/weights/1/name"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "Dense", "config": {"name": "hidden", "units": 1}}, {"class_name": "LSTM", "config": {"name": "lstm"}},
                  {"class_name": "DepthwiseConv2D", "config": {"name": "dw"}}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "hidden/kernel", "shape": [1, 1], "dtype": "float32"},
                   {"name": "lstm/lstm_cell/kernel", "shape": [1, 1], "dtype": "float32"}, {"name": "dw/depthwise_kernel", "shape": [1], "dtype": "float32"}]}]}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Bidirectional", "config": {"name": "bidirectional", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 2}}}}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "bidirectional/forward_lstm/lstm_cell/kernel", "shape": [1, 1], "dtype": "float32"}]}]}
                """#),
            // Names TF.js's index scheme matches, optimizer weights, and a layer that happens to share the model's name.
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "net", "layers": [
                  {"class_name": "Dense", "config": {"name": "dense"}}, {"class_name": "Dense", "config": {"name": "net"}}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "dense/0", "shape": [1, 1], "dtype": "float32"},
                   {"name": "net/1", "shape": [1], "dtype": "float32"}, {"name": "net/dense/iter", "shape": [], "dtype": "int32", "group": "optimizer"}]}]}
                """#),
        ],
        corrections: [
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "DepthwiseConv2D", "config": {"name": "dw"}}]}}, "weightsManifest": [{"paths": [], "weights": [{"name": "sequential/dw/kernel", "shape": [1], "dtype": "float32"}, {"name": "sequential/dw/bias", "shape": [1], "dtype": "float32"}]}]}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "DepthwiseConv2D", "config": {"name": "dw"}}]}}, "weightsManifest": [{"paths": [], "weights": [{"name": "dw/depthwise_kernel", "shape": [1], "dtype": "float32"}, {"name": "dw/bias", "shape": [1], "dtype": "float32"}]}]}
                """#),
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"name": "birnn", "layers": [{"class_name": "Bidirectional", "name": "bi", "config": {"name": "bi", "layer": {"class_name": "LSTM", "config": {"name": "forward_lstm", "units": 2}}, "backward_layer": {"class_name": "LSTM", "config": {"name": "backward_lstm"}}}, "inbound_nodes": []}]}}, "weightsManifest": [{"paths": [], "weights": [{"name": "bi/forward_lstm/lstm_cell/kernel", "shape": [1, 8], "dtype": "float32"}]}]}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"name": "birnn", "layers": [{"class_name": "Bidirectional", "name": "bi", "config": {"name": "bi", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 2}}, "backward_layer": {"class_name": "LSTM", "config": {"name": "backward_lstm"}}}, "inbound_nodes": []}]}}, "weightsManifest": [{"paths": [], "weights": [{"name": "bi/forward_lstm/lstm_cell/kernel", "shape": [1, 8], "dtype": "float32"}]}]}
                """#),
            // `.keras` converter names: Keras's per-class auto names, in layer order, to TF.js's `<layer>/<index>`.
            CorrectionExample(
                RuleExample(#"""
                    {"modelTopology": {"class_name": "Functional", "config": {"name": "m", "layers": [{"class_name": "InputLayer", "name": "x", "config": {"name": "x"}}, {"class_name": "Dense", "name": "first", "config": {"name": "first"}}, {"class_name": "BatchNormalization", "name": "bn", "config": {"name": "bn"}}, {"class_name": "Dense", "name": "second", "config": {"name": "second"}}]}}, "weightsManifest": [{"paths": [], "weights": [{"name": "layers/batch_normalization/vars/0", "shape": [1], "dtype": "float32"}, {"name": "layers/dense/vars/0", "shape": [1, 1], "dtype": "float32"}, {"name": "layers/dense_1/vars/1", "shape": [1], "dtype": "float32"}]}]}
                    """#),
                #"""
                {"modelTopology": {"class_name": "Functional", "config": {"name": "m", "layers": [{"class_name": "InputLayer", "name": "x", "config": {"name": "x"}}, {"class_name": "Dense", "name": "first", "config": {"name": "first"}}, {"class_name": "BatchNormalization", "name": "bn", "config": {"name": "bn"}}, {"class_name": "Dense", "name": "second", "config": {"name": "second"}}]}}, "weightsManifest": [{"paths": [], "weights": [{"name": "bn/0", "shape": [1], "dtype": "float32"}, {"name": "first/0", "shape": [1, 1], "dtype": "float32"}, {"name": "second/1", "shape": [1], "dtype": "float32"}]}]}
                """#),
        ]
    )

    /// A manifest weight, the name TF.js would match, and why the two differ.
    struct Rename {
        let spec: WeightSpec
        let name: String
        let layer: String
        let reason: String
    }

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model, model.format == .layers else { return [] }
        let (renames, unmapped) = Self.renames(in: model)
        var findings: [Finding] = []
        let kept = Set(model.manifest.weights.map(\.name)).subtracting(renames.map(\.spec.name))
        var targets: [String: Int] = [:]
        for rename in renames { targets[rename.name, default: 0] += 1 }
        var layers: [String] = []
        for rename in renames where !layers.contains(rename.layer) { layers.append(rename.layer) }
        for layer in layers {
            let group = renames.filter { $0.layer == layer }
            guard let first = group.first else { continue }
            let clashes = group.filter { kept.contains($0.name) || (targets[$0.name] ?? 0) > 1 }
            let pairs = group.prefix(3).map { "'\($0.spec.name)' → '\($0.name)'" }.joined(separator: ", ")
            var reasons: [String] = []
            for rename in group where !reasons.contains(rename.reason) { reasons.append(rename.reason) }
            var message = "weights of layer \"\(layer)\" have names TF.js cannot match (\(pairs)\(group.count > 3 ? ", ..." : "")): "
                + reasons.joined(separator: "; ") + "; loading fails: \"Provided weight data has no target variable: "
                + "\(first.spec.name)\""
            if let clash = clashes.first {
                message += ". '\(clash.name)' is also another weight's name, so TF.js would fail with \"Duplicate weight "
                    + "name: \(clash.name)\" after renaming"
            }
            findings.append(context.finding(
                Self.self, message, at: first.spec.pointer.appending("name"), subject: layer,
                fix: clashes.isEmpty
                    ? Fix("rename the \(group.count) weight(s) of \"\(layer)\" to the names TF.js matches",
                          edits: group.map { .replace($0.spec.pointer.appending("name"), with: .string($0.name)) })
                    : nil))
        }
        for spec in unmapped {
            findings.append(context.finding(
                Self.self,
                "weight '\(spec.name)' has the `.keras` converter's internal name, which names no layer of the model "
                    + "TF.js builds (only weights of the model's own layers, `layers/<auto name>/vars/<i>`, can be "
                    + "mapped); loading fails: \"Provided weight data has no target variable: \(spec.name)\". Convert "
                    + "from an HDF5 file (`model.save(\"m.h5\")`) instead",
                at: spec.pointer.appending("name"), subject: spec.name))
        }
        for layer in LayerWalk.layers(in: model) where layer.className == "Bidirectional" {
            guard let inner = layer.config?["layer"]?["config"]?["name"]?.string, inner.hasPrefix("forward_") else { continue }
            let pointer = layer.configPointer.appending("layer").appending("config").appending("name")
            let bare = String(inner.dropFirst("forward_".count))
            findings.append(context.finding(
                Self.self,
                "\(layer.label) wraps a layer Keras 3 already named '\(inner)'; TF.js prefixes it again, builds "
                    + "'forward_\(inner)' and 'backward_\(inner)', and the weights '\(layer.name)/\(inner)/...' find no "
                    + "target variable",
                at: pointer, subject: layer.name,
                fix: Fix("rename the layer wrapped by \"\(layer.name)\" to '\(bare)'", edits: [.replace(pointer, with: .string(bare))])))
        }
        return findings
    }

    /// The renames TF.js needs, and `.keras` converter names that cannot be mapped to a layer.
    static func renames(in model: ModelArtifact) -> (renames: [Rename], unmapped: [WeightSpec]) {
        let layers = LayerWalk.layers(in: model)
        var classOf: [String: String] = [:]
        for layer in layers { classOf[layer.name] = layer.className }
        let modelNames = Set(layers.filter { FunctionalModels.modelClasses.contains($0.className) }.map(\.name))
        let autoNames = autoNamedLayers(in: model)
        var renames: [Rename] = []
        var unmapped: [WeightSpec] = []
        for spec in model.manifest.weights where spec.group != "optimizer" {
            let segments = spec.name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if segments.first == "layers", segments.count >= 4, segments[segments.count - 2] == "vars" {
                if segments.count == 4, let layer = autoNames[segments[1]], Int(segments[3]) != nil {
                    renames.append(Rename(
                        spec: spec, name: "\(layer)/\(segments[3])", layer: layer,
                        reason: "the `.keras` converter names weights after Keras's internal per-class name "
                            + "('\(segments[1])'), not the layer's"))
                } else {
                    unmapped.append(spec)
                }
                continue
            }
            var renamed = segments
            var reasons: [String] = []
            while renamed.count >= 3, modelNames.contains(renamed[0]), classOf[renamed[1]] != nil {
                reasons.append("Keras 3 prefixes them with the name of model \"\(renamed[0])\"")
                renamed.removeFirst()
            }
            if renamed.count == 2, renamed[1] == "kernel", classOf[renamed[0]] == "DepthwiseConv2D" {
                renamed[1] = "depthwise_kernel"
                reasons.append("Keras 3 calls DepthwiseConv2D's kernel 'kernel', TF.js 'depthwise_kernel'")
            }
            guard !reasons.isEmpty, let layer = renamed.first else { continue }
            renames.append(Rename(spec: spec, name: renamed.joined(separator: "/"), layer: layer, reason: reasons.joined(separator: "; ")))
        }
        return (renames, unmapped)
    }

    /// The model's own layers by the name Keras 3's `.keras` format stores their weights under: the class name in
    /// snake_case, numbered per class in layer order (`dense`, `dense_1`, ...).
    static func autoNamedLayers(in model: ModelArtifact) -> [String: String] {
        guard let pointer = LayerWalk.modelConfigPointer(model), let config = model.document.resolve(pointer)?["config"],
            let entries = config["layers"]?.array ?? config.array
        else { return [:] }
        var used: [String: Int] = [:]
        var layers: [String: String] = [:]
        for entry in entries where !Keras3Operations.isOperation(entry) {
            guard let className = entry["class_name"]?.string,
                let name = entry["config"]?["name"]?.string ?? entry["name"]?.string
            else { continue }
            let base = snakeCase(className)
            let auto: String
            if let count = used[base] {
                used[base] = count + 1
                auto = "\(base)_\(count + 1)"
            } else {
                used[base] = 0
                auto = base
            }
            layers[auto] = name
        }
        return layers
    }

    /// Keras's `to_snake_case`: drop non-word characters, `_` before a capitalized word and between a lowercase
    /// letter and a capital, then lowercase (`DepthwiseConv2D` → `depthwise_conv2d`, `ReLU` → `re_lu`).
    static func snakeCase(_ name: String) -> String {
        let word = Array(name.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" })
        func isUpper(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) }
        func isLower(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) }
        var split: [Unicode.Scalar] = []
        var i = 0
        while i < word.count {
            if i + 2 < word.count, isUpper(word[i + 1]), isLower(word[i + 2]) {
                var end = i + 2
                while end < word.count, isLower(word[end]) { end += 1 }
                split.append(word[i])
                split.append("_")
                split.append(contentsOf: word[(i + 1)..<end])
                i = end
            } else {
                split.append(word[i])
                i += 1
            }
        }
        var result = ""
        i = 0
        while i < split.count {
            result.unicodeScalars.append(split[i])
            if i + 1 < split.count, isLower(split[i]), isUpper(split[i + 1]) {
                result += "_"
                result.unicodeScalars.append(split[i + 1])
                i += 2
            } else {
                i += 1
            }
        }
        return result.lowercased()
    }
}
