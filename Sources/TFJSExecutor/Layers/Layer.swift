import TFJSLintCore

/// One layer as TF.js 4.22 builds it from its class name and config, with its weights bound, ready to run.
protocol Layer: Sendable {
    /// Runs the layer in inference mode: one tensor per inbound tensor in, one per output tensor out.
    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor]
}

/// Builds a layer from what TF.js reads: its name, its config (camel-cased by TF.js's rules) and its weights.
/// Factories throw ExecutionError (untyped here: closures with typed throws crash the 6.3 compiler).
typealias LayerFactory = @Sendable (_ name: String, _ config: LayerConfig, _ weights: LayerWeights) throws -> any Layer

/// The weights one layer asks for, by the names TF.js gives them (`kernel`, `recurrent_kernel`, `moving_mean`).
/// Factories must ask in the order TF.js's layer creates them: the `.keras`-style `<layer>/<index>` scheme keys
/// weights by that order. What was asked for is recorded so the loader can report unset and unmatched weights.
final class LayerWeights {
    /// The layer's name scope: weight `kernel` of layer `dense` is looked up as `dense/kernel`.
    let layerName: String
    private let lookup: (_ layerName: String, _ weightName: String, _ index: Int) -> Tensor?
    private(set) var requested: [String] = []

    init(layerName: String, lookup: @escaping (_ layerName: String, _ weightName: String, _ index: Int) -> Tensor?) {
        self.layerName = layerName
        self.lookup = lookup
    }

    /// Weights given directly by short name, for tests and for layers built from nothing but values.
    convenience init(layerName: String, _ values: [String: Tensor]) {
        self.init(layerName: layerName) { _, weightName, _ in values[weightName] }
    }

    /// The weight named `name`, checked to have `shape` when one is given (TF.js's `Shape mismatch` error).
    func tensor(_ name: String, shape: [Int]? = nil) throws(ExecutionError) -> Tensor {
        let index = requested.count
        requested.append(name)
        guard let value = lookup(layerName, name, index) else {
            throw ExecutionError("layer '\(layerName)' has no value for its weight '\(layerName)/\(name)'", ruleID: "weight-layer-mismatch")
        }
        if let shape, shape != value.shape {
            throw ExecutionError("Shape mismatch: \(shape) vs. \(value.shape) for weight '\(layerName)/\(name)'", ruleID: "weight-layer-mismatch")
        }
        return value
    }
}

/// A layer's `config` read the way TF.js reads it after `convertPythonicToTs`: keys are camel-cased (`kernel_size`
/// and `kernelSize` are the same key, the later one wins), string values too except `name`; unknown keys are ignored.
struct LayerConfig: Sendable {
    let className: String
    private let values: [String: JSONNode]

    init(className: String, config: JSONNode?) {
        self.className = className
        var values: [String: JSONNode] = [:]
        for member in config?.members ?? [] { values[PythonicNames.camelCase(member.key)] = member.value }
        self.values = values
    }

    /// The raw value under `key` (camel-case or snake_case spelling).
    subscript(key: String) -> JSONNode? {
        guard let value = values[PythonicNames.camelCase(key)], !value.isNull else { return nil }
        return value
    }

    func int(_ key: String) -> Int? { self[key]?.int }
    func double(_ key: String) -> Double? { self[key]?.number }
    func bool(_ key: String) -> Bool? { self[key]?.bool }
    /// A string value as TF.js sees it: camel-cased (`channels_last` → `channelsLast`).
    func string(_ key: String) -> String? { self[key]?.string.map(PythonicNames.camelCase) }
    /// An int or a list of ints (`kernel_size: 3` and `[3, 3]`), repeated to `rank` when a single int is given.
    func ints(_ key: String, rank: Int) -> [Int]? {
        if let single = self[key]?.int { return Array(repeating: single, count: rank) }
        return self[key]?.array?.compactMap(\.int)
    }
}
