import Foundation
import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Cases computed by TensorFlow (Fixtures/generate_*.py), stored as JSON. See Fixtures/README.md for the format.
struct FixtureCase: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    /// The op (`op`) or layer class (`class_name`).
    let kind: String
    /// NodeDef `attr` for ops, the Keras layer `config` for layers.
    let config: JSONNode?
    let weights: [String: Tensor]
    let inputs: [Tensor]
    let outputs: [Tensor]
    /// The mask the layer's first input carries (`mask`), and the mask its outputs carry (`output_mask`, checked
    /// when given; a tensor of shape [0] means none).
    let mask: Tensor?
    let outputMask: Tensor?
    /// True when TF.js refuses the case; the executor must then fail, not compute something.
    let fails: Bool
    let atol: Float
    let rtol: Float

    var testDescription: String { "\(file): \(name)" }

    static func load(_ folder: String) -> [FixtureCase] {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(folder)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().flatMap { file -> [FixtureCase] in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path),
                  let document = try? JSONDocument(bytes: Array(data)) else {
                return [FixtureCase.unreadable(file)]
            }
            return (document.root["cases"]?.array ?? []).map { FixtureCase(file: file, $0) }
        }
    }

    private init(file: String, _ node: JSONNode) {
        self.file = file
        name = node["name"]?.string ?? "?"
        kind = node["op"]?.string ?? node["class_name"]?.string ?? "?"
        config = node["attr"] ?? node["config"]
        weights = Dictionary((node["weights"]?.members ?? []).map { ($0.key, Self.tensor($0.value)) }, uniquingKeysWith: { first, _ in first })
        inputs = (node["inputs"]?.array ?? []).map(Self.tensor)
        outputs = (node["outputs"]?.array ?? []).map(Self.tensor)
        mask = node["mask"].map(Self.tensor)
        outputMask = node["output_mask"].map(Self.tensor)
        fails = node["fails"]?.bool ?? false
        atol = Float(node["atol"]?.number ?? 1e-5)
        rtol = Float(node["rtol"]?.number ?? 1e-5)
    }

    private init(unreadable file: String) {
        self.file = file
        name = "unreadable fixture file"
        kind = "?"
        config = nil
        weights = [:]
        inputs = []
        outputs = []
        mask = nil
        outputMask = nil
        fails = false
        atol = 0
        rtol = 0
    }

    private static func unreadable(_ file: String) -> FixtureCase { FixtureCase(unreadable: file) }

    private static func tensor(_ node: JSONNode) -> Tensor {
        let values: [Float] = (node["values"]?.array ?? []).map { value in
            if let number = value.number { return Float(number) }
            switch value.string {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: return .nan
            }
        }
        let dtype = node["dtype"]?.string.flatMap(Tensor.DType.init(rawValue:)) ?? .float32
        let elements = dtype == .complex64 ? values.count / 2 : values.count
        return Tensor(shape: node["shape"]?.array?.compactMap(\.int) ?? [elements], dtype: dtype, values: values)
    }

    /// Why `actual` differs from the expected outputs, or nil when every element is within atol + rtol·|expected|
    /// (NaN only where NaN is expected, infinities equal).
    func mismatch(_ actual: [Tensor]) -> String? {
        guard actual.count == outputs.count else { return "\(actual.count) outputs, expected \(outputs.count)" }
        for (index, (got, expected)) in zip(actual, outputs).enumerated() {
            guard got.shape == expected.shape else { return "output \(index): shape \(got.shape), expected \(expected.shape)" }
            guard got.dtype == expected.dtype else { return "output \(index): dtype \(got.dtype), expected \(expected.dtype)" }
            for (position, (a, e)) in zip(got.values, expected.values).enumerated() {
                let close = e.isNaN ? a.isNaN : (e.isInfinite ? a == e : abs(a - e) <= atol + rtol * abs(e))
                if !close { return "output \(index)[\(position)]: \(a), expected \(e)" }
            }
        }
        return nil
    }
}
