import TFJSLintCore

struct ConverterFlagRule: SourceRule {
    static let description = RuleDescription(
        id: "converter-flag",
        category: .project,
        defaultSeverity: .error,
        summary: "tensorflowjs_converter flags and arguments must be ones the converter accepts for the conversion.",
        rationale: """
            Some converter flags are errors for the wrong formats (--signature_name outside tf_saved_model / tf_hub, \
            --control_flow_v2 or --weight_shard_size_bytes with a non-TF.js output), some are silently ignored \
            (--output_node_names outside tf_frozen_model, quantization with a Keras output), some are required \
            (--output_node_names for tf_frozen_model). Its argparse has pitfalls: a bare --quantize_* flag takes \
            the next word as its pattern, so before the paths it swallows the input path; boolean flags read any \
            non-empty value, even False, as true; input and output paths split by an option leave the second one \
            unrecognized (Python 3.11 and older); and the command joins its arguments with spaces and splits them \
            again, so a path with a space breaks. The flag facts are data in Rules/converter.yaml.
            """,
        tfjsError: "Missing output_path argument. For usage, use the --help flag.",
        triggering: [
            RuleExample(source: "tensorflowjs_converter --quantize_uint8 saved_model web/model\n", file: "convert.sh", lines: [1]),
            RuleExample(
                source: "tensorflowjs_converter \\\n  --quantize_float16 \\\n  saved_model \\\n  web/model\n", file: "scripts/convert.sh",
                lines: [2]),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --signature_name=serving_default m.h5 out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=tf_frozen_model frozen.pb out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=tf_frozen_model --output_node_names= frozen.pb out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --weight_shard_size_bytes=0 saved out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=tfjs_layers_model --weight_shard_size_bytes 4096 m.json m.h5\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --control_flow_v2=True m.h5 out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter saved out --quantization_bytes=1 --quantize_float16\n", file: "convert.sh", lines: [1, 1]),
            RuleExample(source: "tensorflowjs_converter saved out \\\n  --strip_debug_ops=False\n", file: "convert.sh", lines: [2]),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --output_node_names=out m.h5 web\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=tf_frozen_model --output_node_names=y --control_flow_v2=1 f.pb web\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --quantise_uint8='*' saved web\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --quantize='*' saved web\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --skip_op_check=True saved web\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --weight_shard_size_bytes=4MB saved web\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format keras\\\n  model.h5 --quantize_uint8='*' web/model\n", file: "Makefile", lines: [2]),
            RuleExample(source: "tensorflowjs_converter --input_format=keras model.h5\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter \"my models/saved\" web\n", file: "convert.sh", lines: [1]),
            RuleExample(
                source: "import subprocess\nsubprocess.run([\n    \"tensorflowjs_converter\",\n    \"--quantize_uint16\",\n    src,\n    dst,\n])\n",
                file: "tools/export.py", lines: [4]),
            RuleExample(source: "RUN [\"tensorflowjs_converter\", \"--input_format\", \"keras\", \"--signature_name\", \"x\", \"m.h5\", \"out\"]\n", file: "Dockerfile", lines: [1]),
        ],
        nonTriggering: [
            RuleExample(source: "tensorflowjs_converter --quantize_uint8='*' saved_model web/model\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter saved_model web/model --quantize_float16\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format=tf_frozen_model --output_node_names=logits f.pb out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format keras --weight_shard_size_bytes 1048576 m.h5 out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --signature_name=serving_default --control_flow_v2=True saved out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --quantize_float16 --quantize_uint8=*conv* m.h5 out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --control_flow_v2= --signature_name= m.h5 out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input=keras m.h5 out\n", file: "convert.sh"),
            RuleExample(source: "convert:\n\t@tensorflowjs_converter $(FLAGS) $(SRC) $(OUT)\n\ttensorflowjs_converter $$IN\n", file: "Makefile"),
            RuleExample(source: "tensorflowjs_converter --input_format=tf_frozen_model \"$@\"\n", file: "convert.sh"),
            RuleExample(source: "command -v tensorflowjs_converter >/dev/null || pip install tensorflowjs\necho tensorflowjs_converter --quantize_uint8 in out\n", file: "setup.sh"),
            RuleExample(source: "tensorflowjs_converter --version\ntensorflowjs_converter -h\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter saved_model web/model 2>&1 | tee convert.log\n", file: "convert.sh"),
            RuleExample(source: "os.system(f\"tensorflowjs_converter --quantize_uint8 {args} {src} {dst}\")\nsubprocess.run(cmd + [\"--quantize_uint8\"])\n", file: "export.py"),
            RuleExample(source: "subprocess.run([\"tensorflowjs_converter\", *flags, src, dst])\n", file: "export.py"),
            RuleExample(source: "tensorflowjs_converter --input_format=\"$FORMAT\" --output_format=tfjs_graph_model --$EXTRA in out\n", file: "convert.sh"),
            RuleExample(source: "subprocess.run([\"tensorflowjs_converter\", f\"--input_format={fmt}\", \"--output_format=\" + out_fmt, a, b])\n", file: "export.py"),
        ]
    )

