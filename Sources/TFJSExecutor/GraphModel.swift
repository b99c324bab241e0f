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
    /// Const weights of dtypes the executor does not load (complex64, string), by name.
    let unloadedConstants: [String: WeightDType]
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
        (constants, unloadedConstants) = try Self.loadConstants(model)
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

    private static func loadConstants(_ model: ModelArtifact) throws(ExecutionError) -> ([String: Tensor], [String: WeightDType]) {
        let layout = model.shardLayout()
        if let missing = layout.shards.first(where: { $0.size == nil }) {
            throw ExecutionError("weight shard '\(missing.path)' cannot be read", ruleID: missing.unsafeReason == nil ? "missing-shard" : "unsafe-weight-path")
        }
        let ranges = layout.entryRanges(of: model.manifest, files: model.files)
        guard ranges.count == model.manifest.weights.count, (ranges.last.map { $0.offset + $0.length } ?? 0) <= layout.totalBytes else {
            throw ExecutionError("the shards do not hold every weight the manifest lists", ruleID: "weights-size-mismatch")
        }
        var constants: [String: Tensor] = [:], unloaded: [String: WeightDType] = [:]
        for range in ranges {
            let spec = range.spec
            guard let shape = spec.shape else { continue }
            let bytes = layout.read(offset: range.offset, count: range.length, from: model.files)
            do {
                switch spec.dtype {
                case .float32?: constants[spec.name] = Tensor(shape: shape, values: try WeightDecoder.floats(bytes, spec: spec))
                case .int32?: constants[spec.name] = Tensor(shape: shape, dtype: .int32, values: try WeightDecoder.int32s(bytes, spec: spec).map(Float.init))
                case .bool?: constants[spec.name] = Tensor(shape: shape, dtype: .bool, values: try WeightDecoder.bools(bytes, spec: spec).map { $0 ? 1 : 0 })
                case let dtype?: unloaded[spec.name] = dtype
                case nil: continue
                }
            } catch {
                throw ExecutionError(error.description, ruleID: "unknown-weight-dtype")
            }
        }
        return (constants, unloaded)
    }

    /// Bytes of the Const values the graph holds (4 per stored value, as the executor stores them).
    public var weightBytes: Int { constants.values.reduce(0) { $0 + $1.values.count * MemoryLayout<Float>.stride } }

    /// Runs the graph on `feeds` (node name → tensor) and returns the signature outputs in order.
    public func run(_ feeds: [String: Tensor]) throws(ExecutionError) -> [Tensor] {
        var peak = 0
        return try run(feeds, peakActivationBytes: &peak)
    }

    /// Runs the graph as `run(_:)` does, and sets `peakActivationBytes` to the most bytes of feeds and node
    /// outputs alive at once. Nodes run in a topological order; each value is dropped after its last reader.
    public func run(_ feeds: [String: Tensor], peakActivationBytes: inout Int) throws(ExecutionError) -> [Tensor] {
        let order = try schedule(feeds: Set(feeds.keys))
        var readers: [String: Int] = [:], consumers: [String: [String]] = [:]
        for name in order {
            for input in nodes[name]?.inputs ?? [] {
                readers[input.node, default: 0] += 1
                consumers[input.node, default: []].append(name)
            }
        }
        let kept = Set(outputs.map(\.node)).union(feeds.keys)
        var absorbed: Set<String> = []
        /// Convolutions that read a Pad's input themselves: the Pad node and the explicit padding.
        var padded: [String: (pad: Node, padding: Convolution.Padding)] = [:]
        for output in outputs { readers[output.node, default: 0] += 1 }
        /// 4 bytes per stored value: 8 per complex64 element, as TF.js holds it too.
        func bytes(_ tensors: [Tensor]) -> Int { tensors.reduce(0) { $0 + $1.values.count * MemoryLayout<Float>.stride } }

        var values: [String: [Tensor]] = [:]
        var live = 0
        for (name, tensor) in feeds {
            values[name] = [tensor]
            live += bytes([tensor])
        }
        peakActivationBytes = live
        /// Counts one read of each input and drops the values nothing will read again.
        func release(_ inputs: [(node: String, index: Int)]) {
            for input in inputs {
                readers[input.node, default: 0] -= 1
                guard readers[input.node] == 0, let released = values.removeValue(forKey: input.node) else { continue }
                if nodes[input.node]?.op != "Const" { live -= bytes(released) }
            }
        }
        for name in order {
            guard let node = nodes[name] else { continue }
            if absorbed.contains(name) {
                // Computed with the convolution before it: only its inputs' reader counts change.
                release(node.inputs)
                continue
            }
            if node.op == "Const" {
                if let dtype = unloadedConstants[name] {
                    throw ExecutionError("Const node '\(name)' holds a \(dtype.rawValue) weight, which tfjslint's executor does not load; it cannot verify this model")
                }
                guard let value = constants[name] else {
                    throw ExecutionError("Const node '\(name)' has no weight in the manifest", ruleID: "missing-const-weight")
                }
                values[name] = [value]
                continue
            }
            guard node.op != "Placeholder" else { throw ExecutionError("input '\(name)' was not given", ruleID: nil) }
            if let (convolution, padding) = absorbablePad(node, values: values, consumers: consumers, kept: kept) {
                // Its input stays alive for the convolution, which releases it.
                padded[convolution] = (node, padding)
                continue
            }
            let pad = padded[name]
            var arguments: [Tensor] = []
            for input in (pad.map { [$0.pad.inputs[0]] + node.inputs.dropFirst() } ?? node.inputs) {
                guard let tensors = values[input.node], input.index < tensors.count else {
                    throw ExecutionError("node '\(name)' reads output \(input.index) of '\(input.node)', which it does not have", ruleID: "dangling-input")
                }
                arguments.append(tensors[input.index])
            }
            // The fused convolutions below bypass `GraphOps.run`, so they get its complex64 check here.
            try GraphOps.checkComplexInputs(node, arguments)
            var results: [Tensor], target = name
            let chain = channelChain(from: node, consumers: consumers, kept: kept)
            let epilogue = chain?.epilogue(filter: arguments.count > 1 ? arguments[1] : nil, depthwise: node.op.hasPrefix("Depthwise"), constants)
            if let chain, let epilogue, arguments.first?.dtype == .float32 {
                results = [try Convolution.run(node, arguments, Attributes(node.attributes), absorbing: epilogue, padding: pad?.padding)]
                target = chain.members.last ?? name
                absorbed.formUnion(chain.members)
            } else if let pad {
                results = [try Convolution.run(node, arguments, Attributes(node.attributes), absorbing: nil, padding: pad.padding)]
            } else {
                results = try GraphOps.run(node, arguments)
            }
            values[target] = results
            live += bytes(results)
            peakActivationBytes = max(peakActivationBytes, live)
            arguments.removeAll()
            release(node.inputs)
            if let pad { release(pad.pad.inputs) }
        }
        var results: [Tensor] = []
        for output in outputs {
            guard let tensors = values[output.node], output.index < tensors.count else {
                throw ExecutionError("output \(output.key) names output \(output.index) of \(output.node), which it does not have", ruleID: "signature-mismatch")
            }
            results.append(tensors[output.index])
        }
        return results
    }

    /// A plain convolution's unfused BatchNormalization: Mul and Add by per-channel constants, then optionally Relu
    /// or Relu6, each the only reader of the node before it. The convolution computes them as its epilogue, rounding
    /// after each step as the ops would, so that the intermediate tensors are never built.
    struct ChannelChain {
        /// The Mul, the Add and the activation, if any; the last one receives the result.
        let members: [String]
        let scale: String, shift: String
        let activation: Gemm.Activation

        /// The epilogue when the constants hold one float32 value per output channel; nil to run the ops one by one.
        func epilogue(filter: Tensor?, depthwise: Bool, _ constants: [String: Tensor]) -> Gemm.Epilogue? {
            guard let filter, filter.shape.count == 4, let scale = constants[scale], let shift = constants[shift] else { return nil }
            let channels = depthwise ? filter.shape[2] * filter.shape[3] : filter.shape[3]
            func perChannel(_ tensor: Tensor) -> Bool {
                tensor.dtype == .float32 && tensor.values.count == channels && tensor.shape.count <= 4 && tensor.shape.last == channels
            }
            guard perChannel(scale), perChannel(shift) else { return nil }
            return Gemm.Epilogue(scale: scale.values, bias: shift.values, activation: activation)
        }
    }

    private func channelChain(from head: Node, consumers: [String: [String]], kept: Set<String>) -> ChannelChain? {
        guard head.op == "Conv2D" || head.op == "DepthwiseConv2dNative", GraphOps.kernels[head.op] != nil else { return nil }
        /// The only node reading `name` (output 0, once), with the other input when it is a Const.
        func next(_ name: String, ops: Set<String>) -> (node: Node, constant: String?)? {
            guard !kept.contains(name), let readers = consumers[name], readers.count == 1, let node = nodes[readers[0]],
                  ops.contains(node.op), node.inputs.contains(where: { $0.node == name && $0.index == 0 }) else { return nil }
            let others = node.inputs.filter { $0.node != name }
            let constant = others.count == 1 && others[0].index == 0 && nodes[others[0].node]?.op == "Const" ? others[0].node : nil
            return (node, constant)
        }
        guard let mul = next(head.name, ops: ["Mul"]), mul.node.inputs.count == 2, let scale = mul.constant,
              let add = next(mul.node.name, ops: ["Add", "AddV2"]), add.node.inputs.count == 2, let shift = add.constant else { return nil }
        if let relu = next(add.node.name, ops: ["Relu", "Relu6"]), relu.node.inputs.count == 1 {
            return ChannelChain(members: [mul.node.name, add.node.name, relu.node.name], scale: scale, shift: shift,
                                activation: relu.node.op == "Relu" ? .relu : .relu6)
        }
        return ChannelChain(members: [mul.node.name, add.node.name], scale: scale, shift: shift, activation: .linear)
    }

    /// A Pad by constant zeros of the height and width only, read only by a plain VALID convolution: the convolution
    /// then runs with that explicit padding on the Pad's input, so that the padded copy is never built. Only for
    /// finite filters (a skipped tap adds nothing, where a padded zero times an infinite weight would give NaN).
    private func absorbablePad(_ pad: Node, values: [String: [Tensor]], consumers: [String: [String]],
                               kept: Set<String>) -> (convolution: String, padding: Convolution.Padding)? {
        guard pad.op == "Pad", pad.inputs.count == 2, !kept.contains(pad.name), pad.inputs[0].index == 0,
              let x = values[pad.inputs[0].node]?.first, x.shape.count == 4, x.dtype == .float32,
              nodes[pad.inputs[1].node]?.op == "Const", let amounts = constants[pad.inputs[1].node]?.values, amounts.count == 8,
              amounts.allSatisfy({ $0 >= 0 && $0 < Float(1 << 20) && $0.rounded() == $0 }),
              amounts[0] == 0, amounts[1] == 0, amounts[6] == 0, amounts[7] == 0,
              let readers = consumers[pad.name], readers.count == 1, let convolution = nodes[readers[0]],
              convolution.op == "Conv2D" || convolution.op == "DepthwiseConv2dNative", GraphOps.kernels[convolution.op] != nil,
              convolution.inputs.count == 2, convolution.inputs[0].node == pad.name, convolution.inputs[0].index == 0,
              (Attributes(convolution.attributes).string("padding") ?? "valid") == "valid",
              nodes[convolution.inputs[1].node]?.op == "Const", constants[convolution.inputs[1].node]?.values.allSatisfy(\.isFinite) == true
        else { return nil }
        let padding = Convolution.Padding.explicit(top: Int(amounts[2]), bottom: Int(amounts[3]), left: Int(amounts[4]), right: Int(amounts[5]))
        return (convolution.name, padding)
    }

    /// The nodes the outputs need, each after its inputs (depth first without recursion); fed nodes are not
    /// expanded.
    private func schedule(feeds: Set<String>) throws(ExecutionError) -> [String] {
        var order: [String] = []
        var done = feeds, visiting: Set<String> = []
        var stack = outputs.reversed().map { ($0.node, false) }
        while let (name, expanded) = stack.popLast() {
            if expanded {
                visiting.remove(name)
                done.insert(name)
                order.append(name)
                continue
            }
            if done.contains(name) { continue }
            guard let node = nodes[name] else { throw ExecutionError("no node named '\(name)'", ruleID: "dangling-input") }
            guard visiting.insert(name).inserted else { throw ExecutionError("the graph has a cycle through '\(name)'", ruleID: "graph-cycle") }
            stack.append((name, true))
            for input in node.inputs.reversed() where !done.contains(input.node) { stack.append((input.node, false)) }
        }
        return order
    }
}
