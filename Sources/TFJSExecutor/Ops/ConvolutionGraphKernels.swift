/// TF.js's convolution-category ops the executor runs: Conv2D and depthwise convolution (plain and fused),
/// Conv2DBackpropInput, Conv3D, 2-D and 3-D max and average pools, MaxPoolWithArgmax and Dilation2D.
enum ConvolutionGraphKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        table["MaxPool"] = { call in [try pool(call, average: false)] }
        table["AvgPool"] = { call in [try pool(call, average: true)] }
        table["Conv2DBackpropInput"] = { call in [try transposedConvolution(call)] }
        table["MaxPool3D"] = { call in [try volume(call, mode: .max)] }
        table["AvgPool3D"] = { call in [try volume(call, mode: .average)] }
        table["Conv3D"] = { call in [try volume(call, mode: .convolution)] }
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

    /// The window of a pool or transposed convolution: TF.js reads positions 1 and 2 of `strides` and `ksize`.
    private static func poolWindow(_ call: GraphOpCall, kernel: (Int, Int)) throws(ExecutionError) -> Convolution.Window {
        let strides = call.attributes.ints("strides")
        guard strides.count == 4, strides[1] > 0, strides[2] > 0, strides[1] <= 1 << 20, strides[2] <= 1 << 20 else {
            throw call.failure("strides \(strides) must hold 4 positive values")
        }
        var window = Convolution.Window()
        window.strides = (strides[1], strides[2])
        switch call.attributes.string("padding") {
        case "same": window.padding = .same
        case "valid": window.padding = .valid
        case "explicit" where call.node.op == "Conv2DBackpropInput":
            window = try Convolution.window(call.attributes, node: call.node)
        default: throw call.failure("padding \(call.attributes.string("padding") ?? "(none)") is not supported by TF.js here")
        }
        guard kernel.0 > 0, kernel.1 > 0 else { throw call.failure("the window must not be empty") }
        return window
    }

    /// Max or average over each window of NHWC input; padded cells count for neither (TF.js's pool).
    private static func pool(_ call: GraphOpCall, average: Bool) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), ksize = call.attributes.ints("ksize")
        guard x.shape.count == 4, ksize.count == 4 else { throw call.failure("needs a rank-4 input and 4 ksize values, got \(x.shape) and \(ksize)") }
        let kernel = (ksize[1], ksize[2]), window = try poolWindow(call, kernel: kernel)
        let (n, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        guard kernel.0 <= 1 << 20, kernel.1 <= 1 << 20,
              let rows = window.output(size: height, kernel: kernel.0, axis: 0), let columns = window.output(size: width, kernel: kernel.1, axis: 1) else {
            throw call.failure("window \(kernel) does not fit input \(x.shape)")
        }
        let shape = [n, rows.count, columns.count, channels]
        var values = [Float](repeating: 0, count: try call.elementCount(shape))
        var out = 0
        for b in 0..<n {
            for oy in 0..<rows.count {
                let top = oy * window.strides.height - rows.before
                let yRange = max(top, 0)..<min(top + kernel.0, height)
                for ox in 0..<columns.count {
                    let left = ox * window.strides.width - columns.before
                    let xRange = max(left, 0)..<min(left + kernel.1, width)
                    for c in 0..<channels {
                        var result: Double = average ? 0 : -.infinity
                        for y in yRange {
                            for column in xRange {
                                let value = Double(x.values[((b * height + y) * width + column) * channels + c])
                                if average { result += value } else if value > result { result = value }
                            }
                        }
                        values[out] = Float(average ? result / Double(yRange.count * xRange.count) : result)
                        out += 1
                    }
                }
            }
        }
        return Tensor(shape: shape, values: values)
    }

    /// The gradient of Conv2D with respect to its input: each input cell spreads `x · filter` over the output
    /// window it would have been computed from.
    private static func transposedConvolution(_ call: GraphOpCall) throws(ExecutionError) -> Tensor {
        let shape = try call.integers(0), filter = try call.input(1), x = try call.input(2)
        guard shape.count == 4, filter.shape.count == 4, x.shape.count == 4, shape[3] == filter.shape[2], x.shape[3] == filter.shape[3] else {
            throw call.failure("output shape \(shape), filter \(filter.shape) and input \(x.shape) do not fit together")
        }
        try checkWindow(call)
        let window = try poolWindow(call, kernel: (filter.shape[0], filter.shape[1]))
        guard let rows = window.output(size: shape[1], kernel: filter.shape[0], axis: 0),
              let columns = window.output(size: shape[2], kernel: filter.shape[1], axis: 1),
              rows.count == x.shape[1], columns.count == x.shape[2], shape[0] == x.shape[0] else {
            throw call.failure("input \(x.shape) is not what a convolution of \(shape) would give")
        }
        let (kH, kW, inC, outC) = (filter.shape[0], filter.shape[1], filter.shape[2], filter.shape[3])
        var values = [Float](repeating: 0, count: try call.elementCount(shape))
        for b in 0..<x.shape[0] {
            for iy in 0..<x.shape[1] {
                for ix in 0..<x.shape[2] {
                    let source = ((b * x.shape[1] + iy) * x.shape[2] + ix) * outC
                    for ky in 0..<kH {
                        let oy = iy * window.strides.height - rows.before + ky
                        guard oy >= 0, oy < shape[1] else { continue }
                        for kx in 0..<kW {
                            let ox = ix * window.strides.width - columns.before + kx
                            guard ox >= 0, ox < shape[2] else { continue }
                            let target = ((b * shape[1] + oy) * shape[2] + ox) * inC, weights = (ky * kW + kx) * inC * outC
                            for ic in 0..<inC {
                                var sum: Float = 0
                                for oc in 0..<outC { sum += x.values[source + oc] * filter.values[weights + ic * outC + oc] }
                                values[target + ic] += sum
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, values: values)
    }

    /// Output size and leading padding of one spatial axis (TF's SAME or VALID rule), nil when it is empty.
    private static func axis(_ call: GraphOpCall, size: Int, kernel: Int, stride: Int, dilation: Int = 1) throws(ExecutionError) -> (count: Int, before: Int) {
        guard (1...(1 << 20)).contains(kernel), (1...(1 << 20)).contains(stride), (1...(1 << 20)).contains(dilation) else {
            throw call.failure("window values \([kernel, stride, dilation]) are out of range")
        }
        var window = Convolution.Window()
        window.strides = (stride, stride)
        window.dilations = (dilation, dilation)
        switch call.attributes.string("padding") {
        case "same": window.padding = .same
        case "valid": window.padding = .valid
        default: throw call.failure("padding \(call.attributes.string("padding") ?? "(none)") is not supported by TF.js here")
        }
        guard let result = window.output(size: size, kernel: kernel, axis: 0) else { throw call.failure("the output of axis size \(size) would be empty") }
        return result
    }

    private enum VolumeMode { case max, average, convolution }

    /// NDHWC max or average pooling (padded cells excluded) or Conv3D with a DHWIO filter.
    private static func volume(_ call: GraphOpCall, mode: VolumeMode) throws(ExecutionError) -> Tensor {
        let x = try call.input(0), strides = call.attributes.ints("strides")
        let filter = mode == .convolution ? try call.input(1) : nil
        let kernel = filter.map { Array($0.shape.prefix(3)) } ?? Array(call.attributes.ints("ksize").dropFirst().prefix(3))
        let dilations = mode == .convolution ? Array(call.attributes.ints("dilations").dropFirst().prefix(3)) : [1, 1, 1]
        guard x.shape.count == 5, strides.count == 5, kernel.count == 3, dilations.count == 3 else {
            throw call.failure("needs a rank-5 input with 5 strides and a 3-D window, got \(x.shape)")
        }
        if let filter { guard filter.shape.count == 5, filter.shape[3] == x.shape[4] else { throw call.failure("filter \(filter.shape) does not fit input \(x.shape)") } }
        guard strides[1...3].allSatisfy({ $0 == 1 }) || dilations.allSatisfy({ $0 == 1 }) else { throw call.failure("either strides or dilations must be 1") }
        var axes: [(count: Int, before: Int)] = []
        for d in 0..<3 { axes.append(try axis(call, size: x.shape[d + 1], kernel: kernel[d], stride: strides[d + 1], dilation: dilations[d])) }
        let channels = x.shape[4], outChannels = filter?.shape[4] ?? channels
        let shape = [x.shape[0], axes[0].count, axes[1].count, axes[2].count, outChannels]
        var values = [Float](repeating: 0, count: try call.elementCount(shape))
        let inStrides = Tensor.strides(x.shape)
        var out = 0
        for b in 0..<x.shape[0] {
            for od in 0..<axes[0].count {
                for oh in 0..<axes[1].count {
                    for ow in 0..<axes[2].count {
                        let origin = [od, oh, ow].enumerated().map { $0.element * strides[$0.offset + 1] - axes[$0.offset].before }
                        var sums = [Double](repeating: mode == .max ? -.infinity : 0, count: outChannels), cells = 0
                        for kd in 0..<kernel[0] {
                            let z = origin[0] + kd * dilations[0]
                            guard z >= 0, z < x.shape[1] else { continue }
                            for kh in 0..<kernel[1] {
                                let y = origin[1] + kh * dilations[1]
                                guard y >= 0, y < x.shape[2] else { continue }
                                for kw in 0..<kernel[2] {
                                    let column = origin[2] + kw * dilations[2]
                                    guard column >= 0, column < x.shape[3] else { continue }
                                    cells += 1
                                    let base = b * inStrides[0] + z * inStrides[1] + y * inStrides[2] + column * inStrides[3]
                                    for c in 0..<channels {
                                        let value = Double(x.values[base + c])
                                        switch mode {
                                        case .max: if value > sums[c] { sums[c] = value }
                                        case .average: sums[c] += value
                                        case .convolution:
                                            let weights = (((kd * kernel[1] + kh) * kernel[2] + kw) * channels + c) * outChannels
                                            for k in 0..<outChannels { sums[k] += value * Double(filter!.values[weights + k]) }
                                        }
                                    }
                                }
                            }
                        }
                        for value in sums {
                            values[out] = Float(mode == .average ? value / Double(max(cells, 1)) : value)
                            out += 1
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, values: values)
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
