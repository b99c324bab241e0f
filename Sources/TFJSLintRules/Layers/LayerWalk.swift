import TFJSLintCore

/// One `{class_name, config}` layer object of a layers-model topology, wherever it is nested.
struct LayerRecord {
    let className: String
    /// The layer's name (`config.name`, else the entry's top-level `name`).
    let name: String
    let config: JSONNode?
    /// The `{class_name, config}` object.
    let pointer: JSONPointer
    /// A Keras 3 operation on symbolic tensors serialized as a layer (`x + 3.0`); keras3-op-layer owns these.
    var isKeras3Operation = false

    var configPointer: JSONPointer { pointer.appending("config") }

    /// `layer "dense" (Dense)`, for messages.
    var label: String { "layer \"\(name)\" (\(className))" }
}

/// Walks every layer TF.js deserializes: model layers, nested models, wrapped layers and RNN cells.
enum LayerWalk {
    /// The model config TF.js reads: `modelTopology.model_config`, else `modelTopology` itself.
    static func modelConfigPointer(_ model: ModelArtifact) -> JSONPointer? {
        guard model.format == .layers, let topology = model.topology else { return nil }
        if topology["model_config"]?.members != nil { return "/modelTopology/model_config" }
        return "/modelTopology"
    }

    static func layers(in model: ModelArtifact) -> [LayerRecord] {
        guard let pointer = modelConfigPointer(model), let node = model.document.resolve(pointer) else { return [] }
        var records: [LayerRecord] = []
        visit(node, at: pointer, depth: 0, into: &records)
        return records
    }

    /// The major Keras version that wrote the model (`keras_version`), when stated.
    static func kerasMajorVersion(_ model: ModelArtifact) -> Int? {
        guard let text = model.topology?["keras_version"]?.string, let major = text.split(separator: ".").first
        else { return nil }
        return Int(major)
    }

    private static let maximumDepth = 64

    private static func visit(_ node: JSONNode, at pointer: JSONPointer, depth: Int, into records: inout [LayerRecord]) {
        guard depth < maximumDepth, let className = node["class_name"]?.string else { return }
        let config = node["config"]
        let name = config?["name"]?.string ?? node["name"]?.string ?? "?"
        records.append(LayerRecord(
            className: className, name: name, config: config, pointer: pointer,
            isKeras3Operation: Keras3Operations.isOperation(node)))
        let configPointer = pointer.appending("config")
        // Sequential's config may be the list of layers itself.
        if let list = config?.array {
            for (index, child) in list.enumerated() {
                visit(child, at: configPointer.appending(index), depth: depth + 1, into: &records)
            }
            return
        }
        if let list = config?["layers"]?.array {
            for (index, child) in list.enumerated() {
                visit(child, at: configPointer.appending("layers").appending(index), depth: depth + 1, into: &records)
            }
        }
        for key in ["layer", "cell"] where config?[key]?.members != nil {
            if let child = config?[key] { visit(child, at: configPointer.appending(key), depth: depth + 1, into: &records) }
        }
        for key in ["cell", "cells"] {
            guard let list = config?[key]?.array else { continue }
            for (index, child) in list.enumerated() {
                visit(child, at: configPointer.appending(key).appending(index), depth: depth + 1, into: &records)
            }
        }
    }
}
