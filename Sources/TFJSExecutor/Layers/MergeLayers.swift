import Foundation
import TFJSLintCore

/// TF.js 4.22's merge layers (tfjs-layers layers/merge.ts). There is no Subtract.
enum MergeLayers {
    static let factories: [String: LayerFactory] = [
        "Add": { _, _, _ in ElementwiseMerge(kind: .add) },
        "Multiply": { _, _, _ in ElementwiseMerge(kind: .multiply) },
        "Average": { _, _, _ in ElementwiseMerge(kind: .average) },
        "Maximum": { _, _, _ in ElementwiseMerge(kind: .maximum) },
        "Minimum": { _, _, _ in ElementwiseMerge(kind: .minimum) },
        "Concatenate": { _, config, _ in Concatenate(axis: config.int("axis") ?? -1) },
        "Dot": { _, config, _ in try Dot(config) },
    ]
}

/// Merge.build's checks: at least two inputs, one batch size.
private func checkMergeInputs(_ inputs: [Tensor], _ layer: String) throws(ExecutionError) {
    guard inputs.count >= 2 else {
        throw ExecutionError("A merge layer should be called on an Array of at least 2 inputs. Got \(inputs.count) input(s).")
    }
    guard Set(inputs.compactMap(\.shape.first)).count <= 1, inputs.allSatisfy({ !$0.shape.isEmpty }) else {
        throw ExecutionError("\(layer): Can not merge tensors with different batch sizes. Got tensors with shapes: \(inputs.map(\.shape)).")
    }
}

/// Add, Multiply, Average, Maximum, Minimum: inputs of lower rank get size-1 axes inserted at axis 1, then
/// broadcast elementwise; Average multiplies the sum by the float32 value of 1/n.
private struct ElementwiseMerge: MaskingLayer {
    enum Kind { case add, multiply, average, maximum, minimum }
    let kind: Kind

    /// Merge.computeMask as TF.js writes it: each mask gets a leading axis, and the first is and-ed with all but
    /// the last of the others.
    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? {
        guard masks.contains(where: { $0 != nil }) else { return nil }
        let expanded = masks.map { $0.map { Tensor(shape: [1] + $0.shape, dtype: .bool, values: $0.values) } }
        guard var output = expanded[0] else { throw ExecutionError("Merge.computeMask: the first input has no mask but another has") }
        for mask in expanded.dropFirst().dropLast() {
            guard let mask else { throw ExecutionError("Merge.computeMask: an input between the first and the last has no mask") }
            output = try TFJSExecutor.Elementwise.binary("Mul", output, mask)
        }
        return output
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        try checkMergeInputs(inputs, "\(kind)")
        let rank = inputs.map(\.shape.count).max() ?? 0
        let expanded = inputs.map { x in
            Tensor(shape: [x.shape[0]] + Array(repeating: 1, count: rank - x.shape.count) + x.shape.dropFirst(), dtype: x.dtype, values: x.values)
        }
        let op: String
        switch kind {
        case .add, .average: op = "Add"
        case .multiply: op = "Mul"
        case .maximum: op = "Maximum"
        case .minimum: op = "Minimum"
        }
        var output = expanded[0]
        for x in expanded.dropFirst() {
            guard TFJSExecutor.Elementwise.broadcast(output.shape, x.shape) != nil else {
                throw ExecutionError("Operands could not be broadcast together with shapes \(inputs.map(\.shape))")
            }
            output = try TFJSExecutor.Elementwise.binary(op, output, x)
        }
        if kind == .average { output = try TFJSExecutor.Elementwise.binary("Mul", output, .scalar(Float(1.0 / Double(inputs.count)))) }
        return [output]
    }
}

/// Concatenate along `axis` (negative counts from the end); all other sizes must agree.
private struct Concatenate: MaskingLayer {
    let axis: Int

