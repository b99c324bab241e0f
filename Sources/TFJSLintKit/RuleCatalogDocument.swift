import TFJSLintCore
import TFJSLintRules

/// Rule metadata for people: the `rules` table and `explain` pages.
public enum RuleCatalogDocument {
    public static func render(_ rules: [RuleDescription], format: String) -> String {
        switch format {
        case "json":
            return JSONTree.array(rules.map(json)).serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
        case "markdown":
            let rows = rules.map { "| `\($0.id)` | \($0.category.rawValue) | \($0.defaultSeverity.rawValue) | \(fixability($0)) | \($0.summary) |" }
            return (["| id | category | severity | fix | what it finds |", "|---|---|---|---|---|"] + rows).joined(separator: "\n") + "\n"
        default:
            let width = (rules.map(\.id.count).max() ?? 0) + 2
            return rules.map { rule in
                rule.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    + rule.category.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + rule.defaultSeverity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + fixability(rule).padding(toLength: 8, withPad: " ", startingAt: 0) + rule.summary
            }.joined(separator: "\n") + "\n"
        }
    }

    public static func explain(_ rule: RuleDescription, format: String) -> String {
        if format == "json" {
            return json(rule).serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
        }
        var text = "\(rule.id) (\(rule.category.rawValue), default severity \(rule.defaultSeverity.rawValue))\n\n"
        text += rule.summary + "\n\n" + rule.rationale + "\n"
        if let error = rule.tfjsError { text += "\nWhat TF.js 4.22 says:\n    \(error)\n" }
        if let example = rule.triggering.first { text += "\nTriggers on:\n    \(example.model.replacingOccurrences(of: "\n", with: "\n    "))\n" }
        if let correction = rule.corrections.first {
            text += "\nFix (\(correction.safety.rawValue); `check --fix`\(correction.safety == .unsafe ? " --unsafe-fixes" : "")) turns it into:\n"
            text += "    \(correction.after.replacingOccurrences(of: "\n", with: "\n    "))\n"
        } else {
            text += "\nNo automatic fix.\n"
        }
        return text
    }

    static func fixability(_ rule: RuleDescription) -> String {
        guard !rule.corrections.isEmpty else { return "-" }
        return rule.corrections.contains { $0.safety == .safe } ? "safe" : "unsafe"
    }

    static func json(_ rule: RuleDescription) -> JSONTree {
        .object([
            ("id", .string(rule.id)),
            ("category", .string(rule.category.rawValue)),
            ("defaultSeverity", .string(rule.defaultSeverity.rawValue)),
            ("fix", .string(fixability(rule))),
            ("summary", .string(rule.summary)),
            ("rationale", .string(rule.rationale)),
            ("tfjsError", rule.tfjsError.map { .string($0) } ?? .null),
        ])
    }
}
