import TFJSLintCore

/// TF.js's recurrent layers (layers/recurrent.ts): SimpleRNN, GRU, LSTM, and RNN over a cell config (SimpleRNNCell,
/// GRUCell, LSTMCell, StackedRNNCells). Inference only: dropout is the identity, a `stateful` layer starts from zeros
/// as a freshly loaded TF.js model does, and `unroll`, `implementation` and `time_major` are ignored as TF.js ignores
/// them. A mask (from Masking or Embedding's mask_zero) is applied as TF.js's `rnn()` applies it (`TimestepMask`).
enum RecurrentLayers {
    static let factories: [String: LayerFactory] = [
        "SimpleRNN": { _, config, weights in try recurrentLayer(config, weights) },
        "GRU": { _, config, weights in try recurrentLayer(config, weights) },
        "LSTM": { _, config, weights in try recurrentLayer(config, weights) },
        "RNN": { _, config, weights in try recurrentLayer(config, weights) },
    ]

    /// The recurrent layer `config` describes (ConvLSTM2D included), as a value Bidirectional can copy and reverse.
    static func recurrentLayer(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) -> RecurrentLayer {
        let cell: any RecurrentCell
        switch config.className {
        case "SimpleRNN": cell = try SimpleRNNCell(config, weights)
        case "GRU": cell = try GRUCell(config, weights)
        case "LSTM": cell = try LSTMCell(config, weights)
        case "RNN": cell = try Self.cell(config["cell"], weights)
        case "ConvLSTM2D":
            // ConvRNN2D's constructor (layers/convolutional_recurrent.ts).
            if config.bool("unroll") == true { throw ExecutionError("Unrolling is not possible with convolutional RNNs.") }
            cell = try ConvLSTM2DCell(config, weights)
        default: throw ExecutionError("\(config.className) is not a recurrent layer")
        }
        return RecurrentLayer(config, cell: cell)
    }

    /// The cell of a generic `RNN` layer from its `{class_name, config}` dict. A stacked cell's cells build their
    /// weights under the name scope `RNNCell_<i>` (StackedRNNCells.build).
    static func cell(_ node: JSONNode?, _ weights: LayerWeights) throws(ExecutionError) -> any RecurrentCell {
        let serialized = LayerConfig(className: "", config: node)
        guard node?.members != nil, let className = serialized.string("class_name"), serialized["config"] != nil else {
            throw ExecutionError("layer: Improper config format: 'className' and 'config' must set.")
        }
        let config = LayerConfig(className: className, config: serialized["config"])
        switch className {
        case "SimpleRNNCell": return try SimpleRNNCell(config, weights)
        case "GRUCell": return try GRUCell(config, weights)
        case "LSTMCell": return try LSTMCell(config, weights)
        case "StackedRNNCells":
            var cells: [any RecurrentCell] = []
            for (index, cellNode) in (config["cells"]?.array ?? []).enumerated() {
                cells.append(try cell(cellNode, weights.nested("RNNCell_\(index)")))
            }
            guard !cells.isEmpty else { throw ExecutionError("StackedRNNCells has no cells") }
            return StackedCells(cells: cells)
        case "ConvLSTM2DCell":
            throw ExecutionError("the executor runs a ConvLSTM2DCell only inside ConvLSTM2D, not in a generic RNN")
        default: throw ExecutionError("Unknown layer: \(className)")
        }
    }

    /// `units` (or `filters`) as TF.js's assertPositiveInteger accepts it; capped so gate widths cannot overflow.
    static func positiveInteger(_ config: LayerConfig, _ key: String) throws(ExecutionError) -> Int {
        guard let value = config.int(key), value > 0, value <= 1 << 24 else {
            throw ExecutionError("Expected \(key) to be a positive integer, but got \(config[key].map { "\($0.value)" } ?? "undefined").")
        }
        return value
    }

