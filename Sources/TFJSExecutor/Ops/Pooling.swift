import Foundation

/// Max and average pooling over the spatial axes of a channels-last tensor `[batch, spatial…, channels]`, with
/// TF's SAME / VALID windows. As in TF.js's cpu backend, the average divides by the number of elements inside the
/// input (padding is not counted) and max skips NaN.
enum Pooling {
    enum Mode: Sendable { case max, average }

    static func pool(_ x: Tensor, _ mode: Mode, window: [Int], strides: [Int], same: Bool) throws(ExecutionError) -> Tensor {
        let spatialRank = x.shape.count - 2
        guard spatialRank >= 1, window.count == spatialRank, strides.count == spatialRank else {
            throw ExecutionError("pooling: input \(x.shape) does not match a window of rank \(window.count)")
        }
        guard Tensor.elementCount(x.shape) == x.values.count else {
            throw ExecutionError("pooling: tensor of shape \(x.shape) holds \(x.values.count) values")
        }
        var outSpatial: [Int] = [], before: [Int] = []
        for axis in 0..<spatialRank {
            let extent = SpatialConvolution.Axis(size: x.shape[axis + 1], kernel: window[axis], stride: strides[axis], dilation: 1)
            guard let (count, pad) = extent.output(same: same) else {
                throw ExecutionError("pooling: input \(x.shape) with window \(window) and strides \(strides) gives an empty output")
            }
            outSpatial.append(count)
            before.append(pad)
        }
        let channels = x.shape[spatialRank + 1]
        let outShape = [x.shape[0]] + outSpatial + [channels]
        let count = try SpatialConvolution.checkedCount(outShape)
        let inSpatial = Array(x.shape[1...spatialRank])
        let outPositions = outSpatial.reduce(1, *), inPositions = inSpatial.reduce(1, *)
        guard let windowCount = Tensor.elementCount(window), windowCount <= 1 << 22 else {
            throw ExecutionError("pooling: window \(window) is too large")
        }
        let taps = SpatialConvolution.table(window)
        var out = [Float](repeating: 0, count: count)
        var outIndex = [Int](repeating: 0, count: spatialRank)
        var best = [Float](repeating: 0, count: channels), sum = [Float](repeating: 0, count: channels)
        x.values.withUnsafeBufferPointer { input in
            for batch in 0..<x.shape[0] {
                for outPosition in 0..<outPositions {
                    SpatialConvolution.unflatten(outPosition, outSpatial, into: &outIndex)
                    for c in 0..<channels {
                        best[c] = -.infinity
                        sum[c] = 0
                    }
                    var inside = 0
                    for tap in taps {
                        var inPosition = 0, valid = true
                        for axis in 0..<spatialRank {
                            let coordinate = outIndex[axis] * strides[axis] - before[axis] + tap[axis]
                            guard coordinate >= 0, coordinate < inSpatial[axis] else { valid = false; break }
                            inPosition = inPosition * inSpatial[axis] + coordinate
                        }
                        guard valid else { continue }
                        inside += 1
                        let i = (batch * inPositions + inPosition) * channels
                        for c in 0..<channels {
                            let value = input[i + c]
                            if value > best[c] { best[c] = value }
                            sum[c] += value
                        }
                    }
                    let o = (batch * outPositions + outPosition) * channels
                    for c in 0..<channels {
                        out[o + c] = mode == .max ? best[c] : sum[c] / Float(max(inside, 1))
                    }
                }
            }
        }
        return Tensor(shape: outShape, values: out)
    }
}
