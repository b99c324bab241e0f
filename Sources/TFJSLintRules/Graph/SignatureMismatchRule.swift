import TFJSLintCore

struct SignatureMismatchRule: ModelRule {
    static let description = RuleDescription(
        id: "signature-mismatch",
        category: .graph,
        defaultSeverity: .error,
        summary: "Signature inputs and outputs must name nodes of the graph.",
        rationale: """
            TF.js takes a graph model's inputs and outputs from `signature` (or `userDefinedMetadata.signature`, \
            which overrides it): each entry's `name` is `node:index`. A name whose node is not in the graph makes \
            execute() fail for that input or output.
            """,
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "signature": {"inputs": {"x": {"name": "image:0"}}, "outputs": {"y": {"name": "Identity:0"}}},
                 "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}, {"name": "Identity_1", "op": "Identity", "input": ["x"]}]}}
                """#, at: ["/signature/inputs/x/name", "/signature/outputs/y/name"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "signature": {"inputs": {"x": {"name": "x:0"}}, "outputs": {"Identity": {"name": "Identity"}}},
                 "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}, {"name": "Identity", "op": "Identity", "input": ["x"]}]}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model, model.format == .graph else { return [] }
        let override = model.document.root["userDefinedMetadata"]?["signature"]
        let pointer: JSONPointer = override?.members != nil ? "/userDefinedMetadata/signature" : "/signature"
        guard let signature = model.document.resolve(pointer) else { return [] }
        let names = Set(GraphWalk.mainNodes(in: model).map(\.name))
        var findings: [Finding] = []
        for side in ["inputs", "outputs"] {
            for member in signature[side]?.members ?? [] {
                guard let tensor = member.value["name"]?.string else { continue }
                let node = String(tensor.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                guard !names.contains(node) else { continue }
                findings.append(context.finding(
                    Self.self, "signature \(side.dropLast()) \"\(member.key)\" names tensor \"\(tensor)\", but the graph "
                        + "has no node \"\(node)\"; TF.js cannot \(side == "inputs" ? "feed" : "fetch") it",
                    at: pointer.appending(side).appending(member.key).appending("name"), subject: member.key))
            }
        }
        return findings
    }
}
