import TFJSLintCore

struct WeightLayerMismatchRule: ModelRule {
    static let description = RuleDescription(
        id: "weight-layer-mismatch",
        category: .weights,
        defaultSeverity: .error,
        summary: "The manifest's weights must be exactly the weights the layers create, with their shapes.",
        rationale: """
            tf.loadLayersModel builds the layers, then matches every manifest entry (except `group: "optimizer"`) \
            to a layer variable by name (Container.loadWeights): `<layer>/<weight>`, retried without the \
            second-to-last segment (`lstm/lstm_cell/kernel` -> `lstm/kernel`), or `<layer>/<index>` when the first \
            name ends in a number. An entry with no variable, a variable with no entry, or a shape that differs \
            from the variable's stops loading. Layers whose weights tfjslint does not model (Conv3DTranspose, \
            ConvLSTM2D, custom ones) are left alone. Without a `weightsManifest` TF.js loads no weights, and nothing \
            is checked.
            """,
        tfjsError: "ValueError: 1 of 4 weights are not set: d2/bias",
        triggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d1", "units": 3, "batch_input_shape": [null, 2]}},
                  {"class_name": "Dense", "config": {"name": "d2", "units": 1}}
                ]}}},
                 "weightsManifest": [{"paths": [], "weights": [
                   {"name": "d1/kernel", "shape": [2, 3], "dtype": "float32"},
                   {"name": "d1/bias", "shape": [4], "dtype": "float32"},
                   {"name": "d2/kernel", "shape": [3, 1], "dtype": "float32"},
                   {"name": "d3/bias", "shape": [1], "dtype": "float32"}
                 ]}]}
                """#, at: [
                    "/modelTopology/model_config/config/layers/1",
                    "/weightsManifest/0/weights/1/shape",
                    "/weightsManifest/0/weights/3/name",
                ]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "LSTM", "config": {"name": "lstm", "units": 2, "batch_input_shape": [null, 4, 3]}},
                  {"class_name": "BatchNormalization", "config": {"name": "bn", "center": false}},
                  {"class_name": "Bidirectional", "config": {"name": "bi", "layer": {"class_name": "GRU", "config": {"name": "gru", "units": 1, "reset_after": false, "use_bias": false}}}},
                  {"class_name": "Conv3DTranspose", "config": {"name": "unmodelled"}}
                ]}}},
                 "weightsManifest": [{"paths": [], "weights": [
                   {"name": "lstm/lstm_cell/kernel", "shape": [3, 8], "dtype": "float32"},
                   {"name": "lstm/lstm_cell/recurrent_kernel", "shape": [2, 8], "dtype": "float32"},
                   {"name": "lstm/lstm_cell/bias", "shape": [8], "dtype": "float32"},
                   {"name": "bn/gamma", "shape": [2], "dtype": "float32"},
                   {"name": "bn/moving_mean", "shape": [2], "dtype": "float32"},
                   {"name": "bn/moving_variance", "shape": [2], "dtype": "float32"},
                   {"name": "bi/forward_gru/gru_cell/kernel", "shape": [2, 3], "dtype": "float32"},
                   {"name": "bi/forward_gru/gru_cell/recurrent_kernel", "shape": [1, 3], "dtype": "float32"},
                   {"name": "bi/backward_gru/gru_cell/kernel", "shape": [2, 3], "dtype": "float32"},
                   {"name": "bi/backward_gru/gru_cell/recurrent_kernel", "shape": [1, 3], "dtype": "float32"},
                   {"name": "unmodelled/kernel", "shape": [1], "dtype": "float32"},
                   {"name": "iter", "shape": [], "dtype": "int32", "group": "optimizer"}
                 ]}]}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "dense", "units": 1, "batch_input_shape": [null, 2]}}
                ]}}},
                 "weightsManifest": [{"paths": [], "weights": [
                   {"name": "dense/0", "shape": [2, 1], "dtype": "float32"}, {"name": "dense/1", "shape": [1], "dtype": "float32"}
                 ]}]}
                """#),
            RuleExample(#"""
                {"format": "layers-model", "modelTopology": {"model_config": {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "dense", "units": 1, "batch_input_shape": [null, 2]}}
                ]}}}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        // Without a weightsManifest TF.js loads no weights at all (the layers keep their initial values).
        guard let model = context.model, let manifest = model.document.root["weightsManifest"], !manifest.isNull,
            let rootPointer = LayerWalk.modelConfigPointer(model), let root = model.document.resolve(rootPointer)
        else { return [] }
        var layout = Layout()
        layout.collect(root, at: rootPointer, depth: 0)
        let specs = Self.modelWeightSpecs(model.manifest)
        guard !specs.isEmpty || !layout.expected.isEmpty else { return [] }

        let keras3 = Keras3Names(model: model, root: root, layout: layout, specs: specs)
        let indexScheme = specs.first.map { Self.endsInInteger($0.name) } ?? false
        if indexScheme, layout.hasNestedModels { return [] }
        let keys = layout.expected.indices.map { i -> String in
            indexScheme ? layout.indexName(of: i) : layout.expected[i].originalName
        }
        var remaining: [String: Int] = [:]
        for (i, key) in keys.enumerated() where remaining[key] == nil { remaining[key] = i }

        var findings: [Finding] = []
        var matched: [(expected: Int, spec: WeightSpec)] = []
        for spec in specs {
            var key = spec.name
            if remaining[key] == nil {
                let tokens = spec.name.split(separator: "/", omittingEmptySubsequences: false)
                key = (tokens.dropLast(2) + tokens.suffix(1)).joined(separator: "/")
            }
            if let index = remaining[key] {
                matched.append((index, spec))
            } else if !keras3.owns(spec.name), !layout.belongsToUnmodelledLayer(spec.name) {
                findings.append(context.finding(
                    Self.self, "weight \"\(spec.name)\" matches no variable of the model's layers (tried \"\(spec.name)\""
                        + (key == spec.name ? "" : " and \"\(key)\"") + "); TF.js stops loading (\"Provided weight data has "
                        + "no target variable: \(spec.name)\")", at: spec.pointer.appending("name"), subject: spec.name))
            }
            remaining[key] = nil
        }
        findings += unsetFindings(remaining: remaining, keys: keys, layout: layout, keras3: keras3, context)
        findings += shapeFindings(matched: matched, layout: layout, context)
        return findings
    }

    /// Manifest entries in the order TF.js iterates its name -> tensor map: optimizer weights split off, one entry
    /// per name, array-index names ("0", "1", ...) first as JavaScript orders object keys.
    static func modelWeightSpecs(_ manifest: WeightsManifest) -> [WeightSpec] {
        var seen: Set<String> = []
        var specs: [WeightSpec] = []
        for spec in manifest.weights where spec.group != "optimizer" && seen.insert(spec.name).inserted {
            specs.append(spec)
        }
        let indexLike = specs.filter { isArrayIndex($0.name) }.sorted { (UInt64($0.name) ?? 0) < (UInt64($1.name) ?? 0) }
        return indexLike + specs.filter { !isArrayIndex($0.name) }
    }

    private static func isArrayIndex(_ name: String) -> Bool {
        guard let value = UInt64(name), value < 4_294_967_295 else { return false }
        return String(value) == name
    }

    /// `!isNaN(parseInt(lastSegment, 10))`: optional whitespace and sign, then a digit.
    static func endsInInteger(_ name: String) -> Bool {
        let last = name.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        var rest = last.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        return rest.first?.isASCII == true && rest.first?.isNumber == true
    }

    private func unsetFindings(
        remaining: [String: Int], keys: [String], layout: Layout, keras3: Keras3Names, _ context: ModelContext
    ) -> [Finding] {
        let unset = remaining.values.sorted()
        guard !unset.isEmpty, !keras3.suppressesUnset else { return [] }
        let names = unset.map { keys[$0] }.joined(separator: ",")
        let tfjs = layout.unmodelled.isEmpty
            ? "(\"\(unset.count) of \(layout.expected.count) weights are not set: \(names)\")"
            : "(\"... weights are not set: ...\")"
        var byLayer: [(pointer: JSONPointer, label: String, names: [String])] = []
        for index in unset {
            let weight = layout.expected[index]
            guard !keras3.ownsWeight(weight.originalName) else { continue }
            if let last = byLayer.indices.last, byLayer[last].pointer == weight.layer.pointer {
                byLayer[last].names.append(keys[index])
            } else {
                byLayer.append((weight.layer.pointer, weight.label, [keys[index]]))
            }
        }
        return byLayer.map { entry in
            context.finding(
                Self.self, "\(entry.label): no manifest weight for \(entry.names.map { "\"\($0)\"" }.joined(separator: ", ")); "
                    + "TF.js stops loading \(tfjs)", at: entry.pointer, subject: entry.names.first)
        }
    }

    private func shapeFindings(matched: [(expected: Int, spec: WeightSpec)], layout: Layout, _ context: ModelContext) -> [Finding] {
        var bindings: [String: [String: Int]] = [:]
        var findings: [Finding] = []
        for (index, spec) in matched.sorted(by: { $0.expected < $1.expected }) {
            let weight = layout.expected[index]
            guard let template = weight.shape, let shape = spec.shape else { continue }
            var scope = bindings[weight.bindingScope] ?? [:]
            var rendered: [String] = []
            var mismatch = template.count != shape.count
            for (k, dimension) in template.enumerated() {
                let actual = k < shape.count ? shape[k] : nil
                var expected: Int?
                switch dimension {
                case .fixed(let value):
                    expected = value
                case .free(let variable):
                    expected = scope[variable]
                    if expected == nil, let actual { scope[variable] = actual }
                case .scaled(let variable, let factor):
                    if let bound = scope[variable] {
                        let (product, overflow) = bound.multipliedReportingOverflow(by: factor)
                        expected = overflow ? nil : product
                    }
                }
                if let expected, expected != actual { mismatch = true }
                // A dimension only this weight tells is shown by its meaning (`in`), not by the manifest's value.
                if let expected {
                    rendered.append(String(expected))
                } else if case .free(let variable) = dimension {
                    rendered.append(variable)
                } else if case .scaled(let variable, let factor) = dimension {
                    rendered.append("\(variable)*\(factor)")
                }
            }
            bindings[weight.bindingScope] = scope
            if mismatch {
                findings.append(shapeFinding(spec, weight, expected: "[\(rendered.joined(separator: ","))]", context))
            }
        }
        return findings
    }

    private func shapeFinding(_ spec: WeightSpec, _ weight: ExpectedWeight, expected: String, _ context: ModelContext) -> Finding {
        let actual = "[\((spec.shape ?? []).map(String.init).joined(separator: ","))]"
        return context.finding(
            Self.self, "weight \"\(spec.name)\" has shape \(actual), but \(weight.label) makes \(weight.originalName) "
                + "with shape \(expected); TF.js stops loading (\"Shape mismatch: \(expected) vs. \(actual)\")",
            at: spec.pointer.appending("shape"), subject: spec.name)
    }
}

