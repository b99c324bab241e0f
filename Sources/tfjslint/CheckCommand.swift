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

    @Flag(name: .customLong("unsafe-fixes"), help: "Also apply unsafe fixes, which change the model's structure (implies --fix).")
    var unsafeFixes = false

    @Flag(help: ArgumentHelp(
        "Print what --fix (with --unsafe-fixes: also the unsafe fixes) would change, write nothing; exit 1 when something would change.",
        discussion: "Each file's unified diff follows its changed JSON values as `#` lines (pointer: old → new), which patch and git apply skip."))
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
        if diff {
            let changed = try showFixes(files: files, linter: linter)
            throw ExitCode(changed ? 1 : 0)
        }
        if fix || unsafeFixes {
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

    private func fixRunner(_ linter: Linter) -> FixRunner {
        FixRunner(fixer: Fixer(linter: linter, allowed: unsafeFixes ? .unsafe : .safe))
    }

    /// Writes the fixes; what was fixed goes to standard error, so that standard output stays the report of what remains.
    private func applyFixes(files: [String], linter: Linter) throws {
        let outcomes = try fixRunner(linter).run(files: files, write: true)
        for outcome in outcomes {
            Self.log("\(outcome.path): fixed \(outcome.applied.count) (\(outcome.countsByRule))")
        }
        let fixed = outcomes.reduce(0) { $0 + $1.applied.count }
        Self.log("Fixed \(fixed) finding(s) in \(outcomes.count) of \(files.count) model file(s).")
    }

    /// Prints the diffs of the fixes on standard output; whether any file would change.
    private func showFixes(files: [String], linter: Linter) throws -> Bool {
        let outcomes = try fixRunner(linter).run(files: files, write: false)
        for outcome in outcomes {
            print(outcome.annotatedDiff, terminator: "")
            Self.log("\(outcome.path): would fix \(outcome.applied.count) (\(outcome.countsByRule))")
        }
        return !outcomes.isEmpty
    }

    private static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension Severity: ExpressibleByArgument {}
