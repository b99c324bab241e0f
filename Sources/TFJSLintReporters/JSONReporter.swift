import Foundation
import TFJSLintCore

/// The machine-readable report; its schema is versioned by `schemaVersion` and documented in README.md.
public enum JSONReporter: Reporter {
    public static let identifier = "json"
    public static let summary = "A versioned JSON document with every finding and all its fields."
    public static let schemaVersion = 1

    public static func render(_ report: Report) -> String {
        let findings: [JSONTree] = report.findings.map { finding in
            let fix: JSONTree = finding.fix.map {
                .object([("summary", .string($0.summary)), ("safety", .string($0.safety.rawValue))])
            } ?? .null
            return .object([
                ("ruleId", .string(finding.ruleID)),
                ("severity", .string(finding.severity.rawValue)),
                ("message", .string(finding.message)),
                ("file", .string(finding.file)),
                ("line", .number(Double(finding.location.line))),
                ("column", .number(Double(finding.location.column))),
                ("pointer", finding.pointer.map { .string($0.description) } ?? .null),
                ("subject", finding.subject.map { .string($0) } ?? .null),
                ("fix", fix),
            ])
        }
        let summary: JSONTree = .object([
            ("filesChecked", .number(Double(report.filesChecked))),
            ("errors", .number(Double(report.count(.error)))),
            ("warnings", .number(Double(report.count(.warning)))),
            ("infos", .number(Double(report.count(.info)))),
            ("fixable", .number(Double(report.findings.filter { $0.fix != nil }.count))),
        ])
        let document: JSONTree = .object([
            ("schemaVersion", .number(Double(schemaVersion))),
            ("tool", .object([("name", .string("tfjslint")), ("version", .string(TFJSLintVersion.current))])),
            ("summary", summary),
            ("findings", .array(findings)),
        ])
        return document.serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
    }
}
