import Foundation

/// Conv2D and depthwise convolution in NHWC with HWIO / HWIM filters, SAME / VALID / EXPLICIT padding,
/// strides and dilations, and the fused ops of `_FusedConv2D` / `FusedDepthwiseConv2dNative`.
enum Convolution {
    /// How the input is padded: TF's SAME (extra row/column at the bottom/right) or VALID, or explicit amounts.
    enum Padding: Sendable, Equatable {
        case same, valid
        case explicit(top: Int, bottom: Int, left: Int, right: Int)
    }

    /// Strides, dilations and padding of a 2-D window over NHWC input.
    struct Window: Sendable, Equatable {
        var strides: (height: Int, width: Int) = (1, 1)
        var dilations: (height: Int, width: Int) = (1, 1)
        var padding: Padding = .valid

        static func == (a: Window, b: Window) -> Bool {
            a.strides == b.strides && a.dilations == b.dilations && a.padding == b.padding
        }

        /// Output size and the padding before the first element, for an input of `size` and a kernel of `kernel`
        /// along one axis (`axis` 0 is height, 1 is width); nil when the output would be empty.
        func output(size: Int, kernel: Int, axis: Int) -> (count: Int, before: Int)? {
            let spatialPadding: SpatialConvolution.Padding
            switch padding {
            case .same: spatialPadding = .same
            case .valid: spatialPadding = .valid
            case let .explicit(top, bottom, left, right): spatialPadding = .explicit(before: [top, left], after: [bottom, right])
            }
            let (stride, dilation) = axis == 0 ? (strides.height, dilations.height) : (strides.width, dilations.width)
            return SpatialConvolution.Axis(size: size, kernel: kernel, stride: stride, dilation: dilation).output(spatialPadding, axis: axis)
        }
    }

    /// A graph node's Conv2D / DepthwiseConv2dNative (plain or fused) from its attributes.
    static func run(_ node: GraphModel.Node, _ inputs: [Tensor], _ attributes: Attributes) throws(ExecutionError) -> Tensor {
        try run(node, inputs, attributes, absorbing: nil)
    }

    /// As `run(_:_:_:)`; a plain (unfused) op also applies `following`, the per-channel ops after it that the graph
    /// runs as part of it, and `padding` replaces the node's (for a Pad before it that the graph runs as part of it).
    static func run(_ node: GraphModel.Node, _ inputs: [Tensor], _ attributes: Attributes,
                    absorbing following: Gemm.Epilogue?, padding: Padding? = nil) throws(ExecutionError) -> Tensor {
        guard inputs.count >= 2 else { throw ExecutionError("\(node.op) '\(node.name)' needs an input and a filter") }
        guard (attributes.string("data_format") ?? "nhwc") == "nhwc" else {
            throw ExecutionError("\(node.op) '\(node.name)' uses NCHW, which the executor does not run", ruleID: "unsupported-data-format")
        }
        var window = try self.window(attributes, node: node)
        if let padding { window.padding = padding }
        let depthwise = node.op.contains("Depthwise"), isFused = node.op.hasPrefix("_Fused") || node.op.hasPrefix("Fused")
        let filter = inputs[1], arguments = Array(inputs.dropFirst(2))
        let channels = filter.shape.count == 4 ? (depthwise ? filter.shape[2] * filter.shape[3] : filter.shape[3]) : 0
        let epilogue = isFused ? Self.epilogue(attributes.strings("fused_ops"), arguments, channels: channels) : following ?? Gemm.Epilogue()
        var result: Tensor
        do {
            result = depthwise
                ? try depthwiseConv2d(inputs[0], filter, window, epilogue: epilogue ?? Gemm.Epilogue())
                : try conv2d(inputs[0], filter, window, epilogue: epilogue ?? Gemm.Epilogue())
        } catch {
            throw ExecutionError("\(node.op) '\(node.name)': \(error.description)", ruleID: error.ruleID)
        }
        if isFused && epilogue == nil {
            result = try fused(node, result, arguments, attributes)
        }
        return result
    }

