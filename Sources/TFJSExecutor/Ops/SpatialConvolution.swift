import Foundation

/// Channels-last convolutions the layers need beyond `Convolution`'s 2-D ones: over any number of spatial axes
/// (Conv3D), and transposed (TF.js's conv2dTranspose / conv3dTranspose, the gradient of a convolution with respect
/// to its input).
enum SpatialConvolution {
    /// Largest output the kernels here will allocate (elements).
    static let maximumElements = 1 << 28

    /// One spatial axis of a sliding window.
    struct Axis: Sendable {
        let size: Int, kernel: Int, stride: Int, dilation: Int

        /// Output length and padding before the first element under TF's SAME (the odd element of padding goes
        /// after) or VALID; nil when the window is invalid or the output empty.
        func output(same: Bool) -> (count: Int, before: Int)? {
            let limit = 1 << 24
            guard size >= 0, size < limit, kernel > 0, kernel < limit, stride > 0, stride < limit, dilation > 0, dilation < limit else {
                return nil
            }
            let effective = (kernel - 1) * dilation + 1
            let count = same ? (size + stride - 1) / stride : (size >= effective ? (size - effective) / stride + 1 : 0)
            guard count > 0 else { return nil }
            return (count, same ? max(0, (count - 1) * stride + effective - size) / 2 : 0)
        }
    }

