/// TF.js's convolution-category ops the executor runs: Conv2D and depthwise convolution (plain and fused),
/// Conv2DBackpropInput, MaxPool and AvgPool.
enum ConvolutionKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        table["MaxPool"] = { call in [try pool(call, average: false)] }
        table["AvgPool"] = { call in [try pool(call, average: true)] }
        table["Conv2DBackpropInput"] = { call in [try transposedConvolution(call)] }
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
}
