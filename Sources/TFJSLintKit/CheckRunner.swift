import Foundation
import TFJSLintConfig
import TFJSLintCore
import TFJSLintReporters
import TFJSLintRules

/// A report to produce: a format, written to a file or, without a path, to standard output.
public struct OutputRequest: Sendable, Equatable {
    public let format: String
    public let path: String?

    /// `sarif=report.sarif` or `github`; nil for an unknown format or an empty path.
    public init?(_ argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let format = parts.first, ReporterRegistry.reporter(format) != nil else { return nil }
        guard parts.count == 1 || !(parts.last ?? "").isEmpty else { return nil }
        self.format = format
        path = parts.count == 2 ? parts.last : nil
    }
}

/// Everything `tfjslint check` is asked to do.
public struct CheckRequest: Sendable {
    public var paths: [String] = ["."]
    public var outputs: [OutputRequest] = OutputRequest("text").map { [$0] } ?? []
    /// Least severity that fails the run; nil for the configuration's (`fail_on`), else `error`.
    public var failOn: Severity?
    public var exitZero = false
    /// nil to find `.tfjslint.yml` from `workingDirectory` upward.
    public var configFile: String?
    /// nil for the configuration's `target`, else the catalog's version.
    public var target: TFJSVersion?
    public var baseline: String?
    public var writeBaseline: String?
    /// Rule ids or categories to run instead of the configuration's `only`.
    public var only: [String] = []
    /// Rule ids or categories not to run, besides the configuration's `disable`.
    public var disable: [String] = []
    /// The least safe fixes to apply before checking; nil for none.
    public var fixes: FixSafety?
    /// With fixes: print their diff instead of writing them.
    public var diff = false
    /// Where `.tfjslint.yml` is looked for (and upward), and what SARIF and GitHub paths are relative to.
    public var workingDirectory = FileManager.default.currentDirectoryPath
    /// Whether reports on standard output may carry ANSI colour.
    public var colour = false

    public init() {}
}

/// What a check run printed and how it ends.
public struct CheckOutcome: Sendable {
    /// 0 when no reported finding reaches the failing severity (or `exitZero`), else 1.
    public let exitCode: Int32
    /// The findings reported: configured, without those the baseline accepts.
    public let findings: [Finding]
    public let standardOutput: String
    /// Lines for standard error: fixes applied, baseline notes.
    public let standardError: [String]
    public let staleBaselineEntries: [Baseline.Entry]
}

/// A run that cannot happen: bad configuration, paths, baseline or output file (exit code 2).
public struct CheckFailure: Error, CustomStringConvertible {
    public let description: String
}

/// `tfjslint check` without the command line: configuration, discovery, fixes, rules, baseline, reports, exit code.
public enum CheckRunner {
    public static func run(_ request: CheckRequest) throws -> CheckOutcome {
        var configured = try ConfiguredCheck.load(configFile: request.configFile, from: request.workingDirectory)
        configured = try select(configured, only: request.only, disable: request.disable)
        let catalog = try CatalogLoader.bundled()
        let version = request.target ?? configured.configuration.target
        if let version, !catalog.covers(version) {
            throw CheckFailure(description:
                "target \(version) is outside what the catalog tracks (TF.js \(catalog.baseline.map { "\($0)" } ?? "?") to \(catalog.version))")
        }
        let modelRules = RuleRegistry.modelRules.map { $0.init() }.filter { configured.runs($0) }
        let linter = Linter(rules: modelRules, catalog: catalog, target: version, options: configured.configuration.options)
        let files = configured.files(try ModelDiscovery.modelFiles(in: request.paths))
        var output = ""
        var diagnostics: [String] = []
        if let allowed = request.fixes {
            let runner = FixRunner(fixer: Fixer(linter: linter, allowed: allowed))
            let outcomes = try runner.run(files: files, write: !request.diff)
            for outcome in outcomes {
                if request.diff { output += outcome.annotatedDiff }
                diagnostics.append("\(outcome.path): \(request.diff ? "would fix" : "fixed") \(outcome.applied.count) (\(outcome.countsByRule))")
            }
            if request.diff {
                // A diff is the whole answer: exit 1 when something would change, as `git diff --exit-code` does.
                return CheckOutcome(exitCode: outcomes.isEmpty ? 0 : 1, findings: [], standardOutput: output, standardError: diagnostics,
                                    staleBaselineEntries: [])
            }
            let fixed = outcomes.reduce(0) { $0 + $1.applied.count }
            diagnostics.append("Fixed \(fixed) finding(s) in \(outcomes.count) of \(files.count) model file(s).")
        }

        let project = ProjectLinter(
            rules: RuleRegistry.sourceRules.map { $0.init() }.filter { configured.runs($0) }, converter: try ConverterFactsLoader.bundled())
        let (sources, sourceFindings) = project.check(paths: request.paths, modelFiles: files, include: configured.configuration.includes)
        var findings = configured.apply((try linter.lint(files: files).findings + sourceFindings).sorted(by: Finding.ordered))

        // A baseline being written may not exist yet: adopting tfjslint starts with both flags on one path.
        let unfiltered = findings
        var stale: [Baseline.Entry] = []
        if let path = request.baseline, !(path == request.writeBaseline && !FileManager.default.fileExists(atPath: path)) {
            let (new, unmatched) = try Baseline.load(path).filter(findings)
            if findings.count > new.count {
                diagnostics.append("baseline \(path): \(findings.count - new.count) known finding(s) not reported")
            }
            diagnostics += unmatched.map { "baseline \(path): stale entry, nothing matches it any more: \($0)" }
            (findings, stale) = (new, unmatched)
        }
        if let path = request.writeBaseline {
            try Baseline(findings: unfiltered, folder: URL(fileURLWithPath: path).deletingLastPathComponent().path).write(to: path)
        }

        let rules = linter.rules.map(\.ruleDescription) + project.rules.map(\.ruleDescription)
        let checked = files.count + sources.count
        for requested in request.outputs {
            guard let reporter = ReporterRegistry.reporter(requested.format) else { continue }
            let report = Report(
                findings: findings, filesChecked: checked, rules: rules, colour: requested.path == nil && request.colour,
                workingDirectory: request.workingDirectory)
            let text = reporter.render(report)
            guard let path = requested.path else {
                output += text
                continue
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CheckFailure(description: "cannot write the \(requested.format) report to \(path): \(error.localizedDescription)")
            }
        }
        let threshold = request.failOn ?? configured.configuration.failOn ?? .error
        let fails = !request.exitZero && findings.contains { $0.severity >= threshold }
        return CheckOutcome(exitCode: fails ? 1 : 0, findings: findings, standardOutput: output, standardError: diagnostics,
                            staleBaselineEntries: stale)
    }

    /// The configuration with the command line's `--only` (replacing) and `--disable` (adding), names checked.
    static func select(_ configured: ConfiguredCheck, only: [String], disable: [String]) throws(CheckFailure) -> ConfiguredCheck {
        let known = ConfiguredCheck.loader.selectors
        for name in only + disable where !known.contains(name) {
            let hint = NameSuggestions.hint(for: name, in: known)
            throw CheckFailure(description: "unknown rule or category '\(name)'\(hint.isEmpty ? "; see 'tfjslint rules'" : hint)")
        }
        var configuration = configured.configuration
        if !only.isEmpty { configuration.only = Set(only) }
        configuration.disabled.formUnion(disable)
        return ConfiguredCheck(configuration: configuration)
    }
}
