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

    func run() throws {
        guard let found = RuleRegistry.rule(id: rule) else {
            let close = RuleRegistry.all.map { $0.description.id }.filter { $0.contains(rule) || rule.contains($0) }
            throw ValidationError("unknown rule '\(rule)'" + (close.isEmpty ? "; see 'tfjslint rules'" : "; did you mean \(close.joined(separator: ", "))?"))
        }
        print(RuleCatalogDocument.explain(found.description, format: format), terminator: "")
    }
}