/// The model's layers as TF.js builds them: their weights in order, and the layers tfjslint does not model.
private struct Layout {
    var expected: [ExpectedWeight] = []
    /// For each expected weight, the top-level layer it belongs to and its index in that layer's weights.
    var topLevel: [(layer: Int, index: Int)] = []
    var unmodelled: Set<String> = []
    var hasNestedModels = false
    private var topLevelCount = 0

    mutating func collect(_ container: JSONNode, at pointer: JSONPointer, depth: Int) {
        guard depth < 32 else { return }
        let config = container["config"]
        let listPointer = config?.array != nil ? pointer.appending("config") : pointer.appending("config").appending("layers")
        for (i, child) in (config?.array ?? config?["layers"]?.array ?? []).enumerated() {
            let childPointer = listPointer.appending(i)
            guard let className = child["class_name"]?.string else { continue }
            if ConfigNameCheck.containers.contains(className) {
                hasNestedModels = true
                collect(child, at: childPointer, depth: depth + 1)
                continue
            }
            let childConfig = child["config"]
            let record = LayerRecord(
                className: className, name: childConfig?["name"]?.string ?? child["name"]?.string ?? "?",
                config: childConfig, pointer: childPointer)
            guard let weights = LayerWeightTable.expectedWeights(
                of: record, innerPointer: childPointer.appending("config").appending("layer"))
            else {
                unmodelled.insert(record.name)
                continue
            }
            if depth == 0 {
                for (index, weight) in weights.enumerated() {
                    expected.append(weight)
                    topLevel.append((topLevelCount, index))
                }
                topLevelCount += 1
            } else {
                expected += weights
                topLevel += weights.map { _ in (-1, -1) }
            }
        }
    }

