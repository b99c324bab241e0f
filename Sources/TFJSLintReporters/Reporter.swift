import TFJSLintCore

/// What a reporter renders: the findings of a run and what was checked.
public struct Report: Sendable {
    public let findings: [Finding]
    public let filesChecked: Int
    /// Descriptions of the rules that ran, for formats that carry rule metadata.
    public let rules: [RuleDescription]
    /// Whether text may carry ANSI colour (standard output is a terminal and NO_COLOR is unset).
    public let colour: Bool

    public init(findings: [Finding], filesChecked: Int, rules: [RuleDescription], colour: Bool = false) {
        self.findings = findings
        self.filesChecked = filesChecked
        self.rules = rules
        self.colour = colour
    }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
}

public protocol Reporter: Sendable {
    static var identifier: String { get }
    static var summary: String { get }
    static func render(_ report: Report) -> String
}

public enum ReporterRegistry {
    public static let all: [any Reporter.Type] = [
        TextReporter.self, JSONReporter.self, SARIFReporter.self, JUnitReporter.self, GitHubReporter.self,
    ]

    public static var identifiers: [String] { all.map { $0.identifier } }

    public static func reporter(_ identifier: String) -> (any Reporter.Type)? {
        all.first { $0.identifier == identifier }
    }
}
