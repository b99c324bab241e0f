import Foundation

/// Channels-last convolutions the layers need beyond `Convolution`'s 2-D ones: over any number of spatial axes
/// (Conv3D), and transposed (TF.js's conv2dTranspose / conv3dTranspose, the gradient of a convolution with respect
/// to its input).
enum SpatialConvolution {
    /// How the spatial axes are padded: TF's SAME (the odd element after) or VALID, or explicit amounts per axis.
    enum Padding: Sendable, Equatable {
        case same, valid
        case explicit(before: [Int], after: [Int])
    }

    /// One spatial axis of a sliding window.
    struct Axis: Sendable {
        let size: Int, kernel: Int, stride: Int, dilation: Int

        /// Output length and padding before the first element of spatial axis `axis` under `padding`; nil when
        /// the window is invalid or the output empty.
        func output(_ padding: Padding, axis: Int) -> (count: Int, before: Int)? {
            // Bounded so that no index arithmetic here or in the kernels can overflow.
            let limit = 1 << 30
            guard size >= 0, size < limit, kernel > 0, kernel < limit, stride > 0, stride < limit, dilation > 0, dilation < limit else {
                return nil
            }
            let effective = (kernel - 1) * dilation + 1
            let count: Int, before: Int
            switch padding {
            case .same:
                count = (size + stride - 1) / stride
                before = max(0, (count - 1) * stride + effective - size) / 2
            case .valid:
                count = size >= effective ? (size - effective) / stride + 1 : 0
                before = 0
            case let .explicit(starts, ends):
                guard axis < starts.count, axis < ends.count, (0..<limit).contains(starts[axis]), (0..<limit).contains(ends[axis]) else {
                    return nil
                }
                let padded = size + starts[axis] + ends[axis]
                count = padded >= effective ? (padded - effective) / stride + 1 : 0
                before = starts[axis]
            }
            return count > 0 ? (count, before) : nil
        }
    }

    /// Output sizes and leading paddings of a window of `kernel` over `spatial`; nil when any axis is invalid or empty.
    static func outputs(_ spatial: [Int], kernel: [Int], strides: [Int], dilations: [Int], padding: Padding) -> (counts: [Int], before: [Int])? {
        var counts: [Int] = [], before: [Int] = []
        for axis in spatial.indices {
            let extent = Axis(size: spatial[axis], kernel: kernel[axis], stride: strides[axis], dilation: dilations[axis])
            guard let (count, pad) = extent.output(padding, axis: axis) else { return nil }
            counts.append(count)
            before.append(pad)
        }
        return (counts, before)
    }

    /// Input `[batch, spatial…, in]`, filter `[kernel…, in, out]`, output `[batch, outSpatial…, out]`.
    static func convolve(_ x: Tensor, _ filter: Tensor, strides: [Int], dilations: [Int], padding: Padding) throws(ExecutionError) -> Tensor {
        let spatialRank = x.shape.count - 2
        guard spatialRank >= 1, filter.shape.count == spatialRank + 2, strides.count == spatialRank, dilations.count == spatialRank else {
            throw ExecutionError("convolution: input \(x.shape), filter \(filter.shape) and window of rank \(strides.count) do not agree")
        }
        try checkValues(x, filter)
        let inC = x.shape[spatialRank + 1], outC = filter.shape[spatialRank + 1]
        guard filter.shape[spatialRank] == inC else {
            throw ExecutionError("convolution: filter \(filter.shape) does not match \(inC) input channels")
        }
        let inSpatial = Array(x.shape[1...spatialRank]), kernel = Array(filter.shape[0..<spatialRank])
        guard let (outSpatial, before) = outputs(inSpatial, kernel: kernel, strides: strides, dilations: dilations, padding: padding) else {
            throw ExecutionError("convolution: input \(x.shape) with filter \(filter.shape) gives an empty output")
        }
        let outShape = [x.shape[0]] + outSpatial + [outC]
        let count = try checkedCount(outShape)
        let outPositions = try positions(outSpatial, batch: x.shape[0]), inPositions = try positions(inSpatial)
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
    static func transposed(_ x: Tensor, _ filter: Tensor, outputSpatial: [Int], strides: [Int], padding: Padding) throws(ExecutionError) -> Tensor {
        let spatialRank = x.shape.count - 2
        guard spatialRank >= 1, filter.shape.count == spatialRank + 2, strides.count == spatialRank, outputSpatial.count == spatialRank else {
            throw ExecutionError("transposed convolution: input \(x.shape), filter \(filter.shape) and strides \(strides) do not agree")
        }
        try checkValues(x, filter)
        let inC = x.shape[spatialRank + 1], outC = filter.shape[spatialRank]
        guard filter.shape[spatialRank + 1] == inC else {
            throw ExecutionError("transposed convolution: filter \(filter.shape) does not match \(inC) input channels")
        }
        let inSpatial = Array(x.shape[1...spatialRank]), kernel = Array(filter.shape[0..<spatialRank]), ones = Array(repeating: 1, count: spatialRank)
        guard let (_, before) = outputs(outputSpatial, kernel: kernel, strides: strides, dilations: ones, padding: padding) else {
            throw ExecutionError("transposed convolution: output \(outputSpatial) with filter \(filter.shape) is invalid")
        }
        let outShape = [x.shape[0]] + outputSpatial + [outC]
        let count = try checkedCount(outShape)
        let outPositions = try positions(outputSpatial), inPositions = try positions(inSpatial, batch: x.shape[0])
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

    /// The element count of `shape`, refused when negative, overflowing or beyond `maximumElementCount`.
    static func checkedCount(_ shape: [Int]) throws(ExecutionError) -> Int {
        guard let count = Tensor.elementCount(shape), count <= maximumElementCount else {
            throw ExecutionError("output shape \(shape) is invalid or too large")
        }
        return count
    }

    /// The number of positions of `spatial`, refused when it overflows; with `batch`, also when visiting each of
    /// them for each item of the batch would take more than `maximumElementCount` steps.
    static func positions(_ spatial: [Int], batch: Int = 0) throws(ExecutionError) -> Int {
        guard let count = Tensor.elementCount(spatial), let steps = Tensor.elementCount([batch, count]), steps <= maximumElementCount else {
            throw ExecutionError("spatial shape \(spatial) is too large")
        }
        return count
    }

    private static func checkValues(_ tensors: Tensor...) throws(ExecutionError) {
        for tensor in tensors where Tensor.elementCount(tensor.shape) != tensor.values.count {
            throw ExecutionError("tensor of shape \(tensor.shape) holds \(tensor.values.count) values")
        }
    }
}
