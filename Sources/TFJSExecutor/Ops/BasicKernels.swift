/// The ops of the first executor: identity, elementwise math and activations, convolution, MatMul, Pad, four
/// reductions, Reshape and Softmax.
enum BasicKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        for op in ["Identity", "StopGradient", "Snapshot"] {
            table[op] = { call in [try call.input(0)] }
        }
        for op in ["Add", "AddV2", "BiasAdd", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "SquaredDifference", "Pow"] {
            table[op] = { call in [try Elementwise.binary(op, try call.input(0), try call.input(1))] }
        }
        table["AddN"] = { call in
            var sum = try call.input(0)
            for next in call.inputs.dropFirst() { sum = try Elementwise.binary("Add", sum, next) }
            return [sum]
        }
        for op in ["Relu", "Relu6", "Elu", "Selu", "Sigmoid", "Tanh", "Neg", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Abs", "Softplus"] {
            table[op] = { call in [Elementwise.unary(op, try call.input(0))] }
        }
        table["LeakyRelu"] = { call in
            [Elementwise.leakyRelu(try call.input(0), alpha: Float(call.attributes.float("alpha") ?? 0.2))]
        }
        for op in ["Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative"] {
            table[op] = { call in [try Convolution.run(call.node, call.inputs, call.attributes)] }
        }
        for op in ["MatMul", "_FusedMatMul"] {
            table[op] = { call in [try MatrixOps.matMul(call.node, call.inputs, call.attributes)] }
        }
        for op in ["Pad", "PadV2"] {
            table[op] = { call in
                [try Shapes.pad(try call.input(0), try call.input(1), constant: call.inputs.count > 2 ? call.inputs[2].values.first ?? 0 : 0)]
            }
        }
        for op in ["Mean", "Sum", "Max", "Min"] {
            table[op] = { call in
                [try Reduction.run(op, try call.input(0), axes: try call.input(1), keepDims: call.attributes.bool("keep_dims") ?? false)]
            }
        }
        table["Reshape"] = { call in [try Shapes.reshape(try call.input(0), try call.input(1))] }
        table["Softmax"] = { call in [Reduction.softmax(try call.input(0))] }
        return table
    }()
}
