import Foundation
import TFJSLintCore
import Yams

/// Reads a YAML file that is untrusted input into a Yams node tree, with errors at line:column.
///
/// Two things make YAML hostile beyond its syntax: aliases (a "billion laughs" file expands exponentially, and
/// Yams hashes mapping keys deeply while composing) and nesting (libyaml stops at 1000 levels, which this relies
/// on). Anchors and aliases are therefore refused before Yams sees the text.
struct YAMLReader {
    let file: String

    func compose(_ text: String) throws(ConfigurationError) -> Node? {
        if let (line, column, token) = Self.firstAnchorOrAlias(in: text) {
            throw ConfigurationError(
                file: file, line: line, column: column,
                reason: "'\(token)' is a YAML \(token.hasPrefix("&") ? "anchor" : "alias"); anchors and aliases are not "
                    + "allowed in configuration (quote strings that start with & or *)")
        }
        do {
            return try Yams.compose(yaml: text)
        } catch {
            throw syntaxError(error)
        }
    }

    /// The first `&name` or `*name` token, as libyaml scans them: `&` or `*` at the start of a token (after a line
    /// start, blank, `[`, `{`, `,` or `:`) followed by a name character (`[0-9A-Za-z_-]`). It errs towards finding
    /// one: inside quoted and block scalars and after comments on a line, a match is reported too; only whole-line
    /// comments are skipped, since a line that starts with `#` cannot carry a token.
    static func firstAnchorOrAlias(in text: String) -> (line: Int, column: Int, token: String)? {
        let scalars = Array(text.unicodeScalars)
        var line = 1
        var column = 0
        var atLineStart = true
        var inComment = false
        var previous: Unicode.Scalar = "\n"
        for (index, scalar) in scalars.enumerated() {
            column += 1
            if scalar == "\n" {
                (line, column, atLineStart, inComment, previous) = (line + 1, 0, true, false, "\n")
                continue
            }
            if inComment { continue }
            if atLineStart, scalar == " " || scalar == "\t" || scalar == "\u{FEFF}" {
                previous = scalar
                continue
            }
            if atLineStart, scalar == "#" {
                inComment = true
                continue
            }
            atLineStart = false
            if scalar == "&" || scalar == "*", "\n\r \t\u{FEFF}[{,:".unicodeScalars.contains(previous),
                index + 1 < scalars.count, isNameCharacter(scalars[index + 1])
            {
                let name = scalars[(index + 1)...].prefix(while: isNameCharacter).prefix(40)
                return (line, column, String(String.UnicodeScalarView([scalar] + name)))
            }
            previous = scalar
        }
        return nil
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
    }

    /// libyaml's problem at its line and column, without the echo of the offending line.
    private func syntaxError(_ error: any Error) -> ConfigurationError {
        guard let yaml = error as? YamlError else {
            return ConfigurationError(file: file, line: 1, column: 1, reason: "not valid YAML: \(error)")
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            let hint = (context?.text ?? "").contains("alias") || (context?.text ?? "").contains("anchor")
                ? "; quote strings that start with * or &, such as \"**/legacy/**\"" : ""
            return ConfigurationError(
                file: file, line: mark.line, column: mark.column, reason: "not valid YAML: \(problem)\(detail)\(hint)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationError(
                file: file, line: context.mark.line, column: context.mark.column,
                reason: "\(duplicates.joined(separator: ", ")) given twice in one mapping")
        case .reader(let problem, _, _, _):
            return ConfigurationError(file: file, line: 1, column: 1, reason: "not valid YAML: \(problem)")
        default:
            return ConfigurationError(file: file, line: 1, column: 1, reason: "not valid YAML: \(yaml)")
        }
    }

    // MARK: - Typed access, with errors at the node's line and column

    func error(_ node: Node, _ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, reason: reason)
    }

    func mapping(_ node: Node, expected: String) throws(ConfigurationError) -> [(key: String, value: Node, keyNode: Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, "expected \(expected)") }
        var seen: Set<String> = []
        var entries: [(key: String, value: Node, keyNode: Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw error(key, "keys must be strings") }
            guard seen.insert(name).inserted else { throw error(key, "'\(name)' is given twice") }
            entries.append((name, value, key))
        }
        return entries
    }

    func sequence(_ node: Node, expected: String) throws(ConfigurationError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, "expected \(expected)") }
        return Array(sequence)
    }

    func string(_ node: Node, expected: String) throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error(node, "expected \(expected)") }
        return scalar.string
    }

    func strings(_ node: Node, expected: String) throws(ConfigurationError) -> [String] {
        var result: [String] = []
        for item in try sequence(node, expected: expected) { result.append(try string(item, expected: expected)) }
        return result
    }

    /// `error`, `warning`, `info`, or `off` (nil) where allowed.
    func severity(_ node: Node, allowOff: Bool) throws(ConfigurationError) -> Severity? {
        let allowed = allowOff ? "error, warning, info or off" : "error, warning or info"
        let text = try string(node, expected: allowed)
        if allowOff, text == "off" { return nil }
        guard let severity = Severity(rawValue: text) else { throw error(node, "'\(text)' is not a severity; use \(allowed)") }
        return severity
    }
}