    static func accepts(fileName: String) -> Bool { ConverterInvocation.isConversionScript(fileName) }

    static let quantizationFlags: Set<String> = ["quantize_float16", "quantize_uint8", "quantize_uint16"]
    /// Words people write for false, which Python's bool(str) reads as true.
    static let falseWords: Set<String> = ["false", "0", "no", "off", "n", "f"]

    func validate(_ context: SourceContext) -> [Finding] {
        ConverterInvocation.all(in: context).flatMap { Check(invocation: $0, context: context).run() }
    }

    /// The checks of one invocation.
    private struct Check {
        let invocation: ConverterInvocation
        let context: SourceContext
        let facts: ConverterFacts
        let arguments: ConverterInvocation.Arguments
        let input: String?
        let output: String?
        /// False when a format is not a literal, or hides in a word that spreads.
        let formatsKnown: Bool
        var found: [Finding] = []

        init(invocation: ConverterInvocation, context: SourceContext) {
            self.invocation = invocation
            self.context = context
            facts = context.converter
            arguments = invocation.parse(facts)
            let (input, output) = ConverterInvocation.formats(arguments, facts)
            self.input = if case .known(let name) = input { name } else { nil }
            self.output = if case .known(let name) = output { name } else { nil }
            formatsKnown = self.input != nil && output != .unknown
        }

        mutating func report(_ message: String, at offset: Int, subject: String? = nil, _ severity: Severity? = nil) {
            found.append(context.finding(ConverterFlagRule.self, message, atOffset: offset, subject: subject, severity: severity))
        }

        consuming func run() -> [Finding] {
            for option in arguments.options { check(option) }
            checkQuantizationFallthroughs()
            checkRequiredFlags()
            checkPaths()
            return found
        }

        mutating func check(_ option: ConverterInvocation.Option) {
            let subject = option.written
            let flag: ConverterFacts.Flag
            switch option.lookup {
            case .unknown:
                return report("\(option.written) is not a converter flag; argparse stops: \"unrecognized arguments: \(option.written)\"", at: option.offset, subject: subject)
            case .ambiguous(let candidates):
                return report(
                    "\(option.written) is ambiguous; argparse stops: \"ambiguous option: \(option.written) could match "
                        + candidates.map { "--" + $0 }.joined(separator: ", ") + "\"", at: option.offset, subject: subject)
            case .flag(let found):
                flag = found
            }
            if flag.arity == .none, option.inlineValue {
                return report(
                    "--\(flag.name) takes no value; argparse stops: \"argument --\(flag.name): ignored explicit argument "
                        + "'\(option.value ?? "")'\"", at: option.offset, subject: subject)
            }
            if flag.arity == .one, option.value == nil, !option.dynamic {
                return report("--\(flag.name) needs a value; argparse stops: \"argument --\(flag.name): expected one argument\"", at: option.offset, subject: subject)
            }
            if let value = option.value {
                guard checkValue(value, of: flag, option) else { return }
            }
            if ConverterFlagRule.quantizationFlags.contains(flag.name), option.separateValue, arguments.paths.count < 2, !arguments.spreads {
                report(
                    "bare --\(flag.name) takes an optional pattern, so it swallows '\(option.value ?? "the next word")' and the converter "
                        + "stops with \"Missing output_path argument\"; write --\(flag.name)='*' or put it after the paths",
                    at: option.offset, subject: subject)
            }
            if flag.deprecated {
                report("--\(flag.name) is deprecated; use --quantize_uint8 or --quantize_uint16", at: option.offset, subject: subject, .warning)
            }
            if let conflict = flag.conflicts.first(where: arguments.has) {
                report("--\(flag.name) cannot be combined with --\(conflict): \"\(flag.message ?? "conflicting flags")\"", at: option.offset, subject: subject)
            }
            checkParticipation(of: flag, option)
        }

