import Testing
import TFJSLintCore

struct PythonicNamesTests {
    /// Expected values are what `'…'.replace(/[_]+(\w|$)/g, (m, p1) => p1.toUpperCase())` gives in JavaScript.
    @Test(arguments: [
        ("hard_sigmoid", "hardSigmoid"), ("gelu_new", "geluNew"), ("leaky_relu", "leakyRelu"), ("silu", "silu"),
        ("lecun_normal", "lecunNormal"), ("relu_6", "relu6"), ("batch_input_shape", "batchInputShape"),
        ("channels_last", "channelsLast"), ("_", "_"), ("a_", "a"), ("a__", "a"), ("__a", "A"), ("a__b", "aB"),
        ("a_-b", "a_-b"), ("a__-b", "a_-b"), ("a_.b_c", "a_.bC"), ("x_é", "x_é"), ("L2", "L2"),
    ])
    func camelCaseMatchesTFJS(input: String, expected: String) {
        #expect(PythonicNames.camelCase(input) == expected)
    }
}
