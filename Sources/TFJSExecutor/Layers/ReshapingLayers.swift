import Foundation

/// TF.js 4.22's ZeroPadding2D (layers/padding.ts), Cropping2D and UpSampling2D (layers/convolutional.ts).
enum ReshapingLayers {
    static let factories: [String: LayerFactory] = [
        "ZeroPadding2D": { name, config, _ in try ZeroPadding2DLayer(name, config) },
        "Cropping2D": { name, config, _ in try Cropping2DLayer(name, config) },
        "UpSampling2D": { name, config, _ in try UpSampling2DLayer(name, config) },
    ]

    /// `[[top, bottom], [left, right]]` from an int, `[height, width]` or the nested form, as TF.js reads
    /// ZeroPadding2D's `padding` and Cropping2D's `cropping`; `fallback` when absent.
    static func amounts(_ config: LayerConfig, _ key: String, fallback: Int?) throws(ExecutionError) -> [[Int]] {
        guard let node = config[key] else {
            guard let fallback else { throw ExecutionError("required key '\(key)' not in config") }
            return [[fallback, fallback], [fallback, fallback]]
        }
        if let single = node.int { return [[single, single], [single, single]] }
        if let pair = node.intArray, pair.count == 2 { return [[pair[0], pair[0]], [pair[1], pair[1]]] }
        if let rows = node.array, rows.count == 2, let height = rows[0].intArray, let width = rows[1].intArray,
           height.count == 2, width.count == 2 {
            return [height, width]
        }
        throw ExecutionError("\(key) must be an int, two ints or two pairs of ints")
    }
}

/// Zeros added around the two spatial axes.
struct ZeroPadding2DLayer: Layer {
    let name: String
    let padding: [[Int]]
    let channelsFirst: Bool

    init(_ name: String, _ config: LayerConfig) throws(ExecutionError) {
        self.name = name
        padding = try ReshapingLayers.amounts(config, "padding", fallback: 1)
        guard padding.joined().allSatisfy({ $0 >= 0 && $0 < 1 << 24 }) else { throw ExecutionError("\(name): padding \(padding) is out of range") }
        channelsFirst = try SpatialLayerSupport.dataFormat(config) == .channelsFirst
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        let x = try SpatialLayerSupport.single(inputs, name, rank: 4)
        let spatial = padding.joined().map(Float.init), none: [Float] = [0, 0]
        let amounts = channelsFirst ? none + none + spatial : none + spatial + none
        do {
            return [try Shapes.pad(x, Tensor(shape: [4, 2], dtype: .int32, values: amounts), constant: 0)]
        } catch {
            throw ExecutionError("\(name): \(error.description)")
        }
    }
}

/// Rows and columns cut from both ends of the two spatial axes.
struct Cropping2DLayer: Layer {
    let name: String
    let cropping: [[Int]]
    let channelsFirst: Bool

    init(_ name: String, _ config: LayerConfig) throws(ExecutionError) {
        self.name = name
        cropping = try ReshapingLayers.amounts(config, "cropping", fallback: nil)
        guard cropping.joined().allSatisfy({ $0 >= 0 }) else { throw ExecutionError("\(name): negative cropping \(cropping)") }
        channelsFirst = try SpatialLayerSupport.dataFormat(config) == .channelsFirst
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var x = try SpatialLayerSupport.single(inputs, name, rank: 4)
        if channelsFirst { x = SpatialLayerSupport.toChannelsLast(x) }
        let (n, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let keptHeight = height - cropping[0][0] - cropping[0][1], keptWidth = width - cropping[1][0] - cropping[1][1]
        guard keptHeight >= 0, keptWidth >= 0 else {
            throw ExecutionError("\(name): cropping \(cropping) is larger than the input \(inputs[0].shape)")
        }
        var values: [Float] = []
        values.reserveCapacity(n * keptHeight * keptWidth * channels)
        for b in 0..<n {
            for row in 0..<keptHeight {
                let start = ((b * height + row + cropping[0][0]) * width + cropping[1][0]) * channels
                values.append(contentsOf: x.values[start..<(start + keptWidth * channels)])
            }
        }
        let y = Tensor(shape: [n, keptHeight, keptWidth, channels], dtype: x.dtype, values: values)
        return [channelsFirst ? SpatialLayerSupport.toChannelsFirst(y) : y]
    }
}

/// Spatial axes scaled by `size` with TF.js's resizeNearestNeighbor or resizeBilinear (no corner alignment, no
/// half-pixel centers, so bilinear differs from Keras's `tf.image.resize`), interpolating in double precision as
/// TF.js's cpu kernel does.
struct UpSampling2DLayer: Layer {
    let name: String
    let size: [Int]
    let bilinear: Bool
    let channelsFirst: Bool

    init(_ name: String, _ config: LayerConfig) throws(ExecutionError) {
        self.name = name
        if config["size"] == nil {
            size = [2, 2]
        } else {
            guard let size = config["size"]?.intArray, size.count == 2, size.allSatisfy({ $0 > 0 && $0 < 1 << 16 }) else {
                throw ExecutionError("\(name): size must be two positive ints")
            }
            self.size = size
        }
        switch config.string("interpolation") {
        case nil, "nearest": bilinear = false
        case "bilinear": bilinear = true
        case let other?: throw ExecutionError("\(other) is not a valid InterpolationFormat.  Valid values are bilinear,nearest")
        }
        channelsFirst = try SpatialLayerSupport.dataFormat(config) == .channelsFirst
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        var x = try SpatialLayerSupport.single(inputs, name, rank: 4)
        if channelsFirst { x = SpatialLayerSupport.toChannelsLast(x) }
        let y: Tensor
        do {
            y = try Resize.images(x, height: x.shape[1] * size[0], width: x.shape[2] * size[1], bilinear: bilinear)
        } catch {
            throw ExecutionError("\(name): \(error.description)")
        }
        return [channelsFirst ? SpatialLayerSupport.toChannelsFirst(y) : y]
    }
}
