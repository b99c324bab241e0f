import ArgumentParser
import TFJSLintKit

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule: id, category, default severity, whether it can fix what it finds."
    )

    @Option(help: "Output format: text, markdown or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "markdown", "json"].contains(format) else {
            throw ValidationError("unknown format '\(format)'; use text, markdown or json")
        }
    }

    func run() {
        print(RuleCatalogDocument.render(RuleRegistry.all.map { $0.description }, format: format), terminator: "")
    }
}
