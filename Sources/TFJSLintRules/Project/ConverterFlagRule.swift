import TFJSLintCore

struct ConverterFlagRule: SourceRule {
    static let description = RuleDescription(
        id: "converter-flag",
        category: .project,
        defaultSeverity: .error,
        summary: "tensorflowjs_converter flags must apply to the conversion, with valid values.",
        rationale: """
            Some converter flags are errors for the wrong formats (--signature_name outside tf_saved_model / tf_hub, \
            --control_flow_v2 or --weight_shard_size_bytes with a non-TF.js output), some are silently ignored \
            (--output_node_names outside tf_frozen_model, quantization with a Keras output), some are required \
            (--output_node_names for tf_frozen_model). A bare --quantize_* flag takes the next word as its \
            pattern, so before the paths it swallows the input path; and its boolean flags read any non-empty \
            value, even False, as true.
            """,
        tfjsError: "Missing output_path argument. For usage, use the --help flag.",
        triggering: [
            RuleExample(source: "tensorflowjs_converter --quantize_uint8 saved_model web/model\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --signature_name=serving_default m.h5 out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=tf_frozen_model frozen.pb out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --weight_shard_size_bytes=0 saved out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --control_flow_v2=True m.h5 out\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter saved out --quantization_bytes=1 --quantize_float16\n", file: "convert.sh", lines: [1, 1]),
            RuleExample(source: "tensorflowjs_converter saved out \\\n  --strip_debug_ops=False\n", file: "convert.sh", lines: [2]),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --output_node_names=out m.h5 web\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "tensorflowjs_converter --quantise_uint8='*' saved web\n", file: "convert.sh", lines: [1]),
        ],
        nonTriggering: [
            RuleExample(source: "tensorflowjs_converter --quantize_uint8='*' saved_model web/model\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter saved_model web/model --quantize_float16\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format=tf_frozen_model --output_node_names=logits f.pb out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format keras --weight_shard_size_bytes 1048576 m.h5 out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --signature_name=serving_default --control_flow_v2=True saved out\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format=keras --quantize_float16 --quantize_uint8=*conv* m.h5 out\n", file: "convert.sh"),
        ]
    )

    static func accepts(fileName: String) -> Bool { ConverterInvocation.isConversionScript(fileName) }

    static let quantizationFlags: Set<String> = ["quantize_float16", "quantize_uint8", "quantize_uint16"]
    static let booleanValueFlags: Set<String> = ["strip_debug_ops", "control_flow_v2", "use_structured_outputs_names", "experiments"]

    func validate(_ context: SourceContext) -> [Finding] {
        let facts = context.converter
        var findings: [Finding] = []
        for invocation in ConverterInvocation.all(in: context) {
            let (options, positionals) = invocation.parse(facts)
            let (input, output) = ConverterInvocation.formats(options, facts)
            let inputName: String? = if case .known(let name) = input { name } else { nil }
            let outputName: String? = if case .known(let name) = output { name } else { nil }
            let formatsKnown = inputName != nil && output != .unknown
            func report(_ option: ConverterInvocation.Option, _ message: String, _ severity: Severity? = nil) {
                findings.append(context.finding(Self.self, message, atOffset: option.offset, subject: "--\(option.name)", severity: severity))
            }
            for option in options {
                guard let flag = option.flag else {
                    report(option, "--\(option.name) is not a converter flag; argparse stops with \"unrecognized arguments\"")
                    continue
                }
                if Self.quantizationFlags.contains(flag.name), option.separateValue, positionals.count < 2 {
                    report(option, "--\(flag.name) takes an optional pattern, so it swallows '\(option.value ?? "the next word")' and "
                        + "the converter stops with \"Missing output_path argument\"; write --\(flag.name)='*' or put it after the paths")
                }
                if Self.booleanValueFlags.contains(flag.name), let value = option.value, ["false", "0", "no"].contains(value.lowercased()) {
                    report(option, "--\(flag.name)=\(value) turns the option ON: the converter reads any non-empty value as true; "
                        + "write --\(flag.name)= (empty) for false", .warning)
                }
                if flag.positiveInteger, !option.dynamic, (option.value.flatMap { Int($0) } ?? 0) <= 0 {
                    report(option, "--\(flag.name) must be a positive integer, not '\(option.value ?? "")'; the converter stops: "
                        + "\"Expected \(flag.name) to be a positive integer, but got \(option.value ?? "None")\"")
                }
                if let choices = flag.choices, let value = option.value, !choices.contains(value) {
                    report(option, "--\(flag.name) must be one of \(choices.joined(separator: ", ")), not '\(value)'")
                }
                if flag.deprecated {
                    report(option, "--\(flag.name) is deprecated; use --quantize_uint8 / --quantize_uint16 instead", .warning)
                }
                if let conflict = flag.conflicts.first(where: { name in options.contains { $0.name == name } }) {
                    report(option, "--\(flag.name) cannot be combined with --\(conflict): \"\(flag.message ?? "conflicting flags")\"")
                }
                guard formatsKnown, let inputName, !flag.applies(input: inputName, output: outputName) else { continue }
                let pair = "\(inputName) → \(outputName ?? "none")"
                if flag.otherwise == "error" {
                    report(option, "--\(flag.name) does not apply to \(pair); the converter stops: \"\(flag.message ?? "invalid flag")\"")
                } else if flag.otherwise == "ignored" {
                    report(option, "--\(flag.name) is silently ignored for \(pair)", .warning)
                }
            }
            let bareQuantization = options.filter { Self.quantizationFlags.contains($0.name) && $0.value == nil }
            if bareQuantization.count > 1, let second = bareQuantization.dropFirst().first {
                report(second, "two bare quantization flags: \"More than one quantization fallthrough provided, exactly one is supported\"")
            }
            if let inputName {
                for flag in facts.flags.values where flag.requiredFor.contains(inputName) && !options.contains(where: { $0.name == flag.name }) {
                    findings.append(context.finding(
                        Self.self, "converting \(inputName) needs --\(flag.name): \"\(flag.message ?? "required flag missing")\"",
                        atOffset: invocation.command.offset))
                }
            }
        }
        return findings
    }
}
