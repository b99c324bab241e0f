import TFJSLintCore

struct NaNOutputRule: ModelRule {
    static let description = RuleDescription(
        id: "nan-output",
        category: .graph,
        defaultSeverity: .error,
        summary: "Nodes TF.js runs but turns into NaN.",
        rationale: """
            Two patterns load and execute without an error in TF.js 4.22 yet give NaN. A FusedBatchNorm, \
            FusedBatchNormV2 or FusedBatchNormV3 whose mean and variance are empty constants (shape [0]) is what the \
            converter writes for a tf_keras LayerNormalization: TensorFlow computes the statistics itself \
            (is_training), TF.js ignores is_training and its batchNorm kernel reads the empty statistics as \
            undefined, so every output is NaN (tfjs-converter operations/executors/normalization_executor.ts, \
            tfjs-backend-cpu kernels/BatchNorm.ts). A FusedDepthwiseConv2dNative with a fused LeakyRelu gets no \
            alpha from TF.js's op mapper (only _FusedConv2D and _FusedMatMul read leakyrelu_alpha), so every \
            negative pre-activation becomes NaN (tfjs-converter convolution_executor.ts).
            """,
        triggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"}, {"name": "one", "op": "Const"}, {"name": "empty", "op": "Const"},
                  {"name": "ln", "op": "FusedBatchNormV3", "input": ["x", "one", "one", "empty", "empty"], "attr": {"is_training": {"b": true}}},
                  {"name": "dw", "op": "FusedDepthwiseConv2dNative", "input": ["ln", "one", "one"], "attr": {"fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "TGVha3lSZWx1"]}}}}
                ]}, "weightsManifest": [{"paths": [], "weights": [
                  {"name": "one", "shape": [1], "dtype": "float32"}, {"name": "empty", "shape": [0], "dtype": "float32"}]}]}
                """#, at: ["/modelTopology/node/3/input/3", "/modelTopology/node/4/attr/fused_ops"]),
        ],
        nonTriggering: [
            RuleExample(#"""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder"}, {"name": "s", "op": "Const"},
                  {"name": "bn", "op": "FusedBatchNormV3", "input": ["x", "s", "s", "s", "s"]},
                  {"name": "dw", "op": "FusedDepthwiseConv2dNative", "input": ["bn", "s", "s"], "attr": {"fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdQ=="]}}}},
                  {"name": "c", "op": "_FusedConv2D", "input": ["dw", "s", "s"], "attr": {"fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "TGVha3lSZWx1"]}}}}
                ]}, "weightsManifest": [{"paths": [], "weights": [{"name": "s", "shape": [4], "dtype": "float32"}]}]}
                """#),
        ],
        tfjsRunsTheModel: true
    )

    private static let batchNorms: Set<String> = ["FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"]

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        let emptyConstants = Set(model.manifest.weights.filter { $0.shape?.contains(0) ?? false }.map(\.name))
        var findings: [Finding] = []
        for node in GraphWalk.nodes(in: model) {
            if Self.batchNorms.contains(node.op) {
                let inputs = node.inputNames
                // Inputs 3 and 4: mean and variance.
                guard let empty = [3, 4].first(where: { inputs.count > $0 && emptyConstants.contains(inputs[$0]) }) else { continue }
                findings.append(context.finding(
                    Self.self, "\(node.label) (\(node.op)) has an empty \(empty == 3 ? "mean" : "variance") "
                        + "(\"\(inputs[empty])\", shape [0]), as the converter writes a tf_keras LayerNormalization; "
                        + "TF.js ignores is_training and every output of this node is NaN. Export the model with Keras 3 "
                        + "(its LayerNormalization converts to plain ops) or convert it as a layers model",
                    at: node.pointer.appending("input").appending(empty), subject: node.name))
            } else if node.op == "FusedDepthwiseConv2dNative" {
                let fused = node.node["attr"]?["fused_ops"]?["list"]?["s"]?.array?.compactMap(\.string) ?? []
                guard fused.contains(where: { Base64.decode($0).map { String(decoding: $0, as: UTF8.self) } == "LeakyRelu" })
                else { continue }
                findings.append(context.finding(
                    Self.self, "\(node.label) (FusedDepthwiseConv2dNative) fuses LeakyRelu, and TF.js does not read "
                        + "its leakyrelu_alpha: every negative value becomes NaN. Use an activation that fuses correctly "
                        + "(ReLU, ReLU6, ELU), or edit the graph so LeakyRelu is a node of its own (TF.js's LeakyRelu "
                        + "op is correct)",
                    at: node.pointer.appending("attr").appending("fused_ops"), subject: node.name))
            }
        }
        return findings
    }
}
