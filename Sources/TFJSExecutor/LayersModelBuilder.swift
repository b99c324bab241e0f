import TFJSLintCore

/// Builds a LayersGraph from a model config the way TF.js deserializes it: layers are created in config order
/// (errors of their configs come first, in that order), calls are made as `Sequential.add` and
/// `Container.fromConfig`'s node queue make them, and each layer's weights are looked up while it is built.
/// Weight problems are held back and reported afterwards in loadWeights' order.
struct LayersModelBuilder {
    let weights: LayersWeights
    /// loadWeights' decision (key → manifest name) once known; nil while guessing.
    let assignment: [String: String]?
    /// How many trainable weights each outermost nested model has (in build order), from an earlier build.
    let nestedTrainableCounts: [Int]?
    private(set) var graph = LayersGraph()
    /// The input specs of the InputLayers, by the id of their call.
    private(set) var inputSpecs: [Int: LayersModel.Input] = [:]
    /// What each provisional lookup chose: key → manifest name.
    var provisionalAssignment: [String: String] { recorder.assignment }

    /// A layer with weights: its keys in request order, and the weight error that stopped its building, if any.
    private struct WeightedLayer {
        let callee: Int
        let scope: String
        let keys: [String]
        let deferred: ExecutionError?
    }

    /// An inbound node of a layer: a call of it, or (node 0 of a nested model) the model's own output tensors.
    private enum Node {
        case call(Int)
        case tensors([LayersGraph.TensorRef])
    }

    private final class Recorder {
        var assignment: [String: String] = [:]
        var missed = false
        /// The keys of the layer being built, in request order.
        var keys: [String] = []
    }

    /// The `<layer>/<index>` indices of an outermost nested model's weights: a Container's `weights` are its
    /// layers' trainable weights, then their non-trainable ones (BatchNormalization's moving statistics, the
    /// weights of layers with `trainable: false`); containers are always trainable (TF.js ignores a model
    /// config's `trainable`). The non-trainable ones need the trainable count, known after one build.
    private final class NestedIndexer {
        let trainableTotal: Int?
        var trainable = 0
        var frozen = 0

        init(trainableTotal: Int?) { self.trainableTotal = trainableTotal }

        func next(trainable isTrainable: Bool) -> Int {
            if isTrainable {
                trainable += 1
                return trainable - 1
            }
            frozen += 1
            return (trainableTotal ?? trainable) + frozen - 1
        }
    }

    private var nodes: [[Node]] = []
    private var weighted: [WeightedLayer] = []
    private var applied: Set<Int> = []
    private let recorder = Recorder()
    /// One per outermost nested model, in build order (its weights are indexed as one layer's).
    private var nestedIndexers: [NestedIndexer] = []
    /// The indexer of the outermost nested model being built.
    private var nestedIndexer: NestedIndexer?

    init(weights: LayersWeights, assignment: [String: String]?, nestedTrainableCounts: [Int]? = nil) {
        self.weights = weights
        self.assignment = assignment
        self.nestedTrainableCounts = nestedTrainableCounts
    }

    /// Each outermost nested model's trainable weight count, when one of them has non-trainable weights that the
    /// `<layer>/<index>` scheme indexes after all trainable ones; nil when request order is TF.js's order.
    var nestedTrainableCountsNeeded: [Int]? {
        weights.indexed && nestedIndexers.contains { $0.frozen > 0 } ? nestedIndexers.map(\.trainable) : nil
    }

    /// The model described by `config` (`{class_name, config}` of a Sequential or functional model).
    mutating func build(_ config: JSONNode) throws(ExecutionError) -> LayersGraph.Network {
        let entry = LayerConfig(className: "", config: config)
        guard let className = entry["className"]?.string, let body = entry["config"] else {
            throw ExecutionError("layer: Improper config format: \(config.compactText).\n'className' and 'config' must set.", ruleID: "unknown-format")
        }
        let network: LayersGraph.Network
        switch className {
        case "Sequential": network = try sequential(body)
        case "Model", "Functional": network = try functional(body)
        default: throw ExecutionError("a layers model must be a Sequential or functional model, not \(className)", ruleID: "unknown-format")
        }
        if let error = weights.decodeError { throw error }
        return network
    }