    /// A cell's activation: `fallback` when the key is missing; an explicit null is `linear` (GRUCell, LSTMCell).
    static func activation(_ config: LayerConfig, _ key: String, fallback: Activation) throws(ExecutionError) -> Activation {
        config.contains(key) ? try Activation(config, key: key) : fallback
    }
}

/// One time step of a recurrent layer, as TF.js's RNN cells compute it.
protocol RecurrentCell: Sendable {
    /// How many state tensors the cell carries (TF.js's `stateSize` length).
    var stateCount: Int { get }
    /// The all-zero states for a batch whose per-step input has `stepShape` (TF.js's `getInitialState`).
    func initialStates(stepShape: [Int]) throws(ExecutionError) -> [Tensor]
    /// The step's output and the new states, from the step's input and the previous states.
    func step(_ input: Tensor, _ states: [Tensor]) throws(ExecutionError) -> (output: Tensor, states: [Tensor])
}

/// TF.js's `RNN` layer over a cell: steps the cell along axis 1 of `[batch, time, ...]`, backwards when
/// `go_backwards` is set (the output sequence then stays reversed), and returns the last output or the whole
/// sequence, followed by the final states when `return_state` is set. Extra inputs are initial states.
struct RecurrentLayer: MaskingLayer {
    let cell: any RecurrentCell
    let returnSequences: Bool
    let returnState: Bool
    var goBackwards: Bool

    init(_ config: LayerConfig, cell: any RecurrentCell) {
        self.cell = cell
        returnSequences = config.bool("return_sequences") ?? false
        returnState = config.bool("return_state") ?? false
        goBackwards = config.bool("go_backwards") ?? false
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] { try call(inputs, mask: nil) }

    func call(_ inputs: [Tensor], mask: Tensor?) throws(ExecutionError) -> [Tensor] {
        guard let x = inputs.first else { throw ExecutionError("a recurrent layer needs an input") }
        guard x.shape.count >= 3 else { throw ExecutionError("Input should be at least 3D, but is \(x.shape.count)D.") }
        let batch = x.shape[0], steps = x.shape[1], stepShape = [batch] + x.shape.dropFirst(2)
        guard let total = Tensor.elementCount(x.shape), total == x.values.count,
              let perStep = Tensor.elementCount(Array(x.shape.dropFirst(2))) else {
            throw ExecutionError("input shape \(x.shape) does not match its \(x.values.count) values")
        }
        guard steps > 0 else { throw ExecutionError("a recurrent layer needs at least one time step, got shape \(x.shape)") }
        let timestepMask = try mask.map { mask throws(ExecutionError) in try TimestepMask(mask, inputRank: x.shape.count) }
        var states = try cell.initialStates(stepShape: stepShape)
        if inputs.count > 1 {
            let given = Array(inputs.dropFirst())
            guard given.count == states.count else {
                throw ExecutionError("RNN Layer has \(states.count) state(s) but was passed \(given.count) initial state(s).")
            }
            for (state, zero) in zip(given, states) where state.shape != zero.shape || state.values.count != zero.values.count {
                throw ExecutionError("initial state of shape \(state.shape) does not match the expected \(zero.shape)")
            }
            states = given
        }
        var last = Tensor.scalar(0), sequence: [Tensor] = []
        for index in 0..<steps {
            let time = goBackwards ? steps - 1 - index : index
            var stepValues: [Float] = []
            stepValues.reserveCapacity(batch * perStep)
            for sample in 0..<batch {
                let start = (sample * steps + time) * perStep
                stepValues.append(contentsOf: x.values[start..<start + perStep])
            }
            let step = try cell.step(Tensor(shape: stepShape, values: stepValues), states)
            if let timestepMask {
                (last, states) = try timestepMask.select(step, previous: states, at: index, reversed: goBackwards)
            } else {
                (last, states) = step
            }
            if returnSequences { sequence.append(last) }
        }
        guard sequence.allSatisfy({ $0.shape == last.shape }) else {
            throw ExecutionError("the mask changed the shape of the layer's outputs from step to step")
        }
        let output = returnSequences ? RecurrentMath.stack(sequence) : last
        return [output] + (returnState ? states : [])
    }

