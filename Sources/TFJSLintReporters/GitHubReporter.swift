import TFJSLintCore

/// GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=...::message`.
public enum GitHubReporter: Reporter {
    public static let identifier = "github"
    public static let summary = "GitHub Actions annotations (workflow commands), escaped as the runner requires."

    public static func render(_ report: Report) -> String {
        report.findings.map { finding in
            let command = finding.severity == .error ? "error" : finding.severity == .warning ? "warning" : "notice"
            let properties = [
                "file=" + property(report.relativePath(finding.file)), "line=\(finding.location.line)", "col=\(finding.location.column)",
                "title=" + property("tfjslint \(finding.ruleID)"),
            ].joined(separator: ",")
            let pointer = finding.pointer.map { " (\($0.description.isEmpty ? "/" : $0.description))" } ?? ""
            return "::\(command) \(properties)::\(data(finding.message + pointer))\n"
        }.joined()
    }

    /// Message data: `%`, CR and LF are escaped.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values: additionally `:` and `,`.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
