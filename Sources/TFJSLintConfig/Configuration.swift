import Foundation
import TFJSLintCore
import Yams

/// A configuration file that cannot be used, with the file, line:column and what is allowed.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let reason: String

    public var description: String { "\(file):\(line):\(column): \(reason)" }
}

/// What `.tfjslint.yml` (and the presets it extends) say.
public struct Configuration: Sendable {
    /// A rule's severity setting: nil turns it off.
    public typealias Setting = Severity?

    public var target: TFJSVersion?
    public var failOn: Severity?
    /// Keys are rule ids or category names; ids win over categories.
    public var rules: [String: Setting] = [:]
    /// Options of rule blocks (`allow: [...]`), by rule id.
    public var options: [String: RuleOptions] = [:]
    public var include: [String] = []
    public var exclude: [String] = []
    public var overrides: [(paths: [String], rules: [String: Setting])] = []
    /// The folder globs are relative to.
    public var baseDirectory: String = "."

    public init() {}

    /// The severity of a finding of `rule` in a file, or nil when the rule is off there. Unconfigured rules
    /// keep the severity they reported (`reported`), which may differ from their default.
    public func severity(of rule: RuleDescription, forFile path: String, reported: Severity? = nil) -> Severity? {
        var setting: Setting? = rules[rule.id] ?? rules[rule.category.rawValue]
        for override in overrides where override.paths.contains(where: { Glob.matches($0, relativePath(path)) }) {
            if let value = override.rules[rule.id] ?? override.rules[rule.category.rawValue] { setting = value }
        }
        return setting ?? reported ?? rule.defaultSeverity
    }

    /// Whether the include / exclude globs let `path` be checked.
    public func includes(_ path: String) -> Bool {
        let relative = relativePath(path)
        if !include.isEmpty, !include.contains(where: { Glob.matches($0, relative) }) { return false }
        return !exclude.contains { Glob.matches($0, relative) }
    }

    func relativePath(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: baseDirectory).standardizedFileURL.path
        return absolute.hasPrefix(base + "/") ? String(absolute.dropFirst(base.count + 1)) : path
    }
}

/// Reads configuration files: `extends:` a preset (from the embedded Rules/presets) or a path, cycles refused.
public struct ConfigurationLoader {
    public static let fileName = ".tfjslint.yml"
    static let maximumBytes = 1 << 20
    static let topLevelKeys = ["extends", "target", "fail_on", "include", "exclude", "rules", "overrides"]

    /// Known rule ids and category names, which `rules:` keys must be.
    public let ruleIDs: Set<String>
    public let categories: Set<String>

    public init(ruleIDs: Set<String>, categories: Set<String> = Set(RuleCategory.allCases.map(\.rawValue))) {
        self.ruleIDs = ruleIDs
        self.categories = categories
    }