    /// RNN.computeMask: the input's mask goes on with a returned sequence, not with a last output (TF.js's
    /// execute gives the states the same mask as the output).
    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? {
        returnSequences ? masks.first ?? nil : nil
    }
}

/// A mask as TF.js's `rnn()` applies it: cast to 0/1, given a last axis of 1 when it has one axis less than the
/// input (`[batch, time]` → `[batch, time, 1]`), stepped along axis 1 (from its end when the layer goes backwards).
/// Where a step is masked, the output is the previous first state (the previous output of the built-in cells) and
/// the states stay: `new · m + previous · (1 − m)`, broadcast as TF.js's mul and add broadcast.
struct TimestepMask {
    let shape: [Int]
    let values: [Float]

    init(_ mask: Tensor, inputRank: Int) throws(ExecutionError) {
        guard Tensor.elementCount(mask.shape) == mask.values.count else {
            throw ExecutionError("the mask's shape \(mask.shape) does not match its \(mask.values.count) values")
        }
        var shape = mask.shape
        if shape.count == inputRank - 1 { shape.append(1) }
        guard shape.count == inputRank else {
            let permutation = ([1, 0] + Array(2..<max(inputRank, 2))).map(String.init).joined(separator: ",")
            throw ExecutionError("Error in transpose: rank of input \(shape.count) must match length of perm \(permutation).")
        }
        self.shape = shape
        values = mask.values.map { $0 != 0 ? 1 : 0 }
    }

    /// The step's output and states kept where the mask of loop step `index` is 1, the previous ones elsewhere.
    func select(
        _ step: (output: Tensor, states: [Tensor]), previous: [Tensor], at index: Int, reversed: Bool
    ) throws(ExecutionError) -> (output: Tensor, states: [Tensor]) {
        let steps = shape[1]
        guard index < steps, let first = previous.first else {
            throw ExecutionError("the mask has \(steps) time step(s), fewer than the input")
        }
        let time = reversed ? steps - 1 - index : index, perStep = shape.dropFirst(2).reduce(1, *)
        var keep: [Float] = []
        keep.reserveCapacity(shape[0] * perStep)
        for sample in 0..<shape[0] {
            let start = (sample * steps + time) * perStep
            keep.append(contentsOf: values[start..<start + perStep])
        }
        let stepShape = [shape[0]] + shape.dropFirst(2)
        let m = Tensor(shape: stepShape, values: keep), notM = Tensor(shape: stepShape, values: keep.map { 1 - $0 })
        func blend(_ new: Tensor, _ old: Tensor) throws(ExecutionError) -> Tensor {
            try Elementwise.binary("Add", try Elementwise.binary("Mul", new, m), try Elementwise.binary("Mul", old, notM))
        }
        var states: [Tensor] = []
        for (new, old) in zip(step.states, previous) { states.append(try blend(new, old)) }
        return (try blend(step.output, first), states)
    }
}

/// A dense cell's kernel `[input, gates·units]`, recurrent kernel `[units, gates·units]` and optional bias
/// `[gates·units]`, requested in the order TF.js's cells create them.
struct CellWeights: Sendable {
    let kernel: Tensor
    let recurrentKernel: Tensor
    let bias: Tensor?

