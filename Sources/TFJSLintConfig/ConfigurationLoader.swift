import Foundation
import TFJSLintCore
import Yams

/// Reads configuration files: `extends:` a preset (from the embedded Rules/presets) or a path, cycles refused.
public struct ConfigurationLoader: Sendable {
    public static let fileName = ".tfjslint.yml"
    static let maximumBytes = 1 << 20
    static let topLevelKeys = ["extends", "target", "fail_on", "only", "disable", "include", "exclude", "rules", "overrides"]
    static let overrideKeys = ["paths", "rules"]

    /// Known rule ids, with the options each rule reads besides `severity`.
    public let ruleOptions: [String: [String]]
    public let categories: Set<String>

    /// - parameter ruleOptions: every registered rule id, with the names of the options it reads.
    public init(ruleOptions: [String: [String]], categories: Set<String> = Set(RuleCategory.allCases.map(\.rawValue))) {
        self.ruleOptions = ruleOptions
        self.categories = categories
    }

    public init(ruleIDs: Set<String>) {
        self.init(ruleOptions: Dictionary(uniqueKeysWithValues: ruleIDs.map { ($0, []) }))
    }

    /// Rule ids and category names, which `rules:`, `only:` and `disable:` entries must be.
    public var selectors: Set<String> { categories.union(ruleOptions.keys) }

