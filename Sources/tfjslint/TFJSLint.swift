import TFJSLintKit
import ArgumentParser

struct TFJSLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tfjslint",
        abstract: "Lint, fix and verify TensorFlow.js model.json files before they reach the browser.",
        version: TFJSLintVersion.current,
        subcommands: [CheckCommand.self, VerifyCommand.self, RulesCommand.self, ExplainCommand.self, InspectCommand.self],
        defaultSubcommand: CheckCommand.self
    )
}
