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
            let stride = axis == 0 ? strides.height : strides.width, dilation = axis == 0 ? dilations.height : dilations.width
            guard stride > 0, dilation > 0, kernel > 0 else { return nil }
            let effective = (kernel - 1) * dilation + 1
            let count: Int, before: Int
            switch padding {
            case .same:
                count = (size + stride - 1) / stride
                before = max(0, (count - 1) * stride + effective - size) / 2
            case .valid:
                guard size >= effective else { return nil }
                count = (size - effective) / stride + 1
                before = 0
            case let .explicit(top, bottom, left, right):
                let (start, end) = axis == 0 ? (top, bottom) : (left, right)
                guard start >= 0, end >= 0, size + start + end >= effective else { return nil }
                count = (size + start + end - effective) / stride + 1
                before = start
            }
            return count > 0 ? (count, before) : nil
        }
    }

    /// A graph node's Conv2D / DepthwiseConv2dNative (plain or fused) from its attributes.
    static func run(_ node: GraphModel.Node, _ inputs: [Tensor], _ attributes: Attributes) throws(ExecutionError) -> Tensor {
        guard inputs.count >= 2 else { throw ExecutionError("\(node.op) '\(node.name)' needs an input and a filter") }
        guard (attributes.string("data_format") ?? "nhwc") == "nhwc" else {
            throw ExecutionError("\(node.op) '\(node.name)' uses NCHW, which the executor does not run", ruleID: "unsupported-data-format")
        }
        let window = try self.window(attributes, node: node)
        var result: Tensor
        do {
            result = node.op.contains("Depthwise")
                ? try depthwiseConv2d(inputs[0], inputs[1], window)
                : try conv2d(inputs[0], inputs[1], window)
        } catch {
            throw ExecutionError("\(node.op) '\(node.name)': \(error.description)", ruleID: error.ruleID)
        }
        if node.op.hasPrefix("_Fused") || node.op.hasPrefix("Fused") {
            result = try fused(node, result, Array(inputs.dropFirst(2)), attributes)
        }
        return result
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
        try convolve(x, filter, window, depthwise: false)
    }

    /// NHWC input, HWIM filter (channel multiplier M): output channel c·M + m.
    static func depthwiseConv2d(_ x: Tensor, _ filter: Tensor, _ window: Window) throws(ExecutionError) -> Tensor {
        try convolve(x, filter, window, depthwise: true)
    }

    private static func convolve(_ x: Tensor, _ filter: Tensor, _ window: Window, depthwise: Bool) throws(ExecutionError) -> Tensor {
        guard x.shape.count == 4, filter.shape.count == 4 else {
            throw ExecutionError("input \(x.shape) and filter \(filter.shape) must be rank 4")
        }
        let (n, inH, inW, inC) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kH, kW) = (filter.shape[0], filter.shape[1])
        guard filter.shape[2] == inC else { throw ExecutionError("filter \(filter.shape) does not match \(inC) input channels") }
        let multiplier = depthwise ? filter.shape[3] : 1
        let outC = depthwise ? inC * multiplier : filter.shape[3]
        guard let (outH, top) = window.output(size: inH, kernel: kH, axis: 0), let (outW, left) = window.output(size: inW, kernel: kW, axis: 1),
              let count = Tensor.elementCount([n, outH, outW, outC]), count <= 1 << 31 else {
            throw ExecutionError("the output of input \(x.shape) and filter \(filter.shape) would be empty or too large")
        }
        let (strideH, strideW) = window.strides, (dilationH, dilationW) = window.dilations
        var out = [Float](repeating: 0, count: count)
        x.values.withUnsafeBufferPointer { inputBuffer in
            filter.values.withUnsafeBufferPointer { weightBuffer in
                out.withUnsafeMutableBufferPointer { outputBuffer in
                    // Each worker writes only its own output row; the buffers outlive the concurrent loop.
                    let input = SharedPointer(inputBuffer.baseAddress!), weights = SharedPointer(weightBuffer.baseAddress!)
                    let outputBase = SharedMutablePointer(outputBuffer.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: n * outH) { row in
                        let b = row / outH, oy = row % outH
                        for ox in 0..<outW {
                            let o = outputBase.pointer + ((b * outH + oy) * outW + ox) * outC
                            for ky in 0..<kH {
                                let iy = oy * strideH - top + ky * dilationH
                                guard iy >= 0, iy < inH else { continue }
                                for kx in 0..<kW {
                                    let ix = ox * strideW - left + kx * dilationW
                                    guard ix >= 0, ix < inW else { continue }
                                    let i = (b * inH + iy) * inW + ix
                                    let w = (ky * kW + kx) * inC
                                    if depthwise {
                                        for c in 0..<inC {
                                            let value = input.pointer[i * inC + c]
                                            for m in 0..<multiplier { o[c * multiplier + m] += value * weights.pointer[(w + c) * multiplier + m] }
                                        }
                                    } else {
                                        for c in 0..<inC {
                                            let value = input.pointer[i * inC + c]
                                            let wr = (w + c) * outC
                                            for k in 0..<outC { o[k] += value * weights.pointer[wr + k] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [n, outH, outW, outC], values: out)
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
