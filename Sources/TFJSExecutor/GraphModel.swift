import TFJSLintCore

/// A graph-model ready to run as TF.js runs it: nodes by name, Const values from the weights manifest
/// (matched by exact node name, dequantized by TF.js's rules), inputs and outputs from the signature.
public struct GraphModel: Sendable {
    struct Node: Sendable {
        let name: String
        let op: String
        /// (producer node, output index); control inputs (`^x`) are dropped.
        let inputs: [(node: String, index: Int)]
        let attributes: JSONNode?
    }

    let nodes: [String: Node]
    let constants: [String: Tensor]
    /// Signature keys → node names, in signature order.
    public let inputs: [(key: String, node: String)]
    public let outputs: [(key: String, node: String, index: Int)]

    public init(_ model: ModelArtifact) throws(ExecutionError) {
        guard model.format == .graph, let list = model.topology?["node"]?.array else {
            throw ExecutionError("not a graph model", ruleID: "unknown-format")
        }
        var nodes: [String: Node] = [:]
        for item in list {
            guard let name = item["name"]?.string, let op = item["op"]?.string else { continue }
            let inputs: [(node: String, index: Int)] = (item["input"]?.array ?? []).compactMap { input in
                guard let text = input.string, !text.hasPrefix("^") else { return nil }
                let parts = text.split(separator: ":", omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? Int(parts[parts.count - 1]) ?? 0 : 0)
            }
            nodes[name] = Node(name: name, op: op, inputs: inputs, attributes: item["attr"])
        }
        self.nodes = nodes
        constants = try Self.loadConstants(model)
        let signature = model.document.root["userDefinedMetadata"]?["signature"] ?? model.document.root["signature"]
        func split(_ tensor: String) -> (String, Int) {
            let parts = tensor.split(separator: ":", omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        }
        var inputs = (signature?["inputs"]?.members ?? []).compactMap { member in
            member.value["name"]?.string.map { (member.key, split($0).0) }
        }
        if inputs.isEmpty { inputs = list.filter { $0["op"]?.string == "Placeholder" }.compactMap { n in n["name"]?.string.map { ($0, $0) } } }
        self.inputs = inputs
        outputs = (signature?["outputs"]?.members ?? []).compactMap { member in
            member.value["name"]?.string.map { let (node, index) = split($0); return (member.key, node, index) }
        }
    }

    private static func loadConstants(_ model: ModelArtifact) throws(ExecutionError) -> [String: Tensor] {
        let layout = model.shardLayout()
        if let missing = layout.shards.first(where: { $0.size == nil }) {
            throw ExecutionError("weight shard '\(missing.path)' cannot be read", ruleID: missing.unsafeReason == nil ? "missing-shard" : "unsafe-weight-path")
        }
        let ranges = layout.entryRanges(of: model.manifest, files: model.files)
        guard ranges.count == model.manifest.weights.count, (ranges.last.map { $0.offset + $0.length } ?? 0) <= layout.totalBytes else {
            throw ExecutionError("the shards do not hold every weight the manifest lists", ruleID: "weights-size-mismatch")
        }
        var constants: [String: Tensor] = [:]
        for range in ranges {
            let spec = range.spec
            guard let shape = spec.shape else { continue }
            let bytes = layout.read(offset: range.offset, count: range.length, from: model.files)
            do {
                switch spec.dtype {
                case .float32?: constants[spec.name] = Tensor(shape: shape, values: try WeightDecoder.floats(bytes, spec: spec))
                case .int32?: constants[spec.name] = Tensor(shape: shape, dtype: .int32, values: try WeightDecoder.int32s(bytes, spec: spec).map(Float.init))
                case .bool?: constants[spec.name] = Tensor(shape: shape, dtype: .bool, values: try WeightDecoder.bools(bytes, spec: spec).map { $0 ? 1 : 0 })
                default: continue
                }
            } catch {
                throw ExecutionError(error.description, ruleID: "unknown-weight-dtype")
            }
        }
        return constants
    }

    /// Runs the graph on `feeds` (node name → tensor) and returns the signature outputs in order.
    public func run(_ feeds: [String: Tensor]) throws(ExecutionError) -> [Tensor] {
        var values: [String: [Tensor]] = [:]
        for (name, tensor) in feeds { values[name] = [tensor] }
        var results: [Tensor] = []
        for output in outputs {
            try evaluate(output.node, into: &values)
            guard let tensors = values[output.node], output.index < tensors.count else {
                throw ExecutionError("output \(output.key) names output \(output.index) of \(output.node), which it does not have", ruleID: "signature-mismatch")
            }
            results.append(tensors[output.index])
        }
        return results
    }

    /// Evaluates `target` and what it needs, depth first without recursion.
    private func evaluate(_ target: String, into values: inout [String: [Tensor]]) throws(ExecutionError) {
        var stack = [(target, false)]
        var visiting: Set<String> = []
        while let (name, expanded) = stack.popLast() {
            if values[name] != nil { continue }
            guard let node = nodes[name] else {
                throw ExecutionError("no node named '\(name)'", ruleID: "dangling-input")
            }
            if node.op == "Const" {
                guard let value = constants[name] else {
                    throw ExecutionError("Const node '\(name)' has no weight in the manifest", ruleID: "missing-const-weight")
                }
                values[name] = [value]
                continue
            }
            if node.op == "Placeholder" {
                throw ExecutionError("input '\(name)' was not given", ruleID: nil)
            }
            if expanded {
                var arguments: [Tensor] = []
                for input in node.inputs {
                    guard let tensors = values[input.node], input.index < tensors.count else {
                        throw ExecutionError("node '\(name)' reads output \(input.index) of '\(input.node)', which it does not have", ruleID: "dangling-input")
                    }
                    arguments.append(tensors[input.index])
                }
                values[name] = try GraphOps.run(node, arguments)
                continue
            }
            guard visiting.insert(name).inserted else { throw ExecutionError("the graph has a cycle through '\(name)'", ruleID: "graph-cycle") }
            stack.append((name, true))
            for input in node.inputs where values[input.node] == nil { stack.append((input.node, false)) }
        }
    }
}