    /// loadWeights' matching over every built layer's weight keys, in layer order.
    func matching(keras3: Bool) -> LayersWeights.Matching {
        let active = weighted.filter { applied.contains($0.callee) }
        return weights.match(
            keys: active.flatMap(\.keys),
            skipping: { name in active.contains { layer in layer.deferred != nil && couldBeUnrequested(name, of: layer) } },
            ruleForUnmatched: keras3 ? "keras3-weight-names" : "weight-layer-mismatch")
    }

    /// Whether manifest entry `name` may be a weight `layer` never asked for because its building stopped early:
    /// under its scope, not one of its keys, and in the `.keras` scheme ending in an index.
    private func couldBeUnrequested(_ name: String, of layer: WeightedLayer) -> Bool {
        guard name.hasPrefix(layer.scope + "/"), !layer.keys.contains(name) else { return false }
        return !weights.indexed || name.split(separator: "/").last.flatMap { Int($0) } != nil
    }

    /// The first weight error met while building (a shape TF.js would reject when it sets the value).
    var deferredError: ExecutionError? {
        weighted.first { applied.contains($0.callee) && $0.deferred != nil }?.deferred
    }

    // MARK: Models

    private mutating func sequential(_ config: JSONNode) throws(ExecutionError) -> LayersGraph.Network {
        let name = config["name"]?.string ?? "sequential"
        let list: [JSONNode]
        if let array = config.array {
            guard let first = array.first, LayerConfig(className: "", config: first)["className"]?.string != nil else {
                throw ExecutionError("Legacy serialization format not supported yet.")
            }
            list = array
        } else if let layers = LayerConfig(className: "", config: config)["layers"]?.array {
            list = layers
        } else {
            throw ExecutionError(
                "When the config data for a Sequential model is not an Array, it must be an Object that contains the 'layers' field.")
        }
        var inputs: [LayersGraph.TensorRef] = [], outputs: [LayersGraph.TensorRef] = []
        for entry in list {
            let callee = try deserialize(entry)
            if case .network(let inner) = graph.callees[callee], inner.inputs.count != 1 || inner.outputs.count != 1 {
                throw ExecutionError("All layers in a Sequential model should have a single input and output tensor (model '\(inner.name)').")
            }
            guard outputs.isEmpty else {
                outputs = [LayersGraph.TensorRef(call: try apply(callee, to: outputs), index: 0)]
                continue
            }
            switch graph.callees[callee] {
            case .input:
                outputs = try tensors(of: callee, node: 0)
                inputs = outputs
            case .network(let inner):
                (inputs, outputs) = (inner.inputs, inner.outputs)
            case .layer(let layerName, _, _):
                let layerConfig = LayerConfig(className: "", config: LayerConfig(className: "", config: entry)["config"])
                guard let shape = try Self.declaredInputShape(layerConfig) else {
                    throw ExecutionError(
                        "The first layer in a Sequential model must get an `inputShape` or `batchInputShape` argument.",
                        ruleID: "missing-input-shape")
                }
                let input = addInput(LayersModel.Input(name: "\(layerName)_input", shape: shape, dtype: Self.dtype(layerConfig)))
                inputs = [input]
                outputs = [LayersGraph.TensorRef(call: try apply(callee, to: inputs), index: 0)]
            }
        }
        guard !outputs.isEmpty else { throw ExecutionError("the Sequential model '\(name)' has no layers") }
        return LayersGraph.Network(name: name, inputs: inputs, outputs: outputs)
    }