    /// The part of TF.js's fused ops a kernel applies while storing its output: a bias per output channel, then
    /// relu or relu6; nil when the fused ops are anything else (`fused` then applies them).
    static func epilogue(_ fusedOps: [String], _ arguments: [Tensor], channels: Int) -> Gemm.Epilogue? {
        guard fusedOps.first == "biasadd", fusedOps.count <= 2, let bias = arguments.first, bias.shape == [channels],
              bias.values.count == channels else { return nil }
        switch fusedOps.dropFirst().first {
        case nil: return Gemm.Epilogue(bias: bias.values, activation: .linear)
        case "relu": return Gemm.Epilogue(bias: bias.values, activation: .relu)
        case "relu6": return Gemm.Epilogue(bias: bias.values, activation: .relu6)
        default: return nil
        }
    }

    /// The window a node's `strides`, `dilations`, `padding` and `explicit_paddings` attributes describe.
    static func window(_ attributes: Attributes, node: GraphModel.Node) throws(ExecutionError) -> Window {
        let strides = attributes.ints("strides"), dilations = attributes.ints("dilations")
        var window = Window()
        if strides.count == 4 { window.strides = (strides[1], strides[2]) }
        if dilations.count == 4 { window.dilations = (dilations[1], dilations[2]) }
        switch attributes.string("padding") ?? "valid" {
        case "same": window.padding = .same
        case "explicit":
            let pads = attributes.ints("explicit_paddings")
            guard pads.count == 8 else { throw ExecutionError("\(node.name): explicit padding needs 8 values") }
            window.padding = .explicit(top: pads[2], bottom: pads[3], left: pads[4], right: pads[5])
        default: window.padding = .valid
        }
        return window
    }

    /// NHWC input, HWIO filter.
    static func conv2d(_ x: Tensor, _ filter: Tensor, _ window: Window) throws(ExecutionError) -> Tensor {
        try conv2d(x, filter, window, epilogue: Gemm.Epilogue())
    }

    /// NHWC input, HWIM filter (channel multiplier M): output channel c·M + m.
    static func depthwiseConv2d(_ x: Tensor, _ filter: Tensor, _ window: Window) throws(ExecutionError) -> Tensor {
        try depthwiseConv2d(x, filter, window, epilogue: Gemm.Epilogue())
    }

    /// Sizes of one convolution: input, kernel, output and the padding before the first row and column.
    struct Geometry: Sendable {
        let batch, inHeight, inWidth, inChannels, kernelHeight, kernelWidth, outHeight, outWidth, outChannels, top, left: Int
        let window: Window

        init(_ x: Tensor, _ filter: Tensor, _ window: Window, depthwise: Bool) throws(ExecutionError) {
            guard x.shape.count == 4, filter.shape.count == 4 else {
                throw ExecutionError("input \(x.shape) and filter \(filter.shape) must be rank 4")
            }
            guard Tensor.elementCount(x.shape) == x.values.count, Tensor.elementCount(filter.shape) == filter.values.count else {
                throw ExecutionError("input \(x.shape) or filter \(filter.shape) does not hold as many values as its shape says")
            }
            (batch, inHeight, inWidth, inChannels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            (kernelHeight, kernelWidth) = (filter.shape[0], filter.shape[1])
            guard filter.shape[2] == inChannels else {
                throw ExecutionError("filter \(filter.shape) does not match \(inChannels) input channels")
            }
            outChannels = depthwise ? inChannels * filter.shape[3] : filter.shape[3]
            guard let (outHeight, top) = window.output(size: inHeight, kernel: kernelHeight, axis: 0),
                  let (outWidth, left) = window.output(size: inWidth, kernel: kernelWidth, axis: 1),
                  let count = Tensor.elementCount([batch, outHeight, outWidth, outChannels]), count <= 1 << 31 else {
                throw ExecutionError("the output of input \(x.shape) and filter \(filter.shape) would be empty or too large")
            }
            (self.outHeight, self.top, self.outWidth, self.left) = (outHeight, top, outWidth, left)
            self.window = window
        }

        var outputShape: [Int] { [batch, outHeight, outWidth, outChannels] }
        var outputPixels: Int { batch * outHeight * outWidth }

        /// Whether output pixel r reads exactly input pixel r: a 1×1 kernel, stride 1, no padding.
        var isPointwise: Bool {
            kernelHeight == 1 && kernelWidth == 1 && outHeight == inHeight && outWidth == inWidth && top == 0 && left == 0
        }

        /// Writes the im2col rows of output pixels `rows` (kernel row, kernel column, input channel; zero where the
        /// window is outside the input) to `target`.
        func gather(_ rows: Range<Int>, from input: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>) {
            let depth = kernelHeight * kernelWidth * inChannels
            for r in rows {
                let b = r / (outHeight * outWidth), oy = r / outWidth % outHeight, ox = r % outWidth
                var destination = target + (r - rows.lowerBound) * depth
                for ky in 0..<kernelHeight {
                    let iy = oy * window.strides.height - top + ky * window.dilations.height
                    for kx in 0..<kernelWidth {
                        let ix = ox * window.strides.width - left + kx * window.dilations.width
                        if iy >= 0, iy < inHeight, ix >= 0, ix < inWidth {
                            destination.update(from: input + ((b * inHeight + iy) * inWidth + ix) * inChannels, count: inChannels)
                        } else {
                            destination.update(repeating: 0, count: inChannels)
                        }
                        destination += inChannels
                    }
                }
            }
        }
    }

