import ArgumentParser
import Foundation

// Exit codes are tfjslint's contract: 0 clean, 1 findings or mismatch, 2 usage, config or internal error.
// swift-argument-parser would exit 64 on usage errors and 1 on other thrown errors, so map them here.
do {
    var command = try TFJSLint.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let message = TFJSLint.fullMessage(for: error)
    if TFJSLint.exitCode(for: error) == .success {
        print(message)
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data(("tfjslint: " + message + "\n").utf8))
    Foundation.exit(2)
}
