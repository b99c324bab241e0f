import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Every registered op given absurd inputs and attrs must return or throw ExecutionError, never trap.
@Suite struct HostileOpInputTests {
    static let inputSets: [[Tensor]] = {
        let int = { (values: [Float]) in Tensor(shape: [values.count], dtype: .int32, values: values) }
        let scalar = { (value: Float) in Tensor(shape: [], dtype: .int32, values: [value]) }
        let image = Tensor(shape: [1, 2, 2, 1], values: [1, 2, 3, 4])
        let empty = Tensor(shape: [0], values: [])
        let huge: Float = 2_147_483_647
        let complex = Tensor(shape: [2], dtype: .complex64, values: [1, -2, .nan, .infinity])
        let shortComplex = Tensor(shape: [2], dtype: .complex64, values: [1, 2])
        return [
            [],
            [Tensor.scalar(.nan)],
            [empty, empty, empty, empty, empty],
            [Tensor.scalar(1), Tensor.scalar(.nan), Tensor.scalar(.infinity), Tensor.scalar(-.infinity), Tensor.scalar(.nan)],
            [image, int([huge, huge]), scalar(huge), scalar(-huge)],
            [image, int([-5, 100, -1, 7]), int([1_000_000, 1_000_000, 1_000_000, 1_000_000]), int([-1, 0, 2, -3])],
            [image, image, image, image, image, image],
            [image, Tensor(shape: [1, 1, 1, 1], values: [2]), Tensor(shape: [1], values: [1]), Tensor(shape: [1], values: [1])],
            [scalar(3), image, int([1, 2, 3])],
            [int([65536, 65536, 65536]), Tensor.scalar(1), int([0, 0, 0])],
            [Tensor(shape: [2, 2], dtype: .int32, values: [9, -9, 1e9, 0]), Tensor(shape: [2], values: [1, 2]), int([4, 4])],
            [image, Tensor(shape: [2, 4], values: [0.5, 0.5, 3e9, -3e9, .nan, 0, 1, 1]), int([0, 5]), int([2, 2])],
            [image, int([0, 0, 0, 0]), int([1, 1, 1, 1]), int([0, 0, 0, 0])],
            [Tensor(shape: [3], dtype: .bool, values: [1, 0, 1]), image, Tensor.scalar(2)],
            [Tensor(shape: [1, 1, 1, 1, 1], values: [1]), int([huge, huge, huge]), Tensor(shape: [3, 2], dtype: .int32, values: [0, 0, 0, 0, 0, 0])],
            [empty, Tensor(shape: [1], values: [2]), Tensor(shape: [1, 0], values: []), Tensor(shape: [1], dtype: .bool, values: [1])],
            [Tensor(shape: [1], dtype: .bool, values: [1]), empty, Tensor(shape: [1], values: [2])],
            [Tensor(shape: [1, 2, 2, 2, 1], values: .init(repeating: 1, count: 8)), Tensor(shape: [1, 1, 1, 1, 1], values: [3])],
            [complex, complex, int([2, 1])],
            [shortComplex, int([2]), shortComplex],
            [image, Tensor(shape: [], dtype: .complex64, values: [3, 4]), Tensor(shape: [0], dtype: .complex64, values: [])],
        ]
    }()

    static let attributeSets: [String] = [
        "{}",
        #"{"strides": {"list": {"i": ["1", "9223372036854775807", "1", "0", "1"]}}, "ksize": {"list": {"i": ["1", "4611686018427387904", "1", "1", "1"]}}, "dilations": {"list": {"i": ["1", "1", "-2", "1", "1"]}}, "rates": {"list": {"i": ["1", "9223372036854775807", "1", "1"]}}, "padding": {"s": "U0FNRQ=="}}"#,
        #"{"strides": {"list": {"i": ["1", "9223372036854775807", "9223372036854775807", "1"]}}, "dilations": {"list": {"i": ["1", "9223372036854775807", "4611686018427387904", "1"]}}, "padding": {"s": "U0FNRQ=="}}"#,
        #"{"strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "RVhQTElDSVQ="}, "explicit_paddings": {"list": {"i": ["0", "0", "9223372036854775807", "9223372036854775807", "1", "1", "0", "0"]}}}"#,
        #"{"axis": {"i": "9223372036854775807"}, "num_split": {"i": "9223372036854775807"}, "N": {"i": "9223372036854775807"}, "batch_dims": {"i": "-9223372036854775808"}, "block_size": {"i": "9223372036854775807"}, "depth_radius": {"i": "9223372036854775807"}, "begin_mask": {"i": "9223372036854775807"}, "shrink_axis_mask": {"i": "9223372036854775807"}}"#,
        #"{"axis": {"i": "100"}, "num_split": {"i": "0"}, "N": {"i": "-3"}, "batch_dims": {"i": "-9"}, "block_size": {"i": "-1"}, "depth_radius": {"i": "-4"}}"#,
        #"{"strides": {"list": {"i": ["0", "0", "0", "0"]}}, "dilations": {"list": {"i": ["-1", "1", "1", "1"]}}, "padding": {"s": "RVhQTElDSVQ="}, "explicit_paddings": {"list": {"i": ["-9", "9"]}}}"#,
        #"{"fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UHJlbHU="]}}, "num_args": {"i": "2"}, "begin_mask": {"i": "-1"}, "end_mask": {"i": "-1"}, "ellipsis_mask": {"i": "6"}, "new_axis_mask": {"i": "-1"}, "shrink_axis_mask": {"i": "-1"}}"#,
        #"{"squeeze_dims": {"list": {"i": ["99", "-99"]}}, "DstT": {"type": "DT_BOOL"}, "keep_dims": {"b": true}, "exclusive": {"b": true}, "reverse": {"b": true}, "data_format": {"s": "TkNIVw=="}, "block_size": {"i": "2"}}"#,
        #"{"align_corners": {"b": true}, "method": {"s": "bmVhcmVzdA=="}, "adj_x": {"b": true}, "adj_y": {"b": true}, "transpose_a": {"b": true}, "binary_output": {"b": true}}"#,
    ]

    @Test(arguments: GraphOps.kernels.keys.sorted()) func opSurvivesHostileInputs(_ op: String) throws {
        for json in Self.attributeSets {
            let attributes = try JSONDocument(bytes: Array(json.utf8)).root
            for inputs in Self.inputSets {
                let node = GraphModel.Node(name: "hostile", op: op, inputs: [], attributes: attributes)
                _ = try? GraphOps.run(node, inputs)
            }
        }
    }
}
