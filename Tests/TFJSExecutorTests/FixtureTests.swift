import Testing
import TFJSLintCore
@testable import TFJSExecutor

/// Every op and layer the executor implements, against values TensorFlow computed.
@Suite struct FixtureTests {
    static let opCases = FixtureCase.load("ops")
    static let layerCases = FixtureCase.load("layers")

    @Test func everyImplementedOpAndLayerHasFixtures() {
        let opsWithCases = Set(Self.opCases.map(\.kind)), layersWithCases = Set(Self.layerCases.map(\.kind))
        #expect(Set(GraphOps.kernels.keys).subtracting(opsWithCases).sorted() == [])
        #expect(Set(LayerRegistry.factories.keys).subtracting(layersWithCases).sorted() == [])
    }

    @Test(arguments: opCases) func op(_ fixture: FixtureCase) throws {
        let node = GraphModel.Node(name: fixture.name, op: fixture.kind, inputs: [], attributes: fixture.config)
        if fixture.fails {
            #expect(throws: ExecutionError.self) { try GraphOps.run(node, fixture.inputs) }
            return
        }
        let outputs = try GraphOps.run(node, fixture.inputs)
        #expect(fixture.mismatch(outputs) == nil, "\(fixture.mismatch(outputs) ?? "")")
    }

    @Test(arguments: layerCases) func layer(_ fixture: FixtureCase) throws {
        let factory = try #require(LayerRegistry.factories[fixture.kind], "no layer class \(fixture.kind)")
        let weights = LayerWeights(layerName: fixture.name, fixture.weights)
        let config = LayerConfig(className: fixture.kind, config: fixture.config)
        if fixture.fails {
            #expect(throws: (any Error).self) { try factory(fixture.name, config, weights).call(fixture.inputs) }
            return
        }
        let outputs = try factory(fixture.name, config, weights).call(fixture.inputs)
        #expect(fixture.mismatch(outputs) == nil, "\(fixture.mismatch(outputs) ?? "")")
    }
}
