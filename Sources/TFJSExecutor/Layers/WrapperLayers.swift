import TFJSLintCore

/// TF.js's wrappers (layers/wrappers.ts): Bidirectional over a recurrent layer and TimeDistributed over any layer.
enum WrapperLayers {
    static let factories: [String: LayerFactory] = [
        "Bidirectional": { _, config, weights in try BidirectionalLayer(config, weights) },
        "TimeDistributed": { _, config, weights in try TimeDistributedLayer(config, weights) },
    ]

    /// The wrapped layer's `{class_name, config}` as a config, and its name.
    static func wrapped(_ config: LayerConfig) throws(ExecutionError) -> (config: LayerConfig, name: String) {
        let serialized = LayerConfig(className: "", config: config["layer"])
        guard config["layer"]?.members != nil, let className = serialized.string("class_name"), serialized["config"] != nil else {
            throw ExecutionError("layer: Improper config format: 'className' and 'config' must set.")
        }
        let inner = LayerConfig(className: className, config: serialized["config"])
        guard let name = inner["name"]?.string else { throw ExecutionError("the layer wrapped by \(config.className) has no name") }
        return (inner, name)
    }
}

/// Bidirectional: the wrapped recurrent layer as `forward_<name>` and a copy with `go_backwards` flipped as
/// `backward_<name>` (weights `<bidirectional>/forward_<name>/kernel`, forward first); TF.js ignores the config's
/// `backward_layer`. With return_sequences the backward sequence is reversed back before the merge
/// (concat on the last axis, sum, mul, ave, or null: both outputs), then the forward states, then the backward ones.
/// Extra inputs are initial states: the first half for the forward layer. A mask goes to both layers.
struct BidirectionalLayer: MaskingLayer {
    enum Merge: String {
        case concat, sum, mul, ave
    }

    let forward: RecurrentLayer
    let backward: RecurrentLayer
    /// nil: the two outputs are returned separately (merge_mode null).
    let merge: Merge?

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        if config["num_constants"] != nil {
            throw ExecutionError("Deserialization of a Bidirectional layer with numConstants present is not supported yet.")
        }
        let (inner, name) = try WrapperLayers.wrapped(config)
        // TF.js's RNN.fromConfig puts the built cell into the config Bidirectional copies for its backward layer,
        // which then fails to deserialize.
        if inner.className == "RNN" {
            throw ExecutionError("layer: Improper config format: the RNN's cell. 'className' and 'config' must set.")
        }
        guard ["SimpleRNN", "GRU", "LSTM", "ConvLSTM2D"].contains(inner.className) else {
            throw ExecutionError("Bidirectional wraps \(inner.className), which the executor does not run as a recurrent layer")
        }
        forward = try RecurrentLayers.recurrentLayer(inner, weights.nested("forward_\(name)"))
        var backward = try RecurrentLayers.recurrentLayer(inner, weights.nested("backward_\(name)"))
        backward.goBackwards.toggle()
        self.backward = backward
        if !config.contains("merge_mode") {
            merge = .concat
        } else if let mode = config.string("merge_mode") {
            guard let merge = Merge(rawValue: mode) else {
                throw ExecutionError("\(mode) is not a valid BidirectionalMergeMode. "
                                     + "Valid values are sum,mul,concat,ave or null/undefined.")
            }
            self.merge = merge
        } else {
            merge = nil
        }
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] { try call(inputs, mask: nil) }

    func call(_ inputs: [Tensor], mask: Tensor?) throws(ExecutionError) -> [Tensor] {
        guard let x = inputs.first else { throw ExecutionError("Bidirectional needs an input") }
        let initialStates = inputs.dropFirst()
        guard initialStates.count % 2 == 0 else {
            throw ExecutionError("When passing `initialState` to a Bidrectional RNN, "
                                 + "the state should be an Array containing the states of the underlying RNNs.")
        }
        let half = initialStates.count / 2
        let y = try forward.call([x] + initialStates.prefix(half), mask: mask)
        let yReversed = try backward.call([x] + initialStates.suffix(half), mask: mask)
        var backwardOutput = yReversed[0]
        if forward.returnSequences { backwardOutput = Self.reverseTime(backwardOutput) }
        let states = forward.returnState ? Array(y.dropFirst() + yReversed.dropFirst()) : []
        let forwardOutput = y[0]
        switch merge {
        case nil: return [forwardOutput, backwardOutput] + states
        case .concat: return [Self.concatenateLastAxis(forwardOutput, backwardOutput)] + states
        case .sum: return [RecurrentMath.add(forwardOutput, backwardOutput)] + states
        case .mul: return [RecurrentMath.multiply(forwardOutput, backwardOutput)] + states
        case .ave:
            let sum = RecurrentMath.add(forwardOutput, backwardOutput)
            return [Tensor(shape: sum.shape, values: sum.values.map { 0.5 * $0 })] + states
        }
    }

    /// Bidirectional.computeMask as TF.js's execute uses it (the first output's mask goes with every output): the
    /// input's mask with returned sequences, none with last outputs.
    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? {
        forward.returnSequences ? masks.first ?? nil : nil
    }

    /// `[batch, time, ...]` with the time axis reversed.
    static func reverseTime(_ x: Tensor) -> Tensor {
        let batch = x.shape[0], steps = x.shape[1], perStep = steps > 0 && batch > 0 ? x.values.count / (batch * steps) : 0
        var out: [Float] = []
        out.reserveCapacity(x.values.count)
        for sample in 0..<batch {
            for time in (0..<steps).reversed() {
                let start = (sample * steps + time) * perStep
                out.append(contentsOf: x.values[start..<start + perStep])
            }
        }
        return Tensor(shape: x.shape, values: out)
    }

    /// Two tensors of one shape joined along the last axis.
    static func concatenateLastAxis(_ a: Tensor, _ b: Tensor) -> Tensor {
        let width = a.shape.last ?? 1, rows = width > 0 ? a.values.count / width : 0
        var out: [Float] = []
        out.reserveCapacity(2 * a.values.count)
        for row in 0..<rows {
            out.append(contentsOf: a.values[row * width..<(row + 1) * width])
            out.append(contentsOf: b.values[row * width..<(row + 1) * width])
        }
        return Tensor(shape: a.shape.dropLast() + [2 * width], values: out)
    }
}

