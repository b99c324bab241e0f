import Foundation

/// Single-precision C = op(A) · op(B) (× scale, + bias per column, then relu / relu6) for row-major matrices.
///
/// B is packed once into panels of `panelWidth` columns; each tile of `tileRows` rows × one panel is accumulated
/// in SIMD registers over the whole depth, in Float and in depth order (as TF.js's cpu backend does), then the
/// epilogue is applied before the tile is stored. Rows are processed in chunks small enough for the cache, and
/// large products spread their chunks over the cores.
enum Gemm {
    /// Columns per panel of B: one 8-wide vector (two SSE registers) per tile row.
    static let panelWidth = 8
    /// Rows per register tile.
    static let tileRows = 6
    /// Multiply-adds below which a product stays on the calling thread.
    static let parallelThreshold = 1 << 17

    /// The activation an epilogue applies after the bias; others stay with the caller.
    enum Activation: Sendable, Equatable {
        case linear, relu, relu6
    }

    /// What happens to each output value after the product: it is multiplied by `scale[column]`, then
    /// `bias[column]` is added, then the activation applies; each step rounds to Float as a separate op would.
    struct Epilogue: Sendable {
        var scale: [Float]?
        var bias: [Float]?
        var activation: Activation = .linear
    }

    /// B (depth × columns) read panel by panel: each panel gives, for each depth index, `panelWidth` consecutive
    /// values. A row-major B is read in place; a transposed one is packed. The last, partial panel is always packed
    /// with zeros past the last column.
    struct PackedMatrix: Sendable {
        let depth: Int
        let columns: Int
        /// The whole panels: B itself, or packed panels one after another.
        let body: [Float]
        /// Distance between consecutive depth indices of a panel in `body`, and between panels.
        let rowStride: Int, panelStride: Int
        /// The partial panel (depth × panelWidth); empty when `columns` is a multiple of `panelWidth`.
        let tail: [Float]

        var wholePanels: Int { columns / Gemm.panelWidth }
        var panelCount: Int { (columns + Gemm.panelWidth - 1) / Gemm.panelWidth }

        /// `b` is depth × columns row-major, or columns × depth when `transposed`.
        init(_ b: [Float], depth: Int, columns: Int, transposed: Bool) {
            self.depth = depth
            self.columns = columns
            let width = Gemm.panelWidth, whole = columns / width
            func element(_ p: Int, _ column: Int) -> Float { transposed ? b[column * depth + p] : b[p * columns + column] }
            if transposed {
                body = (0..<(whole * depth * width)).map { i in
                    let panel = i / (depth * width), p = i / width % depth
                    return element(p, panel * width + i % width)
                }
                (rowStride, panelStride) = (width, depth * width)
            } else {
                body = b
                (rowStride, panelStride) = (columns, width)
            }
            let first = whole * width
            tail = first == columns ? [] : (0..<(depth * width)).map { i in
                first + i % width < columns ? element(i / width, first + i % width) : 0
            }
        }
    }

    /// Rows `rows` of A for one chunk: where row `r` starts is `pointer + (r - rows.lowerBound) * stride`.
    /// `scratch` holds `rows.count × depth` floats for sources that gather their rows (im2col).
    typealias RowSource = @Sendable (_ rows: Range<Int>, _ scratch: UnsafeMutablePointer<Float>) -> (pointer: UnsafePointer<Float>, stride: Int)

