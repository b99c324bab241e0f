import ArgumentParser
import Foundation
import TFJSLintKit

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a model.json: format, loader, inputs and outputs, layers or ops, parameters, weight bytes."
    )

    @Argument(help: "A model.json file.")
    var model: String

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("unknown format '\(format)'; use text or json") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: model)
        guard let data = FileManager.default.contents(atPath: model) else { throw ValidationError("cannot read \(model)") }
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: Array(data))
        } catch {
            let at = error.location(in: Array(data))
            throw ValidationError("\(model):\(at.line):\(at.column): not valid JSON: \(error.message)")
        }
        let inspection = ModelInspection(ModelArtifact(path: model, document: document, files: DirectoryModelFiles(directory: url.deletingLastPathComponent())))
        print(format == "json"
            ? inspection.json.serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) : inspection.text,
            terminator: format == "json" ? "\n" : "")
    }
}
