import ArgumentParser
import Foundation
import TFJSLintKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run a graph or layers model as TF.js 4.22 would and compare its outputs with golden tensors (exit 0 match, 1 mismatch, 2 cannot run)."
    )

    @Argument(help: "A model.json file.")
    var model: String

    @Option(help: "Input tensors: .npy, .npz (by input name) or .json.")
    var inputs: String

    @Option(help: "Golden output tensors: .npy, .npz (by output name) or .json.")
    var golden: String

    @Option(help: "Absolute tolerance, or NAME:VALUE for one output (repeatable). Default 1e-5.")
    var atol: [String] = []

    @Option(help: "Relative tolerance, or NAME:VALUE for one output (repeatable). Default 1e-5.")
    var rtol: [String] = []

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(name: .customLong("save-outputs"), help: "Write what the executor computed to this .npz file.")
    var saveOutputs: String?

    func run() throws {
        var tolerances = Verifier.Tolerances()
        for (values, global, perOutput) in [(atol, \Verifier.Tolerances.atol, \Verifier.Tolerances.atolByOutput),
                                            (rtol, \Verifier.Tolerances.rtol, \Verifier.Tolerances.rtolByOutput)] {
            for value in values {
                let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
                guard let number = Double(parts.last ?? ""), number >= 0 else { throw ValidationError("tolerance '\(value)' is not a non-negative number") }
                if parts.count == 2 { tolerances[keyPath: perOutput][parts[0]] = number } else { tolerances[keyPath: global] = number }
            }
        }
        do {
            let (artifact, blocking) = try VerifyRun.load(model)
            if let finding = blocking {
                throw ExecutionError("TF.js 4.22 would not run this model: \(finding.message) [\(finding.ruleID)]", ruleID: finding.ruleID)
            }
            let outcome = try Verifier().verify(
                model: artifact, inputs: try Verifier.tensors(at: inputs), golden: try Verifier.tensors(at: golden), tolerances: tolerances)
            if let saveOutputs { try Numpy.writeNPZ(outcome.outputs, to: URL(fileURLWithPath: saveOutputs)) }
            print(format == "json"
                ? Verifier.json(outcome).serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
                : Verifier.text(outcome), terminator: "")
            if !outcome.passed { throw ExitCode(1) }
        } catch let error as ExecutionError {
            FileHandle.standardError.write(Data("tfjslint verify: cannot run \(model): \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
