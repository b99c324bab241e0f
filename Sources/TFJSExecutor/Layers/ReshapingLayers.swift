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
        var x = try SpatialLayerSupport.single(inputs, name, rank: 4)
        if channelsFirst { x = SpatialLayerSupport.toChannelsLast(x) }
        let (n, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let outHeight = height + padding[0][0] + padding[0][1], outWidth = width + padding[1][0] + padding[1][1]
        let count = try SpatialConvolution.checkedCount([n, outHeight, outWidth, channels])
        var values = [Float](repeating: 0, count: count)
        let rowLength = width * channels
        for b in 0..<n {
            for row in 0..<height {
                let source = (b * height + row) * rowLength
                let target = ((b * outHeight + row + padding[0][0]) * outWidth + padding[1][0]) * channels
                values.replaceSubrange(target..<(target + rowLength), with: x.values[source..<(source + rowLength)])
            }
        }
        let y = Tensor(shape: [n, outHeight, outWidth, channels], dtype: x.dtype, values: values)
        return [channelsFirst ? SpatialLayerSupport.toChannelsFirst(y) : y]
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
        let (n, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let outShape = [n, height * size[0], width * size[1], channels]
        let count = try SpatialConvolution.checkedCount(outShape)
        let (outHeight, outWidth) = (outShape[1], outShape[2])
        var values = [Float](repeating: 0, count: count)
        let rowScale = Double(height) / Double(max(outHeight, 1)), columnScale = Double(width) / Double(max(outWidth, 1))
        func pixel(_ b: Int, _ row: Int, _ column: Int, _ c: Int) -> Float { x.values[((b * height + row) * width + column) * channels + c] }
        for b in 0..<n {
            for row in 0..<outHeight {
                let sourceRow = rowScale * Double(row)
                for column in 0..<outWidth {
                    let sourceColumn = columnScale * Double(column)
                    let o = ((b * outHeight + row) * outWidth + column) * channels
                    if !bilinear {
                        let r = min(height - 1, Int(sourceRow.rounded(.down))), k = min(width - 1, Int(sourceColumn.rounded(.down)))
                        for c in 0..<channels { values[o + c] = pixel(b, r, k, c) }
                        continue
                    }
                    let top = max(0, Int(sourceRow.rounded(.down))), bottom = min(height - 1, Int(sourceRow.rounded(.up)))
                    let left = max(0, Int(sourceColumn.rounded(.down))), right = min(width - 1, Int(sourceColumn.rounded(.up)))
                    let rowFraction = sourceRow - Double(top), columnFraction = sourceColumn - Double(left)
                    for c in 0..<channels {
                        let topLeft = Double(pixel(b, top, left, c)), topRight = Double(pixel(b, top, right, c))
                        let bottomLeft = Double(pixel(b, bottom, left, c)), bottomRight = Double(pixel(b, bottom, right, c))
                        let upper = topLeft + (topRight - topLeft) * columnFraction
                        let lower = bottomLeft + (bottomRight - bottomLeft) * columnFraction
                        values[o + c] = Float(upper + (lower - upper) * rowFraction)
                    }
                }
            }
        }
        let y = Tensor(shape: outShape, dtype: x.dtype, values: values)
        return [channelsFirst ? SpatialLayerSupport.toChannelsFirst(y) : y]
    }
}
