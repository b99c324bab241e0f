/// Logical weight dtypes TF.js's `decodeWeight` accepts (tfjs-core io_utils.ts).
public enum WeightDType: String, Sendable, CaseIterable {
    case float32, int32, bool, complex64, string

    /// Bytes per element when stored unquantized; nil for strings (length-prefixed).
    public var bytesPerElement: Int? {
        switch self {
        case .float32, .int32: 4
        case .bool: 1
        case .complex64: 8
        case .string: nil
        }
    }
}

/// Storage dtypes of quantized weights.
public enum QuantizationDType: String, Sendable, CaseIterable {
    case uint8, uint16, float16

    public var bytesPerElement: Int {
        switch self {
        case .uint8: 1
        case .uint16, .float16: 2
        }
    }
}

public struct Quantization: Sendable, Equatable {
    /// The raw `quantization.dtype` string; `storage` is nil when TF.js does not know it.
    public let dtypeName: String?
    public let storage: QuantizationDType?
    public let min: Double?
    public let scale: Double?
}

/// One entry of a manifest group's `weights`.
public struct WeightSpec: Sendable {
    public let name: String
    /// nil when the entry has no valid shape (not an array of non-negative integers).
    public let shape: [Int]?
    /// The raw `dtype` string; `dtype` is nil when TF.js cannot decode it.
    public let dtypeName: String?
    public let dtype: WeightDType?
    public let quantization: Quantization?
    /// `group: "optimizer"` entries are split off by layers-model loading.
    public let group: String?
    public let groupIndex: Int
    public let pointer: JSONPointer

    /// Number of elements, or nil when the shape is invalid or the count overflows.
    public var elementCount: Int? {
        guard let shape else { return nil }
        var count = 1
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// Bytes per stored element: the quantization dtype's when quantized, else the dtype's.
    public var storedBytesPerElement: Int? {
        if let quantization { return quantization.storage?.bytesPerElement }
        return dtype?.bytesPerElement
    }

    /// Bytes this entry occupies in the shards, when computable without reading them (not for strings).
    public var fixedByteLength: Int? {
        guard let count = elementCount, let perElement = storedBytesPerElement else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: perElement)
        return overflow ? nil : bytes
    }
}

/// One `weightsManifest` group: its shard paths and weight entries.
public struct WeightGroup: Sendable {
    public let paths: [String]
    public let weights: [WeightSpec]
    public let pointer: JSONPointer
}

public struct WeightsManifest: Sendable {
    public let groups: [WeightGroup]

    public static let empty = WeightsManifest(groups: [])

    /// All entries in manifest order, as TF.js flattens them.
    public var weights: [WeightSpec] { groups.flatMap(\.weights) }

    /// Reads the manifest leniently: malformed parts are skipped here and reported by rules.
    public init(node: JSONNode?, pointer: JSONPointer = "/weightsManifest") {
        guard let groupNodes = node?.array else {
            groups = []
            return
        }
        var groups: [WeightGroup] = []
        for (g, groupNode) in groupNodes.enumerated() {
            let groupPointer = pointer.appending(g)
            let paths = groupNode["paths"]?.array?.compactMap(\.string) ?? []
            var weights: [WeightSpec] = []
            for (w, entry) in (groupNode["weights"]?.array ?? []).enumerated() {
                weights.append(Self.spec(entry, groupIndex: g, pointer: groupPointer.appending("weights").appending(w)))
            }
            groups.append(WeightGroup(paths: paths, weights: weights, pointer: groupPointer))
        }
        self.groups = groups
    }

    public init(groups: [WeightGroup]) {
        self.groups = groups
    }

    private static func spec(_ entry: JSONNode, groupIndex: Int, pointer: JSONPointer) -> WeightSpec {
        var shape = entry["shape"]?.intArray
        if let dims = shape, dims.contains(where: { $0 < 0 }) { shape = nil }
        let dtypeName = entry["dtype"]?.string
        var quantization: Quantization?
        if let q = entry["quantization"], q.members != nil {
            let name = q["dtype"]?.string
            quantization = Quantization(
                dtypeName: name, storage: name.flatMap(QuantizationDType.init(rawValue:)),
                min: q["min"]?.number, scale: q["scale"]?.number)
        }
        return WeightSpec(
            name: entry["name"]?.string ?? "", shape: shape, dtypeName: dtypeName,
            dtype: dtypeName.flatMap(WeightDType.init(rawValue:)), quantization: quantization,
            group: entry["group"]?.string, groupIndex: groupIndex, pointer: pointer)
    }
}
