/// TF.js's image ops: bilinear and nearest-neighbour resizing, CropAndResize and ImageProjectiveTransformV3, with
/// its cpu kernels' coordinates.
enum ImageKernels {
    static let kernels: [String: GraphKernel] = [
        "ResizeBilinear": { call in [try resize(call, bilinear: true)] },
        "ResizeNearestNeighbor": { call in [try resize(call, bilinear: false)] },
        "CropAndResize": { call in [try cropAndResize(call)] },
        "ImageProjectiveTransformV3": { call in [try projectiveTransform(call)] },
    ]

    private static func resize(_ call: GraphOpCall, bilinear: Bool) throws(ExecutionError) -> Tensor {
        let images = try call.input(0), size = try call.integers(1)
        let alignCorners = call.attributes.bool("align_corners") ?? false, halfPixel = call.attributes.bool("half_pixel_centers") ?? false
        guard images.shape.count == 4 || images.shape.count == 3, size.count >= 2, size[0] > 0, size[1] > 0 else {
            throw call.failure("needs rank-3 or rank-4 images and a positive size, got \(images.shape) and \(size)")
        }
        guard !(alignCorners && halfPixel) else { throw call.failure("align_corners and half_pixel_centers cannot both be true") }
        let batched = images.shape.count == 4 ? images : images.reshaped([1] + images.shape)
        let result = try call.naming { () throws(ExecutionError) in
            try Resize.images(batched, height: size[0], width: size[1], bilinear: bilinear, alignCorners: alignCorners, halfPixelCenters: halfPixel)
        }
        return images.shape.count == 4 ? result : result.reshaped(Array(result.shape.dropFirst()))
    }

    /// JavaScript's Math.round: halves go up.
    static func javaScriptRound(_ x: Double) -> Double { (x + 0.5).rounded(.down) }

