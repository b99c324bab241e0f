import TFJSLintCore

struct Keras3ConversionRule: SourceRule {
    static let description = RuleDescription(
        id: "keras3-conversion",
        category: .project,
        defaultSeverity: .warning,
        summary: "Converting a Keras 3 model with save_keras_model writes a layers model TF.js 4.22 cannot load.",
        rationale: """
            Since TensorFlow 2.16 `import keras` and `tf.keras` are Keras 3, and \
            tensorflowjs.converters.save_keras_model then writes Keras 3's config (batch_shape, dict-form \
            inbound_nodes, flat input_layers, model-prefixed weight names), which TF.js 4.22 rejects. Set \
            TF_USE_LEGACY_KERAS=1 and build the model with tf_keras, or run `tfjslint check --fix` on the output.
            """,
        tfjsError: "An InputLayer should be passed either a `batchInputShape` or an `inputShape`.",
        triggering: [
            RuleExample(source: "import keras\nimport tensorflowjs as tfjs\nmodel = keras.Sequential([])\ntfjs.converters.save_keras_model(model, 'web/model')\n", file: "export.py", lines: [4]),
            RuleExample(source: "import tensorflow as tf\nfrom tensorflowjs.converters import save_keras_model\nsave_keras_model(tf.keras.models.load_model('m.keras'), 'out')\n", file: "export.py", lines: [3]),
        ],
        nonTriggering: [
            RuleExample(source: "import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\nimport tf_keras as keras\nimport tensorflowjs as tfjs\ntfjs.converters.save_keras_model(model, 'web/model')\n", file: "export.py"),
            RuleExample(source: "import tf_keras\nimport tensorflowjs as tfjs\ntfjs.converters.save_keras_model(model, 'web/model')\n", file: "export.py"),
            RuleExample(source: "# tfjs.converters.save_keras_model(model, 'x')\nprint('save_keras_model(')\n", file: "export.py"),
        ]
    )

    static func accepts(fileName: String) -> Bool { fileName.lowercased().hasSuffix(".py") }

    func validate(_ context: SourceContext) -> [Finding] {
        let code = PythonCode(context.text)
        guard !code.mentions("TF_USE_LEGACY_KERAS"), !code.mentions("tf_keras") else { return [] }
        return code.offsets(of: "save_keras_model(").map { offset in
            context.finding(
                Self.self,
                "save_keras_model converts a Keras 3 model here (TF >= 2.16 without TF_USE_LEGACY_KERAS=1); the model.json it "
                    + "writes fails in TF.js 4.22 (\"An InputLayer should be passed either a `batchInputShape` or an "
                    + "`inputShape`.\"). Use tf_keras with TF_USE_LEGACY_KERAS=1, or run `tfjslint check --fix` on the output",
                atOffset: offset)
        }
    }
}

/// Python source with comments and string literals blanked out, for finding calls; `mentions` also looks
/// inside strings (environment variable names are set as strings).
struct PythonCode {
    let text: String
    let code: [UInt8]

    init(_ text: String) {
        self.text = text
        var bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != 0x0A {
                    bytes[index] = 0x20
                    index += 1
                }
            } else if byte == 0x22 || byte == 0x27 {
                let triple = index + 2 < bytes.count && bytes[index + 1] == byte && bytes[index + 2] == byte
                let width = triple ? 3 : 1
                var end = index + width
                while end < bytes.count {
                    if bytes[end] == 0x5C { end += 2; continue }
                    if !triple, bytes[end] == 0x0A { break }
                    if bytes[end] == byte, !triple || (end + 2 < bytes.count && bytes[end + 1] == byte && bytes[end + 2] == byte) {
                        end += width
                        break
                    }
                    end += 1
                }
                for i in index..<min(end, bytes.count) where bytes[i] != 0x0A { bytes[i] = 0x20 }
                index = end
            } else {
                index += 1
            }
        }
        code = bytes
    }

    func mentions(_ word: String) -> Bool { text.contains(word) }

    /// Offsets of `needle` in code (outside comments and strings).
    func offsets(of needle: String) -> [Int] {
        let pattern = Array(needle.utf8)
        var found: [Int] = []
        var start = 0
        while let index = ConverterInvocation.firstIndex(of: pattern, in: code, from: start) {
            found.append(index)
            start = index + pattern.count
        }
        return found
    }
}
