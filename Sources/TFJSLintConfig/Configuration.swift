import Foundation
import TFJSLintCore

/// A configuration file that cannot be used, with the file, line:column and what is allowed.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let reason: String

    public init(file: String, line: Int, column: Int, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "\(file):\(line):\(column): \(reason)" }
}

/// What `.tfjslint.yml` (and the presets it extends) say.
public struct Configuration: Sendable {
    /// A rule's severity setting: nil turns it off.
    public typealias Setting = Severity?

    /// Severities for the files some globs match.
    public struct Override: Sendable {
        public let paths: [PathPattern]
        /// Keys are rule ids or category names.
        public let rules: [String: Setting]
    }

    public var target: TFJSVersion?
    public var failOn: Severity?
    /// Rule ids and category names that run at all; nil for every rule.
    public var only: Set<String>?
    /// Rule ids and category names that never run; they win over `only`.
    public var disabled: Set<String> = []
    /// Keys are rule ids or category names; ids win over categories.
    public var rules: [String: Setting] = [:]
    /// Options of rule blocks (`allow: [...]`), by rule id.
    public var options: [String: RuleOptions] = [:]
    /// Files to check; empty for every file.
    public var include: [PathPattern] = []
    public var exclude: [PathPattern] = []
    public var overrides: [Override] = []

    public init() {}

    /// Whether `only` / `disable` let the rule run.
    public func selects(_ rule: RuleDescription) -> Bool {
        let names = [rule.id, rule.category.rawValue]
        if let only, !names.contains(where: only.contains) { return false }
        return !names.contains(where: disabled.contains)
    }

    /// The severity of a finding of `rule` in a file, or nil when the rule is off there. Unconfigured rules
    /// keep the severity they reported (`reported`), which may differ from their default.
    public func severity(of rule: RuleDescription, forFile path: String, reported: Severity? = nil) -> Severity? {
        guard selects(rule) else { return nil }
        var setting: Setting? = rules[rule.id] ?? rules[rule.category.rawValue]
        for override in overrides where override.paths.contains(where: { $0.matches(path) }) {
            if let value = override.rules[rule.id] ?? override.rules[rule.category.rawValue] { setting = value }
        }
        return setting ?? reported ?? rule.defaultSeverity
    }

    /// Whether the rule can report anywhere: selected, and not off everywhere.
    public func mayRun(_ rule: RuleDescription) -> Bool {
        guard selects(rule) else { return false }
        let turnedOnSomewhere = overrides.contains { override in
            (override.rules[rule.id] ?? override.rules[rule.category.rawValue]).map { $0 != nil } ?? false
        }
        return severity(of: rule, forFile: "") != nil || turnedOnSomewhere
    }

    /// Whether the include / exclude globs let `path` be checked.
    public func includes(_ path: String) -> Bool {
        if !include.isEmpty, !include.contains(where: { $0.matches(path) }) { return false }
        return !exclude.contains { $0.matches(path) }
    }

    /// This configuration with `child` on top, as `extends:` reads: values the child sets win, `rules` and
    /// options merge, `disable` and `overrides` accumulate.
    func merged(with child: Configuration) -> Configuration {
        var result = child
        result.target = child.target ?? target
        result.failOn = child.failOn ?? failOn
        result.only = child.only ?? only
        result.disabled = disabled.union(child.disabled)
        result.rules = rules.merging(child.rules) { _, new in new }
        result.options = options.merging(child.options) { _, new in new }
        result.include = child.include.isEmpty ? include : child.include
        result.exclude = exclude + child.exclude
        result.overrides = overrides + child.overrides
        return result
    }
}

/// A glob from a configuration file, relative to that file's folder.
public struct PathPattern: Sendable, Equatable, CustomStringConvertible {
    public let glob: String
    /// The absolute, standardized folder of the configuration file that wrote the glob.
    public let base: String

    public init(_ glob: String, base: String) {
        var glob = glob
        while glob.hasPrefix("./") { glob.removeFirst(2) }
        self.glob = glob
        self.base = URL(fileURLWithPath: base).standardizedFileURL.path
    }

    /// Whether `path` (absolute, or relative to the working directory) lies under `base` and matches the glob.
    public func matches(_ path: String) -> Bool {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard absolute.hasPrefix(prefix) else { return false }
        return Glob.matches(glob, String(absolute.dropFirst(prefix.count)))
    }

    public var description: String { glob }
}
