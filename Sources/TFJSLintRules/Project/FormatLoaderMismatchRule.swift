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
            tf.loadGraphModel on a layers-model looks for a GraphDef's versions. tfjslint resolves model URLs \
            written as string literals, template literals without ${...} or consts bound to one (relative to the \
            source file, the project root and its public/, static/, assets/ folders; file:// and local \
            development-server URLs too) to the model.json files in the project and checks the format. \
            indexeddb:// and localstorage:// keys name models saved at run time, and computed URLs cannot be \
            resolved: neither is reported.
            """,
        tfjsError: "layer: Improper config format: {\"node\":[...]}. 'className' and 'config' must set.",
        triggering: [
            RuleExample(source: "const model = await tf.loadLayersModel('/models/detector/model.json');\n", file: "src/app.ts", lines: [1],
                        models: ["public/models/detector/model.json": .graph]),
            RuleExample(source: "import {loadGraphModel} from '@tensorflow/tfjs';\n// load it\nconst m = await loadGraphModel(\n  `./model/model.json`);\n", file: "web/main.js", lines: [3],
                        models: ["web/model/model.json": .layers]),
            RuleExample(
                source: "import { loadGraphModel as load } from '@tensorflow/tfjs';\nconst MODEL_URL = '/models/classifier/model.json';\n"
                    + "const strip = /['\"`]/g;\nexport const model = await load(MODEL_URL);\n",
                file: "src/model.ts", lines: [4], models: ["static/models/classifier/model.json": .layers]),
            RuleExample(
                source: "const url = `${origin}/x`;\nconst model = await tf.loadLayersModel('http://localhost:8080/models/detector/model.json');\n",
                file: "app.jsx", lines: [2], models: ["assets/models/detector/model.json": .graph]),
            RuleExample(source: "const m = await tfn.loadLayersModel('file://./models/detector/model.json');\n", file: "server.mjs", lines: [1],
                        models: ["models/detector/model.json": .graph]),
        ],
        nonTriggering: [
            RuleExample(source: "const model = await tf.loadGraphModel('/models/detector/model.json');\n", file: "src/app.ts",
                        models: ["public/models/detector/model.json": .graph]),
            RuleExample(source: "// tf.loadLayersModel('/models/detector/model.json')\nconst s = \"tf.loadLayersModel('/models/detector/model.json')\";\n", file: "src/app.ts",
                        models: ["public/models/detector/model.json": .graph]),
            RuleExample(source: "const m = await tf.loadLayersModel(`${base}/model.json`);\nconst n = await tf.loadLayersModel(url);\nconst o = await tf.loadLayersModel('indexeddb://my-model');\n", file: "src/app.ts",
                        models: ["public/model.json": .graph]),
            RuleExample(source: "const m = await tf.loadLayersModel('https://cdn.example.com/model.json');\n", file: "src/app.js"),
            RuleExample(
                source: "class Models {\n  async loadLayersModel(url: string): Promise<LayersModel> { return tf.loadLayersModel(url); }\n}\n"
                    + "const p = `${tf.loadGraphModel(`${dir}/model.json`)}`;\nconst q = tf.loadGraphModel('/models/' + name + '/model.json');\n",
                file: "src/models.ts", models: ["public/models/a/model.json": .layers]),
            RuleExample(
                source: "let URL = '/models/detector/model.json';\nURL = other;\ntf.loadLayersModel(URL);\nconst n = tf.loadGraphModel(\n",
                file: "src/broken.js", models: ["public/models/detector/model.json": .graph]),
        ]
    )

    static let extensions: Set<String> = ["js", "mjs", "cjs", "ts", "tsx", "jsx", "mts", "cts"]

    static func accepts(fileName: String) -> Bool {
        extensions.contains(String(fileName.split(separator: ".").last ?? "").lowercased()) && fileName.contains(".")
    }

    func validate(_ context: SourceContext) -> [Finding] {
        JavaScriptLoaderCalls.find(in: JavaScriptSource(context.text)).compactMap { call in
            guard let url = call.url, let path = Self.localPath(url), let (model, format) = context.models.resolve(path, from: context.path),
                let format
            else { return nil }
            let expected: ModelFormat = call.loader == "loadLayersModel" ? .layers : .graph
            guard format != expected else { return nil }
            let error = format == .graph
                ? "layer: Improper config format: {\"node\":[...]}. 'className' and 'config' must set."
                : "TypeError: Cannot read properties of undefined (reading 'producer')"
            return context.finding(
                Self.self,
                "\(call.loader)('\(url)') loads \(context.models.display(model)), a \(format.rawValue); TF.js fails with \"\(error)\". Use \(format.loader)",
                atOffset: call.offset, subject: url)
        }
    }

    /// The path part of a URL that may name a file of the project: relative and absolute paths, `file://` URLs and
    /// URLs of a local development server. nil for other hosts and for browser storage (`indexeddb://`,
    /// `localstorage://`), which hold models saved at run time.
    static func localPath(_ url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        switch url[..<scheme.lowerBound].lowercased() {
        case "file":
            return String(rest)
        case "http", "https":
            let host = rest.prefix { $0 != "/" }
            let name = host.split(separator: ":").first.map(String.init) ?? ""
            guard ["localhost", "127.0.0.1", "0.0.0.0"].contains(name) else { return nil }
            return String(rest.dropFirst(host.count))
        default:
            return nil
        }
    }
}
