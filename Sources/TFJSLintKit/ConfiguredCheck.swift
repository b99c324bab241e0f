import Foundation
import TFJSLintConfig
import TFJSLintCore
import TFJSLintRules

/// Configuration applied to a run: which files, which rules at which severity, what fails the run.
public struct ConfiguredCheck: Sendable {
    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The loader, knowing every registered rule id and the options each rule reads.
    public static var loader: ConfigurationLoader {
        ConfigurationLoader(ruleOptions: Dictionary(
            RuleRegistry.all.map { ($0.description.id, $0.description.options.map(\.name)) }, uniquingKeysWith: { first, _ in first }))
    }

    /// `--config FILE`, else the nearest `.tfjslint.yml` from `directory` upward, else the recommended preset.
    public static func load(configFile: String?, from directory: String) throws(ConfigurationError) -> ConfiguredCheck {
        if let file = configFile ?? ConfigurationLoader.discover(from: directory) {
            return ConfiguredCheck(configuration: try loader.load(file: file))
        }
        return ConfiguredCheck(configuration: try loader.recommended())
    }

    public func files(_ paths: [String]) -> [String] {
        paths.filter(configuration.includes)
    }

    /// Findings at their configured severity; those of rules turned off for their file are dropped.
    public func apply(_ findings: [Finding]) -> [Finding] {
        findings.compactMap { finding in
            guard let rule = RuleRegistry.rule(id: finding.ruleID) else { return finding }
            guard let severity = configuration.severity(of: rule.description, forFile: finding.file, reported: finding.severity)
            else { return nil }
            var configured = finding
            configured.severity = severity
            return configured
        }
    }

    /// Whether the rule can report for some file: only such rules run, only their fixes are applied.
    public func runs(_ rule: any Rule) -> Bool {
        configuration.mayRun(rule.ruleDescription)
    }
}
