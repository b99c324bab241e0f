/// TF.js's creation ops that converted models use: Fill, Zeros/Ones(Like), Range, LinSpace, OneHot.
enum CreationKernels {
    static let kernels: [String: GraphKernel] = [
        "Fill": { call in
            let shape = try call.integers(0), value = try call.number(1)
            let dtype = call.attributes.dtype("T") ?? .float32
            return [Tensor(shape: shape, dtype: dtype, values: .init(repeating: Tensor.stored(Double(value), as: dtype), count: try call.elementCount(shape)))]
        },
        "Zeros": { call in try filled(call, 0) },
        "Ones": { call in try filled(call, 1) },
        "ZerosLike": { call in let x = try call.input(0); return [Tensor(shape: x.shape, dtype: x.dtype, values: .init(repeating: 0, count: x.values.count))] },
        "OnesLike": { call in let x = try call.input(0); return [Tensor(shape: x.shape, dtype: x.dtype, values: .init(repeating: 1, count: x.values.count))] },
        "Range": { call in
            let (start, stop, step) = (Double(try call.number(0)), Double(try call.number(1)), Double(try call.number(2)))
            let dtype = call.attributes.dtype("Tidx") ?? .float32
            guard step != 0 else { throw call.failure("cannot have a step of zero") }
            // TF.js's empty-range test checks `step > 1` (not > 0) for a decreasing range.
            if start == stop || (start < stop && step < 0) || (stop < start && step > 1) { return [Tensor(shape: [0], dtype: dtype, values: [])] }
            let length = (Swift.abs(stop - start) / Swift.abs(step)).rounded(.up)
            guard length.isFinite, length <= Double(maximumElementCount) else { throw call.failure("range of \(length) elements is too large") }
            // Each value is the previous one plus the step, held in the output dtype; a step of 1 on a
            // decreasing range counts down.
            let increment = stop < start && step == 1 ? -1 : step
            var values = [Float](repeating: Tensor.stored(start, as: dtype), count: Int(length))
            for i in values.indices.dropFirst() { values[i] = Tensor.stored(Double(values[i - 1]) + increment, as: dtype) }
            return [Tensor(shape: [values.count], dtype: dtype, values: values)]
        },
        "LinSpace": { call in
            let (start, stop) = (try call.number(0), try call.number(1)), num = try call.integer(2)
            guard num > 0 else { throw call.failure("the number of values must be positive, got \(num)") }
            let count = try call.elementCount([num])
            // Each value is the previous one plus the step, accumulated in float32 as TF.js does.
            let step = Float((Double(stop) - Double(start)) / Double(num - 1))
            var values = [Float](repeating: start, count: count)
            for i in values.indices.dropFirst() { values[i] = values[i - 1] + step }
            return [Tensor(shape: [count], values: values)]
        },
        "OneHot": { call in
            let indices = try call.input(0), depth = try call.integer(1), on = try call.number(2), off = try call.number(3)
            guard depth >= 1 else { throw call.failure("depth must be at least 1, got \(depth)") }
            let dtype = call.attributes.dtype("T") ?? .int32
            var values = [Float](repeating: Tensor.stored(Double(off), as: dtype), count: try call.elementCount(indices.shape + [depth]))
            for (i, index) in indices.values.enumerated() {
                guard let index = index.int32, index >= 0, index < depth else { continue }
                values[i * depth + index] = Tensor.stored(Double(on), as: dtype)
            }
            return [Tensor(shape: indices.shape + [depth], dtype: dtype, values: values)]
        },
    ]

    private static func filled(_ call: GraphOpCall, _ value: Float) throws(ExecutionError) -> [Tensor] {
        let shape = try call.integers(0), dtype = call.attributes.dtype("T") ?? .float32
        return [Tensor(shape: shape, dtype: dtype, values: .init(repeating: value, count: try call.elementCount(shape)))]
    }
}
