/// TF.js's comparisons (bool results), logical ops on bool tensors, and Select/SelectV2 (its broadcasting `where`).
enum LogicalKernels {
    static let kernels: [String: GraphKernel] = {
        var table: [String: GraphKernel] = [:]
        let comparisons: [(String, @Sendable (Double, Double) -> Bool)] = [
            ("Equal", { $0 == $1 }), ("NotEqual", { $0 != $1 }), ("Greater", { $0 > $1 }),
            ("GreaterEqual", { $0 >= $1 }), ("Less", { $0 < $1 }), ("LessEqual", { $0 <= $1 }),
        ]
        for (op, test) in comparisons {
            table[op] = { call in
                try call.requireInputs(2)
                return [try Broadcast.map(call, call.inputs[0], call.inputs[1], dtype: .bool) { test($0, $1) ? 1 : 0 }]
            }
        }
        for (op, both) in [("LogicalAnd", true), ("LogicalOr", false)] {
            table[op] = { call in
                try call.requireInputs(2)
                let (a, b) = (try bool(call, 0), try bool(call, 1))
                return [try Broadcast.map(call, a, b, dtype: .bool) { both ? ($0 != 0 && $1 != 0 ? 1 : 0) : ($0 != 0 || $1 != 0 ? 1 : 0) }]
            }
        }
        table["LogicalNot"] = { call in
            let x = try bool(call, 0)
            return [Tensor(shape: x.shape, dtype: .bool, values: x.values.map { $0 == 0 ? 1 : 0 })]
        }
        for op in ["Select", "SelectV2"] {
            table[op] = { call in
                try call.requireInputs(3)
                let condition = try bool(call, 0), (a, b) = (call.inputs[1], call.inputs[2])
                guard a.dtype == b.dtype else { throw call.failure("the two branches have dtypes \(a.dtype) and \(b.dtype)") }
                guard let shape = Elementwise.broadcast(condition.shape, a.shape).flatMap({ Elementwise.broadcast($0, b.shape) }) else {
                    throw call.failure("condition \(condition.shape) and branches \(a.shape), \(b.shape) do not broadcast")
                }
                let (c, x, y) = (try Broadcast.to(call, condition, shape), try Broadcast.to(call, a, shape), try Broadcast.to(call, b, shape))
                return [Tensor(shape: shape, dtype: a.dtype, values: c.values.indices.map { c.values[$0] != 0 ? x.values[$0] : y.values[$0] })]
            }
        }
        table["BitwiseAnd"] = { call in
            // TF.js 4.22's executor reads the inputs as 'a' and 'b' while its mapper names them 'x' and 'y'.
            throw call.failure("TF.js 4.22 cannot run BitwiseAnd: its executor reads inputs its op mapper never defines")
        }
        return table
    }()

    /// Input `index`, which TF.js requires to be a bool tensor.
    private static func bool(_ call: GraphOpCall, _ index: Int) throws(ExecutionError) -> Tensor {
        let x = try call.input(index)
        guard x.dtype == .bool else { throw call.failure("input \(index) must be a bool tensor, but is \(x.dtype)") }
        return x
    }
}