    /// Conv2D as one matrix product: output pixels × (kernel window · input channels) times the filter read as a
    /// matrix. A 1×1 stride-1 kernel reads the input as it is; others gather their rows chunk by chunk (im2col).
    static func conv2d(_ x: Tensor, _ filter: Tensor, _ window: Window, epilogue: Gemm.Epilogue) throws(ExecutionError) -> Tensor {
        let geometry = try Geometry(x, filter, window, depthwise: false)
        let depth = geometry.kernelHeight * geometry.kernelWidth * geometry.inChannels, columns = geometry.outChannels
        let rows = geometry.outputPixels
        guard rows > 0, columns > 0 else { return Tensor(shape: geometry.outputShape, values: []) }
        let packed = Gemm.PackedMatrix(filter.values, depth: depth, columns: columns, transposed: false)
        let values = [Float](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
            x.values.withNonNilPointer { inputPointer in
                let input = SharedPointer(inputPointer), output = buffer.baseAddress!
                if geometry.isPointwise {
                    Gemm.multiply(rows: rows, packed, epilogue, needsScratch: false, into: output) { range, _ in
                        (input.pointer + range.lowerBound * depth, depth)
                    }
                } else {
                    Gemm.multiply(rows: rows, packed, epilogue, needsScratch: true, into: output) { range, scratch in
                        geometry.gather(range, from: input.pointer, into: scratch)
                        return (UnsafePointer(scratch), depth)
                    }
                }
            }
            initialized = rows * columns
        }
        return Tensor(shape: geometry.outputShape, values: values)
    }

    /// Depthwise convolution, each output pixel accumulated over its kernel window eight channels at a time.
    static func depthwiseConv2d(_ x: Tensor, _ filter: Tensor, _ window: Window, epilogue: Gemm.Epilogue) throws(ExecutionError) -> Tensor {
        let geometry = try Geometry(x, filter, window, depthwise: true)
        let channels = geometry.outChannels, lines = geometry.batch * geometry.outHeight
        guard lines > 0, geometry.outWidth > 0, channels > 0 else { return Tensor(shape: geometry.outputShape, values: []) }
        let count = geometry.outputPixels * channels
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            x.values.withNonNilPointer { inputPointer in
                filter.values.withNonNilPointer { filterPointer in
                    epilogue.pointers { scale, bias in
                        let input = SharedPointer(inputPointer), weights = SharedPointer(filterPointer)
                        let output = SharedMutablePointer(buffer.baseAddress!), activation = epilogue.activation
                        @Sendable func line(_ line: Int) {
                            depthwiseLine(line, geometry, input.pointer, weights.pointer, (scale?.pointer, bias?.pointer), activation, output.pointer)
                        }
                        let work = count.multipliedReportingOverflow(by: geometry.kernelHeight * geometry.kernelWidth)
                        if work.overflow || work.partialValue >= Gemm.parallelThreshold {
                            DispatchQueue.concurrentPerform(iterations: lines, execute: line)
                        } else {
                            for index in 0..<lines { line(index) }
                        }
                    }
                }
            }
            initialized = count
        }
        return Tensor(shape: geometry.outputShape, values: values)
    }