    /// The `<weight name without its last segment>/<index in layer.weights>` key of TF.js's index scheme.
    func indexName(of i: Int) -> String {
        let name = expected[i].originalName
        let prefix = name.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return "\(prefix)/\(topLevel[i].index)"
    }

    func belongsToUnmodelledLayer(_ name: String) -> Bool {
        guard let first = name.split(separator: "/").first else { return false }
        return unmodelled.contains(String(first))
    }
}

/// Weight names of Keras 3 models that the keras3-* rules report (model-name prefixes, `.keras` converter
/// names, DepthwiseConv2D's `kernel`, Bidirectional's doubled `forward_`); this rule stays silent on them.
private struct Keras3Names {
    private let isKeras3: Bool
    private let modelName: String?
    private let ownedLayers: Set<String>
    let suppressesUnset: Bool

    init(model: ModelArtifact, root: JSONNode, layout: Layout, specs: [WeightSpec]) {
        isKeras3 = (LayerWalk.kerasMajorVersion(model) ?? 0) >= 3
        modelName = root["config"]?["name"]?.string
        var owned: Set<String> = []
        if isKeras3 {
            for weight in layout.expected {
                let top = String(weight.originalName.split(separator: "/").first ?? "")
                if weight.layer.className == "DepthwiseConv2D" { owned.insert(top) }
                if weight.layer.name.hasPrefix("forward_") || weight.layer.name.hasPrefix("backward_"),
                    weight.layer.pointer.lastToken == "layer"
                {
                    owned.insert(top)
                }
            }
        }
        ownedLayers = owned
        let modelName = modelName
        suppressesUnset = isKeras3 && specs.contains { spec in
            spec.name.contains("/vars/") || spec.name.hasPrefix("layers/")
                || modelName.map { spec.name.hasPrefix($0 + "/") } == true
        }
    }

    func owns(_ name: String) -> Bool {
        guard isKeras3 else { return false }
        if name.contains("/vars/") || name.hasPrefix("layers/") { return true }
        if let modelName, name.hasPrefix(modelName + "/") { return true }
        return ownedLayers.contains(String(name.split(separator: "/").first ?? ""))
    }

    func ownsWeight(_ originalName: String) -> Bool {
        isKeras3 && ownedLayers.contains(String(originalName.split(separator: "/").first ?? ""))
    }
}
