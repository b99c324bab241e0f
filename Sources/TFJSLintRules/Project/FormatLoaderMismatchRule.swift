import TFJSLintCore

struct FormatLoaderMismatchRule: SourceRule {
    static let description = RuleDescription(
        id: "format-loader-mismatch",
        category: .project,
        defaultSeverity: .error,
        summary: "Code must load a layers-model with tf.loadLayersModel and a graph-model with tf.loadGraphModel.",
        rationale: """
            The two formats need their own loaders, and the wrong one fails only in the browser with an error that \
            names neither: tf.loadLayersModel on a graph-model reads its GraphDef as a Keras config, \
            tf.loadGraphModel on a layers-model looks for a GraphDef's versions. tfjslint resolves string-literal \
            model URLs (relative to the source file, the project root and its public/, static/, assets/ folders) \
            to the model.json files in the project and checks the format.
            """,
        tfjsError: "layer: Improper config format: {\"node\":[...]}. 'className' and 'config' must set.",
        triggering: [
            RuleExample(source: "const model = await tf.loadLayersModel('/models/detector/model.json');\n", file: "src/app.ts", lines: [1],
                        models: ["public/models/detector/model.json": .graph]),
            RuleExample(source: "import {loadGraphModel} from '@tensorflow/tfjs';\n// load it\nconst m = await loadGraphModel(\n  `./model/model.json`);\n", file: "web/main.js", lines: [3],
                        models: ["web/model/model.json": .layers]),
        ],
        nonTriggering: [
            RuleExample(source: "const model = await tf.loadGraphModel('/models/detector/model.json');\n", file: "src/app.ts",
                        models: ["public/models/detector/model.json": .graph]),
            RuleExample(source: "// tf.loadLayersModel('/models/detector/model.json')\nconst s = \"tf.loadLayersModel('/models/detector/model.json')\";\n", file: "src/app.ts",
                        models: ["public/models/detector/model.json": .graph]),
            RuleExample(source: "const m = await tf.loadLayersModel(`${base}/model.json`);\nconst n = await tf.loadLayersModel(url);\nconst o = await tf.loadLayersModel('indexeddb://my-model');\n", file: "src/app.ts",
                        models: ["public/model.json": .graph]),
            RuleExample(source: "const m = await tf.loadLayersModel('https://cdn.example.com/model.json');\n", file: "src/app.js"),
        ]
    )

    static let extensions: Set<String> = ["js", "mjs", "cjs", "ts", "tsx", "jsx", "mts", "cts"]

    static func accepts(fileName: String) -> Bool {
        extensions.contains(String(fileName.split(separator: ".").last ?? "").lowercased()) && fileName.contains(".")
    }

    func validate(_ context: SourceContext) -> [Finding] {
        JavaScriptLoaderCalls.find(in: context.bytes).compactMap { call in
            guard let url = call.url, !url.contains("://") || url.hasPrefix("file://"),
                let (path, format) = context.models.resolve(url, from: context.path), let format
            else { return nil }
            let expected: ModelFormat = call.loader == "loadLayersModel" ? .layers : .graph
            guard format != expected else { return nil }
            let error = format == .graph
                ? "layer: Improper config format: {\"node\":[...]}. 'className' and 'config' must set."
                : "TypeError: Cannot read properties of undefined (reading 'producer')"
            return context.finding(
                Self.self,
                "\(call.loader)('\(url)') loads \(context.models.display(path)), a \(format.rawValue); TF.js fails with \"\(error)\". Use \(format.loader)",
                atOffset: call.offset, subject: url)
        }
    }
}

/// `loadLayersModel(` / `loadGraphModel(` calls in JavaScript or TypeScript, outside comments and strings, with
/// their first argument when it is a string literal or a template literal without `${...}`.
enum JavaScriptLoaderCalls {
    struct Call {
        let loader: String
        let offset: Int
        let url: String?
    }

    static let loaders = ["loadLayersModel", "loadGraphModel"]

    static func find(in bytes: [UInt8]) -> [Call] {
        var calls: [Call] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
            } else if byte == 0x22 || byte == 0x27 || byte == 0x60 {
                index = literal(bytes, at: index).end
            } else if isIdentifierStart(byte), index == 0 || !isIdentifierPart(bytes[index - 1]) {
                var end = index
                while end < bytes.count, isIdentifierPart(bytes[end]) { end += 1 }
                let name = String(decoding: bytes[index..<end], as: UTF8.self)
                if loaders.contains(name) {
                    var next = end
                    while next < bytes.count, isBlank(bytes[next]) { next += 1 }
                    if next < bytes.count, bytes[next] == UInt8(ascii: "(") {
                        next += 1
                        while next < bytes.count, isBlank(bytes[next]) { next += 1 }
                        var url: String?
                        if next < bytes.count, bytes[next] == 0x22 || bytes[next] == 0x27 || bytes[next] == 0x60 {
                            let argument = literal(bytes, at: next)
                            var after = argument.end
                            while after < bytes.count, isBlank(bytes[after]) { after += 1 }
                            // Only a whole literal argument: `'a' + b` is not resolvable.
                            if after < bytes.count, bytes[after] == UInt8(ascii: ")") || bytes[after] == UInt8(ascii: ",") { url = argument.value }
                        }
                        calls.append(Call(loader: name, offset: index, url: url))
                    }
                }
                index = end
                continue
            } else {
                index += 1
            }
        }
        return calls
    }

    /// A quoted or template literal at `start`: its value (nil for templates with `${`) and where it ends.
    static func literal(_ bytes: [UInt8], at start: Int) -> (value: String?, end: Int) {
        let quote = bytes[start]
        var out: [UInt8] = []
        var dynamic = false
        var index = start + 1
        while index < bytes.count, bytes[index] != quote {
            if bytes[index] == 0x0A, quote != 0x60 { return (nil, index) }
            if bytes[index] == 0x5C, index + 1 < bytes.count {
                out.append(bytes[index + 1])
                index += 2
                continue
            }
            if quote == 0x60, bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") { dynamic = true }
            out.append(bytes[index])
            index += 1
        }
        return (dynamic ? nil : String(decoding: out, as: UTF8.self), min(index + 1, bytes.count))
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
}
