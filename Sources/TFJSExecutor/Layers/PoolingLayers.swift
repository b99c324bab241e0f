/// TF.js 4.22's pooling layers (layers/pooling.ts). The 1-D layers and the global 1-D layers ignore
/// `data_format`; the global layers ignore `keepdims` and always drop the pooled axes; `causal` padding pools
/// as VALID.
enum PoolingLayers {
    static let factories: [String: LayerFactory] = [
        "MaxPooling1D": { name, config, _ in try PoolingLayer(name, config, .max, rank: 1) },
        "MaxPooling2D": { name, config, _ in try PoolingLayer(name, config, .max, rank: 2) },
        "MaxPooling3D": { name, config, _ in try PoolingLayer(name, config, .max, rank: 3) },
        "AveragePooling1D": { name, config, _ in try PoolingLayer(name, config, .average, rank: 1) },
        "AveragePooling2D": { name, config, _ in try PoolingLayer(name, config, .average, rank: 2) },
        "AveragePooling3D": { name, config, _ in try PoolingLayer(name, config, .average, rank: 3) },
        "GlobalMaxPooling1D": { name, _, _ in GlobalPoolingLayer(name: name, mode: .max, rank: 1, channelsFirst: false) },
        "GlobalAveragePooling1D": { name, _, _ in GlobalPoolingLayer(name: name, mode: .average, rank: 1, channelsFirst: false) },
        "GlobalMaxPooling2D": { name, config, _ in
            try GlobalPoolingLayer(name: name, mode: .max, rank: 2, channelsFirst: SpatialLayerSupport.dataFormat(config) == .channelsFirst)
        },
        "GlobalAveragePooling2D": { name, config, _ in
            try GlobalPoolingLayer(name: name, mode: .average, rank: 2, channelsFirst: SpatialLayerSupport.dataFormat(config) == .channelsFirst)
        },
    ]
}

/// MaxPooling / AveragePooling over 1 to 3 spatial axes: `pool_size` defaults to 2 along each axis and `strides`
/// to the pool size.
struct PoolingLayer: Layer {
    let name: String
    let mode: Pooling.Mode
    let rank: Int
    let poolSize: [Int]
    let strides: [Int]
    let same: Bool
    let channelsFirst: Bool

    init(_ name: String, _ config: LayerConfig, _ mode: Pooling.Mode, rank: Int) throws(ExecutionError) {
        typealias Support = SpatialLayerSupport
        self.name = name
        self.mode = mode
        self.rank = rank
        poolSize = try Support.positive(Support.ints(config, "pool_size", rank: rank, fallback: 2), "pool_size")
        guard let windowCount = Tensor.elementCount(poolSize), windowCount <= 1 << 22 else {
            throw ExecutionError("\(name): pool_size \(poolSize) is too large")
        }
        strides = config["strides"] == nil ? poolSize : try Support.positive(Support.ints(config, "strides", rank: rank), "strides")
        same = try Support.padding(config) == .same
        let format = try Support.dataFormat(config)
        channelsFirst = rank > 1 && format == .channelsFirst
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var x = try SpatialLayerSupport.single(inputs, name, rank: rank + 2)
        if channelsFirst { x = SpatialLayerSupport.toChannelsLast(x) }
        var y: Tensor
        do {
            y = try Pooling.pool(x, mode, window: poolSize, strides: strides, padding: same ? .same : .valid)
        } catch {
            throw ExecutionError("\(name): \(error.description)", ruleID: error.ruleID)
        }
        if channelsFirst { y = SpatialLayerSupport.toChannelsFirst(y) }
        return [y]
    }
}

/// GlobalMaxPooling / GlobalAveragePooling: max or mean over the spatial axes.
struct GlobalPoolingLayer: Layer {
    let name: String
    let mode: Pooling.Mode
    let rank: Int
    let channelsFirst: Bool

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try SpatialLayerSupport.single(inputs, name, rank: rank + 2)
        let axes = channelsFirst ? Array(2..<(rank + 2)) : Array(1...rank)
        let axesTensor = Tensor(shape: [axes.count], dtype: .int32, values: axes.map(Float.init))
        return [try Reduction.run(mode == .max ? "Max" : "Mean", x, axes: axesTensor, keepDims: false)]
    }
}
