import TFJSLintCore

/// The initializers, regularizers and constraints a layer config names, resolved as TF.js 4.22's layer
/// constructors resolve them (initializers.ts, regularizers.ts, constraints.ts): an unknown one stops loading
/// even though inference never uses initializers or regularizers. Constraints are applied to weights at load.
enum LayerConfigChecks {
    static let initializers: Set<String> = [
        "Zeros", "Ones", "Constant", "RandomUniform", "RandomNormal", "TruncatedNormal", "Identity", "VarianceScaling",
        "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LeCunNormal", "LeCunUniform", "Orthogonal",
    ]
    /// INITIALIZER_IDENTIFIER_REGISTRY_SYMBOL_MAP: the camel-cased strings TF.js maps to classes.
    static let initializerStrings: [String: String] = [
        "constant": "Constant", "glorotNormal": "GlorotNormal", "glorotUniform": "GlorotUniform", "heNormal": "HeNormal",
        "heUniform": "HeUniform", "identity": "Identity", "leCunNormal": "LeCunNormal", "leCunUniform": "LeCunUniform",
        "ones": "Ones", "orthogonal": "Orthogonal", "randomNormal": "RandomNormal", "randomUniform": "RandomUniform",
        "truncatedNormal": "TruncatedNormal", "varianceScaling": "VarianceScaling", "zeros": "Zeros",
    ]
    static let regularizerStrings: [String: String] = ["l1l2": "L1L2"]
    static let constraints: Set<String> = ["MaxNorm", "UnitNorm", "NonNeg", "MinMaxNorm"]
    static let constraintStrings: [String: String] = [
        "maxNorm": "MaxNorm", "minMaxNorm": "MinMaxNorm", "nonNeg": "NonNeg", "unitNorm": "UnitNorm",
    ]

    /// Checks every `…Initializer`, `…Regularizer` and `…Constraint` value of `config`, and of the configs of layers
    /// nested in it (a wrapper's `layer`, an RNN's `cell`).
    static func check(_ config: JSONNode) throws(ExecutionError) {
        for member in config.members ?? [] {
            let key = PythonicNames.camelCase(member.key), value = member.value
            guard !value.isNull else { continue }
            if key.hasSuffix("Initializer") {
                try resolve(value, kind: "initializer", classes: initializers, strings: initializerStrings, rule: "unsupported-initializer")
            } else if key.hasSuffix("Regularizer") {
                try resolve(value, kind: "regularizer", classes: ["L1L2"], strings: regularizerStrings, rule: "unsupported-regularizer")
            } else if key.hasSuffix("Constraint") {
                try resolve(value, kind: "constraint", classes: constraints, strings: constraintStrings, rule: "unsupported-constraint")
            } else {
                for nested in [value] + (value.array ?? []) {
                    if let inner = nested["config"], nested["class_name"]?.string != nil, inner.members != nil { try check(inner) }
                }
            }
        }
    }

    /// `get<Kind>`: a string goes through the identifier map (else it is taken as a class name), a dict must have
    /// `class_name` and `config`.
    private static func resolve(
        _ value: JSONNode, kind: String, classes: Set<String>, strings: [String: String], rule: String
    ) throws(ExecutionError) {
        let className: String
        var config: JSONNode?
        if let string = value.string {
            let name = PythonicNames.camelCase(string)
            className = strings[name] ?? name
        } else {
            let item = LayerConfig(className: "", config: value)
            guard let name = item["className"]?.string, let body = item["config"] else {
                throw ExecutionError("\(kind): Improper config format: \(value.compactText).\n'className' and 'config' must set.", ruleID: rule)
            }
            className = name
            config = body
        }
        guard classes.contains(className) else {
            throw ExecutionError(
                "Unknown \(kind): \(className). This may be due to one of the following reasons:\n1. The \(kind) is defined in Python, in which case it needs to be ported to TensorFlow.js or your JavaScript code.\n2. The custom \(kind) is defined in JavaScript, but is not registered properly with tf.serialization.registerClass().",
                ruleID: rule)
        }
        let settings = LayerConfig(className: className, config: config)
        if className == "Constant", settings["value"] == nil {
            throw ExecutionError("config must have value set but got [object Object]", ruleID: rule)
        }
        if className == "VarianceScaling" {
            if let mode = settings.string("mode"), !["fanIn", "fanOut", "fanAvg"].contains(mode) {
                throw ExecutionError(
                    "\(mode) is not a valid FanMode.  Valid values are fanIn,fanOut,fanAvg or null/undefined.", ruleID: "unsupported-layer-config")
            }
            if let distribution = settings.string("distribution"), !["normal", "uniform", "truncatedNormal"].contains(distribution) {
                throw ExecutionError(
                    "\(distribution) is not a valid Distribution.  Valid values are normal,uniform,truncatedNormal or null/undefined.",
                    ruleID: "unsupported-layer-config")
            }
        }
    }
}

extension LayerConfigChecks {
    /// The config key of the constraint TF.js applies to each weight a layer creates.
    static let constraintKeys: [String: String] = [
        "kernel": "kernelConstraint", "bias": "biasConstraint", "recurrent_kernel": "recurrentConstraint",
        "embeddings": "embeddingsConstraint", "gamma": "gammaConstraint", "beta": "betaConstraint",
        "depthwise_kernel": "depthwiseConstraint", "pointwise_kernel": "pointwiseConstraint", "alpha": "alphaConstraint",
    ]

    /// `weight` as `LayerVariable.write` stores it: projected by the layer's constraint for that weight, if any
    /// (constraints.ts: MaxNorm, UnitNorm, NonNeg, MinMaxNorm; norms along `axis`, epsilon 1e-7).
    static func constrained(_ weight: Tensor, named name: String, config: LayerConfig) -> Tensor {
        guard let key = constraintKeys[name], let constraint = config[key] else { return weight }
        let item = LayerConfig(className: "", config: constraint)
        let className = constraint.string.map { constraintStrings[PythonicNames.camelCase($0)] ?? $0 } ?? item["className"]?.string
        let settings = LayerConfig(className: className ?? "", config: item["config"])
        switch className {
        case "NonNeg":
            return Tensor(shape: weight.shape, dtype: weight.dtype, values: weight.values.map { $0.isNaN ? .nan : max($0, 0) })
        case "MaxNorm", "UnitNorm", "MinMaxNorm":
            let rank = weight.shape.count
            let axes = (settings.ints("axis", rank: 1) ?? [0]).map { $0 < 0 ? $0 + rank : $0 }
            guard axes.allSatisfy({ $0 >= 0 && $0 < rank }),
                  let norms = try? Reduction.run(
                      "Sum", Tensor(shape: weight.shape, values: weight.values.map { $0 * $0 }),
                      axes: Tensor(shape: [axes.count], values: axes.map(Float.init)), keepDims: true)
            else { return weight }
            let roots = norms.values.map { $0.squareRoot() }
            let scales: [Float] = roots.map { norm in
                switch className {
                case "UnitNorm": return 1 / (1e-7 + norm)
                case "MaxNorm": return min(max(norm, 0), Float(settings.double("maxValue") ?? 2)) / (1e-7 + norm)
                default:
                    let rate = Float(settings.double("rate") ?? 1)
                    let clipped = min(max(norm, Float(settings.double("minValue") ?? 0)), Float(settings.double("maxValue") ?? 1))
                    return (rate * clipped + (1 - rate) * norm) / (1e-7 + norm)
                }
            }
            let scaled = try? Elementwise.binary("Mul", weight, Tensor(shape: norms.shape, values: scales))
            return scaled ?? weight
        default:
            return weight
        }
    }
}
