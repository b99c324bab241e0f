import Foundation
import Testing
@testable import TFJSLintKit

/// `check --fix` on real Keras 3 converter outputs, in a temporary copy of Samples/.
struct FixRunnerTests {
    static func copy(_ samples: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for sample in samples {
            try FileManager.default.copyItem(
                at: SamplesTests.samples.appendingPathComponent(sample), to: root.appendingPathComponent(sample))
        }
        return root
    }

    static func run(_ paths: [String], allowed: FixSafety = .safe, write: Bool = true) throws -> [FixRunner.FileOutcome] {
        try FixRunner(fixer: Fixer(linter: Linter(), allowed: allowed)).run(files: paths, write: write)
    }

    @Test func keras3SequentialIsFixedWithAMinimalDiff() throws {
        let root = try Self.copy(["sequential-keras3"])
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("sequential-keras3/model.json").path
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let outcomes = try Self.run([path])
        #expect(outcomes.count == 1)
        let fixed = try String(contentsOfFile: path, encoding: .utf8)
        // Exactly three renames, nothing else: key order, spacing and every other byte are kept.
        let expected = original.replacingOccurrences(of: "\"batch_shape\"", with: "\"batch_input_shape\"")
            .replacingOccurrences(of: "\"negative_slope\"", with: "\"alpha\"")
            .replacingOccurrences(of: "\"name\": \"sequential/", with: "\"name\": \"")
        #expect(fixed == expected)
        #expect(try Linter().lint(file: path).filter { $0.severity == .error }.isEmpty)
    }

    @Test func fixingIsIdempotentAndLeavesFilesUntouched() throws {
        let root = try Self.copy(["functional-multiio-keras3", "sequential-tfkeras"])
        defer { try? FileManager.default.removeItem(at: root) }
        let fixable = root.appendingPathComponent("functional-multiio-keras3/model.json").path
        let clean = root.appendingPathComponent("sequential-tfkeras/model.json").path
        let cleanBefore = try FileManager.default.attributesOfItem(atPath: clean)[.modificationDate] as? Date
        let first = try Self.run([fixable, clean])
        #expect(first.map(\.path) == [fixable])
        #expect(try Linter().lint(file: fixable).filter { $0.ruleID.hasPrefix("keras3-") }.isEmpty)
        let fixedBytes = try Data(contentsOf: URL(fileURLWithPath: fixable))
        let fixedDate = try FileManager.default.attributesOfItem(atPath: fixable)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try Self.run([fixable, clean]).isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixable)) == fixedBytes)
        #expect(try FileManager.default.attributesOfItem(atPath: fixable)[.modificationDate] as? Date == fixedDate)
        #expect(try FileManager.default.attributesOfItem(atPath: clean)[.modificationDate] as? Date == cleanBefore)
    }

    @Test func diffModeWritesNothing() throws {
        let root = try Self.copy(["lstm-gru-keras3"])
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("lstm-gru-keras3/model.json").path
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcomes = try Self.run([path], write: false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let diff = try #require(outcomes.first?.diff)
        #expect(diff.hasPrefix("--- \(path)\n+++ \(path)\n@@ -1,1 +1,1 @@\n-"))
        #expect(diff.contains("\"batch_input_shape\": [null, 5, 3]"))
    }

    @Test func unsafeFixesRewriteKeras3OpLayersOnlyWhenAllowed() throws {
        let root = try Self.copy(["mobilenetv3small-keras3"])
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("mobilenetv3small-keras3/model.json").path
        _ = try Self.run([path], allowed: .safe)
        #expect(try Linter().lint(file: path).contains { $0.ruleID == "keras3-op-layer" })
        _ = try Self.run([path], allowed: .unsafe)
        let remaining = try Linter().lint(file: path).filter { $0.severity == .error }
        #expect(!remaining.contains { $0.ruleID.hasPrefix("keras3-") })
        // TF.js 4.22 has no hard_silu activation: that finding stays, as TF.js would fail on it.
        #expect(remaining.allSatisfy { $0.ruleID == "unsupported-activation" } && !remaining.isEmpty)
    }

    @Test func unifiedDiffOfLines() {
        let diff = UnifiedDiff.diff(old: "a\nb\nc\nd\n", new: "a\nB\nc\nd\ne\n", oldName: "x", newName: "y", context: 1)
        #expect(diff == "--- x\n+++ y\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n")
    }
}
