import TFJSLintCore

/// TF.js 4.22's Embedding (tfjs-layers layers/embeddings.ts): indices are cast to int32 (truncated toward zero)
/// and gathered from `embeddings`; an index outside [0, input_dim) fails as tfjs-backend-cpu's gather does.
/// With `mask_zero` its output carries the mask `input != 0`.
enum EmbeddingLayers {
    static let factories: [String: LayerFactory] = [
        "Embedding": { _, config, weights in try Embedding(config, weights) },
    ]
}

private struct Embedding: MaskingLayer {
    let embeddings: Tensor
    let supportsMasking: Bool

    init(_ config: LayerConfig, _ weights: LayerWeights) throws(ExecutionError) {
        guard let inputDim = config.int("inputDim"), inputDim > 0, let outputDim = config.int("outputDim"), outputDim > 0 else {
            throw ExecutionError("Embedding needs positive integers `input_dim` and `output_dim`")
        }
        embeddings = try weights.tensor("embeddings", shape: [inputDim, outputDim])
        supportsMasking = config.bool("maskZero") ?? false
    }

    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? {
        let x = try CoreLayers.single(inputs, "embedding")
        return MaskFlow.bools(x.shape, x.values.map { $0 != 0 })
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try CoreLayers.single(inputs, "embedding")
        let (rows, width) = (embeddings.shape[0], embeddings.shape[1])
        var values: [Float] = []
        values.reserveCapacity(x.values.count * width)
        for value in x.values {
            // Int32Array conversion: NaN and infinities become 0, other values are truncated (and wrap).
            let wrapped = value.isFinite ? Double(value).rounded(.towardZero).truncatingRemainder(dividingBy: 4_294_967_296) : 0
            let index = Int(Int32(truncatingIfNeeded: Int64(wrapped)))
            guard index >= 0, index < rows else {
                throw ExecutionError("GatherV2: the index value \(index) is not in [0, \(rows - 1)]")
            }
            values.append(contentsOf: embeddings.values[(index * width)..<((index + 1) * width)])
        }
        return [Tensor(shape: x.shape + [width], values: values)]
    }
}