    init(_ weights: LayerWeights, units: Int, gates: Int, useBias: Bool) throws(ExecutionError) {
        let width = units * gates
        kernel = try weights.tensor("kernel")
        guard kernel.shape.count == 2, kernel.shape[1] == width, Tensor.elementCount(kernel.shape) == kernel.values.count else {
            throw ExecutionError("Shape mismatch: [inputDim,\(width)] vs. \(kernel.shape) for weight '\(weights.scope)/kernel'",
                                 ruleID: "weight-layer-mismatch")
        }
        recurrentKernel = try weights.tensor("recurrent_kernel", shape: [units, width])
        bias = useBias ? try weights.tensor("bias", shape: [width]) : nil
        for tensor in [recurrentKernel] + (bias.map { [$0] } ?? []) where Tensor.elementCount(tensor.shape) != tensor.values.count {
            throw ExecutionError("a weight of '\(weights.scope)' has \(tensor.values.count) values for shape \(tensor.shape)")
        }
    }

    var units: Int { recurrentKernel.shape[0] }

    /// The step input checked against the kernel: `[batch, input]` (TF.js's RNN input spec is ndim 3).
    func check(_ input: Tensor, _ states: [Tensor], count: Int) throws(ExecutionError) {
        guard input.shape.count == 2 else {
            throw ExecutionError("Input 0 is incompatible with the layer: expected ndim=3, found ndim=\(input.shape.count + 1)")
        }
        guard input.shape[1] == kernel.shape[0] else {
            throw ExecutionError("Shape mismatch: [\(input.shape[1]),\(kernel.shape[1])] vs. \(kernel.shape) for the kernel",
                                 ruleID: "weight-layer-mismatch")
        }
        guard states.count == count, states.allSatisfy({ $0.shape == [input.shape[0], units] }) else {
            throw ExecutionError("the cell expects \(count) state(s) of shape [\(input.shape[0]), \(units)]")
        }
    }

    /// `count` all-zero `[batch, units]` states.
    func zeroStates(batch: Int, count: Int) -> [Tensor] {
        Array(repeating: Tensor(shape: [batch, units], values: [Float](repeating: 0, count: batch * units)), count: count)
    }
}

/// SimpleRNNCell: output = activation(x·W + b + h·U). A null or missing activation is tanh here.
struct SimpleRNNCell: RecurrentCell {
    let activation: Activation
    let weights: CellWeights

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        let units = try RecurrentLayers.positiveInteger(config, "units")
        activation = config["activation"] == nil ? .tanh : try Activation(config)
        self.weights = try CellWeights(weights, units: units, gates: 1, useBias: config.bool("use_bias") ?? true)
    }

    var stateCount: Int { 1 }

    func initialStates(stepShape: [Int]) throws(ExecutionError) -> [Tensor] {
        weights.zeroStates(batch: stepShape.first ?? 0, count: 1)
    }

    func step(_ input: Tensor, _ states: [Tensor]) throws(ExecutionError) -> (output: Tensor, states: [Tensor]) {
        try weights.check(input, states, count: 1)
        let h = RecurrentMath.matMul(input, weights.kernel, bias: weights.bias)
        let output = activation.apply(RecurrentMath.add(h, RecurrentMath.matMul(states[0], weights.recurrentKernel)))
        return (output, [output])
    }
}

