import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Weight names and order, and refusals, of the recurrent and wrapper layers (values are in Fixtures/layers/).
@Suite struct RecurrentLayerTests {
    private func build(_ className: String, _ json: String, name: String,
                       weights: [String: Tensor] = [:]) throws -> (any Layer, LayerWeights) {
        let config = LayerConfig(className: className, config: try JSONDocument(text: json).root)
        let layerWeights = LayerWeights(scope: name) { scopedName, _ in
            weights[String(scopedName.dropFirst(name.count + 1))] ?? Self.filler(for: scopedName)
        }
        let factory = try #require(LayerRegistry.factories[className])
        return (try factory(name, config, layerWeights), layerWeights)
    }

    /// Zero weights of the shapes a units-2 LSTM over 3 features asks for.
    private static func filler(for scopedName: String) -> Tensor {
        let shape = scopedName.hasSuffix("/recurrent_kernel") ? [2, 8] : scopedName.hasSuffix("/kernel") ? [3, 8] : [8]
        return Tensor(shape: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    private let input = Tensor(shape: [1, 2, 3], values: [Float](repeating: 0.5, count: 6))

    @Test func bidirectionalAsksForwardThenBackwardWeightsInTFJSOrder() throws {
        let json = #"{"name": "bi", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 2}}}"#
        let (layer, weights) = try build("Bidirectional", json, name: "bi")
        #expect(weights.requested == ["bi/forward_lstm/kernel", "bi/forward_lstm/recurrent_kernel", "bi/forward_lstm/bias",
                                      "bi/backward_lstm/kernel", "bi/backward_lstm/recurrent_kernel", "bi/backward_lstm/bias"])
        #expect(try layer.call([input]).map(\.shape) == [[1, 4]])
    }

    /// Masks TF.js's rnn() cannot apply fail instead of trapping: the wrong rank (its transpose fails), fewer steps
    /// than the input, values that do not fill the shape, a shape that does not broadcast against the outputs.
    @Test func masksThatCannotApplyFail() throws {
        let (built, _) = try build("LSTM", #"{"name": "lstm", "units": 2, "return_sequences": true}"#, name: "lstm")
        let layer = try #require(built as? any MaskingLayer)
        for mask in [MaskFlow.bools([1], [true]), MaskFlow.bools([1, 1], [true]), Tensor(shape: [1, 2], dtype: .bool, values: [1]),
                     MaskFlow.bools([1, 2, 3, 1], Array(repeating: true, count: 6)), MaskFlow.bools([1, 2, 3], [true, true, true, false, true, true])] {
            #expect(throws: ExecutionError.self, "mask \(mask.shape)") { try layer.call([input], mask: mask) }
        }
        // A masked first step keeps the zero initial state; the mask goes on with the sequence.
        let masked = try layer.call([input], mask: MaskFlow.bools([1, 2], [false, true]))
        #expect(masked.first.map { Array($0.values.prefix(2)) } == [0, 0])
        #expect(try layer.computeMask([input], masks: [MaskFlow.bools([1, 2], [false, true])]) == MaskFlow.bools([1, 2], [false, true]))
    }

    @Test func stackedCellsAreScopedByIndex() throws {
        let cells = #"[{"class_name": "LSTMCell", "config": {"units": 2}}]"#
        let json = #"{"name": "rnn", "cell": {"class_name": "StackedRNNCells", "config": {"cells": "# + cells + "}}}"
        let (_, weights) = try build("RNN", json, name: "rnn")
        #expect(weights.requested == ["rnn/RNNCell_0/kernel", "rnn/RNNCell_0/recurrent_kernel", "rnn/RNNCell_0/bias"])
    }

    @Test func timeDistributedBuildsTheWrappedLayerInItsOwnScope() throws {
        let json = #"{"name": "td", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 2, "return_state": true}}}"#
        let (layer, weights) = try build("TimeDistributed", json, name: "td")
        #expect(weights.requested == ["td/kernel", "td/recurrent_kernel", "td/bias"])
        // One output per step is all TimeDistributed takes (TF.js's getExactlyOneTensor).
        #expect(throws: ExecutionError.self) { try layer.call([Tensor(shape: [1, 1, 2, 3], values: [Float](repeating: 0, count: 6))]) }
    }

    @Test func refusesWhatTFJSRefuses() throws {
        let gru = #"{"name": "g", "units": 2, "reset_after": true}"#
        #expect(throws: ExecutionError.self) { try build("GRU", gru, name: "g") }
        #expect(throws: ExecutionError.self) { try build("LSTM", #"{"name": "l", "units": 0}"#, name: "l") }
        let maxMerge = #"{"name": "b", "merge_mode": "max", "layer": {"class_name": "LSTM", "config": {"name": "l", "units": 2}}}"#
        #expect(throws: ExecutionError.self) { try build("Bidirectional", maxMerge, name: "b") }
        let unrolled = #"{"name": "c", "filters": 2, "kernel_size": 3, "unroll": true}"#
        #expect(throws: ExecutionError.self) { try build("ConvLSTM2D", unrolled, name: "c") }
    }

    @Test func hostileInputsThrowInsteadOfTrapping() throws {
        let (lstm, _) = try build("LSTM", #"{"name": "l", "units": 2}"#, name: "l")
        #expect(throws: ExecutionError.self) { try lstm.call([]) }
        #expect(throws: ExecutionError.self) { try lstm.call([Tensor(shape: [1, 3], values: [0, 0, 0])]) }
        #expect(throws: ExecutionError.self) { try lstm.call([Tensor(shape: [1, 0, 3], values: [])]) }
        #expect(throws: ExecutionError.self) { try lstm.call([Tensor(shape: [1, 2, 4], values: [Float](repeating: 0, count: 8))]) }
        #expect(throws: ExecutionError.self) { try lstm.call([Tensor(shape: [1, 2, 3], values: [0])]) }
        #expect(throws: ExecutionError.self) { try lstm.call([input, Tensor(shape: [1, 2], values: [0, 0])]) }
        let wrongKernel = Tensor(shape: [3, 7], values: [Float](repeating: 0, count: 21))
        #expect(throws: ExecutionError.self) { try build("LSTM", #"{"name": "l", "units": 2}"#, name: "l", weights: ["kernel": wrongKernel]) }
    }
}
