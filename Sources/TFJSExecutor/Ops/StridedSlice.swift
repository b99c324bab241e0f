/// TF's StridedSlice, which TF.js 4.22 ports: sparse begin/end/strides with begin, end, ellipsis, new-axis and
/// shrink-axis masks expanded to one dense range per input dimension.
struct StridedSlice {
    let call: GraphOpCall
    let begin: [Int], end: [Int], strides: [Int]
    let beginMask: Int, endMask: Int, ellipsisMask: Int, newAxisMask: Int, shrinkMask: Int

    init(_ call: GraphOpCall) throws(ExecutionError) {
        self.call = call
        begin = try call.integers(1)
        end = try call.integers(2)
        strides = try call.integers(3)
        guard begin.count == end.count, end.count == strides.count, begin.count <= 32 else {
            throw call.failure("begin, end and strides must have one equal length")
        }
        let attributes = call.attributes
        beginMask = attributes.int("begin_mask") ?? 0
        endMask = attributes.int("end_mask") ?? 0
        ellipsisMask = attributes.int("ellipsis_mask") ?? 0
        newAxisMask = attributes.int("new_axis_mask") ?? 0
        shrinkMask = attributes.int("shrink_axis_mask") ?? 0
    }

    /// One dense dimension: its range, and whether it is dropped from the output (shrink).
    private struct Range {
        var begin = 0, end = 0, stride = 1
        var beginMasked = false, endMasked = false, shrink = false
    }

    /// An output dimension: a new size-1 axis, or the dense dimension it comes from.
    private enum OutputAxis { case newAxis, dense(Int) }

    func run(_ x: Tensor) throws(ExecutionError) -> Tensor {
        guard (ellipsisMask & (ellipsisMask - 1)) == 0 else { throw call.failure("multiple ellipses in slice is not allowed") }
        let rank = x.shape.count
        var sparseCount = begin.count, ellipsis = ellipsisMask
        // Without an ellipsis, one is implied after the last entry.
        if ellipsis & ((1 << sparseCount) - 1) == 0 {
            ellipsis |= 1 << sparseCount
            sparseCount += 1
        }
        let ellipsisIndex = (0..<sparseCount).first { ellipsis & (1 << $0) != 0 } ?? sparseCount
        let newAxesAfterEllipsis = ((ellipsisIndex + 1)..<max(sparseCount, ellipsisIndex + 1)).filter { $0 < begin.count && newAxisMask & (1 << $0) != 0 }.count
        var ranges: [Range] = [], output: [OutputAxis] = []
        for i in 0..<sparseCount {
            if ellipsis & (1 << i) != 0 {
                let next = min(rank - (sparseCount - i) + 1 + newAxesAfterEllipsis, rank)
                while ranges.count < next {
                    output.append(.dense(ranges.count))
                    ranges.append(Range(beginMasked: true, endMasked: true))
                }
            } else if newAxisMask & (1 << i) != 0 {
                output.append(.newAxis)
            } else {
                guard ranges.count < rank else { throw call.failure("index \(i) of the slice is beyond rank \(rank)") }
                let shrink = shrinkMask & (1 << i) != 0
                if !shrink { output.append(.dense(ranges.count)) }
                ranges.append(Range(begin: begin[i], end: end[i], stride: strides[i],
                                    beginMasked: beginMask & (1 << i) != 0, endMasked: endMask & (1 << i) != 0, shrink: shrink))
            }
        }
        while ranges.count < rank {
            output.append(.dense(ranges.count))
            ranges.append(Range(beginMasked: true, endMasked: true))
        }
        var starts: [Int] = [], steps: [Int] = [], sizes: [Int] = []
        for (d, range) in ranges.enumerated() {
            let (start, size) = try resolve(range, dimension: x.shape[d], axis: d)
            starts.append(start)
            steps.append(range.stride)
            sizes.append(size)
        }
        let inputStrides = Tensor.strides(x.shape)
        let sliced = try TransformationKernels.gather(call, x, into: sizes) { index in
            index.indices.reduce(0) { $0 + (starts[$1] + index[$1] * steps[$1]) * inputStrides[$1] }
        }
        return sliced.reshaped(output.map { axis in
            switch axis {
            case .newAxis: 1
            case let .dense(d): sizes[d]
            }
        })
    }

    /// The first index and element count of `range` over a dimension of `dimension` elements.
    private func resolve(_ range: Range, dimension: Int, axis: Int) throws(ExecutionError) -> (start: Int, count: Int) {
        guard range.stride != 0 else { throw call.failure("strides[\(axis)] must be non-zero") }
        if range.shrink {
            let index = range.begin < 0 ? range.begin + dimension : range.begin
            guard index >= 0, index < dimension else { throw call.failure("slice index \(range.begin) of dimension \(axis) is out of bounds") }
            return (index, 1)
        }
        let forward = range.stride > 0
        let (low, high) = forward ? (0, dimension) : (-1, dimension - 1)
        func canonical(_ value: Int, masked: Bool, isBegin: Bool) -> Int {
            if masked { return forward == isBegin ? low : high }
            let wrapped = value < 0 ? value + dimension : value
            return min(max(wrapped, low), high)
        }
        let start = canonical(range.begin, masked: range.beginMasked, isBegin: true)
        let stop = canonical(range.end, masked: range.endMasked, isBegin: false)
        let span = stop - start
        if (forward && span <= 0) || (!forward && span >= 0) { return (start, 0) }
        return (start, (span + range.stride + (forward ? -1 : 1)) / range.stride)
    }
}