/// GRUCell with the reset gate applied before the recurrent matmul (TF.js refuses `reset_after: true`):
/// z = σ(x·Wz + bz + h·Uz), r = σ(x·Wr + br + h·Ur), h' = z·h + (1 − z)·tanh(x·Wh + bh + (r·h)·Uh).
struct GRUCell: RecurrentCell {
    let activation: Activation
    let recurrentActivation: Activation
    let weights: CellWeights

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        if config.bool("reset_after") == true {
            throw ExecutionError("GRUCell does not support reset_after parameter set to true.", ruleID: "unsupported-layer-config")
        }
        let units = try RecurrentLayers.positiveInteger(config, "units")
        activation = try RecurrentLayers.activation(config, "activation", fallback: .tanh)
        recurrentActivation = try RecurrentLayers.activation(config, "recurrent_activation", fallback: .hardSigmoid)
        self.weights = try CellWeights(weights, units: units, gates: 3, useBias: config.bool("use_bias") ?? true)
    }

    var stateCount: Int { 1 }

    func initialStates(stepShape: [Int]) throws(ExecutionError) -> [Tensor] {
        weights.zeroStates(batch: stepShape.first ?? 0, count: 1)
    }

    func step(_ input: Tensor, _ states: [Tensor]) throws(ExecutionError) -> (output: Tensor, states: [Tensor]) {
        try weights.check(input, states, count: 1)
        let units = weights.units, previous = states[0]
        let x = RecurrentMath.matMul(input, weights.kernel, bias: weights.bias)
        let inner = RecurrentMath.matMul(previous, weights.recurrentKernel, columns: 0..<2 * units)
        func gate(_ part: Range<Int>) -> Tensor {
            recurrentActivation.apply(RecurrentMath.add(RecurrentMath.columns(x, part), RecurrentMath.columns(inner, part)))
        }
        let z = gate(0..<units), r = gate(units..<2 * units)
        let recurrentH = RecurrentMath.matMul(RecurrentMath.multiply(r, previous), weights.recurrentKernel, columns: 2 * units..<3 * units)
        let candidate = activation.apply(RecurrentMath.add(RecurrentMath.columns(x, 2 * units..<3 * units), recurrentH))
        let h = RecurrentMath.combine(z, previous, candidate) { z, previous, candidate in z * previous + (1 - z) * candidate }
        return (h, [h])
    }
}

/// LSTMCell with gates in Keras's order i, f, c, o; states [h, c].
struct LSTMCell: RecurrentCell {
    let activation: Activation
    let recurrentActivation: Activation
    let weights: CellWeights

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        let units = try RecurrentLayers.positiveInteger(config, "units")
        activation = try RecurrentLayers.activation(config, "activation", fallback: .tanh)
        recurrentActivation = try RecurrentLayers.activation(config, "recurrent_activation", fallback: .hardSigmoid)
        self.weights = try CellWeights(weights, units: units, gates: 4, useBias: config.bool("use_bias") ?? true)
    }

    var stateCount: Int { 2 }

    func initialStates(stepShape: [Int]) throws(ExecutionError) -> [Tensor] {
        weights.zeroStates(batch: stepShape.first ?? 0, count: 2)
    }

    func step(_ input: Tensor, _ states: [Tensor]) throws(ExecutionError) -> (output: Tensor, states: [Tensor]) {
        try weights.check(input, states, count: 2)
        let units = weights.units
        var z = RecurrentMath.add(RecurrentMath.matMul(input, weights.kernel), RecurrentMath.matMul(states[0], weights.recurrentKernel))
        if let bias = weights.bias { z = RecurrentMath.addBias(z, bias) }
        let i = recurrentActivation.apply(RecurrentMath.columns(z, 0..<units))
        let f = recurrentActivation.apply(RecurrentMath.columns(z, units..<2 * units))
        let candidate = activation.apply(RecurrentMath.columns(z, 2 * units..<3 * units))
        let c = RecurrentMath.combine(f, states[1], RecurrentMath.multiply(i, candidate)) { f, c, ic in f * c + ic }
        let o = recurrentActivation.apply(RecurrentMath.columns(z, 3 * units..<4 * units))
        let h = RecurrentMath.multiply(o, activation.apply(c))
        return (h, [h, c])
    }
}

/// StackedRNNCells: each cell feeds the next; the states are flat in reverse cell order (`[h2, c2, h1, c1]`).
struct StackedCells: RecurrentCell {
    let cells: [any RecurrentCell]

    var stateCount: Int { cells.reduce(0) { $0 + $1.stateCount } }

    func initialStates(stepShape: [Int]) throws(ExecutionError) -> [Tensor] {
        var states: [Tensor] = []
        for cell in cells.reversed() { states += try cell.initialStates(stepShape: stepShape) }
        return states
    }

