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

    /// `--config FILE`, else the nearest `.tfjslint.yml` from `directory` upward, else the recommended preset.
    public static func load(configFile: String?, from directory: String) throws(ConfigurationError) -> ConfiguredCheck {
        let loader = ConfigurationLoader(ruleIDs: Set(RuleRegistry.all.map { $0.description.id }))
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

    /// Rules enabled for at least one file: only their fixes are applied and their metadata reported.
    public func enabledRules(_ rules: [any ModelRule]) -> [any ModelRule] {
        rules.filter { rule in
            configuration.severity(of: rule.ruleDescription, forFile: "") != nil
                || configuration.overrides.contains { $0.rules.values.contains { $0 != nil } }
        }
    }
}
