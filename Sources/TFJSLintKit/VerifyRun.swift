import Foundation
import TFJSExecutor
import TFJSLintCore

/// Loading for `verify`: the model, and the first error-level finding that says TF.js would not run it.
public enum VerifyRun {
    public static func load(_ path: String) throws(ExecutionError) -> (ModelArtifact, Finding?) {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw ExecutionError("cannot read \(path)") }
        let bytes = Array(data)
        let files = DirectoryModelFiles(directory: url.deletingLastPathComponent())
        let blocking = Linter().lint(path: path, bytes: bytes, files: files).first {
            // Models TF.js runs anyway (with other numbers) are run, and the comparison shows the effect.
            $0.severity == .error && RuleRegistry.rule(id: $0.ruleID)?.description.tfjsRunsTheModel != true
        }
        guard let document = try? JSONDocument(bytes: bytes) else {
            throw ExecutionError(blocking?.message ?? "\(path) is not valid JSON", ruleID: "invalid-json")
        }
        return (ModelArtifact(path: path, document: document, files: files), blocking)
    }
}
