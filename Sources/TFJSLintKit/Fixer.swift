import TFJSLintCore

/// Applies the fixes of findings to a model.json, re-linting until nothing more changes.
public struct Fixer: Sendable {
    public static let maximumPasses = 10

    public let linter: Linter
    /// The least safe fixes that may be applied (`.unsafe` allows all).
    public let allowed: FixSafety

    public init(linter: Linter, allowed: FixSafety = .safe) {
        self.linter = linter
        self.allowed = allowed
    }

    public struct Outcome: Sendable {
        public let bytes: [UInt8]
        /// Summaries of the fixes applied, in order.
        public let applied: [String]
        public var changed: Bool { !applied.isEmpty }
    }

    /// Fixes `bytes` (the model.json at `path`, whose shards `files` serves). Fixes whose edits collide
    /// with an earlier fix in the same pass wait for the next pass.
    public func fix(path: String, bytes: [UInt8], files: any ModelFiles) -> Outcome {
        var current = bytes
        var applied: [String] = []
        for _ in 0..<Self.maximumPasses {
            guard let document = try? JSONDocument(bytes: current) else { break }
            let fixes = linter.lint(path: path, bytes: current, files: files).compactMap(\.fix)
                .filter { allowed == .unsafe || $0.safety == .safe }
            var accepted: [Fix] = []
            for fix in fixes where !accepted.contains(fix) {
                if (try? document.applying((accepted + [fix]).flatMap(\.edits))) != nil { accepted.append(fix) }
            }
            guard !accepted.isEmpty, let next = try? document.applying(accepted.flatMap(\.edits)), next != current
            else { break }
            current = next
            applied.append(contentsOf: accepted.map(\.summary))
        }
        return Outcome(bytes: current, applied: applied)
    }
}
