import TFJSLintCore

struct Keras3ConversionRule: SourceRule {
    static let description = RuleDescription(
        id: "keras3-conversion",
        category: .project,
        defaultSeverity: .warning,
        summary: "Converting a Keras 3 model with save_keras_model writes a layers model TF.js 4.22 cannot load.",
        rationale: """
            Since TensorFlow 2.16, `import keras` is always Keras 3, and `tf.keras` is Keras 3 unless \
            TF_USE_LEGACY_KERAS is "1", "true" or "True" (then it is tf_keras). \
            tensorflowjs.converters.save_keras_model writes a Keras 3 model's config as it is (batch_shape, \
            dict-form inbound_nodes, flat input_layers, model-prefixed weight names), which TF.js 4.22 rejects. \
            Build the model with tf_keras (`import tf_keras as keras`, or tf.keras with TF_USE_LEGACY_KERAS=1 set \
            before first use), or run `tfjslint check --fix` on the written model.json.
            """,
        tfjsError: "An InputLayer should be passed either a `batchInputShape` or an `inputShape`.",
        triggering: [
            RuleExample(source: "import keras\nimport tensorflowjs as tfjs\nmodel = keras.Sequential([])\ntfjs.converters.save_keras_model(model, 'web/model')\n", file: "export.py", lines: [4]),
            RuleExample(source: "import tensorflow as tf\nfrom tensorflowjs.converters import save_keras_model\nsave_keras_model(tf.keras.models.load_model('m.keras'), 'out')\n", file: "export.py", lines: [3]),
            RuleExample(
                source: "import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\nfrom keras import layers, Sequential\nimport tensorflowjs as tfjs\n"
                    + "tfjs.converters.save_keras_model(Sequential([layers.Dense(1)]), 'web/model')\n", file: "export.py", lines: [5]),
            RuleExample(source: "import os\nos.environ['TF_USE_LEGACY_KERAS'] = '0'\nimport tensorflow as tf\nimport tensorflowjs as tfjs\ntfjs.converters.save_keras_model(tf.keras.Sequential(), 'o')\n", file: "export.py", lines: [5]),
        ],
        nonTriggering: [
            RuleExample(source: "import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\nimport tensorflow as tf\nimport tensorflowjs as tfjs\ntfjs.converters.save_keras_model(tf.keras.Sequential(), 'web/model')\n", file: "export.py"),
            RuleExample(source: "import tf_keras as keras\nimport tensorflowjs as tfjs\ntfjs.converters.save_keras_model(model, 'web/model')\n", file: "export.py"),
            RuleExample(source: "# tfjs.converters.save_keras_model(model, 'x')\nprint('save_keras_model(')\ndef save_keras_model(model, path):\n    pass\n", file: "export.py"),
            RuleExample(source: "os.environ.setdefault(\"TF_USE_LEGACY_KERAS\", \"True\")\nfrom tensorflow import keras\ntensorflowjs.converters.save_keras_model(keras.Sequential(), out)\n", file: "export.py"),
        ]
    )

    static func accepts(fileName: String) -> Bool { fileName.lowercased().hasSuffix(".py") }

    /// The values TensorFlow's lazy loader reads as "use tf_keras" (tensorflow/python/util/lazy_loader.py).
    static let legacyValues: Set<String> = ["1", "true", "True"]

    func validate(_ context: SourceContext) -> [Finding] {
        let source = PythonSource(context.text)
        let calls = source.tokens.indices.filter { index in
            source.tokens[index].isName("save_keras_model") && index + 1 < source.tokens.count && source.tokens[index + 1].isPunctuation("(")
                && (index == 0 || !source.tokens[index - 1].isName("def"))
        }
        guard !calls.isEmpty else { return [] }
        let modules = source.importedModules
        func imports(_ name: String) -> Bool { modules.contains { $0 == name || $0.hasPrefix(name + ".") } }
        guard !imports("tf_keras") else { return [] }
        let legacy = Self.setsLegacyKeras(source.tokens)
        let tfKeras = imports("tensorflow.keras")
            || source.tokens.indices.contains { $0 > 0 && source.tokens[$0].isName("keras") && source.tokens[$0 - 1].isPunctuation(".") }
        let reason: String
        if imports("keras"), !(legacy && tfKeras) {
            reason = "`keras` is Keras 3 (TensorFlow >= 2.16)" + (legacy ? "; TF_USE_LEGACY_KERAS only switches tf.keras to tf_keras, not `import keras`" : "")
        } else if !legacy {
            reason = "without TF_USE_LEGACY_KERAS=1 the model is a Keras 3 model (tf.keras is Keras 3 since TensorFlow 2.16) unless it was built with tf_keras"
        } else {
            return []
        }
        return calls.map { index in
            context.finding(
                Self.self,
                "save_keras_model converts a Keras 3 model here: \(reason). The model.json it writes fails in TF.js 4.22 (\"An InputLayer "
                    + "should be passed either a `batchInputShape` or an `inputShape`.\"); build the model with tf_keras, or run "
                    + "`tfjslint check --fix` on the output",
                atOffset: source.tokens[index].offset)
        }
    }

    /// Whether the code sets TF_USE_LEGACY_KERAS to a value TensorFlow reads as true: the name as a string, then
    /// within a few tokens (`] =`, `,`, `:`) a string value.
    static func setsLegacyKeras(_ tokens: [PythonSource.Token]) -> Bool {
        tokens.indices.contains { index in
            guard tokens[index].literal == "TF_USE_LEGACY_KERAS" else { return false }
            let following = tokens[(index + 1)..<min(tokens.count, index + 4)]
            guard let value = following.first(where: { $0.kind == .string }) else { return false }
            return value.literal.map(legacyValues.contains) ?? false
        }
    }
}