    /// C (rows × columns) = A · B with the epilogue, written to `output`. `needsScratch` says whether `source`
    /// gathers rows into the scratch buffer rather than pointing into an existing matrix.
    static func multiply(rows: Int, _ b: PackedMatrix, _ epilogue: Epilogue, needsScratch: Bool,
                         into output: UnsafeMutablePointer<Float>, source: RowSource) {
        guard rows > 0, b.columns > 0 else { return }
        let depth = max(b.depth, 1)
        // About 64 KiB of A per chunk, and at least four chunks per core when the product is large.
        let cacheRows = max(tileRows, (16_384 / depth) / tileRows * tileRows)
        let work = rows.multipliedReportingOverflow(by: b.columns * depth)
        let parallel = work.overflow || work.partialValue >= parallelThreshold
        let quarterPerCore = (rows + 4 * ProcessInfo.processInfo.activeProcessorCount - 1) / (4 * ProcessInfo.processInfo.activeProcessorCount)
        let chunkRows = parallel ? max(tileRows, min(cacheRows, (quarterPerCore + tileRows - 1) / tileRows * tileRows)) : cacheRows
        let chunks = (rows + chunkRows - 1) / chunkRows
        let target = SharedMutablePointer(output)
        let activation = epilogue.activation
        b.body.withNonNilPointer { body in
            b.tail.withNonNilPointer { tail in
                epilogue.pointers { scale, bias in
                    let panels = (body: SharedPointer(body), tail: SharedPointer(tail))
                    @Sendable func runChunk(_ chunk: Int) {
                        let range = (chunk * chunkRows)..<min(rows, (chunk + 1) * chunkRows)
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: needsScratch ? range.count * b.depth : 1)
                        defer { scratch.deallocate() }
                        let (a, stride) = source(range, scratch)
                        multiplyChunk(a, stride: stride, rows: range.count, b, panels.body.pointer, panels.tail.pointer,
                                      scale: scale?.pointer, bias: bias?.pointer, activation: activation,
                                      into: target.pointer + range.lowerBound * b.columns)
                    }
                    if parallel && chunks > 1 {
                        DispatchQueue.concurrentPerform(iterations: chunks, execute: runChunk)
                    } else {
                        for chunk in 0..<chunks { runChunk(chunk) }
                    }
                }
            }
        }
    }

    /// C = op(A) · op(B) with the epilogue for row-major arrays: A is rows × depth (depth × rows when
    /// `transposeA`), B depth × columns (columns × depth when `transposeB`).
    static func multiply(_ a: [Float], _ b: [Float], rows: Int, depth: Int, columns: Int, transposeA: Bool = false,
                         transposeB: Bool = false, epilogue: Epilogue = Epilogue()) -> [Float] {
        guard rows > 0, columns > 0 else { return [] }
        let packed = PackedMatrix(b, depth: depth, columns: columns, transposed: transposeB)
        let rowMajorA = a.isEmpty ? [0] : transposeA ? transpose(a, rows: depth, columns: rows) : a
        return [Float](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
            rowMajorA.withUnsafeBufferPointer { aBuffer in
                let base = SharedPointer(aBuffer.baseAddress!)
                multiply(rows: rows, packed, epilogue, needsScratch: false, into: buffer.baseAddress!) { range, _ in
                    (base.pointer + range.lowerBound * depth, depth)
                }
            }
            initialized = rows * columns
        }
    }

    static func transpose(_ x: [Float], rows: Int, columns: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
            x.withUnsafeBufferPointer { source in
                for r in 0..<rows {
                    for c in 0..<columns { buffer[c * rows + r] = source[r * columns + c] }
                }
            }
            initialized = rows * columns
        }
    }

    /// One chunk of rows against every panel: full tiles of `tileRows`, then the remaining rows one by one.
    private static func multiplyChunk(_ a: UnsafePointer<Float>, stride: Int, rows: Int, _ b: PackedMatrix,
                                      _ body: UnsafePointer<Float>, _ tail: UnsafePointer<Float>, scale: UnsafePointer<Float>?, bias: UnsafePointer<Float>?,
                                      activation: Activation, into c: UnsafeMutablePointer<Float>) {
        let depth = b.depth, columns = b.columns, width = panelWidth
        for panel in 0..<b.panelCount {
            let whole = panel < b.wholePanels
            let p = whole ? body + panel * b.panelStride : tail, pStride = whole ? b.rowStride : width
            let first = panel * width, count = min(width, columns - first), panelScale = scale.map { $0 + first }
            let panelBias = bias.map { $0 + first }
            var row = 0
            while row + tileRows <= rows {
                let tile = tile6(a + row * stride, stride: stride, depth: depth, panel: p, panelStride: pStride)
                let target = c + row * columns + first
                store(tile.0, target, count: count, scale: panelScale, bias: panelBias, activation)
                store(tile.1, target + columns, count: count, scale: panelScale, bias: panelBias, activation)
                store(tile.2, target + 2 * columns, count: count, scale: panelScale, bias: panelBias, activation)
                store(tile.3, target + 3 * columns, count: count, scale: panelScale, bias: panelBias, activation)
                store(tile.4, target + 4 * columns, count: count, scale: panelScale, bias: panelBias, activation)
                store(tile.5, target + 5 * columns, count: count, scale: panelScale, bias: panelBias, activation)
                row += tileRows
            }
            while row < rows {
                store(tile1(a + row * stride, depth: depth, panel: p, panelStride: pStride), c + row * columns + first, count: count,
                      scale: panelScale, bias: panelBias, activation)
                row += 1
            }
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

    /// Six rows of A times one panel, over the whole depth: twelve 4-wide accumulators, which with the panel row and
    /// a broadcast value fit the sixteen vector registers of x86-64.
    @inline(__always)
    private static func tile6(_ a: UnsafePointer<Float>, stride: Int, depth: Int, panel: UnsafePointer<Float>, panelStride: Int)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>(), c4 = SIMD8<Float>(), c5 = SIMD8<Float>()
        let a0 = a, a1 = a + stride, a2 = a + 2 * stride, a3 = a + 3 * stride, a4 = a + 4 * stride, a5 = a + 5 * stride
        var p = panel
        for k in 0..<depth {
            let b = load(p)
            c0 += SIMD8(repeating: a0[k]) * b
            c1 += SIMD8(repeating: a1[k]) * b
            c2 += SIMD8(repeating: a2[k]) * b
            c3 += SIMD8(repeating: a3[k]) * b
            c4 += SIMD8(repeating: a4[k]) * b
            c5 += SIMD8(repeating: a5[k]) * b
            p += panelStride
        }
        return (c0, c1, c2, c3, c4, c5)
    }

    @inline(__always)
    private static func tile1(_ a: UnsafePointer<Float>, depth: Int, panel: UnsafePointer<Float>, panelStride: Int) -> SIMD8<Float> {
        var sums = SIMD8<Float>()
        var p = panel
        for k in 0..<depth {
            sums += SIMD8(repeating: a[k]) * load(p)
            p += panelStride
        }
        return sums
    }

    /// Applies the epilogue to a tile row and writes its first `count` values.
    @inline(__always)
    private static func store(_ sums: SIMD8<Float>, _ c: UnsafeMutablePointer<Float>, count: Int, scale: UnsafePointer<Float>?,
                              bias: UnsafePointer<Float>?, _ activation: Activation) {
        if count == panelWidth {
            UnsafeMutableRawPointer(c).storeBytes(of: finish(sums, scale: scale, bias: bias, activation), as: SIMD8<Float>.self)
            return
        }
        for j in 0..<count { c[j] = finish(sums[j], scale: scale?[j], bias: bias?[j], activation) }
    }

    /// The epilogue on eight values: × scale, + bias (eight values from each pointer), activation.
    @inline(__always)
    static func finish(_ sums: SIMD8<Float>, scale: UnsafePointer<Float>?, bias: UnsafePointer<Float>?, _ activation: Activation) -> SIMD8<Float> {
        var values = sums
        if let scale { values *= load(scale) }
        if let bias { values += load(bias) }
        return activate(values, activation)
    }

    /// The epilogue on one value.
    @inline(__always)
    static func finish(_ sum: Float, scale: Float?, bias: Float?, _ activation: Activation) -> Float {
        var value = sum
        if let scale { value *= scale }
        if let bias { value += bias }
        return activate(SIMD8(repeating: value), activation)[0]
    }

    /// relu / relu6 as the elementwise ops compute them: NaN stays NaN.
    @inline(__always)
    static func activate(_ x: SIMD8<Float>, _ activation: Activation) -> SIMD8<Float> {
        switch activation {
        case .linear: return x
        case .relu: return x.replacing(with: 0, where: x .< 0)
        case .relu6: return x.replacing(with: 0, where: x .< 0).replacing(with: 6, where: x .> 6)
        }
    }
}

extension Gemm.Epilogue {
    /// The scale's and bias's base addresses (nil when absent) for the duration of `body`.
    func pointers<R>(_ body: (SharedPointer?, SharedPointer?) -> R) -> R {
        scale.withUnsafeOptionalPointer { scale in
            bias.withUnsafeOptionalPointer { bias in body(scale.map(SharedPointer.init), bias.map(SharedPointer.init)) }
        }
    }
}

extension Optional where Wrapped == [Float] {
    /// The array's base address for the duration of `body`, or nil.
    func withUnsafeOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let array = self else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