/// TimeDistributed: the wrapped layer applied to every `x[:, t]` of `[batch, time, ...]`, the outputs stacked on
/// axis 1. The wrapped layer is built in the wrapper's name scope (`time_distributed/kernel`). Its input's mask goes
/// on unchanged, and whole to the wrapped layer at every step (TF.js passes its kwargs on).
struct TimeDistributedLayer: MaskingLayer {
    let inner: any Layer

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        let (innerConfig, name) = try WrapperLayers.wrapped(config)
        guard let factory = LayerRegistry.factories[innerConfig.className] else {
            throw ExecutionError("TimeDistributed wraps \(innerConfig.className), a layer class the executor does not run")
        }
        do {
            inner = try factory(name, innerConfig, weights)
        } catch let error as ExecutionError {
            throw error
        } catch {
            throw ExecutionError("\(error)")
        }
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] { try call(inputs, mask: nil) }

    func call(_ inputs: [Tensor], mask: Tensor?) throws(ExecutionError) -> [Tensor] {
        guard inputs.count == 1, let x = inputs.first else { throw ExecutionError("TimeDistributed expects exactly one input tensor") }
        guard x.shape.count >= 3 else {
            throw ExecutionError("TimeDistributed layer expects an input shape >= 3D, but received input shape \(x.shape)")
        }
        let batch = x.shape[0], steps = x.shape[1], stepShape = [batch] + x.shape.dropFirst(2)
        guard let total = Tensor.elementCount(x.shape), total == x.values.count,
              let perStep = Tensor.elementCount(Array(x.shape.dropFirst(2))) else {
            throw ExecutionError("input shape \(x.shape) does not match its \(x.values.count) values")
        }
        guard steps > 0 else { throw ExecutionError("TimeDistributed needs at least one time step, got shape \(x.shape)") }
        var outputs: [Tensor] = []
        for time in 0..<steps {
            var values: [Float] = []
            values.reserveCapacity(batch * perStep)
            for sample in 0..<batch {
                let start = (sample * steps + time) * perStep
                values.append(contentsOf: x.values[start..<start + perStep])
            }
            let stepInput = Tensor(shape: stepShape, dtype: x.dtype, values: values)
            let output: [Tensor]
            if let masking = inner as? any MaskingLayer {
                output = try masking.call([stepInput], mask: mask)
            } else {
                output = try inner.call([stepInput])
            }
            guard output.count == 1, output[0].shape.first == batch else {
                throw ExecutionError("TimeDistributed expects the wrapped layer to give one tensor per step of batch \(batch)")
            }
            if let first = outputs.first, first.shape != output[0].shape {
                throw ExecutionError("TimeDistributed's wrapped layer gave steps of different shapes")
            }
            outputs.append(output[0])
        }
        return [RecurrentMath.stack(outputs)]
    }
}
