import Foundation
import TFJSLintCore

/// Applies fixes to model.json files on disk: atomically, and only when the bytes change.
public struct FixRunner: Sendable {
    public let fixer: Fixer

    public init(fixer: Fixer) {
        self.fixer = fixer
    }

    public struct FileOutcome: Sendable {
        public let path: String
        public let applied: [String]
        /// The unified diff of the change (empty when nothing changed).
        public let diff: String
    }

    public struct WriteFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Fixes each file; with `write` false nothing is written and only the diffs are returned.
    public func run(files paths: [String], write: Bool) throws(WriteFailure) -> [FileOutcome] {
        var outcomes: [FileOutcome] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            guard let data = try? Data(contentsOf: url) else { throw WriteFailure(description: "cannot read \(path)") }
            let bytes = Array(data)
            let outcome = fixer.fix(path: path, bytes: bytes, files: DirectoryModelFiles(directory: url.deletingLastPathComponent()))
            guard outcome.changed, outcome.bytes != bytes else { continue }
            let diff = UnifiedDiff.diff(
                old: String(decoding: bytes, as: UTF8.self), new: String(decoding: outcome.bytes, as: UTF8.self),
                oldName: path.hasPrefix("/") ? path : "a/" + path, newName: path.hasPrefix("/") ? path : "b/" + path)
            if write { try Self.writeAtomically(outcome.bytes, to: url) }
            outcomes.append(FileOutcome(path: path, applied: outcome.applied, diff: diff))
        }
        return outcomes
    }

    /// Writes to a temporary file beside the target, keeps the target's permissions, then renames over it.
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(WriteFailure) {
        let manager = FileManager.default
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tfjslint-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try Data(bytes).write(to: temporary, options: .withoutOverwriting)
            if let permissions = try manager.attributesOfItem(atPath: url.path)[.posixPermissions] {
                try manager.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw WriteFailure(description: "cannot replace \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch let failure as WriteFailure {
            try? manager.removeItem(at: temporary)
            throw failure
        } catch {
            try? manager.removeItem(at: temporary)
            throw WriteFailure(description: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
