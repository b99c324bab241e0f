import Foundation

/// The basic_math ops on complex64 tensors, as TF.js's cpu backend computes them: Complex pairs two real tensors
/// of one shape, Real and Imag take a complex tensor apart, ComplexAbs is TF.js's abs (hypot for complex input).
enum ComplexKernels {
    static let kernels: [String: GraphKernel] = [
        "Complex": { call in
            try call.requireInputs(2)
            let real = call.inputs[0], imag = call.inputs[1]
            guard real.dtype != .complex64, imag.dtype != .complex64 else {
                throw call.failure("cannot pair a complex64 tensor as the real or imaginary part")
            }
            guard real.shape == imag.shape else {
                throw call.failure("real and imag shapes, \(real.shape) and \(imag.shape), must match in call to tf.complex()")
            }
            guard Tensor.elementCount(real.shape) == real.values.count, imag.values.count == real.values.count else {
                throw call.failure("real or imag has values that do not fill its shape")
            }
            var values = [Float](repeating: 0, count: 2 * real.values.count)
            for (i, (re, im)) in zip(real.values, imag.values).enumerated() {
                values[2 * i] = re
                values[2 * i + 1] = im
            }
            return [Tensor(shape: real.shape, dtype: .complex64, values: values)]
        },
        "Real": { call in [try part(call, offset: 0)] },
        "Imag": { call in [try part(call, offset: 1)] },
        "ComplexAbs": { call in
            let x = try call.input(0)
            guard x.dtype == .complex64 else {
                // TF.js runs ComplexAbs as abs, which is the real abs for a real tensor.
                guard let abs = BasicMathKernels.kernels["Abs"] else { throw call.failure("abs is not implemented") }
                return try abs(call)
            }
            let values = stride(from: 0, to: x.values.count, by: 2).map { Float(Foundation.hypot(Double(x.values[$0]), Double(x.values[$0 + 1]))) }
            return [Tensor(shape: x.shape, values: values)]
        },
    ]

    /// The real (`offset` 0) or imaginary (1) part of a complex64 input as float32; TF.js fails on any other input.
    private static func part(_ call: GraphOpCall, offset: Int) throws(ExecutionError) -> Tensor {
        let x = try call.input(0)
        guard x.dtype == .complex64 else { throw call.failure("input must be a complex64 tensor, but is \(x.dtype)") }
        return Tensor(shape: x.shape, values: stride(from: offset, to: x.values.count, by: 2).map { x.values[$0] })
    }
}
