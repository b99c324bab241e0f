import Foundation
import TFJSLintCore

/// What a model.json is: for `tfjslint inspect`.
public struct ModelInspection: Sendable {
    public struct Tensor: Sendable {
        public let name: String
        public let shape: String
        public let dtype: String
    }

    public let path: String
    public let format: String
    public let generatedBy: String?
    public let convertedBy: String?
    public let loader: String?
    public let inputs: [Tensor]
    public let outputs: [Tensor]
    /// Layer classes or ops, with counts, most frequent first.
    public let histogram: [(String, Int)]
    /// Elements of all weights; nil when a weight's shape is unusable or the sum does not fit.
    public let parameters: Int?
    /// Bytes stored per dtype (nil: not computable); a quantized dtype shows the dtype it decodes to.
    public let bytesByDType: [(String, Int?)]
    public let bytesByShard: [(String, Int?)]
    public let quantization: [(String, Int)]

    public init(_ model: ModelArtifact) {
        path = model.path
        format = model.format?.rawValue ?? "unknown"
        generatedBy = model.document.root["generatedBy"]?.string
        convertedBy = model.document.root["convertedBy"]?.string
        loader = model.format?.loader
        let (histogram, inputs, outputs) = switch model.format {
        case .graph: Self.graph(model)
        case .layers: Self.layers(model)
        case nil: ([(String, Int)](), [Tensor](), [Tensor]())
        }
        self.histogram = histogram
        self.inputs = inputs
        self.outputs = outputs
        var parameters: Int? = 0
        var byDType: [String: Int?] = [:]
        var quantization: [String: Int] = [:]
        for spec in model.manifest.weights {
            parameters = Self.sum(parameters, spec.elementCount)
            let stored = spec.quantization.map { "\($0.dtypeName ?? "?") (as \(spec.dtypeName ?? "?"))" } ?? spec.dtypeName ?? "?"
            byDType[stored] = Self.sum(byDType[stored] ?? 0, spec.fixedByteLength)
            if let q = spec.quantization { quantization[q.dtypeName ?? "?", default: 0] += 1 }
        }
        self.parameters = parameters
        bytesByDType = byDType.sorted { $0.key < $1.key }
        self.quantization = quantization.sorted { $0.key < $1.key }
        bytesByShard = model.shardLayout().shards.map { ($0.path, $0.size) }
    }

    /// nil when either is unknown or the sum overflows.
    static func sum(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b, b >= 0 else { return nil }
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : total
    }

    static func sortedHistogram(_ counts: [String: Int]) -> [(String, Int)] {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
    }

    /// Op histogram; inputs and outputs as TF.js picks them: the signature's (`userDefinedMetadata.signature`
    /// first), else every Placeholder and every node nothing consumes.
    static func graph(_ model: ModelArtifact) -> ([(String, Int)], [Tensor], [Tensor]) {
        let nodes = model.topology?["node"]?.array ?? []
        var counts: [String: Int] = [:]
        var consumed: Set<String> = []
        for node in nodes {
            counts[node["op"]?.string ?? "?", default: 0] += 1
            for input in node["input"]?.array ?? [] {
                guard let name = input.string?.split(separator: ":").first.map(String.init) else { continue }
                consumed.insert(name.hasPrefix("^") ? String(name.dropFirst()) : name)
            }
        }
        let signature = model.document.root["userDefinedMetadata"]?["signature"] ?? model.document.root["signature"]
        var inputs = signatureTensors(signature?["inputs"])
        var outputs = signatureTensors(signature?["outputs"])
        if inputs.isEmpty {
            inputs = nodes.filter { $0["op"]?.string == "Placeholder" }.map(placeholder)
        }
        if outputs.isEmpty {
            outputs = nodes.compactMap { node in
                guard let name = node["name"]?.string, !consumed.contains(name) else { return nil }
                return Tensor(name: name, shape: "?", dtype: "?")
            }
        }
        return (sortedHistogram(counts), inputs, outputs)
    }

    static func placeholder(_ node: JSONNode) -> Tensor {
        let attr = node["attr"]
        let dims = attr?["shape"]?["shape"]?["dim"]?.array?.map { $0["size"]?.string ?? "?" }
        return Tensor(name: node["name"]?.string ?? "?", shape: dims.map(shapeText) ?? "?",
                      dtype: attr?["dtype"]?["type"]?.string ?? "?")
    }

    static func shapeText(_ dims: [String]) -> String {
        "[" + dims.map { $0 == "-1" ? "null" : $0 }.joined(separator: ", ") + "]"
    }

    static func signatureTensors(_ node: JSONNode?) -> [Tensor] {
        (node?.members ?? []).map { member in
            let dims = member.value["tensorShape"]?["dim"]?.array?.map { $0["size"]?.string ?? "?" }
            return Tensor(name: "\(member.key) (\(member.value["name"]?.string ?? "?"))",
                          shape: dims.map(shapeText) ?? "?", dtype: member.value["dtype"]?.string ?? "?")
        }
    }

