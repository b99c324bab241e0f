import Foundation
import TFJSLintCore

/// Applies fixes to model.json files on disk: atomically, and only when the bytes change.
public struct FixRunner: Sendable {
    public let fixer: Fixer

    public init(fixer: Fixer) {
        self.fixer = fixer
    }

    /// What fixing one file changed (or would change).
    public struct FileOutcome: Sendable {
        public let path: String
        public let applied: [Fixer.AppliedFix]
        /// The changed JSON values, one by one.
        public let changes: [JSONValueChange]
        /// The unified diff of the file.
        public let diff: String

        /// The diff preceded by the value changes as `#` lines, which `patch` and `git apply` skip as they skip
        /// any text before a file's `---` header.
        public var annotatedDiff: String {
            let header = "# \(path): \(applied.count) fix(es), \(changes.count) value(s) changed\n"
            return header + changes.map { "#   \($0)\n" }.joined() + diff
        }

        /// `keras3-batch-shape ×2, keras3-inbound-nodes ×8`, in the order rules first fixed something.
        public var countsByRule: String {
            var order: [String] = []
            var counts: [String: Int] = [:]
            for fix in applied {
                if counts[fix.ruleID] == nil { order.append(fix.ruleID) }
                counts[fix.ruleID, default: 0] += 1
            }
            return order.map { "\($0) ×\(counts[$0] ?? 0)" }.joined(separator: ", ")
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Fixes each file and returns the files that change; with `write` false nothing is written.
    public func run(files paths: [String], write: Bool) throws(Failure) -> [FileOutcome] {
        var outcomes: [FileOutcome] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            guard let data = try? Data(contentsOf: url) else { throw Failure(description: "cannot read \(path)") }
            let bytes = Array(data)
            let outcome = fixer.fix(path: path, bytes: bytes, files: DirectoryModelFiles(directory: url.deletingLastPathComponent()))
            guard outcome.changed, outcome.bytes != bytes else { continue }
            let shown = path.hasPrefix("/") ? path : "a/" + path
            let diff = UnifiedDiff.diff(
                old: String(decoding: bytes, as: UTF8.self), new: String(decoding: outcome.bytes, as: UTF8.self),
                oldName: shown, newName: path.hasPrefix("/") ? path : "b/" + path)
            var changes: [JSONValueChange] = []
            if let old = try? JSONDocument(bytes: bytes), let new = try? JSONDocument(bytes: outcome.bytes) {
                changes = JSONValueChange.changes(from: old, to: new)
            }
            if write { try Self.writeAtomically(outcome.bytes, to: url.resolvingSymlinksInPath()) }
            outcomes.append(FileOutcome(path: path, applied: outcome.applied, changes: changes, diff: diff))
        }
        return outcomes
    }

    /// Writes to a temporary file beside the target, gives it the target's permissions, then renames it over the
    /// target, so that readers see the old file or the new one, never a part.
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(Failure) {
        let manager = FileManager.default
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tfjslint-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try Data(bytes).write(to: temporary, options: .withoutOverwriting)
            if let permissions = try manager.attributesOfItem(atPath: url.path)[.posixPermissions] {
                try manager.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw Failure(description: "cannot replace \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch let failure as Failure {
            try? manager.removeItem(at: temporary)
            throw failure
        } catch {
            try? manager.removeItem(at: temporary)
            throw Failure(description: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
