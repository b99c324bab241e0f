import Testing
import TFJSLintKit

struct CatalogTargetTests {
    @Test func linterUsesTheBundledCatalogByDefault() {
        #expect(Linter().catalog.version == TFJSVersion(4, 22, 0))
        #expect(Linter().catalog.entries["ops"]?.count == 248)
    }
}
