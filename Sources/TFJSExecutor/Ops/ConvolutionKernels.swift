/// TF.js's convolution ops the executor runs: Conv2D and depthwise convolution, plain and fused.
enum ConvolutionKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        for op in ["Conv2D", "DepthwiseConv2d", "DepthwiseConv2dNative"] {
            table[op] = { call in [try Convolution.run(call.node, call.inputs, call.attributes)] }
        }
        for op in ["_FusedConv2D", "FusedDepthwiseConv2dNative"] {
            table[op] = { call in
                try call.requireInputs(2)
                try FusedOps.check(call, numArguments: call.inputs.count - 2)
                return [try Convolution.run(call.node, call.inputs, call.attributes)]
            }
        }
        return table
    }()
}