    private mutating func functional(_ config: JSONNode) throws(ExecutionError) -> LayersGraph.Network {
        let reader = LayerConfig(className: "", config: config)
        let name = config["name"]?.string ?? "model"
        guard let entries = reader["layers"]?.array else { throw ExecutionError("model '\(name)' has no `layers` list") }
        var created: [String: Int] = [:]
        var order: [Int] = []
        var pending: [String: [[JSONNode]]] = [:]
        for entry in entries {
            let item = LayerConfig(className: "", config: entry)
            guard let entryName = item["name"]?.string else {
                throw ExecutionError("a layer entry of model '\(name)' has no top-level `name`: TF.js 4.22 never finishes loading it")
            }
            let callee = try deserialize(entry)
            created[entryName] = callee
            order.append(callee)
            guard let inbound = item["inboundNodes"]?.array else {
                throw ExecutionError("Cannot read properties of undefined (reading 'forEach') (layer '\(entryName)' has no inbound_nodes)")
            }
            for nodeData in inbound {
                guard let inputs = nodeData.array else {
                    throw ExecutionError(
                        "Corrupted configuration, expected array for nodeData: [object Object] (layer '\(entryName)')",
                        ruleID: nodeData.members != nil ? "keras3-inbound-nodes" : nil)
                }
                pending[graph.layerName(callee), default: []].append(inputs)
            }
        }
        while !pending.isEmpty {
            var progressed = false
            for callee in order {
                guard let queue = pending.removeValue(forKey: graph.layerName(callee)) else { continue }
                for nodeData in queue {
                    if try processNode(callee, nodeData, created: created) {
                        progressed = true
                    } else {
                        pending[graph.layerName(callee), default: []].append(nodeData)
                    }
                }
            }
            guard progressed else {
                let waiting = pending.keys.sorted().joined(separator: ", ")
                throw ExecutionError(
                    "the calls of \(waiting) wait for a layer or node that never exists: TF.js 4.22 never finishes loading model '\(name)'")
            }
        }
        let inputs = try endpoints(reader["inputLayers"], created: created, model: name)
        let outputs = try endpoints(reader["outputLayers"], created: created, model: name)
        let counts = Dictionary(order.map { (graph.layerName($0), 1) }, uniquingKeysWith: +)
        if let repeated = order.map(graph.layerName).first(where: { counts[$0, default: 0] > 1 }) {
            throw ExecutionError(
                "The name \"\(repeated)\" is used \(counts[repeated, default: 0]) times in the model. All layer names should be unique.")
        }
        let network = LayersGraph.Network(name: name, inputs: inputs, outputs: outputs)
        try checkConnected(network, own: Set(order))
        return network
    }

    /// `input_layers` / `output_layers`: each item `[layer, node, tensor]`. Keras 3's flat single triple makes TF.js
    /// read the first character of the name, and its assertion fails without a message.
    private func endpoints(_ node: JSONNode?, created: [String: Int], model: String) throws(ExecutionError) -> [LayersGraph.TensorRef] {
        guard let items = node?.array else { throw ExecutionError("model '\(model)' has no input_layers or output_layers list") }
        var refs: [LayersGraph.TensorRef] = []
        for item in items {
            let name = item.array?.first?.string ?? item.string.map { String($0.prefix(1)) }
            guard let name, let callee = created[name] else {
                throw ExecutionError(
                    "AssertionError:  (input_layers / output_layers of model '\(model)' name \(item.compactText), which TF.js cannot find)",
                    ruleID: item.string != nil ? "keras3-io-layers" : nil)
            }
            guard let nodeIndex = item[1]?.int, let tensorIndex = item[2]?.int else {
                throw ExecutionError(
                    "Cannot read properties of undefined (reading 'outputTensors') (\(item.compactText))",
                    ruleID: item.string != nil ? "keras3-io-layers" : nil)
            }
            refs.append(try tensor(of: callee, node: nodeIndex, index: tensorIndex))
        }
        return refs
    }

    /// Container.fromConfig's processNode: false when an inbound layer or node does not exist yet.
    private mutating func processNode(_ callee: Int, _ nodeData: [JSONNode], created: [String: Int]) throws(ExecutionError) -> Bool {
        var inputs: [LayersGraph.TensorRef] = []
        for inputData in nodeData {
            guard let parts = inputData.array, let inboundName = parts.first?.string else {
                throw ExecutionError("\(graph.name(of: callee)) has an inbound node TF.js cannot read: \(inputData.compactText)")
            }
            guard let inbound = created[inboundName] else { return false }
            guard let nodeIndex = inputData[1]?.int, let tensorIndex = inputData[2]?.int, nodeIndex >= 0 else {
                throw ExecutionError("Cannot read properties of undefined (reading 'outputTensors') (\(inputData.compactText))")
            }
            guard nodes[inbound].count > nodeIndex else { return false }
            inputs.append(try tensor(of: inbound, node: nodeIndex, index: tensorIndex))
        }
        if !inputs.isEmpty { _ = try apply(callee, to: inputs) }
        return true
    }

