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
/// weights by that order. What was asked for is recorded (full scoped names) so the loader can report unset and
/// unmatched weights.
final class LayerWeights {
    /// The name scope: weight `kernel` of layer `dense` is `dense/kernel`; a wrapped layer's scope is nested
    /// (`bidirectional/forward_lstm`).
    let scope: String
    private let lookup: (_ scopedName: String, _ index: Int) -> Tensor?
    private let record: Record

    private final class Record {
        var names: [String] = []
    }

    init(scope: String, lookup: @escaping (_ scopedName: String, _ index: Int) -> Tensor?) {
        self.scope = scope
        self.lookup = lookup
        record = Record()
    }

    private init(scope: String, sharing parent: LayerWeights) {
        self.scope = scope
        lookup = parent.lookup
        record = parent.record
    }

    /// Weights given directly by short name, for tests and for layers built from nothing but values.
    convenience init(layerName: String, _ values: [String: Tensor]) {
        self.init(scope: layerName) { scopedName, _ in values[String(scopedName.dropFirst(layerName.count + 1))] }
    }

    /// Every weight requested so far, in order, by scoped name (`dense/kernel`), nested scopes included.
    var requested: [String] { record.names }

    /// The weights of a layer built inside this one (a wrapper's inner layer, an RNN's cell), under `scope/name`.
    /// Requests keep counting in the outer layer's order.
    func nested(_ name: String) -> LayerWeights { LayerWeights(scope: "\(scope)/\(name)", sharing: self) }

    /// The weight named `name`, checked to have `shape` when one is given (TF.js's `Shape mismatch` error).
    func tensor(_ name: String, shape: [Int]? = nil) throws(ExecutionError) -> Tensor {
        let scopedName = "\(scope)/\(name)", index = record.names.count
        record.names.append(scopedName)
        guard let value = lookup(scopedName, index) else {
            throw ExecutionError("no value for the weight '\(scopedName)'", ruleID: "weight-layer-mismatch")
        }
        if let shape, shape != value.shape {
            throw ExecutionError("Shape mismatch: \(shape) vs. \(value.shape) for weight '\(scopedName)'", ruleID: "weight-layer-mismatch")
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

    /// Whether `key` is in the config at all, null included: TF.js tells a missing key (`undefined`, which gets the
    /// default) from an explicit null for some settings (GRU/LSTM activations, Bidirectional's merge_mode).
    func contains(_ key: String) -> Bool { values[PythonicNames.camelCase(key)] != nil }

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
