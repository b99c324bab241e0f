import Foundation

/// Max and average pooling over the spatial axes of a channels-last tensor `[batch, spatial…, channels]`. As in
/// TF.js's cpu backend, the average sums in double precision and divides by the number of elements inside the
/// input (padding is not counted), and max skips NaN.
enum Pooling {
    enum Mode: Sendable { case max, average }

    static func pool(_ x: Tensor, _ mode: Mode, window: [Int], strides: [Int], padding: SpatialConvolution.Padding) throws(ExecutionError) -> Tensor {
        let spatialRank = x.shape.count - 2
        guard spatialRank >= 1, window.count == spatialRank, strides.count == spatialRank else {
            throw ExecutionError("pooling: input \(x.shape) does not match a window of rank \(window.count)")
        }
        guard Tensor.elementCount(x.shape) == x.values.count else {
            throw ExecutionError("pooling: tensor of shape \(x.shape) holds \(x.values.count) values")
        }
        let inSpatial = Array(x.shape[1...spatialRank]), ones = Array(repeating: 1, count: spatialRank)
        guard let (outSpatial, before) = SpatialConvolution.outputs(inSpatial, kernel: window, strides: strides, dilations: ones, padding: padding) else {
            throw ExecutionError("pooling: input \(x.shape) with window \(window) and strides \(strides) gives an empty output")
        }
        let channels = x.shape[spatialRank + 1]
        let outShape = [x.shape[0]] + outSpatial + [channels]
        let count = try SpatialConvolution.checkedCount(outShape)
        let outPositions = try SpatialConvolution.positions(outSpatial, batch: x.shape[0]), inPositions = try SpatialConvolution.positions(inSpatial)
        var out = [Float](repeating: 0, count: count)
        var outIndex = [Int](repeating: 0, count: spatialRank), lower = outIndex, upper = outIndex, cell = outIndex
        var best = [Float](repeating: 0, count: channels), sum = [Double](repeating: 0, count: channels)
        x.values.withUnsafeBufferPointer { input in
            for batch in 0..<x.shape[0] {
                for outPosition in 0..<outPositions {
                    SpatialConvolution.unflatten(outPosition, outSpatial, into: &outIndex)
                    for axis in 0..<spatialRank {
                        let start = outIndex[axis] * strides[axis] - before[axis]
                        lower[axis] = max(start, 0)
                        cell[axis] = lower[axis]
                        upper[axis] = min(start + window[axis], inSpatial[axis])
                    }
                    for c in 0..<channels {
                        best[c] = -.infinity
                        sum[c] = 0
                    }
                    var inside = 0
                    if zip(lower, upper).allSatisfy({ $0 < $1 }) {
                        repeat {
                            var inPosition = 0
                            for axis in 0..<spatialRank { inPosition = inPosition * inSpatial[axis] + cell[axis] }
                            inside += 1
                            let i = (batch * inPositions + inPosition) * channels
                            for c in 0..<channels {
                                let value = input[i + c]
                                if value > best[c] { best[c] = value }
                                sum[c] += Double(value)
                            }
                        } while advance(&cell, from: lower, to: upper)
                    }
                    let o = (batch * outPositions + outPosition) * channels
                    for c in 0..<channels {
                        out[o + c] = mode == .max ? best[c] : Float(sum[c] / Double(max(inside, 1)))
                    }
                }
            }
        }
        return Tensor(shape: outShape, values: out)
    }

    /// Steps `cell` to the next position of the box `lower..<upper` in row-major order; false after the last.
    private static func advance(_ cell: inout [Int], from lower: [Int], to upper: [Int]) -> Bool {
        for axis in stride(from: cell.count - 1, through: 0, by: -1) {
            cell[axis] += 1
            if cell[axis] < upper[axis] { return true }
            cell[axis] = lower[axis]
        }
        return false
    }
}