    /// The Container constructor's check that every output can be computed from the inputs.
    private func checkConnected(_ network: LayersGraph.Network, own: Set<Int>) throws(ExecutionError) {
        let inputCalls = Set(network.inputs.map(\.call))
        var stack = network.outputs.map(\.call)
        var seen: Set<Int> = []
        while let callID = stack.popLast() {
            guard seen.insert(callID).inserted, !inputCalls.contains(callID) else { continue }
            let call = graph.calls[callID]
            if case .input(let name) = graph.callees[call.callee] {
                throw ExecutionError(
                    "Graph disconnected: cannot obtain value for tensor [object Object] at layer \"\(name)\" (model '\(network.name)').",
                    ruleID: own.contains(call.callee) ? nil : "keras3-nested-node-index")
            }
            stack += call.inputs.map(\.call)
        }
    }

    // MARK: Layers and calls

    private func tensors(of callee: Int, node index: Int) throws(ExecutionError) -> [LayersGraph.TensorRef] {
        guard index >= 0, index < nodes[callee].count else {
            throw ExecutionError("Cannot read properties of undefined (reading 'outputTensors') (node \(index) of \(graph.name(of: callee)))")
        }
        switch nodes[callee][index] {
        case .call(let call): return [LayersGraph.TensorRef(call: call, index: 0)]
        case .tensors(let refs): return refs
        }
    }

    private func tensor(of callee: Int, node: Int, index: Int) throws(ExecutionError) -> LayersGraph.TensorRef {
        guard node >= 0, node < nodes[callee].count, index >= 0 else {
            throw ExecutionError("Cannot read properties of undefined (reading 'outputTensors') (node \(node) of \(graph.name(of: callee)))")
        }
        switch nodes[callee][node] {
        case .call(let call): return LayersGraph.TensorRef(call: call, index: index)
        case .tensors(let refs):
            guard index < refs.count else { throw ExecutionError("\(graph.name(of: callee)) has no output tensor \(index)") }
            return refs[index]
        }
    }

    private mutating func addCallee(_ callee: LayersGraph.Callee, nodes initial: [Node] = []) -> Int {
        graph.callees.append(callee)
        nodes.append(initial)
        return graph.callees.count - 1
    }

    /// An InputLayer: a layer with one call and no inputs; returns its tensor.
    private mutating func addInput(_ spec: LayersModel.Input) -> LayersGraph.TensorRef {
        let callee = addCallee(.input(name: spec.name))
        let call = graph.calls.count
        graph.calls.append(LayersGraph.Call(callee: callee, inputs: []))
        nodes[callee].append(.call(call))
        inputSpecs[call] = spec
        return LayersGraph.TensorRef(call: call, index: 0)
    }

    private mutating func apply(_ callee: Int, to inputs: [LayersGraph.TensorRef]) throws(ExecutionError) -> Int {
        if case .input(let name) = graph.callees[callee] {
            throw ExecutionError("Cannot pass any input to an InputLayer's apply() method. InputLayer name: \(name)")
        }
        let call = graph.calls.count
        graph.calls.append(LayersGraph.Call(callee: callee, inputs: inputs))
        nodes[callee].append(.call(call))
        applied.insert(callee)
        return call
    }

