import TFJSLintCore

struct MissingShardRule: ModelRule {
    static let description = RuleDescription(
        id: "missing-shard",
        category: .files,
        defaultSeverity: .error,
        summary: "Every weight shard the manifest lists must exist beside model.json.",
        rationale: """
            TF.js fetches every path of every manifest group before it decodes any weight; one missing file \
            (often left out of a deploy or a git LFS checkout) makes the whole model fail to load, with a \
            404 in the browser or ENOENT under node.
            """,
        tfjsError: "Request to group1-shard1of1.bin failed with status code 404. Please verify this URL points to the model JSON of the model to load.",
        triggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [{"name": "d/kernel", "shape": [2], "dtype": "float32"}]}]}"#,
                at: ["/weightsManifest/0/paths/0"]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"}, {"name": "b", "shape": [2], "dtype": "float32"}]}]}"#,
                files: ["group1-shard1of2.bin": [UInt8](repeating: 0, count: 8)], at: ["/weightsManifest/0/paths/1"]),
        ],
        nonTriggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [{"name": "d/kernel", "shape": [2], "dtype": "float32"}]}]}"#,
                files: ["group1-shard1of1.bin": [UInt8](repeating: 0, count: 8)]),
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": []}]}"#),
            RuleExample(#"{"weightsManifest": [{"paths": ["../outside.bin"], "weights": []}]}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let layout = model.shardLayout()
        var findings: [Finding] = []
        for shard in layout.shards where shard.size == nil && shard.unsafeReason == nil {
            let group = model.manifest.groups[shard.group]
            let lost = weightsStored(in: shard, group: group, layout: layout)
            findings.append(context.finding(
                Self.self,
                "shard '\(shard.path)' of weight group \(shard.group + 1) does not exist; TF.js fails to fetch it "
                    + "and the model does not load. \(lost)",
                at: group.pointer.appending("paths").appending(shard.index), subject: shard.path))
        }
        return findings
    }

    /// Which weights the missing file held: exact when it is the group's only missing shard, since the
    /// other shards' sizes and the entries' sizes then fix its byte range.
    private func weightsStored(in shard: ShardLayout.Shard, group: WeightGroup, layout: ShardLayout) -> String {
        let groupShards = layout.shards.filter { $0.group == shard.group }
        let lengths = group.weights.map(\.fixedByteLength)
        // Absurd shapes can make the group's total overflow; then the range is unknown too.
        let total = lengths.reduce(Int?.some(0)) { sum, length in
            guard let sum, let length, case (let next, false) = sum.addingReportingOverflow(length) else { return nil }
            return next
        }
        guard groupShards.filter({ $0.size == nil }).count == 1, let total else {
            return "Weights of the group: \(Self.list(group.weights.map(\.name)))."
        }
        let start = groupShards.prefix(while: { $0.index != shard.index }).reduce(0) { $0 + ($1.size ?? 0) }
        let end = total - groupShards.drop(while: { $0.index != shard.index }).dropFirst().reduce(0) { $0 + ($1.size ?? 0) }
        var offset = 0
        var names: [String] = []
        for (spec, length) in zip(group.weights, lengths) {
            let entryEnd = offset + (length ?? 0)
            if entryEnd > start && offset < end { names.append(spec.name) }
            offset = entryEnd
        }
        return names.isEmpty ? "It held no weight bytes." : "Weights stored in it: \(Self.list(names))."
    }

    static func list(_ names: [String]) -> String {
        let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 5 ? "\(shown) and \(names.count - 5) more" : shown
    }
}