    /// One output row (batch b, output row oy) of a depthwise convolution.
    private static func depthwiseLine(_ line: Int, _ geometry: Geometry, _ input: UnsafePointer<Float>, _ weights: UnsafePointer<Float>,
                                      _ affine: (scale: UnsafePointer<Float>?, bias: UnsafePointer<Float>?), _ activation: Gemm.Activation,
                                      _ output: UnsafeMutablePointer<Float>) {
        let g = geometry, channels = g.outChannels, multiplier = g.outChannels / max(g.inChannels, 1)
        let b = line / g.outHeight, oy = line % g.outHeight
        withUnsafeTemporaryAllocation(of: (input: Int, weight: Int).self, capacity: g.kernelHeight * g.kernelWidth) { taps in
            for ox in 0..<g.outWidth {
                // The window's taps inside the input: where the input pixel starts and where its weights start.
                var tapCount = 0
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.window.strides.height - g.top + ky * g.window.dilations.height
                    guard iy >= 0, iy < g.inHeight else { continue }
                    for kx in 0..<g.kernelWidth {
                        let ix = ox * g.window.strides.width - g.left + kx * g.window.dilations.width
                        guard ix >= 0, ix < g.inWidth else { continue }
                        taps[tapCount] = (((b * g.inHeight + iy) * g.inWidth + ix) * g.inChannels, (ky * g.kernelWidth + kx) * channels)
                        tapCount += 1
                    }
                }
                let o = output + (line * g.outWidth + ox) * channels
                var c = 0
                if multiplier == 1 {
                    while c + 8 <= channels {
                        var sum = SIMD8<Float>()
                        for t in 0..<tapCount {
                            let value = UnsafeRawPointer(input + taps[t].input + c).loadUnaligned(as: SIMD8<Float>.self)
                            sum += value * UnsafeRawPointer(weights + taps[t].weight + c).loadUnaligned(as: SIMD8<Float>.self)
                        }
                        let finished = Gemm.finish(sum, scale: affine.scale.map { $0 + c }, bias: affine.bias.map { $0 + c }, activation)
                        UnsafeMutableRawPointer(o + c).storeBytes(of: finished, as: SIMD8<Float>.self)
                        c += 8
                    }
                }
                // The remaining channels, and every channel when the multiplier is above 1 (output j reads input j / M).
                while c < channels {
                    var sum: Float = 0
                    for t in 0..<tapCount { sum += input[taps[t].input + c / multiplier] * weights[taps[t].weight + c] }
                    o[c] = Gemm.finish(sum, scale: affine.scale?[c], bias: affine.bias?[c], activation)
                    c += 1
                }
            }
        }
    }

    /// TF.js's fused ops: a bias add, then an activation (its extra argument, for prelu, follows the bias).
    static func fused(_ node: GraphModel.Node, _ x: Tensor, _ arguments: [Tensor], _ attributes: Attributes) throws(ExecutionError) -> Tensor {
        var result = x
        var remaining = arguments[...]
        for op in attributes.strings("fused_ops") {
            switch op {
            case "biasadd":
                guard let bias = remaining.popFirst() else { throw ExecutionError("\(node.name): BiasAdd without a bias") }
                result = try Elementwise.binary("BiasAdd", result, bias)
            case "relu": result = Elementwise.unary("Relu", result)
            case "relu6": result = Elementwise.unary("Relu6", result)
            case "elu": result = Elementwise.unary("Elu", result)
            case "sigmoid": result = Elementwise.unary("Sigmoid", result)
            case "leakyrelu":
                // TF.js's op mapper gives FusedDepthwiseConv2dNative no leakyrelu_alpha; its kernel then multiplies
                // negative values by undefined, which is NaN.
                let alpha = node.op == "FusedDepthwiseConv2dNative" ? .nan : attributes.float("leakyrelu_alpha") ?? 0.2
                result = Elementwise.leakyRelu(result, alpha: Float(alpha))
            case "prelu":
                guard let alpha = remaining.popFirst() else { throw ExecutionError("\(node.name): Prelu without alpha") }
                let negative = try Elementwise.binary("Mul", Elementwise.unary("Neg", Elementwise.unary("Relu", Elementwise.unary("Neg", result))), alpha)
                result = try Elementwise.binary("Add", Elementwise.unary("Relu", result), negative)
            case "noop": continue
            default: throw ExecutionError("fused op '\(op)' of node '\(node.name)' is not implemented by tfjslint's executor")
            }
        }
        return result
    }
}

/// Raw pointers handed to concurrent workers that read (or write disjoint parts of) one buffer.
struct SharedPointer: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
}

struct SharedMutablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}

extension Array where Element == Float {
    /// The base address for the duration of `body`; an empty array lends a one-element buffer's, so that kernels
    /// over empty dimensions still get a pointer.
    func withNonNilPointer<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
        (isEmpty ? [0] : self).withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
