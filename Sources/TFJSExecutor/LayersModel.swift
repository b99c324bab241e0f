import TFJSLintCore

/// A layers-model ready to run as `tf.loadLayersModel(...).predict(...)` of TF.js 4.22 runs it: the topology
/// read with TF.js's camel-casing, Sequential and functional models (nested ones too, shared layers by node
/// index), weights matched by `Container.loadWeights`' rules (constraints applied as they are written), masks
/// passed as `execute` passes them. Where TF.js would fail to load, init throws TF.js's error with the rule that
/// predicts it.
public struct LayersModel: Sendable {
    public struct Input: Sendable {
        /// The InputLayer's name (`<first layer>_input` for a Sequential model without one).
        public let name: String
        /// The batch input shape; nil where any size is accepted.
        public let shape: [Int?]
        /// The InputLayer's dtype as TF.js holds it (`float32` by default).
        public let dtype: String
    }

    public let inputs: [Input]
    /// The output layers' names, in model order.
    public let outputs: [String]
    let graph: LayersGraph
    let network: LayersGraph.Network

    public init(_ model: ModelArtifact) throws(ExecutionError) {
        guard let topology = model.topology, topology.members != nil else {
            throw ExecutionError("Cannot read properties of null (reading 'model_config')", ruleID: "unknown-format")
        }
        let config = topology["model_config"].flatMap { $0.isNull ? nil : $0 } ?? topology
        let weights = try LayersWeights(model)
        let keras3 = topology["keras_version"]?.string?.hasPrefix("3") ?? false
        var builder = LayersModelBuilder(weights: weights, assignment: nil)
        var network = try builder.build(config)
        let nestedCounts = builder.nestedTrainableCountsNeeded
        if nestedCounts != nil {
            // Nested models index their non-trainable weights after all trainable ones, counted by the first build.
            builder = LayersModelBuilder(weights: weights, assignment: nil, nestedTrainableCounts: nestedCounts)
            network = try builder.build(config)
        }
        var matching = builder.matching(keras3: keras3)
        if matching.failure == nil, matching.assignment != builder.provisionalAssignment {
            // A guess made while building differs from what loadWeights decides once all keys are known.
            builder = LayersModelBuilder(weights: weights, assignment: matching.assignment, nestedTrainableCounts: nestedCounts)
            network = try builder.build(config)
            matching = builder.matching(keras3: keras3)
        }
        if model.document.root["weightsManifest"] == nil, !matching.assignment.isEmpty || matching.failure != nil {
            throw ExecutionError("the model has no weightsManifest, so TF.js 4.22 initializes its weights randomly", ruleID: "weight-layer-mismatch")
        }
        if let failure = matching.failure ?? builder.deferredError { throw failure }
        let graph = builder.graph
        self.graph = graph
        self.network = network
        inputs = network.inputs.map { ref in builder.inputSpecs[ref.call] ?? Input(name: "?", shape: [], dtype: "float32") }
        outputs = network.outputs.map { graph.layerName(graph.calls[$0.call].callee) }
    }

    /// Runs the model on `feeds` (input name → tensor) and returns its outputs in model order. Feeds are checked
    /// against the input shapes and cast to the input dtypes, as `predict` does.
    public func run(_ feeds: [String: Tensor]) throws(ExecutionError) -> [Tensor] {
        var peak = 0
        return try run(feeds, peakActivationBytes: &peak)
    }

    /// Runs the model as `run(_:)` does, and sets `peakActivationBytes` to the most bytes of feeds and layer outputs
    /// alive at once (each value is dropped after its last reader).
    public func run(_ feeds: [String: Tensor], peakActivationBytes: inout Int) throws(ExecutionError) -> [Tensor] {
        var values: [Tensor] = []
        for input in inputs {
            guard var value = feeds[input.name] else { throw ExecutionError("no value given for input '\(input.name)'") }
            let expected = "[" + input.shape.map { $0.map(String.init) ?? "null" }.joined(separator: ",") + "]"
            guard value.shape.count == input.shape.count else {
                throw ExecutionError("Error when checking : expected \(input.name) to have \(input.shape.count) dimension(s). but got array with shape \(value.shape)")
            }
            for (axis, (size, want)) in zip(value.shape, input.shape).enumerated() where axis > 0 {
                if let want, want != size {
                    throw ExecutionError("Error when checking : expected \(input.name) to have shape \(expected) but got array with shape \(value.shape)")
                }
            }
            guard value.dtype != .complex64 else {
                throw ExecutionError("input '\(input.name)' is complex64; layers models take \(input.dtype) inputs, and tfjslint does not cast complex ones")
            }
            guard Tensor.elementCount(value.shape) == value.values.count else { throw ExecutionError("input '\(input.name)' has values that do not fill its shape") }
            switch input.dtype {
            case "float32": value.dtype = .float32
            case "int32": value = Tensor(shape: value.shape, dtype: .int32, values: value.values.map { $0.isFinite ? $0.rounded(.towardZero) : 0 })
            case "bool": value = Tensor(shape: value.shape, dtype: .bool, values: value.values.map { $0 != 0 ? 1 : 0 })
            default:
                throw ExecutionError("The dtype of the feed (\(value.dtype.rawValue)) can not be cast to the dtype of the key '\(input.name)' (\(input.dtype)).")
            }
            values.append(value)
        }
        var meter = LayersGraph.ActivationMeter()
        let outputs = try graph.run(network, values, mask: nil, meter: &meter)
        peakActivationBytes = meter.peak
        return outputs
    }
}
