import TFJSLintCore

struct Keras3WeightNamesRule: ModelRule {
    static let description = RuleDescription(
        id: "keras3-weight-names",
        category: .keras3,
        defaultSeverity: .error,
        summary: "Keras 3 weight names must be rewritten to the `<layer>/<weight>` names TF.js matches.",
        rationale: """
            TF.js matches each manifest weight to a layer variable named `<layer name>/<weight name>` (retrying \
            once without the second-to-last segment, for RNN cells). Keras 3 prefixes names with the model's \
            name (`sequential/dense/kernel`, nested models too), names DepthwiseConv2D's kernel `kernel` \
            instead of `depthwise_kernel`, stores Bidirectional's inner layer already named `forward_...` \
            (TF.js prefixes it again), and the `.keras` converter writes `layers/<auto name>/vars/<i>`. None of \
            these match, and loading stops.
            """,
        tfjsError: "Provided weight data has no target variable: sequential/hidden/kernel",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "Dense", "config": {"name": "hidden", "units": 1}}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "sequential/hidden/kernel", "shape": [1, 1], "dtype": "float32"}]}]}
                """#, at: ["/weightsManifest/0/weights/0/name"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Functional", "config": {"name": "m", "layers": [
                  {"class_name": "DepthwiseConv2D", "name": "dw", "config": {"name": "dw"}, "inbound_nodes": []}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "dw/kernel", "shape": [3, 3, 2, 1], "dtype": "float32"}]}]}
                """#, at: ["/weightsManifest/0/weights/0/name"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Bidirectional", "config": {"name": "bidirectional", "layer": {"class_name": "LSTM", "config": {"name": "forward_lstm", "units": 2}}}}]}}}}
                """#, at: ["/modelTopology/model_config/config/layers/0/config/layer/config/name"]),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 1}}]}}},
                 "weightsManifest": [{"paths": [], "weights": [{"name": "layers/dense/vars/0", "shape": [1, 1], "dtype": "float32"}]}]}
                """#, at: ["/weightsManifest/0/weights/0/name"]),
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
                  {"class_name": "Bidirectional", "config": {"name": "bidirectional", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 2}}}}]}}}}
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
        ]
    )

    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model, model.format == .layers else { return [] }
        let layers = LayerWalk.layers(in: model)
        var classOf: [String: String] = [:]
        for layer in layers { classOf[layer.name] = layer.className }
        let modelNames = Set(layers.filter { Self.modelClasses.contains($0.className) }.map(\.name))
        let existing = Set(model.manifest.weights.map(\.name))
        var findings: [Finding] = []
        var renames: [(WeightSpec, String)] = []
        for spec in model.manifest.weights where spec.group != "optimizer" {
            let segments = spec.name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if segments.count == 4, segments[0] == "layers", segments[2] == "vars" {
                findings.append(context.finding(
                    Self.self,
                    "weight '\(spec.name)' has the `.keras` converter's internal name; TF.js fails: \"Provided weight data "
                        + "has no target variable: \(spec.name)\". Convert from an HDF5 file or with tf_keras instead",
                    at: spec.pointer.appending("name"), subject: spec.name))
                continue
            }
            var renamed = segments
            while renamed.count >= 3, modelNames.contains(renamed[0]), classOf[renamed[1]] != nil { renamed.removeFirst() }
            if renamed.count == 2, renamed[1] == "kernel", classOf[renamed[0]] == "DepthwiseConv2D" { renamed[1] = "depthwise_kernel" }
            let name = renamed.joined(separator: "/")
            if name != spec.name, !existing.contains(name) { renames.append((spec, name)) }
        }
        if let first = renames.first {
            let examples = renames.prefix(3).map { "'\($0.0.name)' → '\($0.1)'" }.joined(separator: ", ")
            findings.append(context.finding(
                Self.self,
                "\(renames.count) weight name(s) match no TF.js variable (\(examples)\(renames.count > 3 ? ", ..." : "")); "
                    + "loading fails: \"Provided weight data has no target variable: \(first.0.name)\"",
                at: first.0.pointer.appending("name"), subject: first.0.name,
                fix: Fix("rename \(renames.count) weight(s) to the names TF.js matches",
                         edits: renames.map { .replace($0.0.pointer.appending("name"), with: .string($0.1)) })))
        }
        for layer in layers where layer.className == "Bidirectional" {
            guard let inner = layer.config?["layer"]?["config"]?["name"]?.string, inner.hasPrefix("forward_") else { continue }
            let pointer = layer.configPointer.appending("layer").appending("config").appending("name")
            let bare = String(inner.dropFirst("forward_".count))
            findings.append(context.finding(
                Self.self,
                "\(layer.label) wraps a layer already named '\(inner)'; TF.js prefixes it again ('forward_\(inner)'), so "
                    + "its weights find no target variable",
                at: pointer, subject: layer.name,
                fix: Fix("rename the wrapped layer to '\(bare)'", edits: [.replace(pointer, with: .string(bare))])))
        }
        return findings
    }
}
