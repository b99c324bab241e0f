import TFJSLintConfig
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

    /// A rule that `explain` cannot find, with what the user may have meant.
    public struct UnknownRule: Error, CustomStringConvertible {
        public let description: String
    }

    /// The rule with this id; for a category or a typo, an error naming the rules meant.
    public static func rule(_ id: String, in rules: [RuleDescription]) throws(UnknownRule) -> RuleDescription {
        if let rule = rules.first(where: { $0.id == id }) { return rule }
        if let category = RuleCategory(rawValue: id) {
            let members = rules.filter { $0.category == category }.map(\.id)
            throw UnknownRule(description: "'\(id)' is a category, not a rule; its rules: \(members.joined(separator: ", "))")
        }
        let hint = NameSuggestions.hint(for: id, in: rules.map(\.id))
        throw UnknownRule(description: "unknown rule '\(id)'\(hint.isEmpty ? "; see 'tfjslint rules'" : hint)")
    }

    /// What the rule finds, why, TF.js's own error, a model that triggers it, and its fix with its safety.
    public static func explain(_ rule: RuleDescription, format: String) -> String {
        if format == "json" {
            var members = summaryMembers(rule)
            members += [
                ("triggeringExample", rule.triggering.first.map { .string($0.model) } ?? .null),
                ("correction", rule.corrections.first.map { correction in
                    .object([("safety", .string(correction.safety.rawValue)), ("before", .string(correction.before.model)),
                             ("after", .string(correction.after))])
                } ?? .null),
                ("options", .array(rule.options.map { .object([("name", .string($0.name)), ("summary", .string($0.summary))]) })),
            ]
            return JSONTree.object(members).serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
        }
        var text = "\(rule.id) (\(rule.category.rawValue), default severity \(rule.defaultSeverity.rawValue))\n\n"
        text += rule.summary + "\n\n" + rule.rationale + "\n"
        if let error = rule.tfjsError { text += "\nWhat TF.js 4.22 says:\n    \(error)\n" }
        if let example = rule.triggering.first { text += "\nTriggers on:\n" + indented(example.model) }
        if let correction = rule.corrections.first {
            text += "\nFix (\(correction.safety.rawValue); `check --fix`\(correction.safety == .unsafe ? " --unsafe-fixes" : "")) turns\n"
            text += indented(correction.before.model) + "into:\n" + indented(correction.after)
            text += correction.safety == .safe
                ? "Safe: the fix keeps what the model computes.\n"
                : "Unsafe: the fix changes the model's structure; review the diff (`check --unsafe-fixes --diff`).\n"
        } else {
            text += "\nNo automatic fix.\n"
        }
        if !rule.options.isEmpty {
            text += "\nOptions (.tfjslint.yml, `rules: {\(rule.id): {severity: ..., OPTION: [...]}}`):\n"
            text += rule.options.map { "    \($0.name): \($0.summary)\n" }.joined()
        }
        return text
    }

    static func indented(_ text: String) -> String {
        "    " + text.replacingOccurrences(of: "\n", with: "\n    ") + "\n"
    }

    static func fixability(_ rule: RuleDescription) -> String {
        guard !rule.corrections.isEmpty else { return "-" }
        return rule.corrections.contains { $0.safety == .safe } ? "safe" : "unsafe"
    }

    static func json(_ rule: RuleDescription) -> JSONTree {
        .object(summaryMembers(rule))
    }

    static func summaryMembers(_ rule: RuleDescription) -> [(String, JSONTree)] {
        [
            ("id", .string(rule.id)),
            ("category", .string(rule.category.rawValue)),
            ("defaultSeverity", .string(rule.defaultSeverity.rawValue)),
            ("fix", .string(fixability(rule))),
            ("summary", .string(rule.summary)),
            ("rationale", .string(rule.rationale)),
            ("tfjsError", rule.tfjsError.map { .string($0) } ?? .null),
        ]
    }
}
