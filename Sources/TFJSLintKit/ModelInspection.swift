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
    public let parameters: Int
    public let bytesByDType: [(String, Int)]
    public let bytesByShard: [(String, Int?)]
    public let quantization: [(String, Int)]

    public init(_ model: ModelArtifact) {
        path = model.path
        format = model.format?.rawValue ?? "unknown"
        generatedBy = model.document.root["generatedBy"]?.string
        convertedBy = model.document.root["convertedBy"]?.string
        loader = model.format?.loader
        var counts: [String: Int] = [:]
        var inputs: [Tensor] = []
        var outputs: [Tensor] = []
        let topology = model.topology
        if model.format == .graph {
            for node in topology?["node"]?.array ?? [] { counts[node["op"]?.string ?? "?", default: 0] += 1 }
            let signature = model.document.root["signature"]
            inputs = Self.signatureTensors(signature?["inputs"])
            outputs = Self.signatureTensors(signature?["outputs"])
        } else if model.format == .layers {
            let config = topology?["model_config"] ?? topology
            var stack = [config]
            while let next = stack.popLast() {
                guard let node = next, let className = node["class_name"]?.string else { continue }
                let layers = node["config"]?["layers"]?.array ?? node["config"]?.array
                if let layers {
                    stack.append(contentsOf: layers.map { Optional($0) })
                } else {
                    counts[className, default: 0] += 1
                }
                if className == "InputLayer" {
                    let c = node["config"]
                    let shape = c?["batch_input_shape"] ?? c?["batch_shape"] ?? c?["input_shape"]
                    inputs.append(Tensor(name: c?["name"]?.string ?? "?", shape: shape.map { model.document.sourceText(of: $0) } ?? "?",
                                         dtype: c?["dtype"]?.string ?? "float32"))
                }
            }
            inputs.reverse()
            for reference in config?["config"]?["output_layers"]?.array ?? [] {
                outputs.append(Tensor(name: reference[0]?.string ?? reference.string ?? "?", shape: "?", dtype: "?"))
            }
        }
        self.inputs = inputs
        self.outputs = outputs
        histogram = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        var parameters = 0
        var byDType: [String: Int] = [:]
        var quantization: [String: Int] = [:]
        for spec in model.manifest.weights {
            parameters += spec.elementCount ?? 0
            let stored = spec.quantization.map { "\($0.dtypeName ?? "?") (as \(spec.dtypeName ?? "?"))" } ?? spec.dtypeName ?? "?"
            byDType[stored, default: 0] += spec.fixedByteLength ?? 0
            if let q = spec.quantization { quantization[q.dtypeName ?? "?", default: 0] += 1 }
        }
        self.parameters = parameters
        bytesByDType = byDType.sorted { $0.key < $1.key }
        self.quantization = quantization.sorted { $0.key < $1.key }
        bytesByShard = model.shardLayout().shards.map { ($0.path, $0.size) }
    }

    static func signatureTensors(_ node: JSONNode?) -> [Tensor] {
        (node?.members ?? []).map { member in
            let dims = member.value["tensorShape"]?["dim"]?.array?.map { $0["size"]?.string ?? "?" }
            return Tensor(name: "\(member.key) (\(member.value["name"]?.string ?? "?"))",
                          shape: dims.map { "[" + $0.map { $0 == "-1" ? "null" : $0 }.joined(separator: ", ") + "]" } ?? "?",
                          dtype: member.value["dtype"]?.string ?? "?")
        }
    }

    public var text: String {
        var lines = ["\(path)", "  format:      \(format)" + (loader.map { " (load with \($0))" } ?? "")]
        if let generatedBy { lines.append("  produced by: \(generatedBy)") }
        if let convertedBy { lines.append("  converted by: \(convertedBy)") }
        lines.append("  inputs:")
        lines += inputs.map { "    \($0.name)  \($0.shape)  \($0.dtype)" }
        lines.append("  outputs:")
        lines += outputs.map { "    \($0.name)  \($0.shape)  \($0.dtype)" }
        lines.append("  \(format == "graph-model" ? "ops" : "layers"): " + histogram.prefix(12).map { "\($0.0) ×\($0.1)" }.joined(separator: ", ")
            + (histogram.count > 12 ? ", ..." : ""))
        lines.append("  parameters:  \(parameters)")
        lines.append("  weight bytes by dtype: " + bytesByDType.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        lines.append("  shards: " + bytesByShard.map { "\($0.0) \($0.1.map(String.init) ?? "missing")" }.joined(separator: ", "))
        lines.append("  quantization: " + (quantization.isEmpty ? "none" : quantization.map { "\($0.0) ×\($0.1) weights" }.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONTree {
        let tensor = { (t: Tensor) -> JSONTree in .object([("name", .string(t.name)), ("shape", .string(t.shape)), ("dtype", .string(t.dtype))]) }
        return .object([
            ("path", .string(path)), ("format", .string(format)), ("loader", loader.map { .string($0) } ?? .null),
            ("generatedBy", generatedBy.map { .string($0) } ?? .null), ("convertedBy", convertedBy.map { .string($0) } ?? .null),
            ("inputs", .array(inputs.map(tensor))), ("outputs", .array(outputs.map(tensor))),
            ("histogram", .object(histogram.map { ($0.0, .number(Double($0.1))) })),
            ("parameters", .number(Double(parameters))),
            ("weightBytesByDType", .object(bytesByDType.map { ($0.0, .number(Double($0.1))) })),
            ("shards", .object(bytesByShard.map { ($0.0, $0.1.map { .number(Double($0)) } ?? .null) })),
            ("quantization", .object(quantization.map { ($0.0, .number(Double($0.1))) })),
        ])
    }
}
