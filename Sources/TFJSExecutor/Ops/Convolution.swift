import Foundation

/// Conv2D and depthwise convolution in NHWC with HWIO / HWIM filters, SAME / VALID / EXPLICIT padding,
/// strides and dilations, and the fused ops of `_FusedConv2D` / `FusedDepthwiseConv2dNative`.
enum Convolution {
    static func run(_ node: GraphModel.Node, _ inputs: [Tensor], _ attributes: Attributes) throws(ExecutionError) -> Tensor {
        guard inputs.count >= 2 else { throw ExecutionError("\(node.op) '\(node.name)' needs an input and a filter") }
        let (x, filter) = (inputs[0], inputs[1])
        guard (attributes.string("data_format") ?? "nhwc") == "nhwc" else {
            throw ExecutionError("\(node.op) '\(node.name)' uses NCHW, which the executor does not run", ruleID: "unsupported-data-format")
        }
        guard x.shape.count == 4, filter.shape.count == 4 else {
            throw ExecutionError("\(node.op) '\(node.name)': input \(x.shape) and filter \(filter.shape) must be rank 4")
        }
        let depthwise = node.op.contains("Depthwise")
        let strides = attributes.ints("strides"), dilations = attributes.ints("dilations")
        let strideH = strides.count == 4 ? strides[1] : 1, strideW = strides.count == 4 ? strides[2] : 1
        let dilationH = dilations.count == 4 ? dilations[1] : 1, dilationW = dilations.count == 4 ? dilations[2] : 1
        guard strideH > 0, strideW > 0, dilationH > 0, dilationW > 0 else { throw ExecutionError("\(node.name): strides and dilations must be positive") }
        let (n, inH, inW, inC) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kH, kW) = (filter.shape[0], filter.shape[1])
        guard filter.shape[2] == inC else { throw ExecutionError("\(node.name): filter \(filter.shape) does not match \(inC) input channels") }
        let multiplier = depthwise ? filter.shape[3] : 1
        let outC = depthwise ? inC * multiplier : filter.shape[3]
        let effH = (kH - 1) * dilationH + 1, effW = (kW - 1) * dilationW + 1
        let padding = attributes.string("padding") ?? "valid"
        let top: Int, left: Int, outH: Int, outW: Int
        switch padding {
        case "same":
            outH = (inH + strideH - 1) / strideH
            outW = (inW + strideW - 1) / strideW
            top = max(0, (outH - 1) * strideH + effH - inH) / 2
            left = max(0, (outW - 1) * strideW + effW - inW) / 2
        case "explicit":
            let pads = attributes.ints("explicit_paddings")
            guard pads.count == 8 else { throw ExecutionError("\(node.name): explicit padding needs 8 values") }
            top = pads[2]
            left = pads[4]
            outH = (inH + pads[2] + pads[3] - effH) / strideH + 1
            outW = (inW + pads[4] + pads[5] - effW) / strideW + 1
        default:
            (top, left) = (0, 0)
            outH = (inH - effH) / strideH + 1
            outW = (inW - effW) / strideW + 1
        }
        guard outH > 0, outW > 0 else { throw ExecutionError("\(node.name): the output would be empty") }
        var out = [Float](repeating: 0, count: n * outH * outW * outC)
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
        var result = Tensor(shape: [n, outH, outW, outC], values: out)
        if node.op.hasPrefix("_Fused") || node.op.hasPrefix("Fused") {
            result = try fused(node, result, Array(inputs.dropFirst(2)), attributes)
        }
        return result
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
            case "leakyrelu": result = Elementwise.leakyRelu(result, alpha: Float(attributes.float("leakyrelu_alpha") ?? 0.2))
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
