import Foundation
import Testing
@testable import TFJSExecutor

/// complex64 tensors: only complex-aware ops read them, and they survive .npy and comparison without misreading.
@Suite struct ComplexTensorTests {
    let complex = Tensor(shape: [2], dtype: .complex64, values: [1, 2, 3, -4])

    private func run(_ op: String, _ inputs: [Tensor]) throws(ExecutionError) -> [Tensor] {
        try GraphOps.run(GraphModel.Node(name: "n", op: op, inputs: [], attributes: nil), inputs)
    }

    @Test func addOnAComplexInputIsRefused() {
        #expect { _ = try run("Add", [complex, Tensor(shape: [2], values: [1, 1])]) } throws: { error in
            "\(error)".contains("Add 'n': input 0 is complex64")
        }
        #expect(throws: ExecutionError.self) { try run("Add", [Tensor(shape: [2], values: [1, 1]), complex]) }
    }

    @Test func shapeOnlyOpsKeepTheValuePairs() throws {
        let reshaped = try run("Reshape", [complex, Tensor(shape: [2], dtype: .int32, values: [2, 1])])
        #expect(reshaped == [Tensor(shape: [2, 1], dtype: .complex64, values: complex.values)])
        #expect(try run("Shape", [complex]) == [Tensor(shape: [1], dtype: .int32, values: [2])])
        #expect(try run("Identity", [complex]) == [complex])
        // The shape input of Reshape must stay real.
        #expect(throws: ExecutionError.self) { try run("Reshape", [complex, complex]) }
    }

    @Test func aComplexTensorWithoutTwoValuesPerElementIsRefused() {
        #expect(throws: ExecutionError.self) { try run("Real", [Tensor(shape: [2], dtype: .complex64, values: [1, 2])]) }
    }

    @Test func npyRoundTripsComplex64() throws {
        let data = Numpy.writeNPY(complex)
        #expect(String(decoding: data[10..<60], as: UTF8.self).contains("'descr': '<c8'"))
        #expect(try Numpy.readNPY(data) == complex)
    }

    @Test func aComplexOutputNeverMatchesARealGolden() {
        let golden = Tensor(shape: [2], values: [1, 3])
        let comparison = OutputComparison(name: "y", actual: complex, golden: golden, atol: 1, rtol: 1)
        #expect(!comparison.passed)
        #expect(!OutputComparison(name: "y", actual: golden, golden: complex, atol: 1, rtol: 1).passed)
    }
}
