import TFJSLintCore

/// Keras 3 writes a `keras.ops` call on symbolic tensors (`x + 3.0`, `ops.subtract(a, b)`, `ops.mean(x, axis=1)`) as
/// a layer entry named after the op. Its config is the op's: a name and the op's own arguments, never a layer's
/// `trainable` or `dtype`. `module`, when the converter keeps it, says `keras.src.ops.*`.
enum Keras3Operations {
    /// An op entry: `module` says so, or its config is not a layer's and its call is not a layer's single input
    /// (a number among the arguments, or several positional arguments). A unary op without `module` reads like a
    /// layer TF.js lacks, which unsupported-layer reports.
    static func isOperation(_ entry: JSONNode) -> Bool {
        if let module = entry["module"]?.string { return module.hasPrefix("keras.src.ops") || module.hasPrefix("keras.ops") }
        guard let config = entry["config"], config.members != nil, config["trainable"] == nil, config["dtype"] == nil,
            let nodes = entry["inbound_nodes"]?.array
        else { return false }
        return nodes.contains { node in
            guard let call = Keras3Call(node, at: .root), !call.tensors.isEmpty else { return false }
            return call.arguments.count != 1 || call.arguments.contains { if case .number = $0 { true } else { false } }
        }
    }

    /// TF.js merge layers that compute what the op of the same name computes on two or more tensors.
    static let mergeEquivalents: Set<String> = ["Add", "Multiply", "Maximum", "Minimum"]

    /// An elementwise op called on tensors only, which TF.js's merge layer of the same name computes once the call
    /// is in the list form (keras3-inbound-nodes).
    static func runsAsMergeLayer(_ entry: FunctionalEntry) -> Bool {
        guard mergeEquivalents.contains(entry.className), (entry.node["config"]?.members ?? []).allSatisfy({ $0.key == "name" }),
            let nodes = entry.node["inbound_nodes"]?.array, !nodes.isEmpty
        else { return false }
        return nodes.allSatisfy { node in
            if let call = Keras3Call(node, at: .root) { return call.onlyTensors && call.tensors.count >= 2 }
            return (node.array?.count ?? 0) >= 2
        }
    }

    /// An op entry that keras3-op-layer reports: any op except those TF.js runs as a merge layer.
    static func isReportedOperation(_ entry: FunctionalEntry) -> Bool {
        isOperation(entry.node) && !runsAsMergeLayer(entry)
    }
}
