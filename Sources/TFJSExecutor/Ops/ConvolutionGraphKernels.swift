/// TF.js's convolution-category ops the executor runs: Conv2D and depthwise convolution (plain and fused),
/// Conv2DBackpropInput, Conv3D, 2-D and 3-D max and average pools, MaxPoolWithArgmax and Dilation2D.
enum ConvolutionGraphKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        table["MaxPool"] = { call in [try pool(call, .max, spatialRank: 2)] }
        table["AvgPool"] = { call in [try pool(call, .average, spatialRank: 2)] }
        table["Conv2DBackpropInput"] = { call in [try transposedConvolution(call)] }
        table["MaxPool3D"] = { call in [try pool(call, .max, spatialRank: 3)] }
        table["AvgPool3D"] = { call in [try pool(call, .average, spatialRank: 3)] }
        table["Conv3D"] = { call in [try convolution3D(call)] }
        table["MaxPoolWithArgmax"] = { call in try maxPoolWithArgmax(call) }
        table["Dilation2D"] = { call in [try dilation(call)] }
        for op in ["Conv2D", "DepthwiseConv2d", "DepthwiseConv2dNative", "_FusedConv2D", "FusedDepthwiseConv2dNative"] {
            table[op] = { call in
                try call.requireInputs(2)
                try checkWindow(call)
                if op.hasPrefix("_Fused") || op.hasPrefix("Fused") { try FusedOps.check(call, numArguments: call.inputs.count - 2) }
                return [try Convolution.run(call.node, call.inputs, call.attributes)]
            }
        }
        return table
    }()

    /// TF.js's rule that strides or dilations be 1, and bounds that keep absurd windows from overflowing or
    /// allocating absurd outputs.
    private static func checkWindow(_ call: GraphOpCall) throws(ExecutionError) {
        let strides = call.attributes.ints("strides"), dilations = call.attributes.ints("dilations")
        for value in strides + dilations + call.attributes.ints("explicit_paddings") where Swift.abs(value) > 1 << 20 {
            throw call.failure("window value \(value) is out of range")
        }
        let strided = strides.dropFirst().prefix(2).contains { $0 != 1 }, dilated = dilations.dropFirst().prefix(2).contains { $0 != 1 }
        guard !(strided && dilated) else { throw call.failure("either strides or dilations must be 1") }
        let (x, filter) = (call.inputs[0], call.inputs[1])
        guard x.shape.count == 4, filter.shape.count == 4 else { return }
        let window = try Convolution.window(call.attributes, node: call.node)
        if let rows = window.output(size: x.shape[1], kernel: filter.shape[0], axis: 0),
           let columns = window.output(size: x.shape[2], kernel: filter.shape[1], axis: 1) {
            let channels = call.node.op.contains("Depthwise") ? x.shape[3] * filter.shape[3] : filter.shape[3]
            _ = try call.elementCount([x.shape[0], rows.count, columns.count, channels])
        }
    }

    /// TF.js's `pad` for the ops here: SAME or VALID, and EXPLICIT (the spatial pairs of `explicit_paddings`) where
    /// `explicit` allows it.
    private static func padding(_ call: GraphOpCall, spatialRank: Int, explicit: Bool = false) throws(ExecutionError) -> SpatialConvolution.Padding {
        switch call.attributes.string("padding") {
        case "same": return .same
        case "valid": return .valid
        case "explicit" where explicit:
            let pads = call.attributes.ints("explicit_paddings"), spatial = 1...spatialRank
            guard pads.count == 2 * (spatialRank + 2) else { throw call.failure("explicit padding needs \(2 * (spatialRank + 2)) values") }
            return .explicit(before: spatial.map { pads[2 * $0] }, after: spatial.map { pads[2 * $0 + 1] })
        default: throw call.failure("padding \(call.attributes.string("padding") ?? "(none)") is not supported by TF.js here")
        }
    }

    /// The spatial values (positions 1 to `spatialRank`) of a window attribute with one value per input axis, each in
    /// 1...2^20.
    private static func spatial(_ call: GraphOpCall, _ name: String, spatialRank: Int) throws(ExecutionError) -> [Int] {
        let values = call.attributes.ints(name)
        guard values.count == spatialRank + 2, values[1...spatialRank].allSatisfy({ (1...(1 << 20)).contains($0) }) else {
            throw call.failure("\(name) \(values) must hold \(spatialRank + 2) values, the spatial ones in 1...\(1 << 20)")
        }
        return Array(values[1...spatialRank])
    }

    /// Max or average over each window of an NHWC (`spatialRank` 2) or NDHWC (3) input; padded cells count for
    /// neither (TF.js's pool and pool3d).
    private static func pool(_ call: GraphOpCall, _ mode: Pooling.Mode, spatialRank: Int) throws(ExecutionError) -> Tensor {
        let x = try call.input(0)
        guard x.shape.count == spatialRank + 2 else { throw call.failure("needs a rank-\(spatialRank + 2) input, got \(x.shape)") }
        let window = try spatial(call, "ksize", spatialRank: spatialRank), strides = try spatial(call, "strides", spatialRank: spatialRank)
        let padding = try padding(call, spatialRank: spatialRank)
        return try call.naming { () throws(ExecutionError) in try Pooling.pool(x, mode, window: window, strides: strides, padding: padding) }
    }

    /// NDHWC Conv3D with a DHWIO filter.
    private static func convolution3D(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        // The op mapper defaults data_format to "NHWC", and tf.conv3d accepts only NDHWC.
        let dataFormat = call.attributes.string("data_format") ?? "nhwc"
        guard dataFormat == "ndhwc" else {
            throw call.failure("Error in conv3d: got dataFormat of \(dataFormat.uppercased()) but only NDHWC is currently supported.")
        }
        let x = try call.input(0), filter = try call.input(1)
        let strides = try spatial(call, "strides", spatialRank: 3), dilations = try spatial(call, "dilations", spatialRank: 3)
        guard strides.allSatisfy({ $0 == 1 }) || dilations.allSatisfy({ $0 == 1 }) else { throw call.failure("either strides or dilations must be 1") }
        let padding = try padding(call, spatialRank: 3)
        return try call.naming { () throws(ExecutionError) in
            try SpatialConvolution.convolve(x, filter, strides: strides, dilations: dilations, padding: padding)
        }
    }

    /// The gradient of Conv2D with respect to its input: each input cell spreads `x · filter` over the output
    /// window it would have been computed from.
    private static func transposedConvolution(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let shape = try call.integers(0), filter = try call.input(1), x = try call.input(2)
        guard shape.count == 4, filter.shape.count == 4, x.shape.count == 4, shape[3] == filter.shape[2], x.shape[3] == filter.shape[3] else {
            throw call.failure("output shape \(shape), filter \(filter.shape) and input \(x.shape) do not fit together")
        }
        try checkWindow(call)
        let strides = try spatial(call, "strides", spatialRank: 2), padding = try padding(call, spatialRank: 2, explicit: true)
        let outputSpatial = Array(shape[1...2]), kernel = Array(filter.shape[0..<2])
        guard let (counts, _) = SpatialConvolution.outputs(outputSpatial, kernel: kernel, strides: strides, dilations: [1, 1], padding: padding),
              counts == Array(x.shape[1...2]), shape[0] == x.shape[0] else {
            throw call.failure("input \(x.shape) is not what a convolution of \(shape) would give")
        }
        _ = try call.elementCount(shape)
        return try call.naming { () throws(ExecutionError) in
            try SpatialConvolution.transposed(x, filter, outputSpatial: outputSpatial, strides: strides, padding: padding)
        }
    }

    /// Output size and leading padding of one spatial axis (TF's SAME or VALID rule), nil when it is empty.
    private static func axis(_ call: GraphOpCall, size: Int, kernel: Int, stride: Int, dilation: Int = 1) throws(ExecutionError) -> (count: Int, before: Int) {
        guard (1...(1 << 20)).contains(kernel), (1...(1 << 20)).contains(stride), (1...(1 << 20)).contains(dilation) else {
            throw call.failure("window values \([kernel, stride, dilation]) are out of range")
        }
        let extent = SpatialConvolution.Axis(size: size, kernel: kernel, stride: stride, dilation: dilation)
        guard let result = extent.output(try padding(call, spatialRank: 2), axis: 0) else {
            throw call.failure("the output of axis size \(size) would be empty")
        }
        return result
    }

    /// MaxPool plus the flat index of each maximum, (y·W + x)·C + c, offset by the batch when include_batch_in_index.
    private static func maxPoolWithArgmax(_ call: GraphOpCall) throws(ExecutionError) -> [Tensor] {
        let x = try call.input(0), ksize = call.attributes.ints("ksize"), strides = call.attributes.ints("strides")
        guard x.shape.count == 4, ksize.count == 4, strides.count == 4 else { throw call.failure("needs a rank-4 input, 4 ksize and 4 strides") }
        let rows = try axis(call, size: x.shape[1], kernel: ksize[1], stride: strides[1])
        let columns = try axis(call, size: x.shape[2], kernel: ksize[2], stride: strides[2])
        let (height, width, channels) = (x.shape[1], x.shape[2], x.shape[3]), withBatch = call.attributes.bool("include_batch_in_index") ?? false
        let shape = [x.shape[0], rows.count, columns.count, channels]
        var values = [Float](repeating: 0, count: try call.elementCount(shape)), indexes = values
        var out = 0
        for b in 0..<x.shape[0] {
            for oy in 0..<rows.count {
                for ox in 0..<columns.count {
                    for c in 0..<channels {
                        var best = -Float.infinity, bestIndex = -1
                        for y in max(oy * strides[1] - rows.before, 0)..<min(oy * strides[1] - rows.before + ksize[1], height) {
                            for column in max(ox * strides[2] - columns.before, 0)..<min(ox * strides[2] - columns.before + ksize[2], width) {
                                let value = x.values[((b * height + y) * width + column) * channels + c]
                                if value > best || bestIndex < 0 {
                                    best = value
                                    bestIndex = ((withBatch ? b * height + y : y) * width + column) * channels + c
                                }
                            }
                        }
                        values[out] = best
                        indexes[out] = Float(bestIndex)
                        out += 1
                    }
                }
            }
        }
        return [Tensor(shape: shape, values: values), Tensor(shape: shape, dtype: .int32, values: indexes)]
    }

    /// Grayscale dilation: the maximum of input + filter over each window of an NHWC input and [h, w, C] filter.
    private static func dilation(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), filter = try call.input(1)
        let strides = call.attributes.ints("strides"), rates = call.attributes.ints("rates")
        guard x.shape.count == 4, filter.shape.count == 3, filter.shape[2] == x.shape[3], strides.count == 4, rates.count == 4 else {
            throw call.failure("needs a rank-4 input, a [h, w, C] filter and 4 strides and rates")
        }
        let rows = try axis(call, size: x.shape[1], kernel: filter.shape[0], stride: strides[1], dilation: rates[1])
        let columns = try axis(call, size: x.shape[2], kernel: filter.shape[1], stride: strides[2], dilation: rates[2])
        let (height, width, channels) = (x.shape[1], x.shape[2], x.shape[3])
        let shape = [x.shape[0], rows.count, columns.count, channels]
        var values = [Float](repeating: 0, count: try call.elementCount(shape))
        var out = 0
        for b in 0..<x.shape[0] {
            for oy in 0..<rows.count {
                for ox in 0..<columns.count {
                    for c in 0..<channels {
                        var best = -Float.infinity
                        for ky in 0..<filter.shape[0] {
                            let y = oy * strides[1] - rows.before + ky * rates[1]
                            guard y >= 0, y < height else { continue }
                            for kx in 0..<filter.shape[1] {
                                let column = ox * strides[2] - columns.before + kx * rates[2]
                                guard column >= 0, column < width else { continue }
                                let value = x.values[((b * height + y) * width + column) * channels + c] + filter.values[(ky * filter.shape[1] + kx) * channels + c]
                                if value > best { best = value }
                            }
                        }
                        values[out] = best
                        out += 1
                    }
                }
            }
        }
        return Tensor(shape: shape, values: values)
    }
}
