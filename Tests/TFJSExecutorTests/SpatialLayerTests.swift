import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Weight request order (TF.js's build order) and hostile configs and inputs of the convolution, pooling,
/// normalization, reshaping, activation and preprocessing layers.
@Suite struct SpatialLayerTests {
    private func layer(_ className: String, _ config: String, weights: [String: Tensor] = [:]) throws -> (any Layer, LayerWeights) {
        let factory = try #require(LayerRegistry.factories[className])
        let document = try JSONDocument(text: config)
        let layerWeights = LayerWeights(layerName: "l", weights)
        return (try factory("l", LayerConfig(className: className, config: document.root), layerWeights), layerWeights)
    }

    private func filled(_ shape: [Int], _ value: Float = 0.5) -> Tensor {
        Tensor(shape: shape, values: Array(repeating: value, count: shape.reduce(1, *)))
    }

    @Test(arguments: [
        ("Conv2D", #"{"filters": 2, "kernel_size": 1}"#, ["l/kernel", "l/bias"]),
        ("Conv2DTranspose", #"{"filters": 2, "kernel_size": 1, "use_bias": false}"#, ["l/kernel"]),
        ("SeparableConv2D", #"{"filters": 2, "kernel_size": 1}"#, ["l/depthwise_kernel", "l/pointwise_kernel", "l/bias"]),
        ("DepthwiseConv2D", #"{"kernel_size": 1}"#, ["l/depthwise_kernel", "l/bias"]),
        ("BatchNormalization", #"{}"#, ["l/gamma", "l/beta", "l/moving_mean", "l/moving_variance"]),
        ("BatchNormalization", #"{"center": false}"#, ["l/gamma", "l/moving_mean", "l/moving_variance"]),
        ("BatchNormalization", #"{"scale": false}"#, ["l/beta", "l/moving_mean", "l/moving_variance"]),
        ("LayerNormalization", #"{"center": false}"#, ["l/gamma"]),
        ("PReLU", #"{}"#, ["l/alpha"]),
        ("MaxPooling2D", #"{}"#, []),
    ])
    func weightsAreRequestedInTFJSBuildOrder(_ className: String, _ config: String, _ expected: [String]) throws {
        let every = Dictionary(uniqueKeysWithValues: ["kernel", "bias", "depthwise_kernel", "pointwise_kernel", "gamma", "beta",
                                                      "moving_mean", "moving_variance", "alpha"].map { ($0, filled([1])) })
        let (_, weights) = try layer(className, config, weights: every)
        #expect(weights.requested == expected)
    }

    @Test func aMissingWeightIsNamed() throws {
        #expect(throws: ExecutionError.self) { try layer("Conv2D", #"{"filters": 1, "kernel_size": 1}"#, weights: ["kernel": filled([1, 1, 1, 1])]) }
    }

    @Test func brokenPreprocessingLayersFailWithTheirRule() throws {
        for className in ["CenterCrop", "CategoryEncoding", "Resizing", "RandomWidth"] {
            do {
                _ = try layer(className, #"{"height": 2, "width": 2}"#)
                Issue.record("\(className) was built")
            } catch let error as ExecutionError {
                #expect(error.ruleID == "broken-layer")
            }
        }
    }

    @Test(arguments: [
        ("Conv2D", #"{"filters": 1, "kernel_size": 1, "strides": 8000000000000000}"#),
        ("Conv2D", #"{"filters": 1, "kernel_size": 1, "dilation_rate": [8000000000000000, 1]}"#),
        ("Conv2D", #"{"filters": 0, "kernel_size": 1}"#),
        ("Conv2D", #"{"filters": 1, "kernel_size": [1, 1, 1]}"#),
        ("Conv2D", #"{"filters": 1}"#),
        ("Conv2D", #"{"filters": 1, "kernel_size": 1, "padding": "reflect"}"#),
        ("Conv2D", #"{"filters": 1, "kernel_size": 1, "data_format": "nchw"}"#),
        ("DepthwiseConv2D", #"{"kernel_size": 1, "depth_multiplier": 8000000000000000}"#),
        ("MaxPooling2D", #"{"pool_size": [0, 1]}"#),
        ("MaxPooling2D", #"{"pool_size": 8000000000000000}"#),
        ("MaxPooling2D", #"{"pool_size": 8000000, "padding": "same"}"#),
        ("UpSampling2D", #"{"size": [100000, 100000]}"#),
        ("ZeroPadding2D", #"{"padding": -1}"#),
        ("ELU", #"{"alpha": 2}"#),
    ])
    func absurdConfigsFailCleanly(_ className: String, _ config: String) {
        let weights = ["kernel": filled([1, 1, 1, 1]), "bias": filled([1]), "depthwise_kernel": filled([1, 1, 1, 1])]
        #expect(throws: (any Error).self) {
            try layer(className, config, weights: weights).0.call([filled([1, 2, 2, 1])])
        }
    }

    @Test(arguments: ["MaxPooling2D", "GlobalAveragePooling2D", "UpSampling2D", "ZeroPadding2D", "Cropping2D", "LayerNormalization"])
    func emptyInputsClaimingHugeAxesFail(_ className: String) throws {
        let (built, _) = try layer(className, #"{"cropping": 0, "center": false, "scale": false}"#)
        #expect(throws: ExecutionError.self) { try built.call([Tensor(shape: [0, 1 << 40, 1 << 40, 1], values: [])]) }
    }

    @Test func inputsOfTheWrongCountRankOrSizeFail() throws {
        let (conv, _) = try layer("Conv2D", #"{"filters": 1, "kernel_size": 1}"#, weights: ["kernel": filled([1, 1, 1, 1]), "bias": filled([1])])
        #expect(throws: ExecutionError.self) { try conv.call([]) }
        #expect(throws: ExecutionError.self) { try conv.call([filled([1, 2, 2, 1]), filled([1, 2, 2, 1])]) }
        #expect(throws: ExecutionError.self) { try conv.call([filled([2, 2, 1])]) }
        #expect(throws: ExecutionError.self) { try conv.call([Tensor(shape: [1, 2, 2, 1], values: [1])]) }
        #expect(throws: ExecutionError.self) { try conv.call([filled([1, 2, 2, 3])]) }
        let (crop, _) = try layer("Cropping2D", #"{"cropping": [[8000000000000000, 0], [0, 0]]}"#)
        #expect(throws: ExecutionError.self) { try crop.call([filled([1, 2, 2, 1])]) }
        let (transposed, _) = try layer("Conv2DTranspose", #"{"filters": 1, "kernel_size": 1, "strides": 16000000}"#,
                                        weights: ["kernel": filled([1, 1, 1, 1]), "bias": filled([1])])
        #expect(throws: ExecutionError.self) { try transposed.call([filled([1, 64, 64, 1])]) }
        #expect(throws: ExecutionError.self) { try transposed.call([Tensor(shape: [0, 1 << 50, 1 << 50, 1], values: [])]) }
        let (prelu, _) = try layer("PReLU", #"{"shared_axes": [7]}"#, weights: ["alpha": filled([1])])
        #expect(throws: ExecutionError.self) { try prelu.call([filled([1, 2])]) }
    }
}
