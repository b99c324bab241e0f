import TFJSLintCore
import Yams

/// Reads Rules/converter.yaml into `ConverterFacts`.
public enum ConverterFactsLoader {
    public static let bundledPath = "converter.yaml"

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static func bundled() throws(Failure) -> ConverterFacts {
        guard let text = RulesFolder.text(of: bundledPath) else { throw Failure(description: "\(bundledPath) is not embedded") }
        return try load(text)
    }

    public static func load(_ text: String) throws(Failure) -> ConverterFacts {
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw Failure(description: "\(bundledPath): not valid YAML: \(error)")
        }
        guard let top = root as? [String: Any], let defaultInput = top["default_input"] as? String,
            let inputs = top["input_formats"] as? [String], let outputs = top["output_formats"] as? [String],
            let defaults = top["default_output"] as? [String: String], let pairs = top["pairs"] as? [String: [String]],
            let flagTable = top["flags"] as? [String: [String: Any]]
        else { throw Failure(description: "\(bundledPath): needs default_input, input_formats, output_formats, default_output, pairs, flags") }
        var flags: [String: ConverterFacts.Flag] = [:]
        for (name, fields) in flagTable {
            guard let arity = (fields["value"] as? String).flatMap(ConverterFacts.Arity.init(rawValue:)) else {
                throw Failure(description: "\(bundledPath): flag \(name) needs value: one, optional or none")
            }
            guard let type = ConverterFacts.ValueType(rawValue: fields["type"] as? String ?? "str") else {
                throw Failure(description: "\(bundledPath): flag \(name) has type \(fields["type"] ?? ""); use str, int or bool")
            }
            flags[name] = ConverterFacts.Flag(
                name: name, arity: arity, type: type, short: fields["short"] as? String, inputs: fields["inputs"] as? [String],
                outputs: fields["outputs"] as? [String], otherwise: fields["otherwise"] as? String,
                ignoredFor: fields["ignored_for"] as? [String] ?? [], requiredFor: fields["required_for"] as? [String] ?? [],
                choices: fields["choices"] as? [String], positiveInteger: fields["positive_integer"] as? Bool ?? false,
                deprecated: fields["deprecated"] as? Bool ?? false, conflicts: fields["conflicts"] as? [String] ?? [],
                message: fields["message"] as? String, valueMessage: fields["value_message"] as? String)
        }
        return ConverterFacts(
            defaultInput: defaultInput, inputFormats: inputs, outputFormats: outputs, defaultOutput: defaults, pairs: pairs, flags: flags)
    }
}
