import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Where TF.js computes something the executor does not reproduce, the op fails (verify exits 2) instead of
/// answering differently.
@Suite struct OpRefusalTests {
    @Test func unsortedTopKBelowTheRowLengthIsRefused() throws {
        // TF.js gives [5, 4] / [4, 2] here: the order its Floyd–Rivest selection leaves (checked with the bundle).
        let attributes = try JSONDocument(text: #"{"sorted": {"b": false}}"#).root
        let node = GraphModel.Node(name: "topk", op: "TopKV2", inputs: [], attributes: attributes)
        let x = Tensor(shape: [5], values: [3, 1, 4, 1, 5])
        #expect(throws: ExecutionError.self) { try GraphOps.run(node, [x, Tensor(shape: [], dtype: .int32, values: [2])]) }
        let whole = try GraphOps.run(node, [x, Tensor(shape: [], dtype: .int32, values: [5])])
        #expect(whole.map(\.values) == [[3, 1, 4, 1, 5], [0, 1, 2, 3, 4]])
    }
}
