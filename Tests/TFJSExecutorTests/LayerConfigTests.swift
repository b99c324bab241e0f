import Testing
import TFJSLintCore
@testable import TFJSExecutor

@Suite struct LayerConfigTests {
    private func config(_ json: String) throws -> LayerConfig {
        let document = try JSONDocument(text: json)
        return LayerConfig(className: "Conv2D", config: document.root)
    }

    @Test func keysAreCamelCasedAndTheLaterSpellingWins() throws {
        let read = try config(#"{"kernel_size": 3, "kernelSize": [5, 1], "use_bias": false, "name": "conv_1"}"#)
        #expect(read.ints("kernel_size", rank: 2) == [5, 1])
        #expect(read.bool("useBias") == false)
        #expect(read["name"]?.string == "conv_1")
    }

    @Test func stringValuesAreCamelCasedAsTFJSDoes() throws {
        let read = try config(#"{"data_format": "channels_last", "activation": "hard_sigmoid", "padding": null}"#)
        #expect(read.string("data_format") == "channelsLast")
        #expect(read.string("activation") == "hardSigmoid")
        #expect(read.string("padding") == nil)
    }

    @Test func aSingleIntIsRepeatedToTheRank() throws {
        #expect(try config(#"{"strides": 2}"#).ints("strides", rank: 3) == [2, 2, 2])
    }

    @Test func weightsAreRequestedInOrderAndMissingOnesNamed() throws {
        let weights = LayerWeights(layerName: "dense", ["kernel": Tensor(shape: [2, 1], values: [1, 2])])
        #expect(try weights.tensor("kernel", shape: [2, 1]).values == [1, 2])
        #expect(throws: ExecutionError.self) { try weights.tensor("bias") }
        #expect(weights.requested == ["dense/kernel", "dense/bias"])
        #expect(throws: ExecutionError.self) { try weights.tensor("kernel", shape: [1, 2]) }
    }
}
