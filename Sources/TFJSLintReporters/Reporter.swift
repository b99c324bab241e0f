import Foundation
import TFJSLintCore

/// What a reporter renders: the findings of a run and what was checked.
public struct Report: Sendable {
    public let findings: [Finding]
    public let filesChecked: Int
    /// Descriptions of the rules that ran, for formats that carry rule metadata.
    public let rules: [RuleDescription]
    /// Whether text may carry ANSI colour (standard output is a terminal and NO_COLOR is unset).
    public let colour: Bool
    /// The folder CI formats (SARIF, GitHub) make paths relative to: the checkout, when run from its root.
    public let workingDirectory: String

    public init(
        findings: [Finding], filesChecked: Int, rules: [RuleDescription], colour: Bool = false,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.findings = findings
        self.filesChecked = filesChecked
        self.rules = rules
        self.colour = colour
        self.workingDirectory = workingDirectory
    }

    /// `path` relative to the working directory when it lies inside it, without a leading `./`; else as given.
    public func relativePath(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true))
            .standardizedFileURL.path
        let base = URL(fileURLWithPath: workingDirectory).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : path
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
