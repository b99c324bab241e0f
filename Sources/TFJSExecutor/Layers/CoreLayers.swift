import TFJSLintCore

/// TF.js 4.22's core layers (tfjs-layers layers/core.ts) and the noise layers (layers/noise.ts), in inference mode:
/// Dropout, SpatialDropout1D, GaussianNoise, GaussianDropout and AlphaDropout pass their input through.
enum CoreLayers {
    static let factories: [String: LayerFactory] = [
        "Dense": { _, config, weights in try Dense(config, weights) },
        "Flatten": { _, config, _ in Flatten(channelsFirst: config.string("dataFormat") == "channelsFirst") },
        "Activation": { _, config, _ in ActivationLayer(activation: try Activation(config)) },
        "Dropout": { _, _, _ in Identity(rank: nil) },
        "SpatialDropout1D": { _, _, _ in Identity(rank: 3) },
        "GaussianNoise": { _, _, _ in Identity(rank: nil) },
        "GaussianDropout": { _, _, _ in Identity(rank: nil) },
        "AlphaDropout": { _, _, _ in Identity(rank: nil) },
        "RepeatVector": { _, config, _ in try RepeatVector(config) },
        "Reshape": { _, config, _ in try Reshape(config) },
        "Permute": { _, config, _ in try Permute(config) },
        "Masking": { _, config, _ in Masking(value: Float(config.double("maskValue") ?? 0)) },
    ]

    /// The single tensor a one-input layer takes (`getExactlyOneTensor`).
    static func single(_ inputs: [Tensor], _ layer: String) throws(ExecutionError) -> Tensor {
        guard inputs.count == 1, let x = inputs.first else {
            throw ExecutionError("\(layer) expects exactly 1 input tensor, but got \(inputs.count)")
        }
        return x
    }

    /// `inputSpec` rank checks, worded as TF.js's assertInputCompatibility.
    static func checkRank(_ x: Tensor, _ layer: String, exactly: Int? = nil, atLeast: Int? = nil) throws(ExecutionError) {
        if let exactly, x.shape.count != exactly {
            throw ExecutionError("Input 0 is incompatible with layer \(layer): expected ndim=\(exactly), found ndim=\(x.shape.count)")
        }
        if let atLeast, x.shape.count < atLeast {
            throw ExecutionError("Input 0 is incompatible with layer \(layer): expected min_ndim=\(atLeast), found ndim=\(x.shape.count)")
        }
    }

    /// `x` (…, k) times `matrix` (k, n): TF.js's K.dot for a rank ≥ 2 tensor and a matrix, summing in double
    /// precision as tfjs-backend-cpu's matMul does within its blocks.
    static func dot(_ x: Tensor, _ matrix: Tensor) -> Tensor {
        let k = matrix.shape[0], n = matrix.shape[1], rows = x.shape.dropLast().reduce(1, *)
        var out = [Float](repeating: 0, count: rows * n)
        var sums = [Double](repeating: 0, count: n)
        for row in 0..<rows {
            for j in 0..<n { sums[j] = 0 }
            for p in 0..<k {
                let a = Double(x.values[row * k + p])
                if a == 0 { continue }
                let base = p * n
                for j in 0..<n { sums[j] += a * Double(matrix.values[base + j]) }
            }
            for j in 0..<n { out[row * n + j] = Float(sums[j]) }
        }
        return Tensor(shape: Array(x.shape.dropLast()) + [n], values: out)
    }
}

/// Dense: `activation(x · kernel + bias)` over the last axis, for inputs of rank ≥ 2.
private struct Dense: Layer {
    let kernel: Tensor
    let bias: Tensor?
    let activation: Activation

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        guard let units = config.int("units"), units > 0 else {
            throw ExecutionError("Expected units to be a positive integer, but got \(config["units"]?.compactText ?? "undefined").")
        }
        activation = try Activation(config)
        kernel = try weights.tensor("kernel")
        guard kernel.shape.count == 2, kernel.shape[1] == units else {
            throw ExecutionError("Shape mismatch: [?,\(units)] vs. [\(kernel.shape.map(String.init).joined(separator: ","))] for weight '\(weights.scope)/kernel'", ruleID: "weight-layer-mismatch")
        }
        bias = config.bool("useBias") ?? true ? try weights.tensor("bias", shape: [units]) : nil
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try CoreLayers.single(inputs, "dense")
        try CoreLayers.checkRank(x, "dense", atLeast: 2)
        guard x.shape.last == kernel.shape[0] else {
            throw ExecutionError(
                "Shape mismatch: [\(x.shape.last ?? 0),\(kernel.shape[1])] vs. [\(kernel.shape.map(String.init).joined(separator: ","))] (the kernel does not fit the input)",
                ruleID: "weight-layer-mismatch")
        }
        var y = CoreLayers.dot(x, kernel)
        if let bias { y = try Elementwise.binary("BiasAdd", y, bias) }
        return [activation.apply(y)]
    }
}

