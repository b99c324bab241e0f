import TFJSLintCore

struct UnsafeWeightPathRule: ModelRule {
    static let description = RuleDescription(
        id: "unsafe-weight-path",
        category: .files,
        defaultSeverity: .error,
        summary: "Weight shard paths must stay inside the model's folder.",
        rationale: """
            TF.js resolves each manifest path against the model.json URL, so `../`, absolute paths and URLs \
            make the browser fetch files from elsewhere, and a model.json is untrusted input: tfjslint never \
            reads such paths (nor symlinks leading out of the folder). Converter output only ever uses plain \
            file names like `group1-shard1of1.bin`.
            """,
        triggering: [
            RuleExample(#"{"weightsManifest": [{"paths": ["../secrets.bin"], "weights": []}]}"#, at: ["/weightsManifest/0/paths/0"]),
            RuleExample(#"{"weightsManifest": [{"paths": ["a.bin", "/etc/passwd"], "weights": []}]}"#, at: ["/weightsManifest/0/paths/1"]),
            RuleExample(#"{"weightsManifest": [{"paths": ["https://example.com/w.bin"], "weights": []}]}"#),
            RuleExample(#"{"weightsManifest": [{"paths": ["sub/../../x.bin"], "weights": []}]}"#),
            RuleExample(#"{"weightsManifest": [{"paths": ["C:\\weights.bin"], "weights": []}]}"#),
        ],
        nonTriggering: [
            RuleExample(#"{"weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": []}]}"#),
            RuleExample(#"{"weightsManifest": [{"paths": ["shards/group1-shard1of2.bin", "./group1-shard2of2.bin"], "weights": []}]}"#),
            RuleExample(#"{"weightsManifest": []}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for (g, group) in model.manifest.groups.enumerated() {
            for (p, path) in group.paths.enumerated() {
                guard let reason = model.files.unsafeReason(path) else { continue }
                findings.append(context.finding(
                    Self.self,
                    "weight path '\(path)' is not read: \(reason); TF.js would fetch it relative to the model's URL",
                    at: group.pointer.appending("paths").appending(p), subject: "group \(g + 1)"))
            }
        }
        return findings
    }
}