    /// Input `[batch, spatial…, in]`, filter `[kernel…, in, out]`, output `[batch, outSpatial…, out]`.
    static func convolve(_ x: Tensor, _ filter: Tensor, strides: [Int], dilations: [Int], same: Bool) throws(ExecutionError) -> Tensor {
        let spatialRank = x.shape.count - 2
        guard spatialRank >= 1, filter.shape.count == spatialRank + 2, strides.count == spatialRank, dilations.count == spatialRank else {
            throw ExecutionError("convolution: input \(x.shape), filter \(filter.shape) and window of rank \(strides.count) do not agree")
        }
        try checkValues(x, filter)
        let inC = x.shape[spatialRank + 1], outC = filter.shape[spatialRank + 1]
        guard filter.shape[spatialRank] == inC else {
            throw ExecutionError("convolution: filter \(filter.shape) does not match \(inC) input channels")
        }
        var outSpatial: [Int] = [], before: [Int] = []
        for axis in 0..<spatialRank {
            let extent = Axis(size: x.shape[axis + 1], kernel: filter.shape[axis], stride: strides[axis], dilation: dilations[axis])
            guard let (count, pad) = extent.output(same: same) else {
                throw ExecutionError("convolution: input \(x.shape) with filter \(filter.shape) gives an empty output")
            }
            outSpatial.append(count)
            before.append(pad)
        }
        let outShape = [x.shape[0]] + outSpatial + [outC]
        let count = try checkedCount(outShape)
        let inSpatial = Array(x.shape[1...spatialRank]), kernel = Array(filter.shape[0..<spatialRank])
        let outPositions = outSpatial.reduce(1, *), inPositions = inSpatial.reduce(1, *)
        let taps = table(kernel)
        var out = [Float](repeating: 0, count: count)
        var outIndex = [Int](repeating: 0, count: spatialRank)
        x.values.withUnsafeBufferPointer { input in
            filter.values.withUnsafeBufferPointer { weights in
                out.withUnsafeMutableBufferPointer { output in
                    for batch in 0..<x.shape[0] {
                        for outPosition in 0..<outPositions {
                            unflatten(outPosition, outSpatial, into: &outIndex)
                            let o = (batch * outPositions + outPosition) * outC
                            for (kernelPosition, tap) in taps.enumerated() {
                                var inPosition = 0, inside = true
                                for axis in 0..<spatialRank {
                                    let coordinate = outIndex[axis] * strides[axis] - before[axis] + tap[axis] * dilations[axis]
                                    guard coordinate >= 0, coordinate < inSpatial[axis] else { inside = false; break }
                                    inPosition = inPosition * inSpatial[axis] + coordinate
                                }
                                guard inside else { continue }
                                let i = (batch * inPositions + inPosition) * inC, w = kernelPosition * inC * outC
                                for c in 0..<inC {
                                    let value = input[i + c], row = w + c * outC
                                    for k in 0..<outC { output[o + k] += value * weights[row + k] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: outShape, values: out)
    }

    /// Transposed convolution: input `[batch, spatial…, in]`, filter `[kernel…, out, in]`, output
    /// `[batch, outputSpatial…, out]`. The padding is the one the forward convolution from an `outputSpatial` input
    /// would use, as TF.js's conv2DBackpropInput derives it; output positions no tap reaches stay zero.
    static func transposed(_ x: Tensor, _ filter: Tensor, outputSpatial: [Int], strides: [Int], same: Bool) throws(ExecutionError) -> Tensor {
        let spatialRank = x.shape.count - 2
        guard spatialRank >= 1, filter.shape.count == spatialRank + 2, strides.count == spatialRank, outputSpatial.count == spatialRank else {
            throw ExecutionError("transposed convolution: input \(x.shape), filter \(filter.shape) and strides \(strides) do not agree")
        }
        try checkValues(x, filter)
        let inC = x.shape[spatialRank + 1], outC = filter.shape[spatialRank]
        guard filter.shape[spatialRank + 1] == inC else {
            throw ExecutionError("transposed convolution: filter \(filter.shape) does not match \(inC) input channels")
        }
        var before: [Int] = []
        for axis in 0..<spatialRank {
            guard let (_, pad) = Axis(size: outputSpatial[axis], kernel: filter.shape[axis], stride: strides[axis], dilation: 1).output(same: same) else {
                throw ExecutionError("transposed convolution: output \(outputSpatial) with filter \(filter.shape) is invalid")
            }
            before.append(pad)
        }
        let outShape = [x.shape[0]] + outputSpatial + [outC]
        let count = try checkedCount(outShape)
        let inSpatial = Array(x.shape[1...spatialRank]), kernel = Array(filter.shape[0..<spatialRank])
        let outPositions = outputSpatial.reduce(1, *), inPositions = inSpatial.reduce(1, *)
        let taps = table(kernel)
        var out = [Float](repeating: 0, count: count)
        var inIndex = [Int](repeating: 0, count: spatialRank)
        x.values.withUnsafeBufferPointer { input in
            filter.values.withUnsafeBufferPointer { weights in
                out.withUnsafeMutableBufferPointer { output in
                    for batch in 0..<x.shape[0] {
                        for inPosition in 0..<inPositions {
                            unflatten(inPosition, inSpatial, into: &inIndex)
                            let i = (batch * inPositions + inPosition) * inC
                            for (kernelPosition, tap) in taps.enumerated() {
                                var outPosition = 0, inside = true
                                for axis in 0..<spatialRank {
                                    let coordinate = inIndex[axis] * strides[axis] - before[axis] + tap[axis]
                                    guard coordinate >= 0, coordinate < outputSpatial[axis] else { inside = false; break }
                                    outPosition = outPosition * outputSpatial[axis] + coordinate
                                }
                                guard inside else { continue }
                                let o = (batch * outPositions + outPosition) * outC, w = kernelPosition * outC * inC
                                for k in 0..<outC {
                                    var sum: Float = 0
                                    for c in 0..<inC { sum += input[i + c] * weights[w + k * inC + c] }
                                    output[o + k] += sum
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: outShape, values: out)
    }

    /// The coordinates of every position of a window of `shape`, in row-major order.
    static func table(_ shape: [Int]) -> [[Int]] {
        var index = [Int](repeating: 0, count: shape.count)
        return (0..<shape.reduce(1, *)).map { position in
            unflatten(position, shape, into: &index)
            return index
        }
    }

    /// Row-major coordinates of `flat` in `shape`.
    static func unflatten(_ flat: Int, _ shape: [Int], into index: inout [Int]) {
        var rest = flat
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
    }

    /// The element count of `shape`, refused when negative, overflowing or beyond `maximumElements`.
    static func checkedCount(_ shape: [Int]) throws(ExecutionError) -> Int {
        guard let count = Tensor.elementCount(shape), count <= maximumElements else {
            throw ExecutionError("output shape \(shape) is invalid or too large")
        }
        return count
    }

    private static func checkValues(_ tensors: Tensor...) throws(ExecutionError) {
        for tensor in tensors where Tensor.elementCount(tensor.shape) != tensor.values.count {
            throw ExecutionError("tensor of shape \(tensor.shape) holds \(tensor.values.count) values")
        }
    }
}
