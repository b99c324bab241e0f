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

    /// Runs `network` on `values` (one per network input) and returns its outputs, evaluating each call once,
    /// depth first without recursion (nested models recurse once per nesting level).
    func run(_ network: Network, _ values: [Tensor]) throws(ExecutionError) -> [Tensor] {
        guard values.count == network.inputs.count else {
            throw ExecutionError("model '\(network.name)' expects \(network.inputs.count) input(s) but received \(values.count)")
        }
        var known: [TensorRef: Tensor] = [:], masks: [TensorRef: Tensor] = [:]
        for (ref, value) in zip(network.inputs, values) { known[ref] = value }
        var results: [Tensor] = []
        for output in network.outputs {
            try evaluate(output, into: &known, masks: &masks)
            guard let value = known[output] else { throw ExecutionError("model '\(network.name)' computed no value for an output") }
            results.append(value)
        }
        return results
    }

    /// Masks follow TF.js's execute: a layer gets its first input's mask, and its outputs carry the mask it computes
    /// when it supports masking. Nested models neither take nor give masks.
    private func evaluate(
        _ target: TensorRef, into known: inout [TensorRef: Tensor], masks: inout [TensorRef: Tensor]
    ) throws(ExecutionError) {
        var stack = [(target.call, false)]
        var done: Set<Int> = []
        while let (callID, expanded) = stack.popLast() {
            if done.contains(callID) { continue }
            let call = calls[callID]
            if !expanded {
                stack.append((callID, true))
                for input in call.inputs where known[input] == nil { stack.append((input.call, false)) }
                continue
            }
            var arguments: [Tensor] = []
            for input in call.inputs {
                guard let value = known[input] else {
                    throw ExecutionError("\(name(of: call.callee)) reads output \(input.index) of \(name(of: calls[input.call].callee)), which it does not have")
                }
                arguments.append(value)
            }
            let inputMasks = call.inputs.map { masks[$0] }
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
                outputs = try run(network, arguments)
            }
            for (index, value) in outputs.enumerated() {
                known[TensorRef(call: callID, index: index)] = value
                if let outputMask { masks[TensorRef(call: callID, index: index)] = outputMask }
            }
            done.insert(callID)
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
