/// TF.js's graph ops other than Placeholder and Const (which GraphModel resolves): identities, shape queries, NoOp.
enum GraphKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        // FakeQuantWithMinMaxVars is ignored by TF.js 4.22 (its output is its input); PlaceholderWithDefault runs
        // only when its node is not fed, and then yields the default.
        for op in ["Identity", "StopGradient", "Snapshot", "FakeQuantWithMinMaxVars", "PlaceholderWithDefault", "Print"] {
            table[op] = { call in [try call.input(0)] }
        }
        table["IdentityN"] = { call in call.inputs }
        table["Shape"] = { call in
            let x = try call.input(0)
            return [Tensor(shape: [x.shape.count], dtype: .int32, values: x.shape.map(Float.init))]
        }
        // TF.js builds ShapeN's outputs without a dtype, so they are float32.
        table["ShapeN"] = { call in call.inputs.map { Tensor(shape: [$0.shape.count], values: $0.shape.map(Float.init)) } }
        table["Size"] = { call in [Tensor(shape: [], dtype: .int32, values: [Float(try call.input(0).values.count)])] }
        table["Rank"] = { call in [Tensor(shape: [], dtype: .int32, values: [Float(try call.input(0).shape.count)])] }
        table["NoOp"] = { _ in [Tensor.scalar(1)] }
        return table
    }()
}
