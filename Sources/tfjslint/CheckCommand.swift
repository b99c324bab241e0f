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

    @Option(help: "Run only these rules or categories (repeatable or comma-separated; replaces the configuration's only).")
    var only: [String] = []

    @Option(help: "Do not run these rules or categories (repeatable or comma-separated).")
    var disable: [String] = []

    func validate() throws {
        if let target, TFJSVersion(target) == nil {
            throw ValidationError("invalid --target '\(target)'; use tfjs@X.Y or tfjs@X.Y.Z")
        }
        for output in format where OutputRequest(output) == nil {
            throw ValidationError("unknown format '\(output)'; use one of \(ReporterRegistry.identifiers.joined(separator: ", ")), optionally =PATH")
        }
    }

    func run() throws {
        var request = CheckRequest()
        request.paths = paths
        request.outputs = format.compactMap(OutputRequest.init)
        request.failOn = failOn
        request.exitZero = exitZero
        request.configFile = config
        request.target = target.flatMap(TFJSVersion.init)
        request.baseline = baseline
        request.writeBaseline = writeBaseline
        request.only = only.flatMap { $0.split(separator: ",").map(String.init) }
        request.disable = disable.flatMap { $0.split(separator: ",").map(String.init) }
        request.fixes = unsafeFixes ? .unsafe : fix || diff ? .safe : nil
        request.diff = diff
        request.colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        let outcome = try CheckRunner.run(request)
        print(outcome.standardOutput, terminator: "")
        for line in outcome.standardError { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}

extension Severity: ExpressibleByArgument {}