    /// The nearest `.tfjslint.yml` in `directory` or a folder above it.
    public static func discover(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    public static var presetNames: [String] {
        RulesFolder.paths.filter { $0.hasPrefix("presets/") && $0.hasSuffix(".yaml") }
            .map { String($0.dropFirst("presets/".count).dropLast(".yaml".count)) }.sorted()
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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "cannot read the configuration file")
        }
        defer { try? handle.close() }
        // Read one byte more than allowed, so that a huge (or endless, like /dev/zero) file is never read whole.
        let data = (try? handle.read(upToCount: Self.maximumBytes + 1)) ?? Data()
        guard data.count <= Self.maximumBytes else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "larger than \(Self.maximumBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "not UTF-8 text")
        }
        let folder = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
        return try parse(text, file: path, folder: folder, chain: chain + [absolute])
    }

    private func preset(_ name: String, chain: [String]) throws(ConfigurationError) -> Configuration {
        let path = "presets/\(name).yaml"
        guard !chain.contains(path) else {
            throw ConfigurationError(file: "Rules/" + path, line: 1, column: 1, reason: "extends forms a cycle: \((chain + [path]).joined(separator: " -> "))")
        }
        guard let text = RulesFolder.text(of: path) else {
            throw ConfigurationError(file: path, line: 1, column: 1, reason: "no preset '\(name)'; presets: \(Self.presetNames.joined(separator: ", "))")
        }
        return try parse(text, file: "Rules/" + path, folder: FileManager.default.currentDirectoryPath, chain: chain + [path])
    }

    /// Parses one file on top of what it extends; globs are relative to `folder`.
    func parse(_ text: String, file: String, folder: String, chain: [String]) throws(ConfigurationError) -> Configuration {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(text) else { return Configuration() }
        let top = try reader.mapping(root, expected: "a mapping of \(Self.topLevelKeys.joined(separator: ", "))")
        var base = Configuration()
        if let (_, parent, _) = top.first(where: { $0.key == "extends" }) {
            let name = try reader.string(parent, expected: "a preset name (\(Self.presetNames.joined(separator: ", "))) or a path")
            do throws(ConfigurationError) {
                if name.hasSuffix(".yml") || name.hasSuffix(".yaml") || name.contains("/") {
                    let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: folder).appendingPathComponent(name).path
                    base = try load(file: path, chain: chain)
                } else {
                    base = try preset(name, chain: chain)
                }
            } catch {
                // Say where the extends is too: the failing file may be a preset the user never opened.
                guard error.line == 1, error.column == 1, error.file != file else { throw error }
                throw reader.error(parent, "extends '\(name)': \(error)")
            }
        }
        var configuration = Configuration()
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
            case "only":
                configuration.only = Set(try selectors(value, reader: reader))
            case "disable":
                configuration.disabled = Set(try selectors(value, reader: reader))
            case "include":
                configuration.include = try reader.strings(value, expected: "a list of globs").map { PathPattern($0, base: folder) }
            case "exclude":
                configuration.exclude = try reader.strings(value, expected: "a list of globs").map { PathPattern($0, base: folder) }
            case "rules":
                let (settings, options) = try rules(value, reader: reader, allowOptions: true)
                configuration.rules = settings
                configuration.options = options
            case "overrides":
                configuration.overrides = try overrides(value, reader: reader, folder: folder)
            default:
                throw reader.error(keyNode, "unknown key '\(key)'\(NameSuggestions.hint(for: key, in: Self.topLevelKeys)); allowed: \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        return base.merged(with: configuration)
    }

    /// A list of rule ids and category names.
    private func selectors(_ node: Node, reader: YAMLReader) throws(ConfigurationError) -> [String] {
        var names: [String] = []
        for item in try reader.sequence(node, expected: "a list of rule ids and categories") {
            let name = try reader.string(item, expected: "a rule id or category")
            try checkSelector(name, at: item, reader: reader)
            names.append(name)
        }
        return names
    }

    private func checkSelector(_ name: String, at node: Node, reader: YAMLReader) throws(ConfigurationError) {
        guard !selectors.contains(name) else { return }
        let hint = NameSuggestions.hint(for: name, in: selectors)
        throw reader.error(node, "unknown rule or category '\(name)'\(hint.isEmpty ? "; see 'tfjslint rules'" : hint)")
    }

    /// `rule-or-category: severity` or `rule-or-category: {severity: ..., option: [...]}`.
    private func rules(_ node: Node, reader: YAMLReader, allowOptions: Bool) throws(ConfigurationError)
        -> (settings: [String: Configuration.Setting], options: [String: RuleOptions])
    {
        var settings: [String: Configuration.Setting] = [:]
        var options: [String: RuleOptions] = [:]
        for (key, value, keyNode) in try reader.mapping(node, expected: "a mapping from rule id or category to a severity") {
            try checkSelector(key, at: keyNode, reader: reader)
            guard case .mapping = value else {
                settings[key] = try reader.severity(value, allowOff: true)
                continue
            }
            let allowed = ["severity"] + (allowOptions ? ruleOptions[key] ?? [] : [])
            var lists: [String: [String]] = [:]
            for (name, option, nameNode) in try reader.mapping(value, expected: "a rule block") {
                if name == "severity" {
                    settings[key] = try reader.severity(option, allowOff: true)
                } else if allowed.contains(name) {
                    lists[name] = try reader.strings(option, expected: "a list of strings for option '\(name)'")
                } else {
                    let scope = allowOptions ? "" : " (options are set in the top-level rules, not in overrides)"
                    throw reader.error(nameNode, "unknown option '\(name)' for \(key)\(scope); allowed: \(allowed.joined(separator: ", "))")
                }
            }
            guard settings.keys.contains(key) || !lists.isEmpty else {
                throw reader.error(value, "an empty rule block; give severity (error, warning, info or off) or options")
            }
            if !lists.isEmpty { options[key] = RuleOptions(lists: lists) }
        }
        return (settings, options)
    }

    private func overrides(_ node: Node, reader: YAMLReader, folder: String) throws(ConfigurationError) -> [Configuration.Override] {
        var overrides: [Configuration.Override] = []
        for item in try reader.sequence(node, expected: "a list of {paths, rules}") {
            var paths: [PathPattern] = []
            var settings: [String: Configuration.Setting] = [:]
            for (key, value, keyNode) in try reader.mapping(item, expected: "a mapping with paths and rules") {
                switch key {
                case "paths": paths = try reader.strings(value, expected: "a list of globs").map { PathPattern($0, base: folder) }
                case "rules": settings = try rules(value, reader: reader, allowOptions: false).settings
                default: throw reader.error(keyNode, "unknown key '\(key)' in an override; allowed: \(Self.overrideKeys.joined(separator: ", "))")
                }
            }
            guard !paths.isEmpty else { throw reader.error(item, "an override needs paths") }
            overrides.append(Configuration.Override(paths: paths, rules: settings))
        }
        return overrides
    }
}
