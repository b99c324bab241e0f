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

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(name: .customLong("fail-on"), help: "Least severity that makes the exit code 1: error, warning or info.")
    var failOn: Severity = .error

    @Option(help: "TF.js version to judge against, e.g. tfjs@3.18 (default: the catalog's, tfjs@4.22).")
    var target: String?

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
        guard ReporterRegistry.reporter(format) != nil else {
            throw ValidationError("unknown format '\(format)'; use one of \(ReporterRegistry.identifiers.joined(separator: ", "))")
        }
    }

    func run() throws {
        let files = try ModelDiscovery.modelFiles(in: paths)
        let catalog = try CatalogLoader.bundled()
        let version = target.flatMap(TFJSVersion.init)
        if let version, !catalog.covers(version) {
            throw ValidationError(
                "--target \(version) is outside what the catalog tracks (TF.js \(catalog.baseline.map { "\($0)" } ?? "?") "
                    + "to \(catalog.version))")
        }
        let linter = Linter(catalog: catalog, target: version)
        if fix || unsafeFixes || diff {
            try applyFixes(files: files, linter: linter)
        }
        let result = try linter.lint(files: files)
        let report = Report(findings: result.findings, filesChecked: files.count, rules: linter.rules.map(\.ruleDescription))
        print(ReporterRegistry.reporter(format)!.render(report), terminator: "")
        if result.findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
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