    /// `deserialize` of one `{class_name, config}` layer entry; returns the new layer's id.
    private mutating func deserialize(_ entry: JSONNode) throws(ExecutionError) -> Int {
        let item = LayerConfig(className: "", config: entry)
        guard let className = item["className"]?.string, let body = item["config"] else {
            throw ExecutionError("layer: Improper config format: \(entry.compactText).\n'className' and 'config' must set.")
        }
        switch className {
        case "Sequential", "Model", "Functional":
            let outermost = nestedIndexer == nil
            if outermost {
                let counts = nestedTrainableCounts ?? []
                let indexer = NestedIndexer(trainableTotal: counts.indices.contains(nestedIndexers.count) ? counts[nestedIndexers.count] : nil)
                nestedIndexers.append(indexer)
                nestedIndexer = indexer
            }
            defer { if outermost { nestedIndexer = nil } }
            let inner = className == "Sequential" ? try sequential(body) : try functional(body)
            return addCallee(.network(inner), nodes: [.tensors(inner.outputs)])
        case "InputLayer":
            let config = LayerConfig(className: className, config: body)
            let name = body["name"]?.string ?? "input"
            let ref = addInput(LayersModel.Input(name: name, shape: try Self.inputLayerShape(config), dtype: Self.dtype(config)))
            return graph.calls[ref.call].callee
        default:
            // Keras 3 writes `keras.ops` calls as entries of the op's name, from module keras.src.ops.
            let module = item["module"]?.string ?? ""
            return try layer(className, body, isOperation: module.hasPrefix("keras.src.ops") || module.hasPrefix("keras.ops"))
        }
    }

    private mutating func layer(_ className: String, _ body: JSONNode, isOperation: Bool) throws(ExecutionError) -> Int {
        let name = body["name"]?.string ?? PythonicNames.camelCase(className.lowercased())
        guard let factory = LayerRegistry.factories[className] else {
            if Self.tfjsLayerClasses.contains(className) {
                throw ExecutionError("layer '\(name)': the executor does not implement TF.js's layer class \(className) yet")
            }
            throw ExecutionError(
                "Unknown layer: \(className). This may be due to one of the following reasons:\n1. The layer is defined in Python, in which case it needs to be ported to TensorFlow.js or your JavaScript code.\n2. The custom layer is defined in JavaScript, but is not registered properly with tf.serialization.registerClass().",
                ruleID: isOperation ? "keras3-op-layer" : "unsupported-layer")
        }
        try LayerConfigChecks.check(body)
        let config = LayerConfig(className: className, config: body)
        let recorder = recorder, weights = weights, exact = assignment, nested = nestedIndexer
        let layerTrainable = config.bool("trainable") ?? true
        recorder.missed = false
        recorder.keys = []
        let layerWeights = LayerWeights(scope: name) { scopedName, index in
            let trainable = layerTrainable && !["moving_mean", "moving_variance"].contains(scopedName.split(separator: "/").last ?? "")
            let key = weights.key(scopedName: scopedName, index: nested?.next(trainable: trainable) ?? index)
            recorder.keys.append(key)
            let source = exact != nil ? exact?[key] : weights.provisionalName(key)
            guard let source, let value = weights.values[source] else {
                recorder.missed = true
                return nil
            }
            recorder.assignment[key] = source
            // Constraints of the layer's own weights are applied as the value is written.
            let short = scopedName.hasPrefix(name + "/") ? String(scopedName.dropFirst(name.count + 1)) : ""
            return LayerConfigChecks.constrained(value, named: short, config: config)
        }
        var built: any Layer
        var deferred: ExecutionError?
        do {
            built = try factory(name, config, layerWeights)
        } catch let error as ExecutionError where recorder.missed || error.ruleID == "weight-layer-mismatch" {
            deferred = ExecutionError("layer '\(name)': \(error.description)", ruleID: "weight-layer-mismatch")
            built = FailedLayer(error: deferred ?? error)
        } catch let error as ExecutionError {
            throw ExecutionError("layer '\(name)': \(error.description)", ruleID: error.ruleID)
        } catch {
            throw ExecutionError("layer '\(name)': \(error)")
        }
        for scopedName in layerWeights.requested where !Self.isValidTensorName(scopedName) {
            throw ExecutionError("Not a valid tensor name: '\(scopedName)'", ruleID: "invalid-tensor-name")
        }
        let callee = addCallee(.layer(name: name, className: className, built))
        if !layerWeights.requested.isEmpty || deferred != nil {
            weighted.append(WeightedLayer(callee: callee, scope: name, keys: recorder.keys, deferred: deferred))
        }
        return callee
    }

    // MARK: Config values

