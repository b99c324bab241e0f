/// The layers of a layers model and the calls between them, wired as TF.js's `Sequential.add` and
/// `Container.fromConfig` wire them: one entry per layer object, one call per node; a nested model is one
/// layer whose node 0 is its own inputs-to-outputs node, so outer calls of it are nodes 1, 2, ...
struct LayersGraph: Sendable {
    /// Output `index` of call `call`.
    struct TensorRef: Hashable, Sendable {
        let call: Int
        let index: Int
    }

    enum Callee: Sendable {
        /// An InputLayer: only ever the source of its own call.
        case input(name: String)
        case layer(name: String, className: String, any Layer)
        case network(Network)
    }

    struct Call: Sendable {
        let callee: Int
        let inputs: [TensorRef]
    }

    /// A model: its input and output tensors.
    struct Network: Sendable {
        let name: String
        let inputs: [TensorRef]
        let outputs: [TensorRef]
    }

    var callees: [Callee] = []
    var calls: [Call] = []

    /// Bytes of activations alive at once while a model runs: feeds and layer outputs, each dropped after its last
    /// reader (4 bytes per stored value).
    struct ActivationMeter {
        private(set) var live = 0
        private(set) var peak = 0

        mutating func add(_ tensors: [Tensor]) {
            live += tensors.reduce(0) { $0 + $1.values.count * MemoryLayout<Float>.stride }
            peak = max(peak, live)
        }

        mutating func remove(_ tensor: Tensor) { live -= tensor.values.count * MemoryLayout<Float>.stride }
    }

    func run(_ network: Network, _ values: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var meter = ActivationMeter()
        return try run(network, values, mask: nil, meter: &meter)
    }

    /// Runs `network` on `values` (one per network input) and returns its outputs, evaluating each call once,
    /// depth first without recursion (nested models recurse once per nesting level); each value is dropped after
    /// its last reader. `mask` is the mask a nested model's call passes in (its first input's, as TF.js's
    /// Container.call takes `kwargs.mask`); what its outputs would carry is not passed on, as in TF.js.
    func run(_ network: Network, _ values: [Tensor], mask: Tensor?, meter: inout ActivationMeter) throws(ExecutionError) -> [Tensor] {
        guard values.count == network.inputs.count else {
            throw ExecutionError("model '\(network.name)' expects \(network.inputs.count) input(s) but received \(values.count)")
        }
        var state = Evaluation(readers: readers(of: network))
        for (ref, value) in zip(network.inputs, values) { state.known[ref] = value }
        if let mask, let first = network.inputs.first {
            guard network.inputs.count == 1 else {
                throw ExecutionError("a mask reaches model '\(network.name)', which has \(network.inputs.count) inputs; tfjslint's executor passes masks only into single-input nested models")
            }
            state.masks[first] = mask
        }
        meter.add(values)
        var results: [Tensor] = []
        for output in network.outputs {
            try evaluate(output, &state, meter: &meter)
            guard let value = state.known[output] else { throw ExecutionError("model '\(network.name)' computed no value for an output") }
            results.append(value)
        }
        for value in state.known.values { meter.remove(value) }
        return results
    }

    /// What one network run holds: values computed and not yet released, their masks, the calls done, and how many
    /// reads each value still has ahead (its readers among the calls the outputs need, plus one per output).
    private struct Evaluation {
        var known: [TensorRef: Tensor] = [:]
        var masks: [TensorRef: Tensor] = [:]
        var done: Set<Int> = []
        var readers: [TensorRef: Int]

        mutating func release(_ ref: TensorRef, meter: inout ActivationMeter) {
            readers[ref, default: 0] -= 1
            guard readers[ref, default: 0] <= 0, let value = known.removeValue(forKey: ref) else { return }
            masks[ref] = nil
            meter.remove(value)
        }
    }

    /// Reads of each value by the calls `network`'s outputs depend on, plus one per output.
    private func readers(of network: Network) -> [TensorRef: Int] {
        var readers: [TensorRef: Int] = [:]
        var seen: Set<Int> = [], stack = network.outputs.map(\.call)
        for output in network.outputs { readers[output, default: 0] += 1 }
        while let callID = stack.popLast() {
            guard seen.insert(callID).inserted, callID < calls.count else { continue }
            for input in calls[callID].inputs {
                readers[input, default: 0] += 1
                stack.append(input.call)
            }
        }
        return readers
    }

    /// Masks follow TF.js's execute: a layer gets its first input's mask, and its outputs carry the mask it computes
    /// when it supports masking. A nested model takes its first input's mask; its outputs carry none.
    private func evaluate(_ target: TensorRef, _ state: inout Evaluation, meter: inout ActivationMeter) throws(ExecutionError) {
        var stack = [(target.call, false)]
        while let (callID, expanded) = stack.popLast() {
            if state.done.contains(callID) { continue }
            let call = calls[callID]
            if !expanded {
                stack.append((callID, true))
                for input in call.inputs where state.known[input] == nil { stack.append((input.call, false)) }
                continue
            }
            var arguments: [Tensor] = []
            for input in call.inputs {
                guard let value = state.known[input] else {
                    throw ExecutionError("\(name(of: call.callee)) reads output \(input.index) of \(name(of: calls[input.call].callee)), which it does not have")
                }
                arguments.append(value)
            }
            let inputMasks = call.inputs.map { state.masks[$0] }
            let outputs: [Tensor]
            var outputMask: Tensor?
            switch callees[call.callee] {
            case .input(let name):
                throw ExecutionError("no value was fed for the input layer '\(name)'")
            case .layer(let name, let className, let layer):
                do throws(ExecutionError) {
                    (outputs, outputMask) = try Self.call(layer, className, arguments, inputMasks)
                } catch {
                    throw ExecutionError("layer '\(name)': \(error.description)", ruleID: error.ruleID)
                }
            case .network(let network):
                outputs = try run(network, arguments, mask: inputMasks.first ?? nil, meter: &meter)
            }
            arguments.removeAll()
            meter.add(outputs)
            for (index, value) in outputs.enumerated() {
                let ref = TensorRef(call: callID, index: index)
                if state.readers[ref, default: 0] == 0 {
                    meter.remove(value)
                    continue
                }
                state.known[ref] = value
                if let outputMask { state.masks[ref] = outputMask }
            }
            for input in call.inputs { state.release(input, meter: &meter) }
            state.done.insert(callID)
        }
    }

    /// One layer call with TF.js's mask handling: the outputs and the mask they carry.
    private static func call(
        _ layer: any Layer, _ className: String, _ inputs: [Tensor], _ masks: [Tensor?]
    ) throws(ExecutionError) -> ([Tensor], Tensor?) {
        let mask = masks.first ?? nil
        if let masking = layer as? any MaskingLayer {
            let outputs = try masking.call(inputs, mask: mask)
            return (outputs, masking.supportsMasking ? try masking.computeMask(inputs, masks: masks) : nil)
        }
        return (try layer.call(inputs), MaskFlow.passThrough.contains(className) ? mask : nil)
    }

    func name(of callee: Int) -> String {
        if case .network = callees[callee] { return "model '\(layerName(callee))'" }
        return "layer '\(layerName(callee))'"
    }

    func layerName(_ callee: Int) -> String {
        switch callees[callee] {
        case .input(let name), .layer(let name, _, _): name
        case .network(let network): network.name
        }
    }
}
