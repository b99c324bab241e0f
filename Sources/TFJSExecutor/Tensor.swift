/// A dense row-major tensor. Values are held as Float; int32 tensors (indices, paddings) are exact in it
/// up to 2^24, which is all the ops here read them for. A complex64 tensor holds each element as two values,
/// real then imaginary (NumPy's complex64 layout), so its `values.count` is `2 * count`; only the ops
/// `GraphOps.complexAware` lists may read one.
public struct Tensor: Sendable, Equatable {
    public enum DType: String, Sendable {
        case float32, int32, bool, complex64
    }

    public var shape: [Int]
    public var dtype: DType
    public var values: [Float]

    public init(shape: [Int], dtype: DType = .float32, values: [Float]) {
        self.shape = shape
        self.dtype = dtype
        self.values = values
    }

    public var count: Int { shape.reduce(1, *) }

    /// Values stored per element: 2 for complex64 (real, imaginary), else 1.
    public var valuesPerElement: Int { dtype == .complex64 ? 2 : 1 }

    /// Element count, or nil when a dimension is negative or the product overflows.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dim in shape {
            guard dim >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    public static func scalar(_ value: Float) -> Tensor { Tensor(shape: [], values: [value]) }
}

/// Why a model cannot be run: the op and node it stopped at, and the rule that predicts it where there is one.
public struct ExecutionError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public let ruleID: String?

    public init(_ description: String, ruleID: String? = nil) {
        self.description = description
        self.ruleID = ruleID
    }
}
