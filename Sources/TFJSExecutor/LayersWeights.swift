import TFJSLintCore

/// The manifest's weights as `loadLayersModel` hands them to `Container.loadWeights` (tfjs-layers container.ts):
/// a JavaScript object from name to tensor (a later entry with the same name replaces the earlier one's value,
/// keys in JavaScript's order), minus `group: "optimizer"` entries; with the matching rules of loadWeights.
struct LayersWeights {
    /// Entry names in `Object.keys` order, each with its decoded value.
    let names: [String]
    let values: [String: Tensor]
    /// The `.keras` scheme, chosen by the first name only: layer weights are keyed `<layer>/<index>`.
    let indexed: Bool
    /// The first decoding failure, which TF.js reports after building the layers.
    let decodeError: ExecutionError?
    /// True when two entries share a name, so that one of them is lost.
    let hasDuplicates: Bool

    /// Reads and decodes every entry; shard files that cannot be read fail at once, as TF.js fetches them first.
    init(_ model: ModelArtifact) throws(ExecutionError) {
        let layout = model.shardLayout()
        if let missing = layout.shards.first(where: { $0.size == nil }) {
            throw ExecutionError(
                "weight shard '\(missing.path)' cannot be read", ruleID: missing.unsafeReason == nil ? "missing-shard" : "unsafe-weight-path")
        }
        var values: [String: Tensor] = [:], order: [String] = []
        var decodeError: ExecutionError?
        var hasDuplicates = false
        var offset = 0
        for spec in model.manifest.weights {
            guard decodeError == nil else { break }
            do throws(ExecutionError) {
                let (tensor, length) = try Self.decode(spec, at: offset, layout: layout, files: model.files)
                offset += length
                if spec.group == "optimizer" { continue }
                if values.updateValue(tensor, forKey: spec.name) == nil { order.append(spec.name) } else { hasDuplicates = true }
            } catch {
                decodeError = error
            }
        }
        // Object.keys lists array-index names ("0", "17") first, ascending, then the others in insertion order.
        let indices = order.filter(Self.isArrayIndex).sorted { UInt32($0)! < UInt32($1)! }
        names = indices + order.filter { !Self.isArrayIndex($0) }
        self.values = values
        self.decodeError = decodeError
        self.hasDuplicates = hasDuplicates
        indexed = names.first.map(Self.endsInInteger) ?? false
    }

    private static func decode(
        _ spec: WeightSpec, at offset: Int, layout: ShardLayout, files: any ModelFiles
    ) throws(ExecutionError) -> (Tensor, Int) {
        guard let shape = spec.shape, let count = spec.elementCount else {
            throw ExecutionError("weight '\(spec.name)' has no valid shape", ruleID: "weights-size-mismatch")
        }
        guard let dtype = spec.dtype, dtype != .string, dtype != .complex64, spec.quantization.map({ $0.storage != nil }) ?? true,
              let length = spec.fixedByteLength, let perElement = spec.storedBytesPerElement
        else {
            throw ExecutionError("Unsupported dtype in weight '\(spec.name)': \(spec.dtypeName ?? "undefined")", ruleID: "unknown-weight-dtype")
        }
        let bytes = layout.read(offset: offset, count: length, from: files)
        guard bytes.count == length else {
            throw ExecutionError(
                "Based on the provided shape, [\(shape.map(String.init).joined(separator: ","))], the tensor should have \(count) values but has \(bytes.count / perElement)",
                ruleID: "weights-size-mismatch")
        }
        do {
            switch dtype {
            case .int32: return (Tensor(shape: shape, dtype: .int32, values: try WeightDecoder.int32s(bytes, spec: spec).map(Float.init)), length)
            case .bool: return (Tensor(shape: shape, dtype: .bool, values: try WeightDecoder.bools(bytes, spec: spec).map { $0 ? 1 : 0 }), length)
            default: return (Tensor(shape: shape, values: try WeightDecoder.floats(bytes, spec: spec)), length)
            }
        } catch {
            throw ExecutionError(error.description, ruleID: "unknown-weight-dtype")
        }
    }

    /// A canonical array index: "0" or digits without a leading zero, below 2^32 − 1.
    static func isArrayIndex(_ name: String) -> Bool {
        guard !name.isEmpty, name.allSatisfy(\.isASCII), name.allSatisfy(\.isNumber), name == "0" || name.first != "0",
              let value = UInt32(name) else { return false }
        return value < UInt32.max
    }

    /// `!isNaN(parseInt(lastSegment, 10))`: optional leading whitespace and sign, then at least one digit.
    static func endsInInteger(_ name: String) -> Bool {
        var segment = Substring(name.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        segment = segment.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if segment.first == "+" || segment.first == "-" { segment = segment.dropFirst() }
        return segment.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// The key a layer weight is matched by: its scoped name, or in the `.keras` scheme its scope and its index
    /// among the weights of the (outermost) layer that owns it.
    func key(scopedName: String, index: Int) -> String {
        guard indexed else { return scopedName }
        let scope = scopedName.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return "\(scope)/\(index)"
    }

    /// `a/b/c/kernel` → `a/b/kernel`: loadWeights' retry for the cell name TF 2.2 added.
    static func shortened(_ name: String) -> String {
        let tokens = name.split(separator: "/", omittingEmptySubsequences: false)
        return (tokens.dropLast(2) + [tokens[tokens.count - 1]]).joined(separator: "/")
    }

    /// A first guess for the entry that sets `key` while the layers are built, before all keys are known.
    func provisionalName(_ key: String) -> String? {
        values[key] != nil ? key : names.first { Self.shortened($0) == key }
    }

    /// What loadWeights does once every layer weight's key is known: manifest name → key it sets, and the
    /// first failure in TF.js's order (duplicate key, a name with no target, keys left unset).
    struct Matching {
        var assignment: [String: String] = [:]
        var failure: ExecutionError?
    }

    /// `keys` in the order of the model's layers and their weights; `skipped` holds manifest names TF.js would
    /// match to weights this executor never saw requested (of a layer whose building stopped early).
    func match(keys: [String], skipping skipped: (String) -> Bool, ruleForUnmatched: String) -> Matching {
        var matching = Matching()
        var open: [String: Int] = [:]
        for (position, key) in keys.enumerated() {
            guard open[key] == nil else {
                matching.failure = ExecutionError("Duplicate weight name: \(key)", ruleID: "weight-layer-mismatch")
                return matching
            }
            open[key] = position
        }
        var extra = 0
        for name in names {
            let target = open[name] != nil ? name : Self.shortened(name)
            if open.removeValue(forKey: target) != nil {
                matching.assignment[target] = name
            } else if skipped(name) {
                extra += 1
            } else {
                matching.failure = ExecutionError("Provided weight data has no target variable: \(name)", ruleID: ruleForUnmatched)
                return matching
            }
        }
        if !open.isEmpty {
            let unset = open.sorted { $0.value < $1.value }.map(\.key)
            matching.failure = ExecutionError(
                "\(unset.count) of \(keys.count + extra) weights are not set: \(unset.joined(separator: ","))",
                ruleID: hasDuplicates ? "duplicate-weight-name" : "weight-layer-mismatch")
        }
        return matching
    }
}
