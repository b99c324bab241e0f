import TFJSLintCore

struct InvalidFormatPairRule: SourceRule {
    static let description = RuleDescription(
        id: "invalid-format-pair",
        category: .project,
        defaultSeverity: .error,
        summary: "tensorflowjs_converter commands must use an input / output format pair the converter supports.",
        rationale: """
            The converter supports a fixed set of (input_format, output_format) pairs and infers the output from \
            the input when it is omitted (tf_saved_model by default, so a bare command expects a SavedModel). \
            Anything else stops the conversion, often in a CI job long after the script was written. The pairs \
            are data in Rules/converter.yaml.
            """,
        tfjsError: "ValueError: Unsupported input_format - output_format pair: keras_keras - tfjs_graph_model",
        triggering: [
            RuleExample(source: "tensorflowjs_converter --input_format=keras_keras --output_format=tfjs_graph_model m.keras out/\n", file: "convert.sh", lines: [1]),
            RuleExample(source: "convert:\n\ttensorflowjs_converter \\\n\t  --input_format keras_keras \\\n\t  model.keras web/model\n", file: "Makefile", lines: [3]),
            RuleExample(source: "RUN tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_layers_model /m /out\n", file: "Dockerfile", lines: [1]),
            RuleExample(source: "subprocess.run([\"tensorflowjs_converter\", \"--input_format\", \"kears\", \"m.h5\", \"out\"])\n", file: "convert.py", lines: [1]),
            RuleExample(source: #"{"scripts": {"convert": "tensorflowjs_converter --output_format=keras saved out"}}"#, file: "package.json", lines: [1]),
            RuleExample(source: "CMD [\"tensorflowjs_converter\", \"--input_format=keras_keras\", \"/m.keras\", \"/out\"]\n", file: "Dockerfile.convert", lines: [1]),
            RuleExample(source: "os.system(\"python -m tensorflowjs.converters.converter --input_format=tf_hub --output_format=keras hub out\")\n", file: "export.py", lines: [1]),
            RuleExample(
                source: "jobs:\n  web:\n    steps:\n      - run: |\n          tensorflowjs_converter \\\n            --input_format=keras_saved_model \\\n"
                    + "            --output_format=tfjs_graph_model \\\n            saved web\n", file: ".github/workflows/web.yaml", lines: [7]),
        ],
        nonTriggering: [
            RuleExample(source: "tensorflowjs_converter --input_format=keras model.h5 web/model\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter saved_model/ web/model && echo done\n", file: "convert.sh"),
            RuleExample(source: "tensorflowjs_converter --input_format=$FORMAT --output_format=tfjs_graph_model in out\n", file: "convert.sh"),
            RuleExample(source: "# tensorflowjs_converter --input_format=keras_keras in out\n", file: "convert.sh"),
            RuleExample(source: "- run: tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras_keras m.json m.keras\n", file: "ci.yml"),
            RuleExample(source: "web:\n\ttensorflowjs_converter --input_format=keras_keras $(CONVERT_FLAGS) m.keras web\n", file: "Makefile"),
            RuleExample(source: "subprocess.run([\"tensorflowjs_converter\", f\"--output_format={fmt}\", \"--input_format\", \"tf_hub\", a, b])\n", file: "export.py"),
            RuleExample(source: "echo \"run tensorflowjs_converter --output_format=keras saved out\"\n", file: "convert.sh"),
        ]
    )

    static func accepts(fileName: String) -> Bool { ConverterInvocation.isConversionScript(fileName) }

    func validate(_ context: SourceContext) -> [Finding] {
        let facts = context.converter
        return ConverterInvocation.all(in: context).compactMap { invocation in
            let arguments = invocation.parse(facts)
            let (input, output) = ConverterInvocation.formats(arguments, facts)
            guard case .known(let inputName) = input else { return nil }
            let at = arguments.options.last(where: { $0.name == "input_format" || $0.name == "output_format" })?.offset
                ?? invocation.command.offset
            guard facts.inputFormats.contains(inputName) else {
                return context.finding(
                    Self.self, "--input_format '\(inputName)' is not a converter input format; argparse stops with \"invalid "
                        + "choice\" (choose from \(facts.inputFormats.joined(separator: ", ")))", atOffset: at)
            }
            switch output {
            case .unknown:
                return nil
            case .none:
                return context.finding(
                    Self.self, "input format \(inputName) has no default output format; the converter fails with \"Unsupported "
                        + "input_format - output_format pair: \(inputName) - None\". Add --output_format="
                        + "\(facts.pairs[inputName]?.first ?? "tfjs_layers_model")", atOffset: at)
            case .known(let outputName):
                guard facts.outputFormats.contains(outputName) else {
                    return context.finding(
                        Self.self, "--output_format '\(outputName)' is not a converter output format (choose from "
                            + "\(facts.outputFormats.joined(separator: ", ")))", atOffset: at)
                }
                guard !facts.isSupported(input: inputName, output: outputName) else { return nil }
                let supported = facts.pairs[inputName] ?? []
                let hint = inputName == "keras_keras" && outputName == "tfjs_graph_model"
                    ? " For a Keras 3 model, export a SavedModel (model.export(dir)) and convert it with --input_format=tf_saved_model."
                    : " From \(inputName) it converts to \(supported.joined(separator: ", "))."
                let implicit = arguments.has("input_format") ? "" : " (\(inputName) is the default input format)"
                return context.finding(
                    Self.self, "the converter does not convert \(inputName) to \(outputName)\(implicit): \"Unsupported "
                        + "input_format - output_format pair: \(inputName) - \(outputName)\".\(hint)", atOffset: at)
            }
        }
    }
}
