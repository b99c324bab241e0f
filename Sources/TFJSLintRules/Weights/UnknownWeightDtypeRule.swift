import TFJSLintCore

struct UnknownWeightDtypeRule: ModelRule {
    static let description = RuleDescription(
        id: "unknown-weight-dtype",
        category: .weights,
        defaultSeverity: .error,
        summary: "Weights must use a dtype and quantization TF.js can decode.",
        rationale: """
            TF.js decodes float32, int32, bool, complex64 and string weights, and uint8 / uint16 / float16 \
            quantized float32 (or, for uint8/uint16, int32) weights. Anything else (float64, int64, uint8 \
            without quantization, hand-edited manifests) throws while the model loads.
            """,
        tfjsError: "Unsupported dtype in weight 'hidden/bias': float64",
        triggering: [
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [1], "dtype": "float64"}]}]}"#, at: ["/weightsManifest/0/weights/0/dtype"]),
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [1]}]}]}"#, at: ["/weightsManifest/0/weights/0"]),
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [1], "dtype": "float32", "quantization": {"dtype": "int4"}}]}]}"#, at: ["/weightsManifest/0/weights/0/quantization/dtype"]),
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [1], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.1}}]}]}"#, at: ["/weightsManifest/0/weights/0/quantization"]),
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [1], "dtype": "int32", "quantization": {"dtype": "float16"}}]}]}"#, at: ["/weightsManifest/0/weights/0/dtype"]),
        ],
        nonTriggering: [
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [1], "dtype": "float32"}, {"name": "i", "shape": [], "dtype": "int32"}, {"name": "s", "shape": [1], "dtype": "string"}, {"name": "b", "shape": [1], "dtype": "bool"}, {"name": "c", "shape": [1], "dtype": "complex64"}]}]}"#),
            RuleExample(#"{"weightsManifest": [{"paths": [], "weights": [{"name": "w", "shape": [1], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.01, "original_dtype": "float32"}}, {"name": "h", "shape": [1], "dtype": "float32", "quantization": {"dtype": "float16"}}, {"name": "i", "shape": [1], "dtype": "int32", "quantization": {"dtype": "uint16", "min": 0, "scale": 1}}]}]}"#),
        ]
    )

    func validate(_ context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        for spec in model.manifest.weights {
            guard let dtype = spec.dtype else {
                let shown = spec.dtypeName ?? "no dtype"
                findings.append(context.finding(
                    Self.self,
                    "weight '\(spec.name)' has \(spec.dtypeName.map { "dtype '\($0)'" } ?? "no dtype"), which TF.js "
                        + "cannot decode: it fails to load with \"Unsupported dtype in weight '\(spec.name)': \(shown)\"",
                    at: spec.dtypeName == nil ? spec.pointer : spec.pointer.appending("dtype"), subject: spec.name))
                continue
            }
            guard let quantization = spec.quantization else { continue }
            let pointer = spec.pointer.appending("quantization")
            switch quantization.storage {
            case nil:
                findings.append(context.finding(
                    Self.self,
                    "weight '\(spec.name)' is quantized as '\(quantization.dtypeName ?? "nothing")'; TF.js fails: \"Weight "
                        + "\(spec.name) has unknown quantization dtype \(quantization.dtypeName ?? "undefined"). Supported "
                        + "quantization dtypes are: 'uint8', 'uint16', and 'float16'.\"",
                    at: pointer.appending("dtype"), subject: spec.name))
            case .float16 where dtype != .float32:
                findings.append(context.finding(
                    Self.self,
                    "weight '\(spec.name)' is float16-quantized but has dtype \(dtype.rawValue); TF.js fails: \"Weight "
                        + "\(spec.name) is quantized with float16 which only supports weights of type float32 not \(dtype.rawValue).\"",
                    at: spec.pointer.appending("dtype"), subject: spec.name))
            case .uint8, .uint16:
                if quantization.min == nil || quantization.scale == nil {
                    findings.append(context.finding(
                        Self.self,
                        "weight '\(spec.name)' is \(quantization.dtypeName ?? "")-quantized without min and scale; TF.js "
                            + "fails: \"Weight \(spec.name) with quantization \(quantization.dtypeName ?? "") doesn't have "
                            + "corresponding metadata min and scale.\"",
                        at: pointer, subject: spec.name))
                } else if dtype != .float32 && dtype != .int32 {
                    findings.append(context.finding(
                        Self.self,
                        "weight '\(spec.name)' is \(quantization.dtypeName ?? "")-quantized but has dtype \(dtype.rawValue); "
                            + "TF.js only dequantizes to float32 or int32",
                        at: spec.pointer.appending("dtype"), subject: spec.name))
                }
            default:
                break
            }
        }
        return findings
    }
}
