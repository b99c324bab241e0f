import Foundation
import TFJSLintCore

/// SARIF 2.1.0: one run, every rule's metadata, results with region and a fingerprint stable under reformatting.
public enum SARIFReporter: Reporter {
    public static let identifier = "sarif"
    public static let summary = "SARIF 2.1.0 for code-scanning tools, with rule metadata and stable fingerprints."

    public static func render(_ report: Report) -> String {
        let rules: [JSONTree] = report.rules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("shortDescription", .object([("text", .string(rule.summary))])),
                ("fullDescription", .object([("text", .string(rule.rationale))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])),
                ("properties", .object([("category", .string(rule.category.rawValue))])),
            ])
        }
        let results: [JSONTree] = report.findings.map { finding in
            .object([
                ("ruleId", .string(finding.ruleID)),
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string(finding.message))])),
                ("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(uri(finding.file)))])),
                        ("region", .object([
                            ("startLine", .number(Double(max(1, finding.location.line)))),
                            ("startColumn", .number(Double(max(1, finding.location.column)))),
                        ])),
                    ])),
                ] + (finding.pointer.map { [("logicalLocations", .array([.object([("fullyQualifiedName", .string($0.description))])]))] } ?? []))])),
                ("partialFingerprints", .object([("tfjslint/v1", .string(fingerprint(finding)))])),
            ])
        }
        let document: JSONTree = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("tfjslint")),
                    ("semanticVersion", .string(TFJSLintVersion.current)),
                    ("rules", .array(rules)),
                ]))])),
                ("columnKind", .string("utf16CodeUnits")),
                ("results", .array(results)),
            ])])),
        ])
        return document.serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// Relative paths stay relative (SARIF resolves them against the checkout); absolute ones become file URIs.
    static func uri(_ path: String) -> String {
        let escaped = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.unicodeScalars.map { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar))
                    ? String(scalar) : String(scalar.utf8.map { String(format: "%%%02X", $0) }.joined())
            }.joined()
        }.joined(separator: "/")
        return path.hasPrefix("/") ? "file://" + escaped : escaped
    }

    /// FNV-1a of file, rule and JSON Pointer: unchanged when the file is reformatted or lines move.
    static func fingerprint(_ finding: Finding) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(finding.file)\u{0}\(finding.ruleID)\u{0}\(finding.pointer?.description ?? "\(finding.location.line)")".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
