import TFJSLintCore

/// Whether TF.js's projection of saved weights onto a layer constraint (applied when it loads them,
/// tfjs-layers variables.ts / constraints.ts) changes them.
enum ConstraintProjection {
    enum Verdict: Equatable {
        /// The saved values already satisfy the constraint: nothing changes.
        case satisfied
        /// TF.js changes them; the string says how.
        case changes(String)
        /// The weight cannot be read (missing, quantized, too large, not float32) or the constraint is not modelled.
        case unknown
    }

    /// Largest weight read to decide (elements).
    static let maximumElements = 4_194_304

    static func verdict(constraint: JSONNode, weight: [Float], shape: [Int]) -> Verdict {
        guard let className = constraint["class_name"]?.string ?? constraint.string else { return .unknown }
        let config = constraint["config"]
        switch className {
        case "NonNeg", "non_neg":
            let negatives = weight.filter { $0 < 0 }.count
            return negatives == 0 ? .satisfied : .changes("\(negatives) negative value(s) become 0")
        case "MaxNorm", "max_norm", "UnitNorm", "unit_norm", "MinMaxNorm", "min_max_norm":
            guard let norms = norms(weight, shape: shape, axes: axes(config?["axis"], rank: shape.count)) else {
                return .unknown
            }
            let changed: [Double]
            switch className {
            case "MaxNorm", "max_norm":
                let maximum = config?["max_value"]?.number ?? 2
                changed = norms.filter { $0 > maximum * (1 + 1e-6) }
                return changed.isEmpty ? .satisfied : .changes("\(changed.count) norm(s) above max_value \(jsonNumber(maximum)) are scaled down")
            case "UnitNorm", "unit_norm":
                changed = norms.filter { abs($0 - 1) > 1e-4 }
                return changed.isEmpty ? .satisfied : .changes("\(changed.count) norm(s) other than 1 are scaled to 1")
            default:
                let low = config?["min_value"]?.number ?? 0
                let high = config?["max_value"]?.number ?? 1
                changed = norms.filter { $0 < low * (1 - 1e-6) || $0 > high * (1 + 1e-6) }
                return changed.isEmpty ? .satisfied : .changes("\(changed.count) norm(s) outside [\(jsonNumber(low)), \(jsonNumber(high))] are rescaled")
            }
        default:
            return .unknown
        }
    }

    /// The constraint's axes, normalized; TF.js's default is 0.
    private static func axes(_ node: JSONNode?, rank: Int) -> Set<Int>? {
        let raw = node?.int.map { [$0] } ?? node?.intArray ?? [0]
        var result: Set<Int> = []
        for axis in raw {
            let normalized = axis < 0 ? axis + rank : axis
            guard (0..<rank).contains(normalized) else { return nil }
            result.insert(normalized)
        }
        return result
    }

    /// L2 norms over `axes` (one per position of the other axes).
    private static func norms(_ values: [Float], shape: [Int], axes: Set<Int>?) -> [Double]? {
        // An empty weight has nothing to project; with none of its dimensions 0, the kept product is bounded by the count.
        guard let axes, !shape.isEmpty, !values.isEmpty else { return nil }
        var keptStrides = [Int](repeating: 0, count: shape.count)
        var keptCount = 1
        for dimension in shape.indices.reversed() where !axes.contains(dimension) {
            keptStrides[dimension] = keptCount
            keptCount *= shape[dimension]
        }
        guard keptCount > 0, keptCount <= values.count else { return nil }
        var sums = [Double](repeating: 0, count: keptCount)
        for (flat, value) in values.enumerated() {
            var rest = flat
            var key = 0
            for dimension in shape.indices.reversed() {
                let size = max(shape[dimension], 1)
                key += (rest % size) * keptStrides[dimension]
                rest /= size
            }
            sums[key] += Double(value) * Double(value)
        }
        return sums.map { $0.squareRoot() }
    }

    /// The float32 values of a manifest entry, when it is unquantized and small enough to read.
    static func values(of spec: WeightSpec, in model: ModelArtifact) -> [Float]? {
        guard spec.dtype == .float32, spec.quantization == nil, let count = spec.elementCount, count <= maximumElements
        else { return nil }
        let layout = model.shardLayout()
        guard let range = layout.entryRanges(of: model.manifest, files: model.files).first(where: { $0.spec.pointer == spec.pointer }),
            range.length == count * 4
        else { return nil }
        let bytes = layout.read(offset: range.offset, count: range.length, from: model.files)
        guard bytes.count == range.length else { return nil }
        var result: [Float] = []
        result.reserveCapacity(count)
        var i = 0
        while i + 3 < bytes.count {
            let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            result.append(Float(bitPattern: bits))
            i += 4
        }
        return result
    }
}
