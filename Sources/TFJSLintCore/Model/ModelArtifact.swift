/// The two model.json formats TF.js loads.
public enum ModelFormat: String, Sendable, CaseIterable {
    case layers = "layers-model"
    case graph = "graph-model"

    /// The TF.js function that loads this format.
    public var loader: String {
        switch self {
        case .layers: "tf.loadLayersModel"
        case .graph: "tf.loadGraphModel"
        }
    }
}

/// A model.json with its manifest and shard files.
public struct ModelArtifact: Sendable {
    public let path: String
    public let document: JSONDocument
    /// nil when neither the `format` field nor the topology tells.
    public let format: ModelFormat?
    /// True when `format` is present and names a known format.
    public let formatDeclared: Bool
    public let manifest: WeightsManifest
    public let files: any ModelFiles

    public init(path: String, document: JSONDocument, files: any ModelFiles) {
        self.path = path
        self.document = document
        self.files = files
        let declared = document.root["format"]?.string.flatMap(ModelFormat.init(rawValue:))
        formatDeclared = declared != nil
        format = declared ?? Self.inferFormat(document.root["modelTopology"])
        manifest = WeightsManifest(node: document.root["weightsManifest"])
    }

    /// Layers topologies are Keras configs (`model_config` / `class_name`); graph ones are GraphDefs (`node`).
    public static func inferFormat(_ topology: JSONNode?) -> ModelFormat? {
        guard let topology, topology.members != nil else { return nil }
        if topology["node"]?.array != nil { return .graph }
        if topology["model_config"]?.members != nil || topology["class_name"]?.string != nil { return .layers }
        return nil
    }

    public var topology: JSONNode? { document.root["modelTopology"] }

    /// Where each shard of each group starts in the byte stream TF.js decodes, with sizes of existing files.
    /// TF.js concatenates all groups' shards and walks them with one running offset.
    public func shardLayout() -> ShardLayout {
        var shards: [ShardLayout.Shard] = []
        var offset = 0
        for (g, group) in manifest.groups.enumerated() {
            for (p, path) in group.paths.enumerated() {
                let unsafe = files.unsafeReason(path)
                let size = unsafe == nil ? files.size(of: path) : nil
                shards.append(.init(group: g, index: p, path: path, offset: offset, size: size, unsafeReason: unsafe))
                offset += size ?? 0
            }
        }
        return ShardLayout(shards: shards, totalBytes: offset)
    }
}

/// The concatenated weight bytes as TF.js sees them.
public struct ShardLayout: Sendable {
    public struct Shard: Sendable {
        public let group: Int
        public let index: Int
        public let path: String
        public let offset: Int
        /// nil when the file is missing or unsafe to read.
        public let size: Int?
        public let unsafeReason: String?
    }

    public let shards: [Shard]
    public let totalBytes: Int

    /// Reads `count` bytes at `offset` of the concatenation (fewer at the end), across shard boundaries.
    public func read(offset: Int, count: Int, from files: any ModelFiles) -> [UInt8] {
        var result: [UInt8] = []
        var position = offset
        let (requestedEnd, overflow) = offset.addingReportingOverflow(count)
        let end = overflow ? totalBytes : min(totalBytes, requestedEnd)
        for shard in shards {
            guard let size = shard.size, position < end else { continue }
            let shardEnd = shard.offset + size
            guard position >= shard.offset, position < shardEnd else { continue }
            let take = min(end, shardEnd) - position
            guard let chunk = files.read(shard.path, offset: position - shard.offset, count: take) else { break }
            result.append(contentsOf: chunk)
            position += chunk.count
            if chunk.count < take { break }
        }
        return result
    }

    /// Offset and byte length of every manifest entry in TF.js's decoding order. String entries are
    /// measured by walking their length prefixes; an entry whose length cannot be known, or whose end is
    /// past `Int.max` (absurd shapes), ends the walk.
    public func entryRanges(of manifest: WeightsManifest, files: any ModelFiles) -> [EntryRange] {
        var ranges: [EntryRange] = []
        var offset = 0
        for spec in manifest.weights {
            var length = spec.fixedByteLength
            if length == nil, spec.quantization == nil, spec.dtype == .string, let count = spec.elementCount {
                length = stringByteLength(at: offset, elements: count, files: files)
            }
            guard let length, case (let end, false) = offset.addingReportingOverflow(length) else { break }
            ranges.append(EntryRange(spec: spec, offset: offset, length: length))
            offset = end
        }
        return ranges
    }

    private func stringByteLength(at start: Int, elements: Int, files: any ModelFiles) -> Int? {
        var offset = start
        for _ in 0..<elements {
            let prefix = read(offset: offset, count: 4, from: files)
            guard prefix.count == 4 else { return nil }
            let length = Int(prefix[0]) | Int(prefix[1]) << 8 | Int(prefix[2]) << 16 | Int(prefix[3]) << 24
            offset += 4 + length
            if offset > totalBytes { return nil }
        }
        return offset - start
    }

    public struct EntryRange: Sendable {
        public let spec: WeightSpec
        public let offset: Int
        public let length: Int
    }
}
