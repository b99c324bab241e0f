import Testing
import TFJSLintConfig
import TFJSLintCore

struct CatalogLoaderTests {
    @Test func bundledCatalogHasEveryCategory() throws {
        let catalog = try CatalogLoader.bundled()
        #expect(catalog.version == TFJSVersion(4, 22, 0))
        #expect(catalog.entries["ops"]?.count == 248)
        // 112 registered names = 69 layers and models + 16 activations + 15 initializers + 1 regularizer
        // + 4 constraints + 7 optimizers (layers-model.md §1.2).
        #expect(catalog.entries["layers"]?.count == 69)
        #expect(catalog.entry("Rescaling", in: .layers)?.since == TFJSVersion(3, 21, 0))
        #expect(catalog.entry("RaggedGather", in: .ops)?.hasKernel == false)
        #expect(catalog.entry("Where", in: .ops)?.requiresAsync == true)
        #expect(catalog.missingEntry("silu", in: .activations)?.replacement == .name("swish"))
        #expect(catalog.missingEntry("L2", in: .regularizers)?.replacement == .null)
        #expect(catalog.className(forIdentifier: "leCunNormal", in: .initializers) == "LeCunNormal")
        #expect(catalog.weightDTypes == ["float32", "int32", "bool", "complex64", "string"])
        #expect(catalog.baseline == TFJSVersion(2, 0, 0))
        #expect(catalog.covers(TFJSVersion(3, 18)) && !catalog.covers(TFJSVersion(1, 7)) && !catalog.covers(TFJSVersion(5, 0)))
    }

    /// The generated ops block: 21 op lists; ragged and tfdf have no runtime kernel; control, dynamic and
    /// hash_table ops need executeAsync (graph-model.md §3).
    @Test func opFlagsFollowTheRuntime() throws {
        let ops = try #require(try CatalogLoader.bundled().entries["ops"]).values
        #expect(Set(ops.compactMap(\.opCategory)).count == 21)
        #expect(Set(ops.filter { !$0.hasKernel }.map(\.name)) == [
            "RaggedGather", "RaggedRange", "RaggedTensorToTensor", "SimpleMLCreateModelResource",
            "SimpleMLLoadModelFromPathWithHandle", "SimpleMLInferenceOpWithHandle",
        ])
        #expect(ops.filter(\.requiresAsync).allSatisfy { ["control", "dynamic", "hash_table"].contains($0.opCategory) })
        #expect(ops.filter(\.requiresAsync).count == 35 + 6 + 10)
        #expect(ops.first { $0.name == "Cast" }?.dtypeAttributes == ["DstT"])
    }

    @Test(arguments: [
        ("version: [1", "not valid YAML"),
        ("version: 4.22.0\nlayers: 3", "layers must be a mapping"),
        ("version: four", "version must look like 4.22.0"),
        ("version: 4.22.0\nlayers: {entries: [{name: A, since: soon}]}", "layers[0].since must be a version"),
        ("version: 4.22.0\nlayers: {entries: [{name: A, colour: red}]}", "layers[0] has an unknown key colour"),
        ("version: 4.22.0\nlayers: {entries: [{name: A}, {name: A}]}", "layers: A is listed twice"),
    ])
    func brokenYAMLIsAnErrorNamingWhatIsWrong(yaml: String, reason: String) {
        #expect {
            _ = try CatalogLoader.load(yaml, file: "x.yaml")
        } throws: { error in
            "\(error)".hasPrefix("x.yaml: ") && "\(error)".contains(reason)
        }
    }
}