    /// Unmasked inputs count as all-true masks of their full shape, masks of lower rank get a last axis; the masks
    /// are concatenated like the inputs and and-ed over the last axis.
    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? {
        guard masks.contains(where: { $0 != nil }), masks.count == inputs.count else { return nil }
        let parts = zip(inputs, masks).map { input, mask in
            guard let mask else { return MaskFlow.bools(input.shape, Array(repeating: true, count: input.values.count)) }
            return mask.shape.count < input.shape.count ? Tensor(shape: mask.shape + [1], dtype: .bool, values: mask.values) : mask
        }
        guard let joined = try call(parts).first, let last = joined.shape.last, last > 0 else { return nil }
        let all = stride(from: 0, to: joined.values.count, by: last).map { start in !joined.values[start..<(start + last)].contains(0) }
        return MaskFlow.bools(Array(joined.shape.dropLast()), all)
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        guard inputs.count >= 2 else { throw ExecutionError("A `Concatenate` layer should be called on a list of at least 2 inputs") }
        let rank = inputs[0].shape.count
        let axis = self.axis < 0 ? self.axis + rank : self.axis
        func withoutAxis(_ shape: [Int]) -> [Int] { shape.enumerated().filter { $0.offset != axis }.map(\.element) }
        guard axis >= 0, axis < rank, inputs.allSatisfy({ $0.shape.count == rank && withoutAxis($0.shape) == withoutAxis(inputs[0].shape) }) else {
            throw ExecutionError(
                "A `Concatenate` layer requires inputs with matching shapes except for the concat axis. Got input shapes: \(inputs.map(\.shape))")
        }
        let outer = inputs[0].shape[..<axis].reduce(1, *)
        var shape = inputs[0].shape
        shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis] }
        var values: [Float] = []
        values.reserveCapacity(inputs.reduce(0) { $0 + $1.values.count })
        let blocks = inputs.map { $0.shape[axis...].reduce(1, *) }
        for o in 0..<outer {
            for (x, block) in zip(inputs, blocks) { values.append(contentsOf: x.values[(o * block)..<((o + 1) * block)]) }
        }
        return [Tensor(shape: shape, dtype: inputs[0].dtype, values: values)]
    }
}

/// Dot: TF.js's batchDot of two rank-2 or rank-3 tensors, optionally L2-normalized along the axes first.
private struct Dot: MaskingLayer {
    let axes: [Int]
    let normalize: Bool

    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? { nil }

    init(_ config: LayerConfig) throws(ExecutionError) {
        if let single = config.int("axes") {
            axes = [single]
        } else if let pair = config["axes"]?.array?.compactMap(\.int), pair.count == 2 {
            axes = pair
        } else {
            throw ExecutionError("Dot needs `axes`: an integer or a pair of integers")
        }
        normalize = config.bool("normalize") ?? false
    }