    func step(_ input: Tensor, _ states: [Tensor]) throws(ExecutionError) -> (output: Tensor, states: [Tensor]) {
        guard states.count == stateCount else { throw ExecutionError("StackedRNNCells expects \(stateCount) states, got \(states.count)") }
        var perCell: [[Tensor]] = [], remaining = states[...]
        for cell in cells.reversed() {
            perCell.insert(Array(remaining.prefix(cell.stateCount)), at: 0)
            remaining = remaining.dropFirst(cell.stateCount)
        }
        var output = input, newStates: [[Tensor]] = []
        for (cell, cellStates) in zip(cells, perCell) {
            let result = try cell.step(output, cellStates)
            output = result.output
            newStates.append(result.states)
        }
        return (output, newStates.reversed().flatMap { $0 })
    }
}

/// The dense arithmetic the cells need, on row-major `[rows, columns]` tensors whose shapes the cells checked.
enum RecurrentMath {
    /// a · b[:, columns] (all of b's columns by default), plus `bias` (of all columns) when given.
    static func matMul(_ a: Tensor, _ b: Tensor, columns: Range<Int>? = nil, bias: Tensor? = nil) -> Tensor {
        let rows = a.shape[0], inner = a.shape[1], width = b.shape[1], selected = columns ?? 0..<width, count = selected.count
        var out = [Float](repeating: 0, count: rows * count)
        a.values.withUnsafeBufferPointer { left in
            b.values.withUnsafeBufferPointer { right in
                out.withUnsafeMutableBufferPointer { result in
                    for row in 0..<rows {
                        for k in 0..<inner {
                            let value = left[row * inner + k], base = k * width + selected.lowerBound, target = row * count
                            for column in 0..<count { result[target + column] += value * right[base + column] }
                        }
                    }
                }
            }
        }
        let product = Tensor(shape: [rows, count], values: out)
        return bias.map { addBias(product, $0) } ?? product
    }

    /// x + bias, the bias broadcast over the rows.
    static func addBias(_ x: Tensor, _ bias: Tensor) -> Tensor {
        let width = bias.values.count
        return Tensor(shape: x.shape, values: x.values.enumerated().map { $0.element + bias.values[$0.offset % width] })
    }

    /// x[:, columns].
    static func columns(_ x: Tensor, _ columns: Range<Int>) -> Tensor {
        let rows = x.shape[0], width = x.shape[1]
        var out: [Float] = []
        out.reserveCapacity(rows * columns.count)
        for row in 0..<rows { out.append(contentsOf: x.values[row * width + columns.lowerBound..<row * width + columns.upperBound]) }
        return Tensor(shape: [rows, columns.count], values: out)
    }

    static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        Tensor(shape: a.shape, values: zip(a.values, b.values).map { $0 + $1 })
    }

    static func multiply(_ a: Tensor, _ b: Tensor) -> Tensor {
        Tensor(shape: a.shape, values: zip(a.values, b.values).map { $0 * $1 })
    }

    static func combine(_ a: Tensor, _ b: Tensor, _ c: Tensor, _ f: (Float, Float, Float) -> Float) -> Tensor {
        var out = [Float](repeating: 0, count: a.values.count)
        for index in out.indices { out[index] = f(a.values[index], b.values[index], c.values[index]) }
        return Tensor(shape: a.shape, values: out)
    }

    /// Per-step outputs `[batch, ...]` stacked on axis 1: `[batch, steps, ...]`.
    static func stack(_ steps: [Tensor]) -> Tensor {
        guard let first = steps.first else { return Tensor(shape: [0], values: []) }
        let batch = first.shape.first ?? 1, perSample = batch > 0 ? first.values.count / batch : 0
        var out: [Float] = []
        out.reserveCapacity(first.values.count * steps.count)
        for sample in 0..<batch {
            for step in steps { out.append(contentsOf: step.values[sample * perSample..<(sample + 1) * perSample]) }
        }
        return Tensor(shape: [batch, steps.count] + first.shape.dropFirst(), dtype: first.dtype, values: out)
    }
}
