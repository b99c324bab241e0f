import Foundation
import Testing
@testable import TFJSLintKit

/// The keras3-* rules and `check --fix` on real tensorflowjs 4.22 outputs of Keras 3 models (Fixtures/keras3,
/// made by make_fixtures.py). What the real TF.js 4.22 does with each, as converted and after fixing, is recorded
/// in Fixtures/keras3/tfjs-4.22.json (check_tfjs.py), with the largest difference from the Keras outputs.
struct Keras3FixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("keras3")

    /// Fixture -> the keras3-* rules its converter output breaks (the Keras 3 problems it is made to show).
    static let expectedRules: [String: Set<String>] = [
        "sequential": ["keras3-batch-shape", "keras3-renamed-config", "keras3-weight-names"],
        "functional-multi-io": ["keras3-batch-shape", "keras3-inbound-nodes"],
        "nested": ["keras3-batch-shape", "keras3-inbound-nodes", "keras3-io-layers", "keras3-nested-node-index",
                   "keras3-weight-names"],
        "lstm": ["keras3-batch-shape", "keras3-inbound-nodes", "keras3-io-layers"],
        "bidirectional": ["keras3-batch-shape", "keras3-inbound-nodes", "keras3-io-layers", "keras3-weight-names"],
        "depthwise": ["keras3-batch-shape", "keras3-inbound-nodes", "keras3-io-layers", "keras3-weight-names"],
        "ops": ["keras3-batch-shape", "keras3-inbound-nodes", "keras3-io-layers", "keras3-op-layer"],
        "mobilenetv3-block": ["keras3-batch-shape", "keras3-inbound-nodes", "keras3-io-layers", "keras3-op-layer"],
        "dot-keras": ["keras3-batch-shape", "keras3-inbound-nodes", "keras3-io-layers", "keras3-weight-names"],
    ]

    static let fixtures = expectedRules.keys.sorted()

    /// Fixtures whose Keras 3 problems need unsafe fixes (keras.ops layers rewritten as TF.js layers).
    static let needUnsafe: Set<String> = ["ops", "mobilenetv3-block"]

    static func copy(_ fixture: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-keras3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let target = root.appendingPathComponent(fixture)
        try FileManager.default.copyItem(at: folder.appendingPathComponent(fixture), to: target)
        return target.appendingPathComponent("model.json")
    }

    static func fix(_ path: URL, _ allowed: FixSafety, write: Bool = true) throws -> [FixRunner.FileOutcome] {
        try FixRunner(fixer: Fixer(linter: Linter(), allowed: allowed)).run(files: [path.path], write: write)
    }

    static func keras3Rules(_ path: URL) throws -> Set<String> {
        Set(try Linter().lint(file: path.path).map(\.ruleID).filter { $0.hasPrefix("keras3-") })
    }

    @Test(arguments: fixtures)
    func reportedWithTheRightRules(fixture: String) throws {
        let path = Self.folder.appendingPathComponent(fixture).appendingPathComponent("model.json")
        #expect(try Self.keras3Rules(path) == Self.expectedRules[fixture])
        #expect(FileManager.default.fileExists(atPath: path.deletingLastPathComponent().appendingPathComponent("output_0.npy").path))
    }

    @Test(arguments: fixtures)
    func fixingRemovesEveryKeras3Finding(fixture: String) throws {
        let path = try Self.copy(fixture)
        defer { try? FileManager.default.removeItem(at: path.deletingLastPathComponent().deletingLastPathComponent()) }
        _ = try Self.fix(path, .safe)
        let afterSafe = try Self.keras3Rules(path)
        #expect(afterSafe == (Self.needUnsafe.contains(fixture) ? ["keras3-op-layer"] : []), "\(fixture): \(afterSafe)")
        _ = try Self.fix(path, .unsafe)
        #expect(try Self.keras3Rules(path).isEmpty)
    }

    /// Each fixed fixture loads and runs in the real TF.js 4.22 exactly when no error finding remains, and then
    /// matches the Keras outputs to 1e-4 (check_tfjs.py recorded it).
    @Test func verdictsAfterFixingAgreeWithRealTFJS() throws {
        let record = try JSONDocument(bytes: Array(Data(contentsOf: Self.folder.appendingPathComponent("tfjs-4.22.json"))))
        #expect(Set((record.root.members ?? []).map(\.key)) == Set(Self.fixtures))
        for fixture in Self.fixtures {
            let entry = try #require(record.root[fixture])
            #expect(entry["converted"]?["runs"]?.bool == false, "\(fixture) runs in TF.js as converted")
            let path = try Self.copy(fixture)
            defer { try? FileManager.default.removeItem(at: path.deletingLastPathComponent().deletingLastPathComponent()) }
            for (stage, safety) in [("fix", FixSafety.safe), ("unsafeFixes", .unsafe)] {
                _ = try Self.fix(path, safety)
                let errors = try Linter().lint(file: path.path).filter { $0.severity == .error }
                let runs = entry[stage]?["runs"]?.bool == true
                #expect(runs == errors.isEmpty, "\(fixture) \(stage): TF.js runs it: \(runs); errors: \(errors.map(\.ruleID))")
                if runs { #expect((entry[stage]?["maxAbsError"]?.number ?? 1) < 1e-4, "\(fixture) \(stage)") }
            }
        }
    }

    @Test(arguments: fixtures)
    func fixingIsIdempotentAndLeavesTheFileUntouched(fixture: String) throws {
        let path = try Self.copy(fixture)
        defer { try? FileManager.default.removeItem(at: path.deletingLastPathComponent().deletingLastPathComponent()) }
        #expect(try Self.fix(path, .unsafe).count == 1)
        let bytes = try Data(contentsOf: path)
        let date = try FileManager.default.attributesOfItem(atPath: path.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try Self.fix(path, .unsafe).isEmpty)
        #expect(try Data(contentsOf: path) == bytes)
        #expect(try FileManager.default.attributesOfItem(atPath: path.path)[.modificationDate] as? Date == date)
    }

    /// Safe fixes change only the values and keys they rewrite: every byte outside them (key order, spacing,
    /// number spelling, the other layers) is as the converter wrote it, and shards are never touched.
    @Test(arguments: fixtures)
    func safeFixesAreMinimal(fixture: String) throws {
        let path = try Self.copy(fixture)
        defer { try? FileManager.default.removeItem(at: path.deletingLastPathComponent().deletingLastPathComponent()) }
        let shard = path.deletingLastPathComponent().appendingPathComponent("group1-shard1of1.bin")
        let shardBefore = try Data(contentsOf: shard)
        let old = try JSONDocument(bytes: Array(Data(contentsOf: path)))
        let outcome = try #require(try Self.fix(path, .safe).first)
        let new = try JSONDocument(bytes: Array(Data(contentsOf: path)))
        #expect(try Data(contentsOf: shard) == shardBefore)
        #expect(!outcome.changes.isEmpty)
        var oldRanges: [Range<Int>] = []
        var newRanges: [Range<Int>] = []
        for change in outcome.changes {
            switch change.kind {
            case .changed:
                oldRanges.append(try #require(old.resolve(change.pointer)).range)
                newRanges.append(try #require(new.resolve(change.pointer)).range)
            case .keyRenamed(let before, let after):
                oldRanges.append(try #require(old.resolve(change.pointer)?.member(before)).keyRange)
                newRanges.append(try #require(new.resolve(change.pointer)?.member(after)).keyRange)
            case .added, .removed:
                Issue.record("\(fixture): a safe fix added or removed \(change)")
            }
        }
        #expect(Self.outside(oldRanges, of: old.bytes) == Self.outside(newRanges, of: new.bytes), "\(fixture)")
    }

    /// The bytes outside `ranges`, each range replaced by one 0 byte.
    static func outside(_ ranges: [Range<Int>], of bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var cursor = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.lowerBound >= cursor {
            result += bytes[cursor..<range.lowerBound] + [0]
            cursor = range.upperBound
        }
        return result + bytes[cursor...]
    }

    @Test func fixesKeepPermissionsAndWriteThroughSymlinks() throws {
        let path = try Self.copy("sequential")
        let folder = path.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let real = folder.appendingPathComponent("real.json")
        try FileManager.default.moveItem(at: path, to: real)
        try FileManager.default.createSymbolicLink(at: path, withDestinationURL: real)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: real.path)
        #expect(try Self.fix(path, .safe).count == 1)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path.path) == real.path)
        #expect(try FileManager.default.attributesOfItem(atPath: real.path)[.posixPermissions] as? Int == 0o640)
        #expect(try Self.keras3Rules(path).isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func diffModeWritesNothingAndListsEveryChangedValue() throws {
        let path = try Self.copy("nested")
        defer { try? FileManager.default.removeItem(at: path.deletingLastPathComponent().deletingLastPathComponent()) }
        let before = try Data(contentsOf: path)
        let outcome = try #require(try Self.fix(path, .safe, write: false).first)
        #expect(try Data(contentsOf: path) == before)
        let text = outcome.annotatedDiff
        // The converter's file is one line without a final newline.
        #expect(text.contains("@@ -1 +1 @@\n-{\"format\""))
        #expect(text.hasSuffix("\\ No newline at end of file\n"))
        #expect(text.contains("#   /weightsManifest/0/weights/2/name: \"inner_seq/seq_dense/kernel\" → \"seq_dense/kernel\"\n"))
        #expect(text.contains("#   /modelTopology/model_config/config/output_layers: [\"outer_dense\", 0, 0] → [[\"outer_dense\", 0, 0]]\n"))
        #expect(text.contains("/config/keras_history/1") == false, "node indices are fixed in the list form, after the inbound nodes")
        #expect(text.contains("#   /modelTopology/model_config/config/layers/3/inbound_nodes/0: {\"args\""))
        #expect(text.contains("→ [[\"inner_seq\", 1, 0, {}]]\n"))
        #expect(outcome.countsByRule.hasPrefix("keras3-batch-shape ×3"))
    }
}
