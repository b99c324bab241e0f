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

    /// A fix that was applied, and the rule whose finding it resolved.
    public struct AppliedFix: Sendable, Equatable {
        public let ruleID: String
        public let summary: String
        public let safety: FixSafety
    }

    public struct Outcome: Sendable {
        public let bytes: [UInt8]
        /// The fixes applied, in order.
        public let applied: [AppliedFix]
        public var changed: Bool { !applied.isEmpty }
    }

    /// Fixes `bytes` (the model.json at `path`, whose shards `files` serves). Fixes whose edits collide
    /// with an earlier fix in the same pass wait for the next pass.
    public func fix(path: String, bytes: [UInt8], files: any ModelFiles) -> Outcome {
        var current = bytes
        var applied: [AppliedFix] = []
        for _ in 0..<Self.maximumPasses {
            guard let document = try? JSONDocument(bytes: current) else { break }
            let fixable = linter.lint(path: path, bytes: current, files: files)
                .filter { $0.fix.map { allowed == .unsafe || $0.safety == .safe } ?? false }
            var accepted: [Fix] = []
            var acceptedFindings: [AppliedFix] = []
            for finding in fixable {
                guard let fix = finding.fix, !accepted.contains(fix),
                    (try? document.applying((accepted + [fix]).flatMap(\.edits))) != nil
                else { continue }
                accepted.append(fix)
                acceptedFindings.append(AppliedFix(ruleID: finding.ruleID, summary: fix.summary, safety: fix.safety))
            }
            guard !accepted.isEmpty, let next = try? document.applying(accepted.flatMap(\.edits)), next != current
            else { break }
            current = next
            applied.append(contentsOf: acceptedFindings)
        }
        return Outcome(bytes: current, applied: applied)
    }
}