    /// InputLayer's constructor: `batch_input_shape`, or `input_shape` with `batch_size`.
    private static func inputLayerShape(_ config: LayerConfig) throws(ExecutionError) -> [Int?] {
        if config["inputShape"] != nil, config["batchInputShape"] != nil {
            throw ExecutionError("Only provide the inputShape OR batchInputShape argument to inputLayer, not both at the same time.")
        }
        if config["batchInputShape"] != nil, config["batchSize"] != nil {
            throw ExecutionError("Cannot specify batchSize if batchInputShape is specified when creating an InputLayer.")
        }
        guard let shape = try declaredInputShape(config) else {
            throw ExecutionError(
                "An InputLayer should be passed either a `batchInputShape` or an `inputShape`.",
                ruleID: config["batchShape"] != nil ? "keras3-batch-shape" : "missing-input-shape")
        }
        return shape
    }

    /// The batch input shape a layer config declares (Layer's constructor), or nil.
    private static func declaredInputShape(_ config: LayerConfig) throws(ExecutionError) -> [Int?]? {
        func dims(_ node: JSONNode) throws(ExecutionError) -> [Int?] {
            guard let items = node.array else { throw ExecutionError("an input shape must be a list, not \(node.compactText)") }
            var dims: [Int?] = []
            for item in items {
                if item.isNull { dims.append(nil); continue }
                guard let dim = item.int, dim >= 0 else { throw ExecutionError("invalid input shape \(node.compactText)") }
                dims.append(dim)
            }
            return dims
        }
        if let batch = config["batchInputShape"] { return try dims(batch) }
        if let shape = config["inputShape"] { return [config.int("batchSize")] + (try dims(shape)) }
        return nil
    }

    /// A layer's `dtype` as TF.js holds it: the string, `[object Object]` for Keras 3's policy objects.
    private static func dtype(_ config: LayerConfig) -> String {
        guard let node = config["dtype"] else { return "float32" }
        return node.string.map(PythonicNames.camelCase) ?? "[object Object]"
    }

    /// `isValidTensorName` of tfjs-layers common.ts: ^[A-Za-z0-9][-A-Za-z0-9._/]*$.
    static func isValidTensorName(_ name: String) -> Bool {
        func allowed(_ c: Character, first: Bool) -> Bool {
            guard c.isASCII, c.isLetter || c.isNumber || !first && "-._/".contains(c) else { return false }
            return true
        }
        guard let first = name.first, allowed(first, first: true) else { return false }
        return name.dropFirst().allSatisfy { allowed($0, first: false) }
    }

    /// Layer classes TF.js 4.22 registers (reference §1.2), so a missing one is the executor's gap, not TF.js's.
    static let tfjsLayerClasses: Set<String> = [
        "Dropout", "SpatialDropout1D", "Dense", "Flatten", "Activation", "RepeatVector", "Reshape", "Permute", "Masking",
        "Conv2D", "Conv3D", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv2D", "Conv1D", "Cropping2D", "UpSampling2D",
        "DepthwiseConv2D", "ConvLSTM2DCell", "ConvLSTM2D", "RNN", "SimpleRNNCell", "SimpleRNN", "GRUCell", "GRU", "LSTMCell",
        "LSTM", "StackedRNNCells", "TimeDistributed", "Bidirectional", "Embedding", "Add", "Multiply", "Average", "Maximum",
        "Minimum", "Concatenate", "Dot", "MaxPooling1D", "AveragePooling1D", "MaxPooling2D", "AveragePooling2D", "MaxPooling3D",
        "AveragePooling3D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
        "BatchNormalization", "LayerNormalization", "ZeroPadding2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ReLU",
        "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax", "Rescaling", "CenterCrop", "CategoryEncoding", "Resizing",
        "RandomWidth",
    ]
}

/// Stands in for a layer whose weights TF.js would reject; loading fails before it could run.
private struct FailedLayer: Layer {
    let error: ExecutionError
    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] { throw error }
}

extension JSONNode {
    /// `JSON.stringify`-like text for error messages (numbers as Swift prints them).
    var compactText: String {
        if let members { return "{" + members.map { "\"\($0.key)\":\($0.value.compactText)" }.joined(separator: ",") + "}" }
        if let array { return "[" + array.map(\.compactText).joined(separator: ",") + "]" }
        if let string { return "\"\(string)\"" }
        if let bool { return bool ? "true" : "false" }
        if let int { return String(int) }
        if let number { return String(number) }
        return "null"
    }
}