    private static func cropAndResize(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        try call.requireInputs(4)
        let image = call.inputs[0], boxes = call.inputs[1], boxIndices = call.inputs[2], crop = try call.integers(3)
        guard image.shape.count == 4, boxes.shape.count == 2, boxes.shape[1] == 4, boxIndices.shape == [boxes.shape[0]],
              crop.count == 2, crop[0] > 0, crop[1] > 0 else {
            throw call.failure("needs a rank-4 image, [n, 4] boxes, n box indices and a positive crop size")
        }
        let (batch, height, width, channels) = (image.shape[0], image.shape[1], image.shape[2], image.shape[3])
        let bilinear = (call.attributes.string("method") ?? "bilinear") == "bilinear"
        let extrapolation = Float(call.attributes.float("extrapolation_value") ?? .nan)
        let (cropHeight, cropWidth) = (crop[0], crop[1])
        let shape = [boxes.shape[0], cropHeight, cropWidth, channels]
        var values = [Float](repeating: 0, count: try call.elementCount(shape))
        for box in 0..<boxes.shape[0] {
            let corners = (0..<4).map { Double(boxes.values[box * 4 + $0]) }
            let (y1, x1, y2, x2) = (corners[0], corners[1], corners[2], corners[3])
            guard let b = boxIndices.values[box].int32, b >= 0, b < batch else { continue }
            let heightScale = cropHeight > 1 ? (y2 - y1) * Double(height - 1) / Double(cropHeight - 1) : 0
            let widthScale = cropWidth > 1 ? (x2 - x1) * Double(width - 1) / Double(cropWidth - 1) : 0
            for y in 0..<cropHeight {
                let yIndex = cropHeight > 1 ? y1 * Double(height - 1) + Double(y) * heightScale : 0.5 * (y1 + y2) * Double(height - 1)
                for x in 0..<cropWidth {
                    let xIndex = cropWidth > 1 ? x1 * Double(width - 1) + Double(x) * widthScale : 0.5 * (x1 + x2) * Double(width - 1)
                    let out = ((box * cropHeight + y) * cropWidth + x) * channels
                    guard yIndex >= 0, yIndex <= Double(height - 1), xIndex >= 0, xIndex <= Double(width - 1) else {
                        for c in 0..<channels { values[out + c] = extrapolation }
                        continue
                    }
                    func pixel(_ row: Int, _ column: Int, _ c: Int) -> Double { Double(image.values[((b * height + row) * width + column) * channels + c]) }
                    for c in 0..<channels {
                        if bilinear {
                            let top = Int(yIndex.rounded(.down)), bottom = Int(yIndex.rounded(.up))
                            let left = Int(xIndex.rounded(.down)), right = Int(xIndex.rounded(.up))
                            let yLerp = yIndex - Double(top), xLerp = xIndex - Double(left)
                            let upper = pixel(top, left, c) + (pixel(top, right, c) - pixel(top, left, c)) * xLerp
                            let lower = pixel(bottom, left, c) + (pixel(bottom, right, c) - pixel(bottom, left, c)) * xLerp
                            values[out + c] = Float(upper + (lower - upper) * yLerp)
                        } else {
                            values[out + c] = Float(pixel(Int(javaScriptRound(yIndex)), Int(javaScriptRound(xIndex)), c))
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, values: values)
    }

    /// Each output pixel read from the input point its projective transform maps it to. TF.js's kernel returns after
    /// the first image, so later images of a batch keep the fill value.
    private static func projectiveTransform(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        try call.requireInputs(4)
        let image = call.inputs[0], transforms = call.inputs[1], size = try call.integers(2), fill = try call.number(3)
        guard image.shape.count == 4, transforms.shape.count == 2, transforms.shape[1] == 8,
              transforms.shape[0] == 1 || transforms.shape[0] == image.shape[0], size.count == 2 else {
            throw call.failure("needs [b, h, w, c] images, [1 or b, 8] transforms and an [h, w] size")
        }
        let interpolation = call.attributes.string("interpolation") ?? "", mode = call.attributes.string("fill_mode") ?? "constant"
        guard interpolation == "nearest" || interpolation == "bilinear" else {
            throw call.failure("expected 'nearest' or 'bilinear' interpolation, got '\(interpolation)'")
        }
        let (height, width, channels) = (image.shape[1], image.shape[2], image.shape[3])
        let shape = [image.shape[0], size[0], size[1], channels]
        var values = [Float](repeating: Tensor.stored(Double(fill), as: image.dtype), count: try call.elementCount(shape))
        guard image.shape[0] > 0 else { return Tensor(shape: shape, dtype: image.dtype, values: values) }
        let t = transforms.values.prefix(8).map(Double.init)
        func read(_ y: Double, _ x: Double, _ c: Int) -> Double {
            guard y >= 0, y < Double(height), x >= 0, x < Double(width) else { return Double(fill) }
            return Double(image.values[(Int(y) * width + Int(x)) * channels + c])
        }
        for outY in 0..<size[0] {
            for outX in 0..<size[1] {
                let projection = t[6] * Double(outX) + t[7] * Double(outY) + 1
                guard projection != 0 else { continue }
                let x = coordinate((t[0] * Double(outX) + t[1] * Double(outY) + t[2]) / projection, width, mode)
                let y = coordinate((t[3] * Double(outX) + t[4] * Double(outY) + t[5]) / projection, height, mode)
                for c in 0..<channels {
                    let value: Double
                    if interpolation == "nearest" {
                        value = read(javaScriptRound(y), javaScriptRound(x), c)
                    } else {
                        let (y0, x0) = (y.rounded(.down), x.rounded(.down))
                        let top = (x0 + 1 - x) * read(y0, x0, c) + (x - x0) * read(y0, x0 + 1, c)
                        let bottom = (x0 + 1 - x) * read(y0 + 1, x0, c) + (x - x0) * read(y0 + 1, x0 + 1, c)
                        value = (y0 + 1 - y) * top + (y - y0) * bottom
                    }
                    values[(outY * size[1] + outX) * channels + c] = Tensor.stored(value, as: image.dtype)
                }
            }
        }
        return Tensor(shape: shape, dtype: image.dtype, values: values)
    }

    /// An input coordinate brought inside [0, length − 1] by the fill mode (TF.js's mapCoord; constant leaves it).
    private static func coordinate(_ value: Double, _ length: Int, _ mode: String) -> Double {
        let size = Double(length)
        var result = value
        switch mode {
        case "reflect":
            if result < 0 {
                guard length > 1 else { return 0 }
                let twice = 2 * size
                if result < twice { result += twice * (-result / twice).rounded(.towardZero) }
                result = result < -size ? result + twice : -result - 1
            } else if result > size - 1 {
                guard length > 1 else { return 0 }
                let twice = 2 * size
                result -= twice * (result / twice).rounded(.towardZero)
                if result >= size { result = twice - result - 1 }
            }
        case "wrap":
            if result < 0 {
                guard length > 1 else { return 0 }
                result += size * ((-result / (size - 1)).rounded(.towardZero) + 1)
            } else if result > size - 1 {
                guard length > 1 else { return 0 }
                result -= size * (result / (size - 1)).rounded(.towardZero)
            }
        case "nearest": break
        default: return value
        }
        return min(max(result, 0), size - 1)
    }
}

/// NHWC images resized as TF.js's cpu resizeBilinear / resizeNearestNeighbor compute them (bilinear in double
/// precision); used by the graph ops and by UpSampling2D.
enum Resize {
    static func images(
        _ images: Tensor, height outHeight: Int, width outWidth: Int, bilinear: Bool, alignCorners: Bool = false, halfPixelCenters halfPixel: Bool = false
    ) throws(ExecutionError) -> Tensor {
        let (batch, height, width, channels) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        guard height > 0, width > 0 else { throw ExecutionError("cannot resize empty images \(images.shape)") }
        let shape = [batch, outHeight, outWidth, channels]
        guard let count = Tensor.elementCount(shape), count <= maximumElementCount else {
            throw ExecutionError("output shape \(shape) is negative or too large")
        }
        func ratio(_ input: Int, _ output: Int) -> Double {
            alignCorners && output > 1 ? Double(input - 1) / Double(output - 1) : Double(input) / Double(output)
        }
        func nearest(_ source: Double, _ size: Int) -> Int {
            let index = min(size - 1, Int(alignCorners ? ImageKernels.javaScriptRound(source) : source.rounded(.down)))
            return halfPixel ? max(0, index) : index
        }
        let rowRatio = ratio(height, outHeight), columnRatio = ratio(width, outWidth)
        var values = [Float](repeating: 0, count: count)
        var out = 0
        for b in 0..<batch {
            for r in 0..<outHeight {
                let sourceRow = rowRatio * (Double(r) + (halfPixel ? 0.5 : 0)) - (halfPixel && bilinear ? 0.5 : 0)
                for c in 0..<outWidth {
                    let sourceColumn = columnRatio * (Double(c) + (halfPixel ? 0.5 : 0)) - (halfPixel && bilinear ? 0.5 : 0)
                    for d in 0..<channels {
                        func pixel(_ y: Int, _ x: Int) -> Double { Double(images.values[((b * height + y) * width + x) * channels + d]) }
                        if bilinear {
                            let top = max(0, Int(sourceRow.rounded(.down))), bottom = min(height - 1, Int(sourceRow.rounded(.up)))
                            let left = max(0, Int(sourceColumn.rounded(.down))), right = min(width - 1, Int(sourceColumn.rounded(.up)))
                            let rowFraction = sourceRow - Double(top), columnFraction = sourceColumn - Double(left)
                            let upper = pixel(top, left) + (pixel(top, right) - pixel(top, left)) * columnFraction
                            let lower = pixel(bottom, left) + (pixel(bottom, right) - pixel(bottom, left)) * columnFraction
                            values[out] = Float(upper + (lower - upper) * rowFraction)
                        } else {
                            values[out] = Float(pixel(nearest(sourceRow, height), nearest(sourceColumn, width)))
                        }
                        out += 1
                    }
                }
            }
        }
        return Tensor(shape: shape, dtype: bilinear ? .float32 : images.dtype, values: values)
    }
}
