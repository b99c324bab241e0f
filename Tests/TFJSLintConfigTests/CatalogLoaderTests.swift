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
