import Foundation
import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Layers-model loading and wiring as TF.js 4.22 does it (reference layers-model.md §2–3), on small models
/// whose outputs are easy to compute by hand.
@Suite struct LayersModelTests {
    /// A model.json with `topology` as its modelTopology and `weights` (name, shape, values) in one shard.
    static func model(_ topology: String, weights: [(String, [Int], [Float])] = [], kerasVersion: String = "2.21.0") throws -> ModelArtifact {
        let manifest = weights.map { #"{"name": "\#($0.0)", "shape": \#($0.1), "dtype": "float32"}"# }.joined(separator: ", ")
        let json = #"""
            {"format": "layers-model", "modelTopology": {"keras_version": "\#(kerasVersion)", "model_config": \#(topology)},
             "weightsManifest": [{"paths": ["w.bin"], "weights": [\#(manifest)]}]}
            """#
        let bytes = weights.flatMap { $0.2 }.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        return ModelArtifact(path: "model.json", document: try JSONDocument(text: json), files: InMemoryModelFiles(["w.bin": bytes]))
    }

    static func dense(_ name: String, units: Int, inbound: String? = nil, extra: String = "") -> String {
        let config = #"{"class_name": "Dense", "config": {"name": "\#(name)", "units": \#(units), "use_bias": false\#(extra)}"#
        return inbound.map { config + #", "name": "\#(name)", "inbound_nodes": \#($0)}"# } ?? config + "}"
    }

    static func input(_ name: String, width: Int) -> String {
        #"{"class_name": "InputLayer", "config": {"batch_input_shape": [null, \#(width)], "name": "\#(name)"}, "name": "\#(name)", "inbound_nodes": []}"#
    }

    static func functional(_ name: String, _ layers: [String], inputs: String, outputs: String) -> String {
        #"{"class_name": "Functional", "config": {"name": "\#(name)", "layers": [\#(layers.joined(separator: ", "))], "input_layers": \#(inputs), "output_layers": \#(outputs)}}"#
    }

    static func failure(_ model: ModelArtifact) -> ExecutionError? {
        do {
            _ = try LayersModel(model)
            return nil
        } catch {
            return error
        }
    }

    @Test func sharedLayerCallsAreNodesInCallOrder() throws {
        // `s` is called on a (its node 0) and on b (node 1); the Add entry comes first in the config, so its node
        // waits in TF.js's queue until both calls exist.
        let topology = Self.functional("m", [
            Self.input("a", width: 2), Self.input("b", width: 2),
            #"{"class_name": "Add", "config": {"name": "sum"}, "name": "sum", "inbound_nodes": [[["s", 0, 0, {}], ["s", 1, 0, {}]]]}"#,
            Self.dense("s", units: 1, inbound: #"[[["a", 0, 0, {}]], [["b", 0, 0, {}]]]"#),
        ], inputs: #"[["a", 0, 0], ["b", 0, 0]]"#, outputs: #"[["sum", 0, 0], ["s", 1, 0]]"#)
        let model = try LayersModel(try Self.model(topology, weights: [("s/kernel", [2, 1], [1, 10])]))
        #expect(model.inputs.map(\.name) == ["a", "b"] && model.outputs == ["sum", "s"])
        let outputs = try model.run(["a": Tensor(shape: [1, 2], values: [1, 2]), "b": Tensor(shape: [1, 2], values: [3, 4])])
        #expect(outputs.map(\.values) == [[21 + 43], [43]])
    }

    /// Each layer output is dropped after its last reader: a chain holds one layer's input and output at a time, a
    /// branch keeps the shared input until its last reader has run.
    @Test func activationsAreReleasedAfterTheirLastReader() throws {
        func peak(_ layers: [String], output: String, weights: [(String, [Int])]) throws -> Int {
            let topology = Self.functional("m", [Self.input("x", width: 4)] + layers, inputs: #"[["x", 0, 0]]"#, outputs: #"[["\#(output)", 0, 0]]"#)
            let model = try LayersModel(try Self.model(topology, weights: weights.map { ($0.0, $0.1, [Float](repeating: 0.5, count: $0.1.reduce(1, *))) }))
            var peak = 0
            _ = try model.run(["x": Tensor(shape: [1, 4], values: [1, 2, 3, 4])], peakActivationBytes: &peak)
            return peak
        }
        let chain = try peak([
            Self.dense("d1", units: 64, inbound: #"[[["x", 0, 0, {}]]]"#), Self.dense("d2", units: 2, inbound: #"[[["d1", 0, 0, {}]]]"#),
            Self.dense("d3", units: 64, inbound: #"[[["d2", 0, 0, {}]]]"#), Self.dense("d4", units: 1, inbound: #"[[["d3", 0, 0, {}]]]"#),
        ], output: "d4", weights: [("d1/kernel", [4, 64]), ("d2/kernel", [64, 2]), ("d3/kernel", [2, 64]), ("d4/kernel", [64, 1])])
        #expect(chain == (4 + 64) * 4)
        let branch = try peak([
            Self.dense("a", units: 64, inbound: #"[[["x", 0, 0, {}]]]"#), Self.dense("b", units: 64, inbound: #"[[["x", 0, 0, {}]]]"#),
            #"{"class_name": "Add", "config": {"name": "sum"}, "name": "sum", "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}"#,
        ], output: "sum", weights: [("a/kernel", [4, 64]), ("b/kernel", [4, 64])])
        #expect(branch == (64 + 64 + 64) * 4)
    }

    /// In the `<layer>/<index>` scheme a nested model's weights are numbered as its `weights` list them: every
    /// trainable weight first, then BatchNormalization's moving statistics and the weights of layers with
    /// `trainable: false` (checked with the TF.js bundle on a converted tf_keras model of that shape).
    @Test func nestedModelWeightsAreIndexedTrainableFirst() throws {
        let frozen = Self.dense("frozen", units: 1, inbound: #"[[["inner_in", 0, 0, {}]]]"#, extra: #", "trainable": false"#)
        let inner = Self.functional("inner", [
            Self.input("inner_in", width: 1), frozen, Self.dense("last", units: 1, inbound: #"[[["frozen", 0, 0, {}]]]"#),
        ], inputs: #"[["inner_in", 0, 0]]"#, outputs: #"[["last", 0, 0]]"#)
        let nested = String(inner.dropLast()) + #", "name": "inner", "inbound_nodes": [[["x", 0, 0, {}]]]}"#
        let outer = Self.functional("outer", [Self.input("x", width: 1), nested], inputs: #"[["x", 0, 0]]"#, outputs: #"[["inner", 1, 0]]"#)
        let model = try LayersModel(try Self.model(outer, weights: [("last/0", [1, 1], [3]), ("frozen/1", [1, 1], [2])]))
        #expect(try model.run(["x": Tensor(shape: [1, 1], values: [1])]).first?.values == [6])
        #expect(Self.failure(try Self.model(outer, weights: [("frozen/0", [1, 1], [2]), ("last/1", [1, 1], [3])])) != nil)
    }

    @Test func nestedModelsAreCalledFromNodeOne() throws {
        let inner = Self.functional("inner", [Self.input("inner_in", width: 2), Self.dense("inner_dense", units: 1, inbound: #"[[["inner_in", 0, 0, {}]]]"#)],
                                    inputs: #"[["inner_in", 0, 0]]"#, outputs: #"[["inner_dense", 0, 0]]"#)
        func outer(node: Int) -> String {
            let nested = String(inner.dropLast()) + #", "name": "inner", "inbound_nodes": [[["x", 0, 0, {}]]]}"#
            return Self.functional("outer", [Self.input("x", width: 2), nested], inputs: #"[["x", 0, 0]]"#, outputs: #"[["inner", \#(node), 0]]"#)
        }
        let weights: [(String, [Int], [Float])] = [("inner_dense/kernel", [2, 1], [2, 3])]
        let model = try LayersModel(try Self.model(outer(node: 1), weights: weights))
        #expect(try model.run(["x": Tensor(shape: [1, 2], values: [1, 1])]).first?.values == [5])
        // Keras 3 numbers the outer call 0: node 0 is the inner model's own, disconnected from the outer input.
        #expect(Self.failure(try Self.model(outer(node: 0), weights: weights))?.ruleID == "keras3-nested-node-index")
        // A nested model shared by two inputs (a siamese pair): its calls are nodes 1 and 2.
        let shared = String(inner.dropLast()) + #", "name": "inner", "inbound_nodes": [[["x", 0, 0, {}]], [["y", 0, 0, {}]]]}"#
        let pair = Self.functional("pair", [
            Self.input("x", width: 2), Self.input("y", width: 2), shared,
            #"{"class_name": "Concatenate", "config": {"name": "both", "axis": -1}, "name": "both", "inbound_nodes": [[["inner", 2, 0, {}], ["inner", 1, 0, {}]]]}"#,
        ], inputs: #"[["x", 0, 0], ["y", 0, 0]]"#, outputs: #"[["both", 0, 0]]"#)
        let siamese = try LayersModel(try Self.model(pair, weights: weights))
        let values = try siamese.run(["x": Tensor(shape: [1, 2], values: [1, 1]), "y": Tensor(shape: [1, 2], values: [1, 0])])
        #expect(values.first?.values == [2, 5])
    }

    @Test func sequentialModelsNestAndNameTheirInput() throws {
        let inner = #"{"class_name": "Sequential", "config": {"name": "inner", "layers": [\#(Self.dense("d2", units: 1, extra: #", "batch_input_shape": [null, 2]"#))]}}"#
        let topology = #"{"class_name": "Sequential", "config": {"name": "outer", "layers": [\#(Self.dense("d1", units: 2, extra: #", "batch_input_shape": [null, 1]"#)), \#(inner)]}}"#
        let model = try LayersModel(try Self.model(topology, weights: [("d1/kernel", [1, 2], [1, 2]), ("d2/kernel", [2, 1], [3, 4])]))
        #expect(model.inputs.map(\.name) == ["d1_input"] && model.inputs.first?.shape == [nil, 1])
        #expect(try model.run(["d1_input": Tensor(shape: [2, 1], values: [1, -1])]).first?.values == [11, -11])
        // A feed that does not fit the input shape fails as predict's check does.
        #expect(throws: ExecutionError.self) { try model.run(["d1_input": Tensor(shape: [1, 2], values: [1, 1])]) }
    }

    @Test func weightNamesAreMatchedByTFJSRules() throws {
        let topology = #"{"class_name": "Sequential", "config": {"layers": [\#(Self.dense("d", units: 1, extra: #", "use_bias": true, "batch_input_shape": [null, 1]"#))]}}"#
        let run = { (weights: [(String, [Int], [Float])]) throws -> [Float]? in
            try LayersModel(try Self.model(topology, weights: weights)).run(["d_input": Tensor(shape: [1, 1], values: [1])]).first?.values
        }
        #expect(try run([("d/kernel", [1, 1], [2]), ("d/bias", [1], [1])]) == [3])
        // The TF 2.2 cell-name retry drops the second-to-last segment.
        #expect(try run([("d/cell/kernel", [1, 1], [2]), ("d/bias", [1], [1])]) == [3])
        // The `.keras` scheme (first name ends in an integer): `<layer>/<index>` in creation order.
        #expect(try run([("d/1", [1], [1]), ("d/0", [1, 1], [2])]) == [3])
    }

    @Test func weightProblemsFailInLoadWeightsOrder() throws {
        let topology = #"{"class_name": "Sequential", "config": {"name": "sequential", "layers": [\#(Self.dense("d", units: 1, extra: #", "use_bias": true, "batch_input_shape": [null, 1]"#))]}}"#
        let noTarget = Self.failure(try Self.model(topology, weights: [("sequential/d/kernel", [1, 1], [2]), ("d/bias", [1], [1])], kerasVersion: "3.15.1"))
        #expect(noTarget?.description.contains("Provided weight data has no target variable: sequential/d/kernel") == true)
        #expect(noTarget?.ruleID == "keras3-weight-names")
        let unset = Self.failure(try Self.model(topology, weights: [("d/kernel", [1, 1], [2])]))
        #expect(unset?.description == "1 of 2 weights are not set: d/bias" && unset?.ruleID == "weight-layer-mismatch")
        let shape = Self.failure(try Self.model(topology, weights: [("d/kernel", [1, 1], [2]), ("d/bias", [2], [1, 1])]))
        #expect(shape?.description.contains("Shape mismatch") == true && shape?.ruleID == "weight-layer-mismatch")
        // An unset weight is reported before a shape mismatch, as batchSetValue comes last.
        let both = Self.failure(try Self.model(topology, weights: [("d/kernel", [2, 1], [2, 2])]))
        #expect(both?.description == "1 of 2 weights are not set: d/bias")
    }

    @Test func aNestedLayerNamedLikeAnOuterOneDuplicatesAWeightName() throws {
        let inner = #"{"class_name": "Sequential", "config": {"name": "inner", "layers": [\#(Self.dense("d", units: 1, extra: #", "batch_input_shape": [null, 1]"#))]}}"#
        let topology = #"{"class_name": "Sequential", "config": {"layers": [\#(inner), \#(Self.dense("d", units: 1))]}}"#
        let error = Self.failure(try Self.model(topology, weights: [("d/kernel", [1, 1], [2])]))
        #expect(error?.description == "Duplicate weight name: d/kernel")
    }

    @Test func keras3TopologiesFailWithTheRuleThatPredictsIt() throws {
        let batchShape = #"{"class_name": "Functional", "config": {"name": "m", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 1], "name": "x"}, "name": "x", "inbound_nodes": []}], "input_layers": [["x", 0, 0]], "output_layers": [["x", 0, 0]]}}"#
        #expect(Self.failure(try Self.model(batchShape))?.ruleID == "keras3-batch-shape")
        let dictNodes = Self.functional("m", [
            Self.input("x", width: 1),
            Self.dense("d", units: 1, inbound: #"[{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}], "kwargs": {}}]"#),
        ], inputs: #"[["x", 0, 0]]"#, outputs: #"[["d", 0, 0]]"#)
        #expect(Self.failure(try Self.model(dictNodes))?.ruleID == "keras3-inbound-nodes")
        let flat = Self.functional("m", [Self.input("x", width: 1)], inputs: #"["x", 0, 0]"#, outputs: #"[["x", 0, 0]]"#)
        #expect(Self.failure(try Self.model(flat))?.ruleID == "keras3-io-layers")
    }

    @Test func unknownClassesActivationsAndShapelessSequentialsFail() throws {
        let unknown = #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Subtract", "config": {"name": "s"}}]}}"#
        #expect(Self.failure(try Self.model(unknown))?.ruleID == "unsupported-layer")
        let operation = #"{"class_name": "Sequential", "config": {"layers": [{"module": "keras.src.ops.numpy", "class_name": "TrueDivide", "config": {"name": "t"}}]}}"#
        #expect(Self.failure(try Self.model(operation))?.ruleID == "keras3-op-layer")
        let silu = #"{"class_name": "Sequential", "config": {"layers": [\#(Self.dense("d", units: 1, extra: #", "activation": "silu", "batch_input_shape": [null, 1]"#))]}}"#
        #expect(Self.failure(try Self.model(silu, weights: [("d/kernel", [1, 1], [1])]))?.ruleID == "unsupported-activation")
        let shapeless = #"{"class_name": "Sequential", "config": {"layers": [\#(Self.dense("d", units: 1))]}}"#
        #expect(Self.failure(try Self.model(shapeless, weights: [("d/kernel", [1, 1], [1])]))?.ruleID == "missing-input-shape")
        // A call of a layer that never exists: TF.js's node queue never empties; the executor says so.
        let dangling = Self.functional("m", [Self.input("x", width: 1), Self.dense("d", units: 1, inbound: #"[[["nowhere", 0, 0, {}]]]"#)],
                                       inputs: #"[["x", 0, 0]]"#, outputs: #"[["x", 0, 0]]"#)
        #expect(Self.failure(try Self.model(dangling, weights: [("d/kernel", [1, 1], [1])]))?.description.contains("never finishes") == true)
    }

    @Test func unknownInitializersRegularizersAndConstraintsFailAtLoad() throws {
        func model(_ extra: String) throws -> ModelArtifact {
            let topology = #"{"class_name": "Sequential", "config": {"layers": [\#(Self.dense("d", units: 1, extra: #", "batch_input_shape": [null, 1]"# + extra))]}}"#
            return try Self.model(topology, weights: [("d/kernel", [1, 1], [1])])
        }
        let lecun = Self.failure(try model(#", "kernel_initializer": {"class_name": "LecunNormal", "config": {"seed": null}}"#))
        #expect(lecun?.ruleID == "unsupported-initializer" && lecun?.description.hasPrefix("Unknown initializer: LecunNormal.") == true)
        let string = Self.failure(try model(#", "kernel_initializer": "lecun_normal""#))
        #expect(string?.description.hasPrefix("Unknown initializer: lecunNormal.") == true)
        let l2 = Self.failure(try model(#", "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}"#))
        #expect(l2?.ruleID == "unsupported-regularizer")
        #expect(Self.failure(try model(#", "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0, "l2": 0.01}}, "kernel_initializer": "glorot_uniform""#)) == nil)
        #expect(Self.failure(try model(#", "kernel_constraint": {"class_name": "Positive", "config": {}}"#))?.ruleID == "unsupported-constraint")
        let scaling = #", "kernel_initializer": {"class_name": "VarianceScaling", "config": {"mode": "fan_in", "distribution": "untruncated_normal"}}"#
        #expect(Self.failure(try model(scaling))?.ruleID == "unsupported-layer-config")
    }

    @Test func constraintsProjectWeightsAsTheyAreLoaded() throws {
        func output(_ constraint: String, kernel: [Float]) throws -> [Float]? {
            let extra = #", "batch_input_shape": [null, 2], "kernel_constraint": \#(constraint)"#
            let topology = #"{"class_name": "Sequential", "config": {"layers": [\#(Self.dense("d", units: 1, extra: extra))]}}"#
            let model = try LayersModel(try Self.model(topology, weights: [("d/kernel", [2, 1], kernel)]))
            return try model.run(["d_input": Tensor(shape: [1, 2], values: [1, 1])]).first?.values
        }
        #expect(try output(#""non_neg""#, kernel: [-1, 2]) == [2])
        // MaxNorm(2) along axis 0: the column (3, 4) of norm 5 becomes (1.2, 1.6).
        let maxNorm = try #require(try output(#"{"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}"#, kernel: [3, 4])?.first)
        #expect(abs(maxNorm - 2.8) < 1e-6)
        let unitNorm = try #require(try output(#"{"class_name": "UnitNorm", "config": {"axis": 0}}"#, kernel: [3, 4])?.first)
        #expect(abs(unitNorm - 1.4) < 1e-6)
    }

    @Test func quantizedWeightsAreDequantizedAndOptimizerEntriesSkipped() throws {
        let topology = #"{"class_name": "Sequential", "config": {"layers": [\#(Self.dense("d", units: 1, extra: #", "batch_input_shape": [null, 2]"#))]}}"#
        let json = #"""
            {"format": "layers-model", "modelTopology": {"model_config": \#(topology)}, "weightsManifest": [{"paths": ["w.bin"], "weights": [
              {"name": "d/kernel", "shape": [2, 1], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1, "scale": 0.5}},
              {"name": "iter", "shape": [], "dtype": "float32", "group": "optimizer"}]}]}
            """#
        let bytes: [UInt8] = [6, 1] + withUnsafeBytes(of: Float(7).bitPattern.littleEndian, Array.init)
        let artifact = ModelArtifact(path: "model.json", document: try JSONDocument(text: json), files: InMemoryModelFiles(["w.bin": bytes]))
        // Kernel (-1 + 6·0.5, -1 + 1·0.5) = (2, -0.5).
        #expect(try LayersModel(artifact).run(["d_input": Tensor(shape: [1, 2], values: [1, 2])]).first?.values == [1])
    }

    @Test func hostileLayerConfigsFailWithoutTrapping() throws {
        func fails(_ className: String, _ config: String, weights: [String: Tensor] = [:], inputs: [Tensor]) throws -> Bool {
            let factory = try #require(LayerRegistry.factories[className])
            do {
                let layer = try factory("l", LayerConfig(className: className, config: try JSONDocument(text: config).root), LayerWeights(layerName: "l", weights))
                _ = try layer.call(inputs)
                return false
            } catch {
                return true
            }
        }
        let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(try fails("Dense", #"{"units": -1}"#, inputs: [x]))
        #expect(try fails("Dense", #"{"units": 2}"#, weights: ["kernel": Tensor(shape: [6], values: .init(repeating: 1, count: 6))], inputs: [x]))
        #expect(try fails("Dense", #"{"units": 1, "use_bias": false}"#, weights: ["kernel": Tensor(shape: [4, 1], values: [1, 1, 1, 1])], inputs: [x]))
        #expect(try fails("Reshape", #"{"target_shape": [-1, -1]}"#, inputs: [x]))
        #expect(try fails("Reshape", #"{"target_shape": [4611686018427387904, 4]}"#, inputs: [x]))
        #expect(try fails("RepeatVector", #"{"n": 1000000000000}"#, inputs: [x]))
        #expect(try fails("Permute", #"{"dims": [0, 1]}"#, inputs: [x]))
        #expect(try fails("Concatenate", #"{"axis": 99}"#, inputs: [x, x]))
        #expect(try fails("Dot", #"{"axes": [5, 5]}"#, inputs: [x, x]))
        #expect(try fails("Add", #"{}"#, inputs: [x, Tensor(shape: [3, 3], values: .init(repeating: 0, count: 9))]))
        #expect(try fails("Embedding", #"{"input_dim": 2, "output_dim": 1}"#, weights: ["embeddings": Tensor(shape: [2, 1], values: [1, 2])],
                          inputs: [Tensor(shape: [1], values: [3e9])]))
    }

    /// Manifests against Dense a (1 → 2) and Dense b (2 → 1), with the message the real TF.js 4.22 bundle gave for
    /// each (checked with tfjs-load.js); nil where it loaded.
    static let weightCases: [(name: String, weights: [(String, [Int], [Float])], tfjs: String?)] = {
        let (ak, ab, bk, bb) = (("a/kernel", [1, 2], [Float(1), 2]), ("a/bias", [2], [Float(0), 0]), ("b/kernel", [2, 1], [Float(1), 1]), ("b/bias", [1], [Float(0)]))
        return [
            ("unset2", [ak, bk], "2 of 4 weights are not set: a/bias,b/bias"),
            ("notarget_then_unset", [("x/kernel", [1, 2], [1, 2]), ab, bk], "Provided weight data has no target variable: x/kernel"),
            ("retry_conflict", [ak, ("a/cell/kernel", [1, 2], [1, 2]), ab, bk, bb], "Provided weight data has no target variable: a/cell/kernel"),
            ("v3", [("a/0", [1, 2], [1, 2]), ("a/1", [2], [0, 0]), ("b/0", [2, 1], [1, 1]), ("b/1", [1], [0])], nil),
            ("v3_mixed", [("a/0", [1, 2], [1, 2]), ("a/bias", [2], [0, 0]), ("b/0", [2, 1], [1, 1]), ("b/1", [1], [0])],
             "Provided weight data has no target variable: a/bias"),
            ("shape_and_unset", [ak, ("a/bias", [3], [0, 0, 0]), bk], "1 of 4 weights are not set: b/bias"),
            ("shape_bias", [ak, ("a/bias", [3], [0, 0, 0]), bk, bb], "Shape mismatch: [2] vs. [3]"),
            ("numeric_names", [("7", [1], [1]), ak, ab, bk, bb], "Provided weight data has no target variable: 7"),
        ]
    }()

    @Test(arguments: weightCases.indices) func weightMatchingAgreesWithTheTFJSBundle(_ index: Int) throws {
        let (name, weights, tfjs) = Self.weightCases[index]
        let layers = [Self.dense("a", units: 2, extra: #", "use_bias": true, "batch_input_shape": [null, 1]"#), Self.dense("b", units: 1, extra: #", "use_bias": true"#)]
        let topology = #"{"class_name": "Sequential", "config": {"name": "sequential", "layers": [\#(layers.joined(separator: ", "))]}}"#
        let error = Self.failure(try Self.model(topology, weights: weights))
        if let tfjs {
            #expect(error?.description.contains(tfjs) == true, "\(name): \(error?.description ?? "loaded") vs TF.js: \(tfjs)")
        } else {
            #expect(error == nil, "\(name): \(error?.description ?? "")")
        }
    }

    /// Stands in for a layer that reads masks: its output is the mask it was given (empty without one).
    struct MaskEcho: MaskingLayer {
        func call(_ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] { [Tensor(shape: [0], values: [])] }
        func call(_ inputs: [Tensor], mask: Tensor?) throws(ExecutionError) -> [Tensor] { [mask ?? Tensor(shape: [0], values: [])] }
    }

    /// `input → first → second → MaskEcho`, the layers built from the registry.
    static func maskedChain(_ first: (String, String), _ second: (String, String)?, weights: [String: Tensor] = [:]) throws -> (LayersGraph, LayersGraph.Network) {
        var graph = LayersGraph()
        graph.callees.append(.input(name: "x"))
        graph.calls.append(LayersGraph.Call(callee: 0, inputs: []))
        var last = LayersGraph.TensorRef(call: 0, index: 0)
        for (className, config) in [first] + (second.map { [$0] } ?? []) {
            let factory = try #require(LayerRegistry.factories[className])
            let layer = try factory("l", LayerConfig(className: className, config: try JSONDocument(text: config).root), LayerWeights(layerName: "l", weights))
            graph.callees.append(.layer(name: "l", className: className, layer))
            graph.calls.append(LayersGraph.Call(callee: graph.callees.count - 1, inputs: [last]))
            last = LayersGraph.TensorRef(call: graph.calls.count - 1, index: 0)
        }
        graph.callees.append(.layer(name: "reader", className: "LSTM", MaskEcho()))
        graph.calls.append(LayersGraph.Call(callee: graph.callees.count - 1, inputs: [last]))
        return (graph, LayersGraph.Network(name: "m", inputs: [LayersGraph.TensorRef(call: 0, index: 0)],
                                           outputs: [LayersGraph.TensorRef(call: graph.calls.count - 1, index: 0)]))
    }

    @Test func masksFlowAsInTFJS() throws {
        let padded = Tensor(shape: [1, 3, 2], values: [1, 2, 0, 0, 3, 4]), full = Tensor(shape: [1, 3, 2], values: [1, 2, 5, 6, 3, 4])
        // Masking's mask goes through Dense (supportsMasking) to the layer that reads it.
        let dense = ("Dense", #"{"units": 2, "use_bias": false}"#)
        let kernel = ["kernel": Tensor(shape: [2, 2], values: [1, 0, 0, 1])]
        let (graph, network) = try Self.maskedChain(("Masking", #"{"mask_value": 0}"#), dense, weights: kernel)
        #expect(try graph.run(network, [padded]).first == MaskFlow.bools([1, 3], [true, false, true]))
        #expect(try graph.run(network, [full]).first == MaskFlow.bools([1, 3], [true, true, true]))
        // Reshape does not support masking: the mask stops there.
        let (flat, flatNetwork) = try Self.maskedChain(("Masking", #"{"mask_value": 0}"#), ("Reshape", #"{"target_shape": [3, 2]}"#))
        #expect(try flat.run(flatNetwork, [padded]).first?.shape == [0])
        // Embedding's mask_zero masks the index 0.
        let table = ["embeddings": Tensor(shape: [3, 1], values: [7, 8, 9])]
        let (embedded, embeddedNetwork) = try Self.maskedChain(("Embedding", #"{"input_dim": 3, "output_dim": 1, "mask_zero": true}"#), nil, weights: table)
        #expect(try embedded.run(embeddedNetwork, [Tensor(shape: [1, 2], values: [2, 0])]).first == MaskFlow.bools([1, 2], [true, false]))
        let (unmasked, unmaskedNetwork) = try Self.maskedChain(("Embedding", #"{"input_dim": 3, "output_dim": 1}"#), nil, weights: table)
        #expect(try unmasked.run(unmaskedNetwork, [Tensor(shape: [1, 2], values: [2, 0])]).first?.shape == [0])
    }
}
