import Foundation
import TFJSLintCore

/// SARIF 2.1.0: one run, the metadata of every rule that ran, and results with a region, the JSON Pointer as a
/// logical location, and a fingerprint from file, rule and pointer that survives reformatting.
public enum SARIFReporter: Reporter {
    public static let identifier = "sarif"
    public static let summary = "SARIF 2.1.0 for code-scanning tools, with rule metadata and stable fingerprints."
    /// The `partialFingerprints` key; its version changes if the fingerprint's recipe does.
    public static let fingerprintKey = "tfjslintPointer/v1"

    public static func render(_ report: Report) -> String {
        let ruleIndex = Dictionary(report.rules.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let rules: [JSONTree] = report.rules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("shortDescription", .object([("text", .string(rule.summary))])),
                ("fullDescription", .object([("text", .string(rule.rationale))])),
                ("help", .object([("text", .string(help(rule)))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])),
                ("properties", .object([
                    ("tags", .array([.string(rule.category.rawValue)])),
                    ("fixable", .bool(rule.isFixable)),
                ])),
            ])
        }
        let results: [JSONTree] = report.findings.map { finding in
            let file = report.relativePath(finding.file)
            var artifact: [(String, JSONTree)] = [("uri", .string(uri(file)))]
            if !file.hasPrefix("/") { artifact.append(("uriBaseId", .string("%SRCROOT%"))) }
            var location: [(String, JSONTree)] = [
                ("physicalLocation", .object([
                    ("artifactLocation", .object(artifact)),
                    ("region", .object([
                        ("startLine", .number(Double(max(1, finding.location.line)))),
                        ("startColumn", .number(Double(max(1, finding.location.column)))),
                    ])),
                ])),
            ]
            if let pointer = finding.pointer {
                location.append(("logicalLocations", .array([.object([
                    ("fullyQualifiedName", .string(pointer.description.isEmpty ? "/" : pointer.description)),
                    ("kind", .string("object")),
                ])])))
            }
            var result: [(String, JSONTree)] = [("ruleId", .string(finding.ruleID))]
            if let index = ruleIndex[finding.ruleID] { result.append(("ruleIndex", .number(Double(index)))) }
            result += [
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string(finding.message))])),
                ("locations", .array([.object(location)])),
                ("partialFingerprints", .object([(fingerprintKey, .string(fingerprint(finding, file: file)))])),
            ]
            if let fix = finding.fix {
                result.append(("properties", .object([("fix", .string(fix.summary)), ("fixSafety", .string(fix.safety.rawValue))])))
            }
            return .object(result)
        }
        let root = URL(fileURLWithPath: report.workingDirectory, isDirectory: true).standardizedFileURL.absoluteString
        let document: JSONTree = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("tfjslint")),
                    ("semanticVersion", .string(TFJSLintVersion.current)),
                    ("rules", .array(rules)),
                ]))])),
                ("originalUriBaseIds", .object([("%SRCROOT%", .object([("uri", .string(root.hasSuffix("/") ? root : root + "/"))]))])),
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

    /// What to do about a rule's findings, for the SARIF viewer's help pane.
    static func help(_ rule: RuleDescription) -> String {
        var text = rule.summary
        if let error = rule.tfjsError { text += "\nTF.js 4.22: \(error)" }
        text += rule.isFixable ? "\nFixable: tfjslint check --fix (see tfjslint explain \(rule.id))." : "\nSee tfjslint explain \(rule.id)."
        return text
    }

    /// A relative path as a relative URI reference; an absolute path as a file URI. Percent-encodes all but
    /// unreserved characters in each segment.
    static func uri(_ path: String) -> String {
        let escaped = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.unicodeScalars.map { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar))
                    ? String(scalar) : String(scalar.utf8.map { String(format: "%%%02X", $0) }.joined())
            }.joined()
        }.joined(separator: "/")
        return path.hasPrefix("/") ? "file://" + escaped : escaped
    }

    /// FNV-1a of file, rule and JSON Pointer (the message for findings outside a model's JSON): unchanged when
    /// the file is reformatted or its lines move.
    static func fingerprint(_ finding: Finding, file: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let location = finding.pointer.map { "pointer:" + $0.description } ?? "message:" + finding.message
        for byte in "\(file)\u{0}\(finding.ruleID)\u{0}\(location)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
