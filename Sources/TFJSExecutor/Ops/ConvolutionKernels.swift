/// TF.js's convolution ops the executor runs: Conv2D and depthwise convolution, plain and fused.
enum ConvolutionKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
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
}
