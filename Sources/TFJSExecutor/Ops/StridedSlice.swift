/// StridedSlice as TF.js 4.22 runs it: TF's expansion of sparse begin/end/strides and the begin, end, ellipsis,
/// new-axis and shrink-axis masks into one dense range per input dimension, then TF.js's cpu kernel, which
/// differs from TF for empty stride-1 slices (an error) and for strided slices after a shrunk axis.
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
        var starts: [Int] = [], stops: [Int] = [], sizes: [Int] = []
        var identity = true, sliceDimension0 = true, simple = true
        for (d, range) in ranges.enumerated() {
            let (start, stop, size) = try resolve(range, dimension: x.shape[d], axis: d)
            starts.append(start)
            stops.append(stop)
            sizes.append(size)
            let takesAll = range.stride == 1 && start == 0 && stop == x.shape[d]
            identity = identity && takesAll
            sliceDimension0 = sliceDimension0 && ((d == 0 && range.stride == 1) || takesAll)
            simple = simple && range.stride == 1
        }
        let finalShape = output.map { axis in
            switch axis {
            case .newAxis: 1
            case let .dense(d): sizes[d]
            }
        }
        if identity { return x.reshaped(finalShape) }
        if sliceDimension0 || simple {
            let sliced = try slice(x, begin: starts, size: zip(starts, stops).map { $1 - $0 })
            guard sliced.values.count == finalShape.reduce(1, *) else { throw call.failure("cannot reshape the slice to \(finalShape)") }
            return sliced.reshaped(finalShape)
        }
        return try gathered(x, starts: starts, steps: ranges.map(\.stride), outputShape: output.compactMap { axis in
            if case let .dense(d) = axis { sizes[d] } else { nil }
        }).reshaped(finalShape)
    }

    /// TF.js's slice of a stride-1 range: a size of -1 means "to the end", other negative sizes fail.
    private func slice(_ x: Tensor, begin: [Int], size rawSize: [Int]) throws(ExecutionError) -> Tensor {
        var size = rawSize
        for d in size.indices {
            if size[d] == -1 { size[d] = x.shape[d] - begin[d] }
            guard size[d] >= 0 else { throw call.failure("negative size values should be exactly -1 but got \(size[d]) for the slice() size at index \(d)") }
            guard begin[d] + size[d] <= x.shape[d] else { throw call.failure("begin \(begin[d]) + size \(size[d]) would overflow dimension \(d)") }
        }
        let strides = Tensor.strides(x.shape)
        return try TransformationKernels.gather(call, x, into: size) { index in
            index.indices.reduce(0) { $0 + (index[$1] + begin[$1]) * strides[$1] }
        }
    }

    /// TF.js's general strided path: it walks the output shape without new or shrunk axes, pairing output
    /// coordinate j with dense dimension j (wrong once an axis was shrunk before it), and reads the input with a
    /// buffer lookup that adds the last coordinate unscaled.
    private func gathered(_ x: Tensor, starts: [Int], steps: [Int], outputShape: [Int]) throws(ExecutionError) -> Tensor {
        let count = try call.elementCount(outputShape)
        let strides = Tensor.strides(x.shape)
        var values = [Float](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: outputShape.count)
        for flat in 0..<count {
            let location = index.indices.map { index[$0] * steps[$0] + starts[$0] }
            for (d, coordinate) in location.enumerated() where coordinate < 0 || coordinate >= x.shape[d] {
                throw call.failure("requested out of range element at \(location) of shape \(x.shape)")
            }
            var source = location.last ?? 0
            for d in location.indices.dropLast() { source += strides[d] * location[d] }
            guard source >= 0, source < x.values.count else { throw call.failure("requested element \(source) of \(x.values.count)") }
            values[flat] = x.values[source]
            Broadcast.increment(&index, in: outputShape)
        }
        return Tensor(shape: outputShape, dtype: x.dtype, values: values)
    }

    /// The dense begin and end of `range` over a dimension of `dimension` elements, and its element count.
    private func resolve(_ range: Range, dimension: Int, axis: Int) throws(ExecutionError) -> (start: Int, stop: Int, count: Int) {
        guard range.stride != 0 else { throw call.failure("strides[\(axis)] must be non-zero") }
        if range.shrink {
            guard range.stride > 0 else { throw call.failure("only stride 1 allowed on non-range indexing") }
            let index = range.begin < 0 ? range.begin + dimension : range.begin
            guard index >= 0, index < dimension else { throw call.failure("slice index \(range.begin) of dimension \(axis) is out of bounds") }
            return (index, index + 1, 1)
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
        if span == 0 || (span < 0) != (range.stride < 0) { return (start, stop, 0) }
        return (start, stop, span / range.stride + (span % range.stride != 0 ? 1 : 0))
    }
}
