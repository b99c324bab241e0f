/// A layer that takes part in TF.js's mask flow (engine/executor.ts `execute`): it reads the mask of its first input
/// (`kwargs.mask`) and, when `supportsMasking`, computes the mask its outputs carry.
protocol MaskingLayer: Layer {
    /// TF.js's `supportsMasking`: without it the outputs carry no mask.
    var supportsMasking: Bool { get }
    func call(_ inputs: [Tensor], mask: Tensor?) throws(ExecutionError) -> [Tensor]
    /// The outputs' mask from the inputs and their masks (one per input, nil where there is none).
    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor?
}

extension MaskingLayer {
    var supportsMasking: Bool { true }
    func call(_ inputs: [Tensor], mask: Tensor?) throws(ExecutionError) -> [Tensor] { try call(inputs) }
    func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws(ExecutionError) -> Tensor? { masks.first ?? nil }
}

/// How plain layers (not MaskingLayer) treat masks, by TF.js class name.
enum MaskFlow {
    /// `supportsMasking` with the default computeMask: the first input's mask goes on unchanged.
    static let passThrough: Set<String> = [
        "Dropout", "SpatialDropout1D", "Dense", "Activation", "GaussianNoise", "GaussianDropout", "AlphaDropout",
        "BatchNormalization", "LayerNormalization", "ReLU", "PReLU",
    ]

    /// A boolean tensor: 1 where `condition` holds.
    static func bools(_ shape: [Int], _ values: [Bool]) -> Tensor {
        Tensor(shape: shape, dtype: .bool, values: values.map { $0 ? 1 : 0 })
    }
}
