import ArgumentParser
import TFJSLintKit

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a rule: what it finds, why, TF.js's error, an example and its fix."
    )

    @Argument(help: "A rule id, e.g. keras3-batch-shape.")
    var rule: String

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("unknown format '\(format)'; use text or json") }
    }

    func run() throws {
        let found = try RuleCatalogDocument.rule(rule, in: RuleRegistry.all.map { $0.description })
        print(RuleCatalogDocument.explain(found, format: format), terminator: "")
    }
}
