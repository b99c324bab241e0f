import TFJSLintCore

/// One NodeDef of a graph model: in the main graph, a library function body, or the initializer graph.
/// A class, so that the tables rules build over 100k-node graphs share records instead of copying them.
final class GraphNodeRecord {
    enum Scope: Hashable {
        case main
        case function(String)
        case initializer
    }

    let name: String
    let op: String
    let node: JSONNode
    let scope: Scope
    /// The node list the record is in and its position there; `pointer` is made only when a finding needs it.
    private let list: JSONPointer
    private let index: Int

    init(name: String, op: String, node: JSONNode, list: JSONPointer, index: Int, scope: Scope) {
        self.name = name
        self.op = op
        self.node = node
        self.list = list
        self.index = index
        self.scope = scope
    }

    var pointer: JSONPointer { list.appending(index) }

    /// `node "conv/BiasAdd"` or `node "x" in function "f"`, for messages.
    var label: String {
        switch scope {
        case .main: "node \"\(name)\""
        case .function(let function): "node \"\(name)\" in function \"\(function)\""
        case .initializer: "node \"\(name)\" of modelInitializer"
        }
    }

    /// The string attr `key`, base64-decoded as TF.js does (`{"s": "TkhXQw=="}` -> `NHWC`).
    func stringAttr(_ key: String) -> String? {
        guard let encoded = node["attr"]?[key]?["s"]?.string else { return nil }
        return Base64.decode(encoded).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The `type` attr `key` (`{"type": "DT_FLOAT"}`).
    func typeAttr(_ key: String) -> String? { node["attr"]?[key]?["type"]?.string }

    /// Names of the nodes this node reads, with `^` and `:k` stripped as tfjs does (function bodies use `n:arg:k`).
    var inputNames: [String] {
        (node["input"]?.array ?? []).compactMap(\.string).map { input in
            let bare = input.hasPrefix("^") ? input.dropFirst() : Substring(input)
            return String(bare.firstIndex(of: ":").map { bare[..<$0] } ?? bare)
        }
    }
}

enum GraphWalk {
    static func nodes(in model: ModelArtifact) -> [GraphNodeRecord] {
        guard model.format == .graph else { return [] }
        var records = mainNodes(in: model)
        let functions = model.document.root["modelTopology"]?["library"]?["function"]?.array ?? []
        for (f, function) in functions.enumerated() {
            let functionName = function["signature"]?["name"]?.string ?? "#\(f)"
            let base = JSONPointer("/modelTopology/library/function").appending(f).appending("nodeDef")
            records += nodes(function["nodeDef"], base: base, scope: .function(functionName))
        }
        records += nodes(model.document.root["modelInitializer"]?["node"], base: "/modelInitializer/node", scope: .initializer)
        return records
    }

    static func mainNodes(in model: ModelArtifact) -> [GraphNodeRecord] {
        guard model.format == .graph else { return [] }
        return nodes(model.topology?["node"], base: "/modelTopology/node", scope: .main)
    }

    private static func nodes(_ list: JSONNode?, base: JSONPointer, scope: GraphNodeRecord.Scope) -> [GraphNodeRecord] {
        (list?.array ?? []).enumerated().compactMap { index, node in
            guard let name = node["name"]?.string, let op = node["op"]?.string else { return nil }
            return GraphNodeRecord(name: name, op: op, node: node, list: base, index: index, scope: scope)
        }
    }
}

/// Standard base64 (RFC 4648), as protobuf's JSON mapping writes bytes.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var bits = 0
        var bitCount = 0
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars where scalar != "=" {
            let value: Int
            switch scalar {
            case "A"..."Z": value = Int(scalar.value) - 65
            case "a"..."z": value = Int(scalar.value) - 97 + 26
            case "0"..."9": value = Int(scalar.value) - 48 + 52
            case "+", "-": value = 62
            case "/", "_": value = 63
            default: return nil
            }
            bits = (bits << 6 | value) & 0xFFFFFF
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8((bits >> bitCount) & 0xFF))
            }
        }
        return bytes
    }
}
