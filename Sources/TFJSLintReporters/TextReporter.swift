import TFJSLintCore

/// `path:line:col: severity: message (where) [rule-id]`, one finding per line, then a summary.
public enum TextReporter: Reporter {
    public static let identifier = "text"
    public static let summary = "One finding per line, compiler style, then a summary line."

    public static func render(_ report: Report) -> String {
        var lines = report.findings.map { line($0, colour: report.colour) }
        lines.append(summaryLine(report))
        return lines.joined(separator: "\n") + "\n"
    }

    static func line(_ finding: Finding, colour: Bool = false) -> String {
        var whereInModel: [String] = []
        if let subject = finding.subject { whereInModel.append(subject) }
        if let pointer = finding.pointer { whereInModel.append(pointer.description.isEmpty ? "/" : pointer.description) }
        let place = whereInModel.isEmpty ? "" : " (at \(whereInModel.joined(separator: " ")))"
        let fixable = finding.fix.map { $0.safety == .safe ? " [fixable]" : " [fixable: unsafe]" } ?? ""
        let severity = colour ? paint(finding.severity) : finding.severity.rawValue
        return "\(finding.file):\(finding.location.line):\(finding.location.column): \(severity): "
            + "\(finding.message)\(place) [\(finding.ruleID)]\(fixable)"
    }

    /// Bold red errors, yellow warnings, cyan infos.
    static func paint(_ severity: Severity) -> String {
        let code = severity == .error ? "1;31" : severity == .warning ? "33" : "36"
        return "\u{1B}[\(code)m\(severity.rawValue)\u{1B}[0m"
    }

    static func summaryLine(_ report: Report) -> String {
        let files = report.filesChecked == 1 ? "1 file" : "\(report.filesChecked) files"
        let counts = [Severity.error, .warning, .info].map { severity in
            let n = report.count(severity)
            return "\(n) \(severity.rawValue)\(n == 1 ? "" : "s")"
        }
        let fixable = report.findings.filter { $0.fix != nil }.count
        return "Checked \(files): \(counts.joined(separator: ", "))" + (fixable > 0 ? " (\(fixable) fixable)." : ".")
    }
}
