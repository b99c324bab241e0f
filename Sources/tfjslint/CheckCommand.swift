import ArgumentParser
import Foundation
import TFJSLintKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check model.json files (folders are searched recursively)."
    )

    @Argument(help: "model.json files or folders to search.")
    var paths: [String] = ["."]

    @Option(help: "Output format, FORMAT or FORMAT=PATH, repeatable: text, json, sarif, junit, github.")
    var format: [String] = ["text"]

    @Option(name: .customLong("fail-on"), help: "Least severity that makes the exit code 1: error, warning or info (default: the configuration's, else error).")
    var failOn: Severity?

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when findings reach the failing severity.")
    var exitZero = false

    @Option(help: "Configuration file (default: the nearest .tfjslint.yml from the working directory up, else the recommended preset).")
    var config: String?

    @Option(help: "TF.js version to judge against, e.g. tfjs@3.18 (default: the catalog's, tfjs@4.22).")
    var target: String?

    @Option(help: "Report only findings not recorded in this baseline file; stale entries are listed on standard error.")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Record every finding of this run into a baseline file.")
    var writeBaseline: String?

    @Flag(help: "Apply safe fixes (they keep what the model computes), then report what remains.")
    var fix = false

    @Flag(name: .customLong("unsafe-fixes"), help: "Also apply unsafe fixes, which change the model's structure.")
    var unsafeFixes = false

    @Flag(help: "Print the fixes as a unified diff instead of writing them.")
    var diff = false

    func validate() throws {
        if let target, TFJSVersion(target) == nil {
            throw ValidationError("invalid --target '\(target)'; use tfjs@X.Y or tfjs@X.Y.Z")
        }
        for output in format where ReporterRegistry.reporter(Self.split(output).format) == nil {
            throw ValidationError("unknown format '\(output)'; use one of \(ReporterRegistry.identifiers.joined(separator: ", ")), optionally =PATH")
        }
    }

    func run() throws {
        let configured = try ConfiguredCheck.load(configFile: config, from: FileManager.default.currentDirectoryPath)
        let files = configured.files(try ModelDiscovery.modelFiles(in: paths))
        let catalog = try CatalogLoader.bundled()
        let version = target.flatMap(TFJSVersion.init) ?? configured.configuration.target
        if let version, !catalog.covers(version) {
            throw ValidationError(
                "--target \(version) is outside what the catalog tracks (TF.js \(catalog.baseline.map { "\($0)" } ?? "?") "
                    + "to \(catalog.version))")
        }
        let linter = Linter(
            rules: configured.enabledRules(Linter().rules), catalog: catalog, target: version, options: configured.configuration.options)
        if fix || unsafeFixes || diff {
            try applyFixes(files: files, linter: linter)
        }
        let project = ProjectLinter(converter: try ConverterFactsLoader.bundled())
        let (sources, sourceFindings) = project.check(paths: paths, modelFiles: files, include: configured.configuration.includes)
        var findings = configured.apply((try linter.lint(files: files).findings + sourceFindings).sorted(by: Finding.ordered))
        if let writeBaseline {
            try Data(Baseline(findings: findings).serialized(messages: findings).utf8).write(to: URL(fileURLWithPath: writeBaseline), options: .atomic)
        }
        if let baseline {
            let (new, stale) = try Baseline.load(baseline).filter(findings)
            findings = new
            for entry in stale {
                FileHandle.standardError.write(Data("stale baseline entry: \(entry.file) \(entry.rule) \(entry.location)\n".utf8))
            }
        }
        let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let checked = files.count + sources.count
        let rules = linter.rules.map(\.ruleDescription) + project.rules.map(\.ruleDescription)
        let report = Report(findings: findings, filesChecked: checked, rules: rules, colour: colour)
        for output in format {
            let (name, path) = Self.split(output)
            guard let reporter = ReporterRegistry.reporter(name) else { continue }
            let text = reporter.render(path == nil ? report : Report(findings: findings, filesChecked: checked, rules: report.rules))
            if let path {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } else {
                print(text, terminator: "")
            }
        }
        let threshold = failOn ?? configured.configuration.failOn ?? .error
        if !exitZero, findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }

    /// `sarif=out.sarif` → ("sarif", "out.sarif"); `github` → ("github", nil).
    static func split(_ output: String) -> (format: String, path: String?) {
        guard let equals = output.firstIndex(of: "=") else { return (output, nil) }
        return (String(output[..<equals]), String(output[output.index(after: equals)...]))
    }

    /// Fix log on standard error, so that standard output stays the report (or the diff).
    private func applyFixes(files: [String], linter: Linter) throws {
        let runner = FixRunner(fixer: Fixer(linter: linter, allowed: unsafeFixes ? .unsafe : .safe))
        let outcomes = try runner.run(files: files, write: !diff)
        for outcome in outcomes {
            if diff { print(outcome.diff, terminator: "") }
            let verb = diff ? "would fix" : "fixed"
            FileHandle.standardError.write(Data("\(outcome.path): \(verb) \(outcome.applied.count): \(outcome.applied.joined(separator: "; "))\n".utf8))
        }
    }
}

extension Severity: ExpressibleByArgument {}
