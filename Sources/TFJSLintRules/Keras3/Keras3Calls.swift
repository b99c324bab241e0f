import TFJSLintCore

/// A `__keras_tensor__` call argument: which layer, node and tensor it comes from.
struct KerasTensorReference: Equatable {
    let layer: String
    let nodeIndex: Int
    let tensorIndex: Int
    /// The `keras_history` array.
    let historyPointer: JSONPointer

    init?(_ node: JSONNode, at pointer: JSONPointer) {
        guard node["class_name"]?.string == "__keras_tensor__", let history = node["config"]?["keras_history"]?.array,
            history.count == 3, let layer = history[0].string, let nodeIndex = history[1].int,
            let tensorIndex = history[2].int
        else { return nil }
        self.layer = layer
        self.nodeIndex = nodeIndex
        self.tensorIndex = tensorIndex
        historyPointer = pointer.appending("config").appending("keras_history")
    }

    static func isKerasTensor(_ node: JSONNode) -> Bool {
        node["class_name"]?.string == "__keras_tensor__"
    }

    /// `["dense", 0, 0, kwargs]`, one input of a Keras 2 node.
    func keras2Input(kwargs: JSONTree) -> JSONTree {
        .array([.string(layer), .number(Double(nodeIndex)), .number(Double(tensorIndex)), kwargs])
    }

    /// `dense[0][0]`, for messages.
    var label: String { "\(layer)[\(nodeIndex)][\(tensorIndex)]" }
}

/// One Keras 3 call of a layer, `{"args": [...], "kwargs": {...}}`.
struct Keras3Call {
    enum Argument {
        case tensor(KerasTensorReference)
        /// A list of tensors: how a merge layer such as Concatenate receives its inputs.
        case tensors([KerasTensorReference])
        /// A number: what `keras.ops` calls such as `x + 3.0` carry.
        case number(Double, JSONNode)
        case other(JSONNode)
    }

    let pointer: JSONPointer
    let arguments: [Argument]
    let kwargs: JSONNode?

    /// nil when `node` is not a dict-form call (Keras 2 list-form nodes are arrays).
    init?(_ node: JSONNode, at pointer: JSONPointer) {
        guard node.members != nil, let args = node["args"]?.array else { return nil }
        self.pointer = pointer
        kwargs = node["kwargs"]
        var arguments: [Argument] = []
        for (index, argument) in args.enumerated() {
            let argumentPointer = pointer.appending("args").appending(index)
            if let reference = KerasTensorReference(argument, at: argumentPointer) {
                arguments.append(.tensor(reference))
            } else if let list = argument.array, !list.isEmpty {
                let references = list.enumerated().compactMap { KerasTensorReference($1, at: argumentPointer.appending($0)) }
                arguments.append(references.count == list.count ? .tensors(references) : .other(argument))
            } else if let number = argument.number {
                arguments.append(.number(number, argument))
            } else {
                arguments.append(.other(argument))
            }
        }
        self.arguments = arguments
    }

    /// Every tensor the call reads, in argument order.
    var tensors: [KerasTensorReference] {
        arguments.flatMap { argument -> [KerasTensorReference] in
            switch argument {
            case .tensor(let reference): [reference]
            case .tensors(let references): references
            case .number, .other: []
            }
        }
    }

    /// Keyword arguments that hold tensors, which the Keras 2 form has no place for.
    var tensorKeywords: [String] {
        (kwargs?.members ?? []).filter { Self.containsKerasTensor($0.value) }.map(\.key)
    }

    /// Whether every argument is a tensor or a list of tensors.
    var onlyTensors: Bool {
        arguments.allSatisfy {
            if case .tensor = $0 { return true }
            if case .tensors = $0 { return true }
            return false
        }
    }

    /// The same call as a Keras 2 node, `[[name, node, tensor, kwargs], ...]`, with the kwargs on every input as
    /// Keras 2 wrote them; nil when an argument is not a tensor or a kwarg holds one.
    func keras2Node(in document: JSONDocument) -> JSONTree? {
        guard onlyTensors, !tensors.isEmpty, tensorKeywords.isEmpty else { return nil }
        let kwargs: JSONTree
        if let node = self.kwargs {
            guard node.members != nil else { return nil }
            kwargs = .copy(of: node, in: document)
        } else {
            kwargs = .object([])
        }
        return .array(tensors.map { $0.keras2Input(kwargs: kwargs) })
    }

    /// `concatenate([a[0][0], b[0][0]], axis=1)`-like text of the call, for messages.
    func label(_ callee: String, in document: JSONDocument) -> String {
        var parts = arguments.map { argument -> String in
            switch argument {
            case .tensor(let reference): reference.label
            case .tensors(let references): "[" + references.map(\.label).joined(separator: ", ") + "]"
            case .number(_, let node), .other(let node): Self.abbreviated(document.sourceText(of: node))
            }
        }
        for member in kwargs?.members ?? [] {
            parts.append("\(member.key)=\(Self.abbreviated(document.sourceText(of: member.value)))")
        }
        return "\(callee)(\(parts.joined(separator: ", ")))"
    }

    static func abbreviated(_ text: String, limit: Int = 60) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    static func containsKerasTensor(_ node: JSONNode) -> Bool {
        if KerasTensorReference.isKerasTensor(node) { return true }
        if let members = node.members { return members.contains { containsKerasTensor($0.value) } }
        if let elements = node.array { return elements.contains(where: containsKerasTensor) }
        return false
    }
}

/// One entry of a functional model's `layers` list.
struct FunctionalEntry {
    let index: Int
    let node: JSONNode
    let pointer: JSONPointer
    /// The top-level `name` TF.js files the layer under (else `config.name`).
    let name: String
    let className: String

    var inboundNodesPointer: JSONPointer { pointer.appending("inbound_nodes") }

    /// The entry's dict-form calls.
    var keras3Calls: [Keras3Call] {
        (node["inbound_nodes"]?.array ?? []).enumerated().compactMap { Keras3Call($1, at: inboundNodesPointer.appending($0)) }
    }
}

/// Functional models (the root and nested ones) and their layer entries.
enum FunctionalModels {
    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    /// Every `Functional` / `Model` config with a `layers` list.
    static func all(in model: ModelArtifact) -> [LayerRecord] {
        LayerWalk.layers(in: model).filter { ["Functional", "Model"].contains($0.className) && $0.config?["layers"]?.array != nil }
    }

    static func entries(of container: LayerRecord) -> [FunctionalEntry] {
        let listPointer = container.configPointer.appending("layers")
        return (container.config?["layers"]?.array ?? []).enumerated().compactMap { index, node in
            guard let className = node["class_name"]?.string else { return nil }
            let name = node["name"]?.string ?? node["config"]?["name"]?.string ?? "#\(index)"
            return FunctionalEntry(index: index, node: node, pointer: listPointer.appending(index), name: name, className: className)
        }
    }
}
