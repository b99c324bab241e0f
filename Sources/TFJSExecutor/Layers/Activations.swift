import Foundation
import TFJSLintCore

/// An activation as TF.js 4.22's `getActivation` resolves it (activations.ts): by the camel-cased string, or the
/// `class_name` of a dict form. Formulas are TF.js's, which differ from Keras 3's for `hardSigmoid`.
enum Activation: String, Sendable, CaseIterable {
    case elu, selu, relu, relu6, linear, sigmoid, hardSigmoid, softplus, softsign, tanh, softmax, logSoftmax
    case gelu, mish, swish

    /// The activation under `key` of a layer config; absent or null means `linear`, as in TF.js's layers.
    init(_ config: LayerConfig, key: String = "activation") throws(ExecutionError) {
        let node = config[key]
        guard let node else { self = .linear; return }
        let name = node.string.map(PythonicNames.camelCase) ?? node["class_name"]?.string.map(PythonicNames.camelCase)
        guard let name, let activation = Activation(rawValue: name) else {
            throw ExecutionError("Unknown activation: \(name ?? "?")", ruleID: "unsupported-activation")
        }
        self = activation
    }

    func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .softmax: return Reduction.softmax(x)
        case .logSoftmax:
            let soft = Reduction.softmax(x)
            return Tensor(shape: x.shape, dtype: x.dtype, values: soft.values.map { Foundation.log($0) })
        default:
            let f = scalarFunction
            return Tensor(shape: x.shape, dtype: x.dtype, values: x.values.map(f))
        }
    }

    private var scalarFunction: @Sendable (Float) -> Float {
        switch self {
        case .elu: return { $0 < 0 ? Foundation.exp($0) - 1 : $0 }
        case .selu: return { $0 < 0 ? 1.7580993408473768 * (Foundation.exp($0) - 1) : 1.0507009873554805 * $0 }
        case .relu: return { $0.isNaN ? .nan : max($0, 0) }
        case .relu6: return { $0.isNaN ? .nan : min(max($0, 0), 6) }
        case .sigmoid: return { 1 / (1 + Foundation.exp(-$0)) }
        // K.hardSigmoid: clip(0.2x + 0.5, 0, 1), the Keras 2 definition (Keras 3 uses relu6(x + 3) / 6).
        case .hardSigmoid: return { min(max(0.2 * $0 + 0.5, 0), 1) }
        case .softplus: return Self.softplus
        case .softsign: return { $0 / (abs($0) + 1) }
        case .tanh: return { Foundation.tanh($0) }
        case .gelu: return { 0.5 * $0 * (1 + Foundation.erf($0 / Float(2).squareRoot())) }
        case .mish: return { $0 * Foundation.tanh(Self.softplus($0)) }
        case .swish: return { $0 / (1 + Foundation.exp(-$0)) }
        case .linear, .softmax, .logSoftmax: return { $0 }
        }
    }

    /// log(1 + e^x) without overflow for large x.
    @Sendable static func softplus(_ x: Float) -> Float { max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) }
}