        /// Checks a literal value; false when argparse rejects it (nothing more to say about the flag).
        mutating func checkValue(_ value: String, of flag: ConverterFacts.Flag, _ option: ConverterInvocation.Option) -> Bool {
            if flag.type == .int, Int(value.filter { $0 != "_" }) == nil {
                report("--\(flag.name) needs an integer; argparse stops: \"argument --\(flag.name): invalid int value: '\(value)'\"", at: option.offset, subject: option.written)
                return false
            }
            if let choices = flag.choices, !choices.contains(value) {
                report(
                    "--\(flag.name) must be one of \(choices.joined(separator: ", ")); argparse stops: \"argument --\(flag.name): invalid "
                        + "choice: \(value) (choose from \(choices.joined(separator: ", ")))\"", at: option.offset, subject: option.written)
                return false
            }
            if flag.positiveInteger, let number = Int(value), number <= 0 {
                let message = flag.valueMessage?.replacing("{value}", with: value) ?? "\(flag.name) must be positive"
                report("--\(flag.name) must be a positive integer; the converter stops: \"\(message)\"", at: option.offset, subject: option.written)
            }
            if flag.type == .bool, ConverterFlagRule.falseWords.contains(value.lowercased()) {
                report(
                    "--\(flag.name)=\(value) turns the option ON: the converter reads any non-empty value as true; write "
                        + "--\(flag.name)= (empty) for false, or leave the flag out", at: option.offset, subject: option.written, .warning)
            }
            return true
        }

        mutating func checkParticipation(of flag: ConverterFacts.Flag, _ option: ConverterInvocation.Option) {
            guard formatsKnown, let input else { return }
            let pair = "\(input) → \(output ?? "None")"
            switch flag.participation(input: input, output: output) {
            case .used:
                return
            case .error:
                // The converter tests the value's truth: `--control_flow_v2=` passes.
                guard flag.isGiven(value: option.dynamic ? nil : option.value) else { return }
                report(
                    "--\(flag.name) does not apply to \(pair); the converter stops: \"\(flag.message(input: input, output: output) ?? "invalid flag")\"",
                    at: option.offset, subject: option.written)
            case .ignored:
                report("--\(flag.name) is silently ignored for \(pair)", at: option.offset, subject: option.written, .warning)
            }
        }

        mutating func checkQuantizationFallthroughs() {
            let bare = arguments.options.filter { ConverterFlagRule.quantizationFlags.contains($0.name) && $0.value == nil && !$0.dynamic }
            guard bare.count > 1, let second = bare.dropFirst().first else { return }
            report(
                "two bare quantization flags; the converter stops: \"More than one quantization fallthrough provided, exactly one is "
                    + "supported\"", at: second.offset, subject: second.written)
        }

        mutating func checkRequiredFlags() {
            guard let input, !arguments.spreads else { return }
            for flag in facts.flags.values.sorted(by: { $0.name < $1.name }) where flag.requiredFor.contains(input) {
                let given = arguments.last(flag.name)
                guard given == nil || !flag.isGiven(value: given?.dynamic == true ? nil : given?.value) else { continue }
                report(
                    "converting \(input) needs --\(flag.name) with a value; the converter stops: \"\(flag.message(input: input, output: output) ?? "required flag missing")\"",
                    at: given?.offset ?? invocation.command.offset, subject: "--" + flag.name)
            }
        }

        /// Input and output paths as argparse assigns them, and paths the converter's space-splitting breaks.
        mutating func checkPaths() {
            guard !arguments.spreads, !arguments.has("help"), !arguments.has("version") else { return }
            for word in arguments.unrecognized {
                let text = word.text ?? "the word"
                if arguments.interleaved {
                    report(
                        "'\(text)' is left over: the converter's positional paths are both optional, so argparse (Python 3.11 and older) "
                            + "takes only the paths before the first option and stops with \"unrecognized arguments: \(text)\"; "
                            + "write both paths together", at: word.offset, subject: text)
                } else {
                    report("'\(text)' is a third path; argparse stops: \"unrecognized arguments: \(text)\"", at: word.offset, subject: text)
                }
            }
            let swallowed = arguments.options.contains { ConverterFlagRule.quantizationFlags.contains($0.name) && $0.separateValue }
            if arguments.unrecognized.isEmpty, !swallowed, arguments.paths.count < 2 {
                let missing = arguments.paths.isEmpty ? "input_path" : "output_path"
                report(
                    "the command gives no \(missing.replacing("_", with: " ")); the converter stops: \"Missing \(missing) argument. For usage, use "
                        + "the --help flag.\"", at: invocation.command.offset)
            }
            let words = arguments.paths + arguments.options.compactMap { option in
                option.value.map { CommandWord(text: $0, offset: option.offset) }
            }
            for word in words {
                guard let text = word.text, text.contains(" ") else { continue }
                report(
                    "'\(text)' contains a space: tensorflowjs_converter joins its arguments with spaces and splits them again, so it "
                        + "reads \(text.split(separator: " ").map { "'\($0)'" }.joined(separator: ", ")); use a path without spaces",
                    at: word.offset, subject: text)
            }
        }
    }
}