    /// Layer-class histogram (nested models counted by their layers); inputs from InputLayers (in
    /// `input_layers` order) or a Sequential's first layer; outputs from `output_layers` or its last layer.
    static func layers(_ model: ModelArtifact) -> ([(String, Int)], [Tensor], [Tensor]) {
        let root = model.topology?["model_config"] ?? model.topology
        var counts: [String: Int] = [:]
        var inputLayers: [String: Tensor] = [:]
        var stack = [root]
        while let next = stack.popLast() {
            guard let node = next, let className = node["class_name"]?.string else { continue }
            if let layers = node["config"]?["layers"]?.array ?? node["config"]?.array {
                stack.append(contentsOf: layers.map { Optional($0) })
            } else {
                counts[className, default: 0] += 1
            }
            if className == "InputLayer", let tensor = declaredInput(node, in: model.document) {
                inputLayers[tensor.name] = tensor
            }
        }
        let config = root?["config"]
        let layers = config?["layers"]?.array ?? config?.array ?? []
        let names = { (key: String) in (config?[key]?.array ?? []).compactMap { $0[0]?.string ?? $0.string } }
        var inputs = names("input_layers").compactMap { inputLayers[$0] }
        var outputs = names("output_layers").map { Tensor(name: $0, shape: "?", dtype: "?") }
        if root?["class_name"]?.string == "Sequential" {
            if let first = layers.first, let tensor = declaredInput(first, in: model.document) { inputs = [tensor] }
            if let last = layers.last?["config"]?["name"]?.string { outputs = [Tensor(name: last, shape: "?", dtype: "?")] }
        }
        return (sortedHistogram(counts), inputs, outputs)
    }

    /// The input a layer declares: `batch_input_shape` / `batch_shape` (Keras 3) / `input_shape` (no batch).
    static func declaredInput(_ layer: JSONNode, in document: JSONDocument) -> Tensor? {
        let config = layer["config"]
        let text: String
        if let shape = config?["batch_input_shape"] ?? config?["batch_shape"] {
            text = brief(document.sourceText(of: shape))
        } else if let dims = config?["input_shape"]?.array {
            text = "[" + (["null"] + dims.map { brief(document.sourceText(of: $0)) }).joined(separator: ", ") + "]"
        } else {
            return nil
        }
        return Tensor(name: config?["name"]?.string ?? "?", shape: text, dtype: config?["dtype"]?.string ?? "float32")
    }

    /// Source text shown as is, cut short when a hostile file makes it long.
    static func brief(_ text: String) -> String {
        text.count <= 120 ? text : text.prefix(120) + "..."
    }

    public var text: String {
        var lines = ["\(path)", "  format:      \(format)" + (loader.map { " (load with \($0))" } ?? "")]
        if let generatedBy { lines.append("  produced by: \(generatedBy)") }
        if let convertedBy { lines.append("  converted by: \(convertedBy)") }
        lines.append("  inputs:")
        let row = { (t: Tensor) in "    \(t.name)" + (t.shape == "?" && t.dtype == "?" ? "" : "  \(t.shape)  \(t.dtype)") }
        lines += inputs.map(row)
        lines.append("  outputs:")
        lines += outputs.map(row)
        lines.append("  \(format == "graph-model" ? "ops" : "layers"): " + histogram.prefix(12).map { "\($0.0) ×\($0.1)" }.joined(separator: ", ")
            + (histogram.count > 12 ? ", ..." : ""))
        lines.append("  parameters:  \(parameters.map(String.init) ?? "unknown (a weight shape is unusable)")")
        lines.append("  weight bytes by dtype: " + bytesByDType.map { "\($0.0) \($0.1.map(String.init) ?? "unknown")" }.joined(separator: ", "))
        lines.append("  shards: " + bytesByShard.map { "\($0.0) \($0.1.map(String.init) ?? "missing")" }.joined(separator: ", "))
        lines.append("  quantization: " + (quantization.isEmpty ? "none" : quantization.map { "\($0.0) ×\($0.1) weights" }.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONTree {
        let known = { (text: String) -> JSONTree in text == "?" ? .null : .string(text) }
        let count = { (number: Int?) -> JSONTree in number.map { .number(Double($0)) } ?? .null }
        let tensor = { (t: Tensor) -> JSONTree in .object([("name", .string(t.name)), ("shape", known(t.shape)), ("dtype", known(t.dtype))]) }
        return .object([
            ("path", .string(path)), ("format", .string(format)), ("loader", loader.map { .string($0) } ?? .null),
            ("generatedBy", generatedBy.map { .string($0) } ?? .null), ("convertedBy", convertedBy.map { .string($0) } ?? .null),
            ("inputs", .array(inputs.map(tensor))), ("outputs", .array(outputs.map(tensor))),
            ("histogram", .object(histogram.map { ($0.0, .number(Double($0.1))) })),
            ("parameters", count(parameters)),
            ("weightBytesByDType", .object(bytesByDType.map { ($0.0, count($0.1)) })),
            ("shards", .object(bytesByShard.map { ($0.0, count($0.1)) })),
            ("quantization", .object(quantization.map { ($0.0, .number(Double($0.1))) })),
        ])
    }
}
