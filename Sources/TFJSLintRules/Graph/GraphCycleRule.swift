import TFJSLintCore

struct GraphCycleRule: ModelRule {
    static let description = RuleDescription(
        id: "graph-cycle",
        category: .graph,
        defaultSeverity: .error,
        summary: "A graph model must be acyclic, apart from v1 loops through NextIteration.",
        rationale: """
            TF.js orders a graph's nodes topologically before executing it. TF v1 while loops close their cycle \
            with a NextIteration -> Merge edge, which the executor handles; any other cycle has no order, and \
            execution cannot start.
            """,
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "a", "op": "AddV2", "input": ["x", "b"]},
                  {"name": "b", "op": "Relu", "input": ["a:0"]}
                ]}}
                """#, at: ["/modelTopology/node/1"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"},
                  {"name": "m", "op": "Merge", "input": ["x", "n"]},
                  {"name": "r", "op": "Relu", "input": ["m", "^x"]},
                  {"name": "n", "op": "NextIteration", "input": ["r"]}
                ]}}
                """#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let nodes = GraphWalk.mainNodes(in: model)
        var index: [String: Int] = [:]
        for (i, node) in nodes.enumerated() where index[node.name] == nil { index[node.name] = i }
        // Edges from a node to the nodes it reads, leaving out the loop back edges out of NextIteration.
        let edges: [[Int]] = nodes.map { node in
            node.inputNames.compactMap { index[$0] }.filter { nodes[$0].op != "NextIteration" }
        }
        // Iterative depth-first search; a grey node reached again closes a cycle.
        var state = [UInt8](repeating: 0, count: nodes.count)  // 0 white, 1 grey, 2 black
        var findings: [Finding] = []
        for start in nodes.indices where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                if top.next < edges[top.node].count {
                    stack[stack.count - 1].next += 1
                    let target = edges[top.node][top.next]
                    if state[target] == 0 {
                        state[target] = 1
                        stack.append((target, 0))
                    } else if state[target] == 1 {
                        let members = stack.map(\.node).drop { $0 != target }
                        let first = members.min() ?? target
                        let names = members.map { "\"\(nodes[$0].name)\"" }.joined(separator: " <- ")
                        findings.append(context.finding(
                            Self.self, "nodes \(names) read each other in a cycle that no NextIteration closes; TF.js "
                                + "cannot order them and cannot execute the graph", at: nodes[first].pointer,
                            subject: nodes[first].name))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return findings
    }
}
