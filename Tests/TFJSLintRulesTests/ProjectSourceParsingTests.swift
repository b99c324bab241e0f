import Foundation
import Testing
import TFJSLintConfig
@testable import TFJSLintRules

/// How the project rules read scripts, Python and JavaScript: the pieces under the rule examples.
struct ProjectSourceParsingTests {
    static let facts = try? ConverterFactsLoader.bundled()

    static func words(_ text: String) -> [[String?]] {
        ShellWords.commands(text).map { $0.map(\.text) }
    }

    @Test func shellWordsFollowQuotesContinuationsAndRedirections() {
        #expect(Self.words("a 'b c' \"d\\\"e\" f\\ g\\\n  h # comment\nnext") == [["a", "b c", "d\"e", "f g", "h"], ["next"]])
        #expect(Self.words("x 2>&1 >> log.txt | tee out; y < in && z") == [["x"], ["tee", "out"], ["y"], ["z"]])
        #expect(Self.words("conv \\\r\n  --flag=1") == [["conv", "--flag=1"]])
        let spreading = ShellWords.commands("c $FLAGS $(MAKEVAR)/x.pb \"$IN\" \"$@\" $$OUT ${A}b")[0].map(\.spreads)
        #expect(spreading == [false, true, false, false, true, true, false])
    }

    @Test func argparseSplitOfConverterArguments() throws {
        let facts = try #require(Self.facts)
        func parse(_ command: String) throws -> ConverterInvocation.Arguments {
            try #require(ConverterInvocation.inShellText("tensorflowjs_converter " + command).first).parse(facts)
        }
        let swallowed = try parse("--quantize_uint8 saved web")
        #expect(swallowed.options.first?.value == "saved" && swallowed.paths.map(\.text) == ["web"])
        let interleaved = try parse("saved --input=keras web")
        #expect(interleaved.paths.map(\.text) == ["saved"] && interleaved.unrecognized.map(\.text) == ["web"] && interleaved.interleaved)
        #expect(interleaved.options.first?.name == "input_format")
        let separated = try parse("saved web -- --input_format=keras")
        #expect(separated.unrecognized.map(\.text) == ["--input_format=keras"] && !separated.interleaved)
        let negative = try parse("saved web --weight_shard_size_bytes -5")
        #expect(negative.options.first?.value == "-5" && negative.paths.count == 2)
        #expect(try parse("$(FLAGS) saved web").spreads)
        let unknownValue = try parse("--output_format=\"$FMT\" saved web")
        #expect(unknownValue.options.first?.name == "output_format" && unknownValue.options.first?.dynamic == true)
        #expect(unknownValue.paths.count == 2 && !unknownValue.spreads)
        #expect(ConverterInvocation.inShellText("which tensorflowjs_converter\necho tensorflowjs_converter a b").isEmpty)
        #expect(ConverterInvocation.inShellText("python3 -m tensorflowjs.converters.converter a b").first?.arguments.count == 2)
    }

    @Test func pythonTokensListsAndCommandStrings() {
        let source = PythonSource("""
            import os, keras.layers as kl
            from tensorflow import keras as k, math
            cmd = f"tensorflowjs_converter {flags} --input_format=keras {src} out"  # a comment with "quotes"
            subprocess.run([sys.executable, '-m', 'tensorflowjs.converters.converter',
                            '--output_format=' + fmt, r'in\\dir', 'out'])
            """)
        #expect(source.importedModules == ["os", "keras.layers", "tensorflow", "tensorflow.keras", "tensorflow.math"])
        let fString = source.tokens.first { $0.kind == .string && $0.hasFields }
        #expect(fString?.text == "tensorflowjs_converter $$$$$$$ --input_format=keras $$$$$ out")
        let invocations = ConverterInvocation.inPython(source)
        #expect(invocations.count == 2)
        let list = invocations.first { $0.command.text == "tensorflowjs.converters.converter" }
        #expect(list?.arguments.map(\.text) == [nil, "in\\dir", "out"])
    }

    @Test func javaScriptLoaderCallsSkipCommentsStringsAndRegularExpressions() {
        let source = JavaScriptSource("""
            import * as tfjs from '@tensorflow/tfjs';
            const re = /loadGraphModel\\(['"`]/g; // loadLayersModel('x')
            const s = "tf.loadGraphModel('y')" + `${a ? `${tfjs.loadLayersModel('inner.json')}` : ''}`;
            /* tf.loadGraphModel('z') */ const m = tfjs.loadGraphModel(`models/a/model.json`, {fromTFHub: false});
            const half = total / 2 / count; tf.loadLayersModel(`${base}/model.json`);
            """)
        let calls = JavaScriptLoaderCalls.find(in: source)
        #expect(calls.map(\.loader) == ["loadLayersModel", "loadGraphModel", "loadLayersModel"])
        #expect(calls.map(\.url) == ["inner.json", "models/a/model.json", nil])
    }

    @Test func hostileSourcesEndQuickly() {
        let deep = String(repeating: "`${", count: 20_000) + String(repeating: "[(\"", count: 20_000)
        let unterminated = String(repeating: "tensorflowjs_converter \"${x[@] '", count: 5_000)
        let calls = String(repeating: "loadGraphModel((", count: 20_000)
        let started = Date()
        for text in [deep, unterminated, calls] {
            _ = JavaScriptLoaderCalls.find(in: JavaScriptSource(text))
            _ = ConverterInvocation.inPython(PythonSource(text))
            _ = ConverterInvocation.inShellText(text)
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
