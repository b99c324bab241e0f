import TFJSLintCore

/// JUnit XML: one testsuite per model file, one failing testcase per finding (a clean file is one passing case).
public enum JUnitReporter: Reporter {
    public static let identifier = "junit"
    public static let summary = "JUnit XML: a testsuite per model file, a failed testcase per finding."

    public static func render(_ report: Report) -> String {
        var byFile: [String: [Finding]] = [:]
        for finding in report.findings { byFile[finding.file, default: []].append(finding) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"tfjslint\" tests=\"\(max(report.findings.count, 1))\" failures=\"\(report.findings.count)\">\n"
        for file in byFile.keys.sorted() {
            let findings = byFile[file] ?? []
            xml += "  <testsuite name=\"\(escape(file))\" tests=\"\(findings.count)\" failures=\"\(findings.count)\">\n"
            for finding in findings {
                let name = "\(finding.ruleID) at \(finding.location.line):\(finding.location.column)"
                xml += "    <testcase classname=\"\(escape(file))\" name=\"\(escape(name))\">\n"
                xml += "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(escape(finding.message))\">"
                xml += escape("\(file):\(finding.location.line):\(finding.location.column) \(finding.pointer?.description ?? "")")
                xml += "</failure>\n    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        if byFile.isEmpty {
            xml += "  <testsuite name=\"tfjslint\" tests=\"1\" failures=\"0\">\n"
            xml += "    <testcase classname=\"tfjslint\" name=\"\(report.filesChecked) files checked\"/>\n  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// XML 1.0 text and attribute escaping; characters XML cannot carry become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            case let c where c.value < 0x20 || (0xFFFE...0xFFFF).contains(c.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
