import Foundation
import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// The fast kernels (GEMM, im2col / pointwise conv2d, vectorised depthwise) against plain loops on random shapes.
@Suite struct KernelTests {
    /// A small deterministic generator (SplitMix64), so that every run checks the same shapes.
    struct Random {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func float() -> Float { Float(next() >> 40) / Float(1 << 24) * 2 - 1 }
        mutating func tensor(_ shape: [Int]) -> Tensor { Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in float() }) }
    }

    /// Direct convolution: every output value summed over its window in kernel-row, kernel-column, channel order.
    static func referenceConvolution(_ x: Tensor, _ filter: Tensor, _ window: Convolution.Window, depthwise: Bool) -> Tensor? {
        let (n, inH, inW, inC) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kH, kW) = (filter.shape[0], filter.shape[1]), multiplier = depthwise ? filter.shape[3] : 1
        let outC = depthwise ? inC * multiplier : filter.shape[3]
        guard let (outH, top) = window.output(size: inH, kernel: kH, axis: 0), let (outW, left) = window.output(size: inW, kernel: kW, axis: 1) else {
            return nil
        }
        var out = [Float](repeating: 0, count: n * outH * outW * outC)
        for b in 0..<n {
            for oy in 0..<outH {
                for ox in 0..<outW {
                    for k in 0..<outC {
                        var sum: Float = 0
                        for ky in 0..<kH {
                            let iy = oy * window.strides.height - top + ky * window.dilations.height
                            guard iy >= 0, iy < inH else { continue }
                            for kx in 0..<kW {
                                let ix = ox * window.strides.width - left + kx * window.dilations.width
                                guard ix >= 0, ix < inW else { continue }
                                let pixel = ((b * inH + iy) * inW + ix) * inC
                                if depthwise {
                                    let c = k / multiplier
                                    sum += x.values[pixel + c] * filter.values[((ky * kW + kx) * inC + c) * multiplier + k % multiplier]
                                } else {
                                    for c in 0..<inC { sum += x.values[pixel + c] * filter.values[((ky * kW + kx) * inC + c) * outC + k] }
                                }
                            }
                        }
                        out[((b * outH + oy) * outW + ox) * outC + k] = sum
                    }
                }
            }
        }
        return Tensor(shape: [n, outH, outW, outC], values: out)
    }

    static func referenceProduct(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k { sum += (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]) }
                out[i * n + j] = sum
            }
        }
        return out
    }

    /// The first index where `actual` and `expected` differ by more than 1e-5 relative (absolute below 1).
    static func mismatch(_ actual: [Float], _ expected: [Float]) -> String? {
        guard actual.count == expected.count else { return "count \(actual.count) != \(expected.count)" }
        for (index, (a, e)) in zip(actual, expected).enumerated() where !(abs(a - e) <= 1e-5 * max(abs(e), 1)) {
            return "index \(index): \(a) != \(e)"
        }
        return nil
    }

    static func randomWindow(_ random: inout Random) -> Convolution.Window {
        var window = Convolution.Window()
        window.strides = (random.int(1...3), random.int(1...3))
        window.dilations = random.int(0...2) == 0 ? (random.int(1...3), random.int(1...2)) : (1, 1)
        switch random.int(0...2) {
        case 0: window.padding = .same
        case 1: window.padding = .valid
        default: window.padding = .explicit(top: random.int(0...2), bottom: random.int(0...2), left: random.int(0...2), right: random.int(0...2))
        }
        return window
    }

    @Test func conv2dMatchesDirectLoopsOnRandomShapes() throws {
        var random = Random(state: 1)
        var checked = 0
        for _ in 0..<120 {
            let x = random.tensor([random.int(1...2), random.int(1...11), random.int(1...11), random.int(1...13)])
            let filter = random.tensor([random.int(1...4), random.int(1...4), x.shape[3], random.int(1...37)])
            let window = Self.randomWindow(&random)
            guard let expected = Self.referenceConvolution(x, filter, window, depthwise: false) else {
                #expect(throws: ExecutionError.self) { try Convolution.conv2d(x, filter, window) }
                continue
            }
            let actual = try Convolution.conv2d(x, filter, window)
            #expect(actual.shape == expected.shape)
            #expect(Self.mismatch(actual.values, expected.values) == nil, "\(x.shape) \(filter.shape) \(window)")
            checked += 1
        }
        #expect(checked > 60)
    }

    @Test(arguments: [
        ([1, 20, 20, 24], [1, 1, 24, 40], Convolution.Padding.valid, 1),  // pointwise, read in place, two threads
        ([1, 15, 17, 19], [1, 1, 19, 33], .same, 2),                        // 1×1 with stride: gathered
        ([2, 23, 21, 3], [3, 3, 3, 32], .same, 2),                          // MobileNet's stem, odd sizes
        ([1, 14, 14, 9], [3, 3, 9, 70], .explicit(top: 1, bottom: 2, left: 0, right: 1), 1),
    ])
    func conv2dLargeShapes(_ input: [Int], _ kernel: [Int], _ padding: Convolution.Padding, _ stride: Int) throws {
        var random = Random(state: 2)
        let x = random.tensor(input), filter = random.tensor(kernel)
        let window = Convolution.Window(strides: (stride, stride), padding: padding)
        let expected = try #require(Self.referenceConvolution(x, filter, window, depthwise: false))
        let actual = try Convolution.conv2d(x, filter, window)
        #expect(actual.shape == expected.shape)
        #expect(Self.mismatch(actual.values, expected.values) == nil)
    }

    @Test func depthwiseMatchesDirectLoopsOnRandomShapes() throws {
        var random = Random(state: 3)
        var checked = 0
        for index in 0..<120 {
            // Channel counts around the SIMD width, and a large case that runs on both cores.
            let channels = index == 0 ? 40 : [1, 3, 7, 8, 9, 16, 17, 24, 31][random.int(0...8)]
            let size = index == 0 ? 40 : random.int(1...12)
            let x = random.tensor([random.int(1...2), size, size + random.int(0...3), channels])
            let filter = random.tensor([random.int(1...5), random.int(1...5), channels, random.int(0...3) == 0 ? random.int(2...3) : 1])
            let window = Self.randomWindow(&random)
            guard let expected = Self.referenceConvolution(x, filter, window, depthwise: true) else {
                #expect(throws: ExecutionError.self) { try Convolution.depthwiseConv2d(x, filter, window) }
                continue
            }
            let actual = try Convolution.depthwiseConv2d(x, filter, window)
            #expect(actual.shape == expected.shape)
            #expect(Self.mismatch(actual.values, expected.values) == nil, "\(x.shape) \(filter.shape) \(window)")
            checked += 1
        }
        #expect(checked > 60)
    }

    @Test func gemmMatchesDirectLoopsWithTransposes() {
        var random = Random(state: 4)
        let sizes = [(1, 1, 1), (3, 5, 7), (4, 16, 16), (17, 9, 33), (5, 0, 6), (130, 70, 45), (257, 64, 31)]
        for (m, k, n) in sizes {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = (0..<(m * k)).map { _ in random.float() }, b = (0..<(k * n)).map { _ in random.float() }
                    let expected = Self.referenceProduct(a, b, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB)
                    let actual = Gemm.multiply(a, b, rows: m, depth: k, columns: n, transposeA: transposeA, transposeB: transposeB)
                    #expect(Self.mismatch(actual, expected) == nil, "\(m)×\(k)×\(n) \(transposeA) \(transposeB)")
                }
            }
        }
    }

    @Test(arguments: [Gemm.Activation.linear, .relu, .relu6])
    func epilogueAddsBiasThenActivation(_ activation: Gemm.Activation) {
        var random = Random(state: 5)
        let (m, k, n) = (37, 11, 21)
        let a = (0..<(m * k)).map { _ in random.float() * 8 }, b = (0..<(k * n)).map { _ in random.float() }
        var bias = (0..<n).map { _ in random.float() }
        bias[3] = .nan
        let product = Self.referenceProduct(a, b, m: m, k: k, n: n, transposeA: false, transposeB: false)
        let expected = product.enumerated().map { index, value -> Float in
            let biased = value + bias[index % n]
            switch activation {
            case .linear: return biased
            case .relu: return biased.isNaN ? .nan : max(biased, 0)
            case .relu6: return biased.isNaN ? .nan : min(max(biased, 0), 6)
            }
        }
        let actual = Gemm.multiply(a, b, rows: m, depth: k, columns: n, epilogue: Gemm.Epilogue(bias: bias, activation: activation))
        #expect(zip(actual, expected).allSatisfy { $0.isNaN == $1.isNaN })
        #expect(Self.mismatch(actual.map { $0.isNaN ? 0 : $0 }, expected.map { $0.isNaN ? 0 : $0 }) == nil)
    }

    /// A node from NodeDef JSON text.
    static func node(_ op: String, _ attributes: String) throws -> GraphModel.Node {
        let document = try JSONDocument(bytes: Array(attributes.utf8))
        return GraphModel.Node(name: "n", op: op, inputs: [], attributes: document.root)
    }

    @Test func fusedNodesMatchTheUnfusedOps() throws {
        var random = Random(state: 6)
        let x = random.tensor([1, 9, 10, 12]), filter = random.tensor([3, 3, 12, 20]), depthwiseFilter = random.tensor([3, 3, 12, 1])
        let bias = random.tensor([20]), depthwiseBias = random.tensor([12])
        // fused_ops ["BiasAdd", "Relu6"], SAME, stride 2.
        let attributes = #"{"strides": {"list": {"i": ["1", "2", "2", "1"]}}, "padding": {"s": "U0FNRQ=="}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdTY="]}}}"#
        let window = Convolution.Window(strides: (2, 2), padding: .same)
        for (op, kernel, channelBias, depthwise) in [("_FusedConv2D", filter, bias, false), ("FusedDepthwiseConv2dNative", depthwiseFilter, depthwiseBias, true)] {
            let fused = try Convolution.run(try Self.node(op, attributes), [x, kernel, channelBias], Attributes(try Self.node(op, attributes).attributes))
            let plain = try #require(Self.referenceConvolution(x, kernel, window, depthwise: depthwise))
            let expected = Elementwise.unary("Relu6", try Elementwise.binary("BiasAdd", plain, channelBias))
            #expect(fused.shape == expected.shape)
            #expect(Self.mismatch(fused.values, expected.values) == nil, "\(op)")
        }
        // A fused activation the epilogue leaves to the elementwise ops: ["BiasAdd", "Elu"].
        let elu = #"{"padding": {"s": "VkFMSUQ="}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "RWx1"]}}}"#
        let node = try Self.node("_FusedConv2D", elu)
        let result = try Convolution.run(node, [x, filter, bias], Attributes(node.attributes))
        let plain = try #require(Self.referenceConvolution(x, filter, Convolution.Window(), depthwise: false))
        #expect(Self.mismatch(result.values, Elementwise.unary("Elu", try Elementwise.binary("BiasAdd", plain, bias)).values) == nil)
    }

    @Test func matMulNodeUsesTransposesAndFusedBias() throws {
        var random = Random(state: 7)
        let a = random.tensor([9, 5]), b = random.tensor([13, 9]), bias = random.tensor([13])
        let attributes = #"{"transpose_a": {"b": true}, "transpose_b": {"b": true}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdQ=="]}}}"#
        let node = try Self.node("_FusedMatMul", attributes)
        let result = try MatrixOps.matMul(node, [a, b, bias], Attributes(node.attributes))
        let product = Self.referenceProduct(a.values, b.values, m: 5, k: 9, n: 13, transposeA: true, transposeB: true)
        #expect(result.shape == [5, 13])
        #expect(Self.mismatch(result.values, product.enumerated().map { max($1 + bias.values[$0 % 13], 0) }) == nil)
    }

    @Test func inconsistentTensorsFailInsteadOfTrapping() {
        let x = Tensor(shape: [1, 4, 4, 2], values: [1, 2, 3])
        let filter = Tensor(shape: [1, 1, 2, 3], values: Array(repeating: 1, count: 6))
        #expect(throws: ExecutionError.self) { try Convolution.conv2d(x, filter, Convolution.Window()) }
        #expect(throws: ExecutionError.self) { try Convolution.depthwiseConv2d(x, Tensor(shape: [1, 1, 2, 1], values: [1]), Convolution.Window()) }
        #expect(throws: ExecutionError.self) {
            try MatrixOps.matMul(try Self.node("MatMul", "{}"), [Tensor(shape: [2, -3], values: []), Tensor(shape: [-3, 2], values: [])], Attributes(nil))
        }
        for window in [Convolution.Window(strides: (Int.max, 1)), Convolution.Window(dilations: (1, Int.max)),
                       Convolution.Window(padding: .explicit(top: Int.max, bottom: Int.max, left: 0, right: 0))] {
            #expect(throws: ExecutionError.self) { try Convolution.conv2d(Tensor(shape: [1, 4, 4, 2], values: Array(repeating: 1, count: 32)), filter, window) }
        }
        let empty = try? Convolution.conv2d(Tensor(shape: [0, 4, 4, 2], values: []), filter, Convolution.Window())
        #expect(empty?.shape == [0, 4, 4, 3])
    }

    /// Conv2DBackpropInput with EXPLICIT padding equal to SAME's gives SAME's result; pools and convolutions over
    /// empty tensors that claim huge axes fail instead of looping or overflowing.
    @Test func spatialKernelsPadExplicitlyAndRefuseHugeEmptyTensors() throws {
        var random = Random(state: 8)
        let filter = random.tensor([3, 3, 2, 4]), x = random.tensor([1, 5, 6, 4])
        let shape = Tensor(shape: [4], dtype: .int32, values: [1, 5, 6, 2])
        let same = #"{"strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "U0FNRQ=="}}"#
        let explicit = #"{"strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "RVhQTElDSVQ="}, "explicit_paddings": {"list": {"i": ["0", "0", "1", "1", "1", "1", "0", "0"]}}}"#
        let padded = try GraphOps.run(try Self.node("Conv2DBackpropInput", same), [shape, filter, x])
        let explicitlyPadded = try GraphOps.run(try Self.node("Conv2DBackpropInput", explicit), [shape, filter, x])
        #expect(padded.first?.shape == [1, 5, 6, 2])
        #expect(padded.first?.values == explicitlyPadded.first?.values)
        let pool = #"{"ksize": {"list": {"i": ["1", "1", "1", "1"]}}, "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "VkFMSUQ="}}"#
        #expect(throws: ExecutionError.self) { try GraphOps.run(try Self.node("MaxPool", pool), [Tensor(shape: [1, 1 << 23, 1 << 23, 0], values: [])]) }
        let volume = Tensor(shape: [0, 1 << 23, 1 << 23, 1 << 23, 1], values: [])
        #expect(throws: ExecutionError.self) { try Pooling.pool(volume, .average, window: [1, 1, 1], strides: [1, 1, 1], padding: .valid) }
        #expect(throws: ExecutionError.self) {
            try SpatialConvolution.convolve(volume, Tensor(shape: [1, 1, 1, 1, 1], values: [1]), strides: [1, 1, 1], dilations: [1, 1, 1], padding: .same)
        }
    }

    /// NumPy broadcasting by index arithmetic alone.
    static func referenceBroadcast(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor? {
        guard let shape = Elementwise.broadcast(a.shape, b.shape) else { return nil }
        func offset(_ flat: Int, _ tensorShape: [Int]) -> Int {
            var remaining = flat, result = 0, step = 1
            for d in stride(from: shape.count - 1, through: 0, by: -1) {
                let index = remaining % shape[d]
                remaining /= shape[d]
                let source = d - (shape.count - tensorShape.count)
                if source >= 0 {
                    result += (tensorShape[source] == 1 ? 0 : index) * step
                    step *= tensorShape[source]
                }
            }
            return result
        }
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, values: (0..<count).map { f(a.values[offset($0, a.shape)], b.values[offset($0, b.shape)]) })
    }

    @Test func binaryFastPathsMatchIndexArithmetic() throws {
        var random = Random(state: 8)
        let pairs: [([Int], [Int])] = [
            ([2, 3, 9], [2, 3, 9]), ([2, 3, 9], [9]), ([9], [2, 3, 9]), ([2, 3, 9], []), ([], [4, 5]), ([2, 3, 9], [1, 1, 9]),
            ([2, 1, 9], [3, 1]), ([1, 5], [4, 1]), ([3, 1, 7], [1, 7]), ([0, 3], [3]), ([2, 128, 64, 9], [9]),  // the last in parts
        ]
        let formulas: [(String, (Float, Float) -> Float)] = [("Sub", { $0 - $1 }), ("Mul", { $0 * $1 }), ("RealDiv", { $0 / $1 }),
                                                              ("Maximum", { $0.isNaN || $1.isNaN ? .nan : max($0, $1) })]
        for (shapeA, shapeB) in pairs {
            let a = random.tensor(shapeA), b = random.tensor(shapeB)
            for (op, f) in formulas {
                let expected = try #require(Self.referenceBroadcast(a, b, f))
                let actual = try Elementwise.binary(op, a, b)
                #expect(actual.shape == expected.shape && actual.values == expected.values, "\(op) \(shapeA) \(shapeB)")
            }
        }
        #expect(throws: ExecutionError.self) { try Elementwise.binary("Add", Tensor(shape: [2, 3], values: [1]), Tensor(shape: [3], values: [1, 2, 3])) }
    }

    @Test func padCopiesRunsWhereTheyLand() throws {
        var random = Random(state: 9)
        let x = random.tensor([2, 3, 4, 5])
        let paddings = Tensor(shape: [4, 2], dtype: .int32, values: [0, 1, 2, 0, 1, 1, 3, 2])
        let padded = try Shapes.pad(x, paddings, constant: -7)
        #expect(padded.shape == [3, 5, 6, 10])
        for n in 0..<3 {
            for h in 0..<5 {
                for w in 0..<6 {
                    for c in 0..<10 {
                        let inside = n < 2 && h >= 2 && w >= 1 && w < 5 && c >= 3 && c < 8
                        let expected = inside ? x.values[((n * 3 + h - 2) * 4 + w - 1) * 5 + c - 3] : -7
                        #expect(padded.values[((n * 5 + h) * 6 + w) * 10 + c] == expected)
                    }
                }
            }
        }
        #expect(try Shapes.pad(Tensor(shape: [0, 2], values: []), Tensor(shape: [2, 2], values: [1, 0, 0, 1]), constant: 1).values == [1, 1, 1])
        #expect(throws: ExecutionError.self) { try Shapes.pad(x, Tensor(shape: [4, 2], values: [0, .nan, 0, 0, 0, 0, 0, 0]), constant: 0) }
    }
}