    func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        guard inputs.count == 2 else {
            throw ExecutionError("A `Dot` layer must be called on exactly 2 inputs, but received \(inputs.count) input(s).")
        }
        var (x, y) = (inputs[0], inputs[1])
        guard x.shape.count <= 3, y.shape.count <= 3 else { throw ExecutionError("Dot layer does not support tensors of 4D or higher rank yet.") }
        guard x.shape.count >= 2, y.shape.count >= 2 else { throw ExecutionError("batchDot requires the rank of x to be >= 2") }
        let axes = [Self.interpret(axes[0], x.shape.count), Self.interpret(axes.count == 2 ? axes[1] : axes[0], y.shape.count)]
        guard axes[0] < x.shape.count, axes[1] < y.shape.count, x.shape[axes[0]] == y.shape[axes[1]] else {
            throw ExecutionError("Dot: axes \(axes) do not pair equal dimensions of \(x.shape) and \(y.shape)")
        }
        if normalize {
            x = Self.l2Normalize(x, axes[0])
            y = Self.l2Normalize(y, axes[1])
        }
        return [try Self.batchDot(x, y, axes)]
    }

    static func interpret(_ axis: Int, _ rank: Int) -> Int { axis < 0 ? ((axis % rank) + rank) % rank : axis }

    /// x / sqrt(max(sum(x², axis), 1e-7)), squares in float32 summed in double as tfjs-backend-cpu does.
    static func l2Normalize(_ x: Tensor, _ axis: Int) -> Tensor {
        let inner = x.shape[(axis + 1)...].reduce(1, *), size = x.shape[axis], outer = x.shape[..<axis].reduce(1, *)
        var values = x.values
        for o in 0..<outer {
            for i in 0..<inner {
                var sum = 0.0
                for k in 0..<size { let v = x.values[(o * size + k) * inner + i]; sum += Double(v * v) }
                let norm = max(Float(sum), 1e-7).squareRoot()
                for k in 0..<size { values[(o * size + k) * inner + i] = x.values[(o * size + k) * inner + i] / norm }
            }
        }
        return Tensor(shape: x.shape, values: values)
    }

    /// TF.js's batchDot (merge.ts): pads the lower-rank operand with trailing 1s, then either sums a product (rank 2)
    /// or runs a batched matMul whose transposes depend only on whether the axes are the last ones; squeezes the
    /// padding and makes a rank-1 result [batch, 1].
    static func batchDot(_ xIn: Tensor, _ yIn: Tensor, _ axes: [Int]) throws(ExecutionError) -> Tensor {
        var (x, y) = (xIn, yIn)
        let (xRank, yRank) = (x.shape.count, y.shape.count)
        let diff = abs(xRank - yRank)
        if xRank > yRank { y.shape += Array(repeating: 1, count: diff) } else if yRank > xRank { x.shape += Array(repeating: 1, count: diff) }
        var out: Tensor
        if x.shape.count == 2 {
            let product: Tensor
            if axes[0] == axes[1] {
                product = try TFJSExecutor.Elementwise.binary("Mul", x, y)
            } else {
                product = try TFJSExecutor.Elementwise.binary("Mul", Shapes.transpose(x, [1, 0]), y)
            }
            out = try Reduction.run("Sum", product, axes: .scalar(Float(axes[axes[0] == axes[1] ? 0 : 1])), keepDims: false)
        } else {
            out = try matMul(x, y, transposeA: axes[0] != x.shape.count - 1, transposeB: axes[1] == y.shape.count - 1)
        }
        if diff > 0 {
            let start = xRank > yRank ? xRank + yRank - 3 : xRank - 1
            let squeezed = Set(start..<(start + diff))
            out.shape = out.shape.enumerated().filter { !squeezed.contains($0.offset) || $0.element != 1 }.map(\.element)
        }
        if out.shape.count == 1 { out.shape.append(1) }
        return out
    }

    /// Batched [b, m, k] × [b, k, n] with optional transposes of the last two axes.
    static func matMul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) throws(ExecutionError) -> Tensor {
        let batch = a.shape[0]
        let (m, k) = transposeA ? (a.shape[2], a.shape[1]) : (a.shape[1], a.shape[2])
        let (k2, n) = transposeB ? (b.shape[2], b.shape[1]) : (b.shape[1], b.shape[2])
        guard b.shape[0] == batch, k == k2 else {
            throw ExecutionError("Error in matMul: inner shapes (\(k)) and (\(k2)) of Tensors with shapes \(a.shape) and \(b.shape) must match.")
        }
        var values = [Float](repeating: 0, count: batch * m * n)
        for s in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k {
                        let av = transposeA ? a.values[s * k * m + p * m + i] : a.values[s * m * k + i * k + p]
                        let bv = transposeB ? b.values[s * n * k + j * k + p] : b.values[s * k * n + p * n + j]
                        sum += Double(av) * Double(bv)
                    }
                    values[(s * m + i) * n + j] = Float(sum)
                }
            }
        }
        return Tensor(shape: [batch, m, n], values: values)
    }
}
