/// How an output compares with its golden tensor, Polygraphy-style: an element fails only when its error
/// exceeds both `atol` and `rtol * |golden|`; NaN matches only NaN, an infinity only the same infinity.
public struct OutputComparison: Sendable {
    public let name: String
    public let shape: [Int]
    public let goldenShape: [Int]
    public let maxAbsError: Double
    public let maxRelError: Double
    public let mismatches: Int
    /// Mismatches where one side is NaN or infinite and the other is not the same value; no tolerance passes them.
    public let nonFiniteMismatches: Int
    /// Flat index of the largest absolute error, and the values there.
    public let worstIndex: Int?
    public let worst: (actual: Float, golden: Float)?
    /// The smallest atol under which the output would pass with the same rtol (infinite for NaN/Inf mismatches).
    public let requiredAtol: Double
    public let atol: Double
    public let rtol: Double

    public var passed: Bool { shape == goldenShape && mismatches == 0 }

    public init(name: String, actual: Tensor, golden: Tensor, atol: Double, rtol: Double) {
        self.name = name
        shape = actual.shape
        goldenShape = golden.shape
        self.atol = atol
        self.rtol = rtol
        // Differently stored tensors (complex64 beside a real one, or values not filling the shape) never match.
        guard actual.shape == golden.shape, actual.dtype == .complex64 ? golden.dtype == .complex64 : golden.dtype != .complex64,
              actual.values.count == golden.values.count else {
            (maxAbsError, maxRelError, mismatches, worstIndex, worst, requiredAtol) = (.infinity, .infinity, golden.count, nil, nil, .infinity)
            nonFiniteMismatches = 0
            return
        }
        var maxAbs = 0.0, maxRel = 0.0, required = 0.0
        var count = 0, nonFinite = 0
        var worstAt: Int?
        for i in 0..<golden.values.count {
            let a = Double(actual.values[i]), g = Double(golden.values[i])
            if a.isNaN || g.isNaN || a.isInfinite || g.isInfinite {
                let same = (a.isNaN && g.isNaN) || (a == g)
                if !same {
                    count += 1
                    nonFinite += 1
                    required = .infinity
                    (maxAbs, maxRel) = (.infinity, .infinity)
                    worstAt = i
                }
                continue
            }
            let diff = abs(a - g)
            let relative = g == 0 ? (diff == 0 ? 0 : Double.infinity) : diff / abs(g)
            if diff > maxAbs {
                maxAbs = diff
                worstAt = i
            }
            maxRel = max(maxRel, relative)
            if diff > rtol * abs(g) { required = max(required, diff) }
            if diff > atol && diff > rtol * abs(g) { count += 1 }
        }
        (maxAbsError, maxRelError, mismatches, worstIndex, requiredAtol) = (maxAbs, maxRel, count, worstAt, required)
        nonFiniteMismatches = nonFinite
        worst = worstAt.map { (actual.values[$0], golden.values[$0]) }
    }
}
