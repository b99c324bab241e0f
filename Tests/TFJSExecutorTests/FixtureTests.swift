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
        if let mask = fixture.mask {
            let layer = try #require(try factory(fixture.name, config, weights) as? any MaskingLayer, "\(fixture.kind) reads no masks")
            if fixture.fails {
                #expect(throws: (any Error).self) { try layer.call(fixture.inputs, mask: mask) }
                return
            }
            let outputs = try layer.call(fixture.inputs, mask: mask)
            #expect(fixture.mismatch(outputs) == nil, "\(fixture.mismatch(outputs) ?? "")")
            if let expected = fixture.outputMask {
                let masks = [mask] + Array(repeating: nil, count: max(fixture.inputs.count - 1, 0))
                let actual = try layer.computeMask(fixture.inputs, masks: masks) ?? Tensor(shape: [0], dtype: .bool, values: [])
                #expect(actual == expected)
            }
            return
        }
        if fixture.fails {
            #expect(throws: (any Error).self) { try factory(fixture.name, config, weights).call(fixture.inputs) }
            return
        }
        let outputs = try factory(fixture.name, config, weights).call(fixture.inputs)
        #expect(fixture.mismatch(outputs) == nil, "\(fixture.mismatch(outputs) ?? "")")
    }
}