    /// The nearest `.tfjslint.yml` in `directory` or a folder above it.
    public static func discover(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    public static var presetNames: [String] {
        RulesFolder.paths.filter { $0.hasPrefix("presets/") && $0.hasSuffix(".yaml") }
            .map { String($0.dropFirst("presets/".count).dropLast(".yaml".count)) }
    }

    /// The default configuration: the `recommended` preset.
    public func recommended() throws(ConfigurationError) -> Configuration {
        try preset("recommended", chain: [])
    }

    public func load(file path: String) throws(ConfigurationError) -> Configuration {
        try load(file: path, chain: [])
    }

    private func load(file path: String, chain: [String]) throws(ConfigurationError) -> Configuration {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard !chain.contains(absolute) else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "extends forms a cycle: \((chain + [absolute]).joined(separator: " -> "))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "cannot read the configuration file")
        }
        guard data.count <= Self.maximumBytes else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "larger than \(Self.maximumBytes) bytes")
        }
        var configuration = try parse(String(decoding: data, as: UTF8.self), file: path, chain: chain + [absolute])
        configuration.baseDirectory = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
        return configuration
    }

    private func preset(_ name: String, chain: [String]) throws(ConfigurationError) -> Configuration {
        let path = "presets/\(name).yaml"
        guard !chain.contains(path) else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "extends forms a cycle")
        }
        guard let text = RulesFolder.text(of: path) else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "no preset '\(name)'; presets: \(Self.presetNames.joined(separator: ", "))")
        }
        return try parse(text, file: "Rules/" + path, chain: chain + [path])
    }

    /// Parses one file on top of what it extends.
    func parse(_ text: String, file: String, chain: [String]) throws(ConfigurationError) -> Configuration {
        // Yams expands aliases while composing, so a "billion laughs" file must be refused before that.
        if let anchor = Self.firstAnchor(in: text) {
            throw ConfigurationError(file: file, line: anchor.line, column: anchor.column, reason: "YAML anchors and aliases are not allowed in configuration")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(file: file, line: 1, column: 1, reason: "not valid YAML: \(error)")
        }
        guard let root else { return Configuration() }
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, expected: "a mapping of \(Self.topLevelKeys.joined(separator: ", "))")
        var configuration = Configuration()
        if let parent = top.first(where: { $0.key == "extends" })?.value {
            let name = try reader.string(parent, expected: "a preset name (\(Self.presetNames.joined(separator: ", "))) or a path")
            if name.hasSuffix(".yml") || name.hasSuffix(".yaml") || name.contains("/") {
                let base = URL(fileURLWithPath: file).deletingLastPathComponent()
                configuration = try load(file: name.hasPrefix("/") ? name : base.appendingPathComponent(name).path, chain: chain)
            } else {
                configuration = try preset(name, chain: chain)
            }
        }
        for (key, value, keyNode) in top {
            switch key {
            case "extends":
                break
            case "target":
                let text = try reader.string(value, expected: "a TF.js version such as tfjs@4.22")
                guard let version = TFJSVersion(text) else { throw reader.error(value, "target '\(text)' is not a version such as tfjs@4.22") }
                configuration.target = version
            case "fail_on":
                configuration.failOn = try reader.severity(value, allowOff: false)
            case "include":
                configuration.include = try reader.strings(value, expected: "a list of globs")
            case "exclude":
                configuration.exclude = try reader.strings(value, expected: "a list of globs")
            case "rules":
                configuration.rules.merge(try rules(value, reader: reader)) { _, new in new }
                configuration.options.merge(try options(value, reader: reader)) { _, new in new }
            case "overrides":
                for item in try reader.sequence(value, expected: "a list of {paths, rules}") {
                    let entry = try reader.mapping(item, expected: "a mapping with paths and rules")
                    var paths: [String] = []
                    var settings: [String: Configuration.Setting] = [:]
                    for (entryKey, entryValue, entryKeyNode) in entry {
                        switch entryKey {
                        case "paths": paths = try reader.strings(entryValue, expected: "a list of globs")
                        case "rules": settings = try rules(entryValue, reader: reader)
                        default: throw reader.error(entryKeyNode, "unknown key '\(entryKey)' in an override; allowed: paths, rules")
                        }
                    }
                    guard !paths.isEmpty else { throw reader.error(item, "an override needs paths") }
                    configuration.overrides.append((paths, settings))
                }
            default:
                throw reader.error(keyNode, "unknown key '\(key)'; allowed: \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        return configuration
    }

    /// Everything but `severity` in rule blocks: each option a list of strings.
    private func options(_ node: Node, reader: NodeReader) throws(ConfigurationError) -> [String: RuleOptions] {
        var options: [String: RuleOptions] = [:]
        for (key, value, _) in try reader.mapping(node, expected: "a mapping of rules") {
            guard case .mapping = value else { continue }
            var lists: [String: [String]] = [:]
            for (name, list, _) in try reader.mapping(value, expected: "a rule block") where name != "severity" {
                lists[name] = try reader.strings(list, expected: "a list of strings for option '\(name)'")
            }
            if !lists.isEmpty { options[key] = RuleOptions(lists: lists) }
        }
        return options
    }

    /// The first `&anchor` or `*alias` token outside quotes and comments, if any.
    static func firstAnchor(in text: String) -> (line: Int, column: Int)? {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character?
            var previous: Character = " "
            for (column, character) in line.enumerated() {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "#", previous == " " || column == 0 {
                    break
                } else if character == "&" || character == "*", " [{,:-".contains(previous) || column == 0,
                    column + 1 < line.count, line[line.index(line.startIndex, offsetBy: column + 1)].isLetter
                        || line[line.index(line.startIndex, offsetBy: column + 1)].isNumber
                {
                    return (number + 1, column + 1)
                }
                previous = character
            }
        }
        return nil
    }

    /// `rule-or-category: severity` or `rule-or-category: {severity: ..., options...}`.
    private func rules(_ node: Node, reader: NodeReader) throws(ConfigurationError) -> [String: Configuration.Setting] {
        var settings: [String: Configuration.Setting] = [:]
        for (key, value, keyNode) in try reader.mapping(node, expected: "a mapping from rule id or category to a severity") {
            guard ruleIDs.contains(key) || categories.contains(key) else {
                let close = ruleIDs.filter { $0.contains(key) || key.contains($0) }.sorted()
                throw reader.error(keyNode, "unknown rule or category '\(key)'" + (close.isEmpty ? "; see 'tfjslint rules'" : "; did you mean \(close.joined(separator: ", "))?"))
            }
            if case .mapping = value {
                let block = try reader.mapping(value, expected: "a mapping with severity")
                guard let severity = block.first(where: { $0.key == "severity" })?.value else {
                    throw reader.error(value, "a rule block needs severity (error, warning, info or off)")
                }
                settings[key] = try reader.severity(severity, allowOff: true)
            } else {
                settings[key] = try reader.severity(value, allowOff: true)
            }
        }
        return settings
    }
}

/// Typed access to Yams nodes, with errors at the node's line and column.
struct NodeReader {
    let file: String

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
