import TFJSLintCore

struct WeightsSizeMismatchRule: ModelRule {
    static let description = RuleDescription(
        id: "weights-size-mismatch",
        category: .weights,
        defaultSeverity: .error,
        summary: "Shard files must hold exactly the bytes the manifest's weights need.",
        rationale: """
            TF.js does not check sizes up front: it concatenates all shards of all groups and decodes the \
            entries in manifest order with one running offset. A truncated shard (an interrupted upload, a \
            git LFS pointer) cuts off the last weights; extra bytes inside an earlier group shift every later \
            weight, which then loads silently wrong. Extra bytes at the very end are ignored.
            """,
        tfjsError: "Based on the provided shape, [16,3], the tensor should have 48 values but has 41",
        triggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"}, {"name": "b", "shape": [3], "dtype": "float32"}]}]}"#,
                files: ["w.bin": [UInt8](repeating: 0, count: 12)], at: ["/weightsManifest/0/weights/1"]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1, "scale": 0.01}}]}]}"#,
                files: ["w.bin": [UInt8](repeating: 0, count: 3)], at: ["/weightsManifest/0/weights/0"]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["1.bin"], "weights": [{"name": "a", "shape": [1], "dtype": "float32"}]}, {"paths": ["2.bin"], "weights": [{"name": "b", "shape": [1], "dtype": "float32"}]}]}"#,
                files: ["1.bin": [UInt8](repeating: 0, count: 8), "2.bin": [UInt8](repeating: 0, count: 4)],
                at: ["/weightsManifest/0"]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"}]}]}"#,
                files: ["w.bin": [UInt8](repeating: 0, count: 12)], at: ["/weightsManifest/0"]),
        ],
        nonTriggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"}, {"name": "b", "shape": [3], "dtype": "bool"}]}]}"#,
                files: ["w.bin": [UInt8](repeating: 0, count: 11)]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "s", "shape": [2], "dtype": "string"}, {"name": "i", "shape": [], "dtype": "int32"}]}]}"#,
                files: ["w.bin": [1, 0, 0, 0, 0x61, 0, 0, 0, 0, 7, 0, 0, 0]]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["1of2.bin", "2of2.bin"], "weights": [{"name": "a", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}}]}]}"#,
                files: ["1of2.bin": [0, 0, 0, 0], "2of2.bin": [0, 0]]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["missing.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"}]}]}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let layout = model.shardLayout()
        // Missing or unsafe shards are their rules' findings; sizes cannot be judged without them.
        guard !layout.shards.contains(where: { $0.size == nil }) else { return [] }
        let ranges = layout.entryRanges(of: model.manifest, files: model.files)
        let needed = ranges.last.map { $0.offset + $0.length } ?? 0
        if needed > layout.totalBytes {
            return truncation(context, ranges: ranges, available: layout.totalBytes, needed: needed)
        }
        guard ranges.count == model.manifest.weights.count else {
            let spec = model.manifest.weights[ranges.count]
            // Unknown dtypes and quantizations are unknown-weight-dtype's findings.
            guard spec.dtype != nil, spec.quantization.map({ $0.storage != nil }) ?? true else { return [] }
            return [unmeasurable(context, spec, model: model)]
        }
        return misplacedBytes(context, model: model, ranges: ranges, layout: layout, needed: needed)
    }

    /// An entry whose byte size cannot be known ends TF.js's decoding: every later weight is unreadable.
    private func unmeasurable(_ context: ModelContext, _ spec: WeightSpec, model: ModelArtifact) -> Finding {
        let shape = model.document.resolve(spec.pointer.appending("shape")).map { model.document.sourceText(of: $0) } ?? "none"
        let reason = spec.shape == nil
            ? "its shape \(shape) is not a list of non-negative integers"
            : spec.dtype == .string ? "its string lengths run past the end of the shards" : "its byte size \(shape) overflows"
        return context.finding(
            Self.self, "weight '\(spec.name)' cannot be located in the shards: \(reason); TF.js cannot decode it or any later weight",
            at: spec.shape == nil ? spec.pointer.appending("shape") : spec.pointer, subject: spec.name)
    }

    /// The first entry that runs past the end is where TF.js fails; every later one is lost too.
    private func truncation(
        _ context: ModelContext, ranges: [ShardLayout.EntryRange], available: Int, needed: Int
    ) -> [Finding] {
        guard let first = ranges.firstIndex(where: { $0.offset + $0.length > available }) else { return [] }
        let entry = ranges[first]
        let present = max(0, available - entry.offset)
        let perElement = entry.spec.storedBytesPerElement ?? 1
        let shape = "[\((entry.spec.shape ?? []).map(String.init).joined(separator: ","))]"
        let tfjs = present % perElement != 0
            ? "RangeError: byte length of the typed array should be a multiple of \(perElement)"
            : "Based on the provided shape, \(shape), the tensor should have \(entry.spec.elementCount ?? 0) values but has \(present / perElement)"
        let lost = ranges[first...].map(\.spec.name)
        return [context.finding(
            Self.self,
            "the shards hold \(available) bytes but the manifest needs \(needed): \(needed - available) bytes short; "
                + "'\(entry.spec.name)' gets \(present) of its \(entry.length) bytes"
                + (lost.count > 1 ? " and \(lost.count - 1) later weight(s) get none (\(MissingShardRule.list(Array(lost.dropFirst()))))" : "")
                + ". TF.js fails to load: \(tfjs)",
            at: entry.spec.pointer, subject: entry.spec.name)]
    }

    /// Extra bytes: inside an earlier group they shift every later weight; at the end they are ignored.
    private func misplacedBytes(
        _ context: ModelContext, model: ModelArtifact, ranges: [ShardLayout.EntryRange], layout: ShardLayout, needed: Int
    ) -> [Finding] {
        var findings: [Finding] = []
        var entryIndex = 0
        for (g, group) in model.manifest.groups.enumerated() {
            let groupNeeds = ranges[entryIndex..<(entryIndex + group.weights.count)].reduce(0) { $0 + $1.length }
            entryIndex += group.weights.count
            let groupHolds = layout.shards.filter { $0.group == g }.reduce(0) { $0 + ($1.size ?? 0) }
            guard groupHolds != groupNeeds else { continue }
            let isLast = g == model.manifest.groups.count - 1
            let message = "weight group \(g + 1)'s shards hold \(groupHolds) bytes but its \(group.weights.count) weight(s) need \(groupNeeds)"
                + (isLast && groupHolds > groupNeeds
                    ? "; TF.js ignores the \(groupHolds - groupNeeds) extra bytes at the end"
                    : "; TF.js reads all groups as one byte stream, so every weight after this group is read from the wrong offset and loads silently wrong")
            findings.append(context.finding(
                Self.self, message, at: group.pointer, subject: "group \(g + 1)",
                severity: isLast && groupHolds > groupNeeds ? .warning : nil))
        }
        return findings
    }
}