/// Flatten: [batch, …] → [batch, product]; `channels_first` moves the channel axis last first.
private struct Flatten: Layer {
    let channelsFirst: Bool

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var x = try CoreLayers.single(inputs, "flatten")
        try CoreLayers.checkRank(x, "flatten", atLeast: 3)
        if channelsFirst { x = SpatialLayerSupport.toChannelsLast(x) }
        x.shape = [x.shape[0], x.shape.dropFirst().reduce(1, *)]
        return [x]
    }
}

private struct ActivationLayer: Layer {
    let activation: Activation

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        [activation.apply(try CoreLayers.single(inputs, "activation"))]
    }
}

/// Layers that only act in training.
private struct Identity: Layer {
    let rank: Int?

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try CoreLayers.single(inputs, "dropout")
        if let rank { try CoreLayers.checkRank(x, "dropout", exactly: rank) }
        return [x]
    }
}

/// RepeatVector: [batch, features] → [batch, n, features].
private struct RepeatVector: Layer {
    let n: Int

    init(_ config: LayerConfig) throws(ExecutionError) {
        guard let n = config.int("n"), n >= 0, n <= 1 << 20 else { throw ExecutionError("RepeatVector needs a non-negative `n`") }
        self.n = n
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try CoreLayers.single(inputs, "repeat_vector")
        try CoreLayers.checkRank(x, "repeat_vector", exactly: 2)
        let (batch, features) = (x.shape[0], x.shape[1])
        guard let count = Tensor.elementCount([batch, n, features]), count <= maximumElementCount else { throw ExecutionError("RepeatVector: output too large") }
        var values: [Float] = []
        values.reserveCapacity(count)
        for b in 0..<batch {
            let row = x.values[(b * features)..<((b + 1) * features)]
            for _ in 0..<n { values.append(contentsOf: row) }
        }
        return [Tensor(shape: [batch, n, features], dtype: x.dtype, values: values)]
    }
}

/// Reshape of everything but the batch axis; one unknown size (null or negative) is inferred.
private struct Reshape: Layer {
    /// nil for an unknown size.
    let target: [Int?]

    init(_ config: LayerConfig) throws(ExecutionError) {
        guard let items = config["targetShape"]?.array else { throw ExecutionError("Reshape needs a `target_shape` list") }
        target = items.map { item in item.int.flatMap { $0 < 0 ? nil : $0 } }
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var x = try CoreLayers.single(inputs, "reshape")
        guard !x.shape.isEmpty else { throw ExecutionError("Reshape needs a batch axis") }
        let original = x.shape.dropFirst().reduce(1, *)
        var shape = target.map { $0 ?? -1 }
        let unknown = target.indices.filter { target[$0] == nil }
        guard unknown.count <= 1 else { throw ExecutionError("Can only specifiy one unknown dimension.") }
        let known = target.compactMap { $0 }.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        if let position = unknown.first {
            guard known != 0, original % known == 0 else { throw ExecutionError("Total size of new array must be unchanged.") }
            shape[position] = original / known
        } else if known != original {
            throw ExecutionError("Total size of new array must be unchanged.")
        }
        x.shape = [x.shape[0]] + shape
        return [x]
    }
}

/// Permute: transposes the non-batch axes by 1-based `dims`.
private struct Permute: Layer {
    let dims: [Int]

    init(_ config: LayerConfig) throws(ExecutionError) {
        guard let items = config["dims"]?.array else {
            throw ExecutionError("Required configuration field `dims` is missing during Permute constructor call.")
        }
        let dims = items.compactMap(\.int)
        // TF.js sorts a copy with JavaScript's default (string) order before comparing with 1...n.
        guard dims.count == items.count, dims.map(String.init).sorted() == (1...max(dims.count, 1)).prefix(dims.count).map({ String($0) }) else {
            throw ExecutionError("Invalid permutation `dims`: \(config["dims"]?.compactText ?? "") `dims` must contain consecutive integers starting from 1.")
        }
        self.dims = dims
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try CoreLayers.single(inputs, "permute")
        try CoreLayers.checkRank(x, "permute", exactly: dims.count + 1)
        return [Shapes.transpose(x, [0] + dims)]
    }
}

/// Masking: zeroes the timesteps whose features all equal the mask value; its mask marks the others.
private struct Masking: MaskingLayer {
    let value: Float

    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? {
        let x = try CoreLayers.single(inputs, "masking")
        guard let last = x.shape.last, last > 0 else { return nil }
        let keep = stride(from: 0, to: x.values.count, by: last).map { start in x.values[start..<(start + last)].contains { $0 != value } }
        return MaskFlow.bools(Array(x.shape.dropLast()), keep)
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var x = try CoreLayers.single(inputs, "masking")
        guard let last = x.shape.last, last > 0 else { return [x] }
        for start in stride(from: 0, to: x.values.count, by: last) {
            let keep = x.values[start..<(start + last)].contains { $0 != value }
            if !keep { for i in start..<(start + last) { x.values[i] *= 0 } }
        }
        return [x]
    }
}
