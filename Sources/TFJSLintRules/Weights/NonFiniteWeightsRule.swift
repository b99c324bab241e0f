import TFJSLintCore

struct NonFiniteWeightsRule: ModelRule {
    static let description = RuleDescription(
        id: "non-finite-weights",
        category: .weights,
        defaultSeverity: .error,
        summary: "Float weights should hold no NaN or infinity.",
        rationale: """
            TF.js loads NaN and infinite weights without complaint, and the model then predicts NaN for \
            every input: the usual trace of a diverged training run or a corrupted shard. NaN is an error; \
            infinities alone are a warning, since graph models sometimes hold -Inf masking constants.
            """,
        triggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "d/kernel", "shape": [3], "dtype": "float32"}]}]}"#,
                files: ["w.bin": [0, 0, 0x80, 0x3F, 0, 0, 0xC0, 0x7F, 0, 0, 0x80, 0x7F]], at: ["/weightsManifest/0/weights/0"]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "i", "shape": [1], "dtype": "int32"}, {"name": "h", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16"}}]}]}"#,
                files: ["w.bin": [1, 0, 0, 0, 0x00, 0x3C, 0x00, 0xFC]], at: ["/weightsManifest/0/weights/1"]),
        ],
        nonTriggering: [
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "d/kernel", "shape": [2], "dtype": "float32"}, {"name": "i", "shape": [1], "dtype": "int32"}]}]}"#,
                files: ["w.bin": [0, 0, 0x80, 0x3F, 0, 0, 0x80, 0xBF, 0xFF, 0xFF, 0xFF, 0x7F]]),
            RuleExample(
                #"{"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "q", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1, "scale": 0.5}}]}]}"#,
                files: ["w.bin": [0, 255]]),
        ],
        tfjsRunsTheModel: true
    )

    /// Weights are scanned in chunks of this many bytes, so huge shards are never held at once.
    static let chunkBytes = 1 << 20

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let layout = model.shardLayout()
        var findings: [Finding] = []
        var window = (start: 0, bytes: [UInt8]())
        for entry in layout.entryRanges(of: model.manifest, files: model.files)
        where entry.spec.dtype == .float32 && entry.offset + entry.length <= layout.totalBytes {
            // Small weights are sliced from one large read of the shard stream, not read one by one.
            if entry.length <= Self.chunkBytes / 4,
                entry.offset < window.start || entry.offset + entry.length > window.start + window.bytes.count
            {
                window = (entry.offset, layout.read(offset: entry.offset, count: Self.chunkBytes, from: model.files))
            }
            let counts = entry.length <= Self.chunkBytes / 4 && entry.offset + entry.length <= window.start + window.bytes.count
                ? count(Array(window.bytes[(entry.offset - window.start)..<(entry.offset - window.start + entry.length)]), spec: entry.spec)
                : count(entry, layout: layout, files: model.files)
            guard let counts, counts.total > 0 else { continue }
            var parts: [String] = []
            if counts.nan > 0 { parts.append("\(counts.nan) NaN") }
            if counts.positiveInfinity > 0 { parts.append("\(counts.positiveInfinity) +Inf") }
            if counts.negativeInfinity > 0 { parts.append("\(counts.negativeInfinity) -Inf") }
            findings.append(context.finding(
                Self.self,
                "weight '\(entry.spec.name)' holds \(parts.joined(separator: ", ")) of \(entry.spec.elementCount ?? 0) "
                    + "values (first at flat index \(counts.firstIndex)); TF.js loads it and computes NaN/Inf outputs",
                at: entry.spec.pointer, subject: entry.spec.name, severity: counts.nan > 0 ? .error : .warning))
        }
        return findings
    }

    private struct Counts {
        var nan = 0
        var positiveInfinity = 0
        var negativeInfinity = 0
        var firstIndex = -1
        var total: Int { nan + positiveInfinity + negativeInfinity }
    }

    /// Counts a large weight chunk by chunk.
    private func count(_ entry: ShardLayout.EntryRange, layout: ShardLayout, files: any ModelFiles) -> Counts? {
        guard let perElement = entry.spec.storedBytesPerElement else { return nil }
        let chunk = Self.chunkBytes - Self.chunkBytes % perElement
        var counts = Counts()
        var done = 0
        while done < entry.length {
            let bytes = layout.read(offset: entry.offset + done, count: min(chunk, entry.length - done), from: files)
            guard !bytes.isEmpty, count(bytes, spec: entry.spec, firstElement: done / perElement, into: &counts) else { return nil }
            done += bytes.count
        }
        return counts
    }

    private func count(_ bytes: [UInt8], spec: WeightSpec) -> Counts? {
        var counts = Counts()
        return count(bytes, spec: spec, firstElement: 0, into: &counts) ? counts : nil
    }

    private func count(_ bytes: [UInt8], spec: WeightSpec, firstElement: Int, into counts: inout Counts) -> Bool {
        do {
            try WeightDecoder.forEachValue(bytes, spec: spec, firstElement: firstElement) { index, value in
                guard !value.isFinite else { return }
                if counts.firstIndex < 0 { counts.firstIndex = index }
                if value.isNaN { counts.nan += 1 } else if value > 0 { counts.positiveInfinity += 1 } else { counts.negativeInfinity += 1 }
            }
            return true
        } catch {
            return false
        }
    }
}
