import Foundation
import TFJSLintCore
import Yams

/// A catalog YAML that cannot be read, with where and why.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String

    public var description: String { "\(file): \(reason)" }
}

/// Reads `Rules/catalog/tfjs-<version>.yaml` into a `TFJSCatalog`.
public enum CatalogLoader {
    /// The catalog the binary carries for TF.js 4.22.
    public static let bundledPath = "catalog/tfjs-4.22.yaml"

    public static func bundled() throws(CatalogError) -> TFJSCatalog {
        guard let text = RulesFolder.text(of: bundledPath) else {
            throw CatalogError(file: bundledPath, reason: "not embedded in this binary")
        }
        return try load(text, file: bundledPath)
    }

    public static func load(_ text: String, file: String) throws(CatalogError) -> TFJSCatalog {
        let reader = Reader(file: file)
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw CatalogError(file: file, reason: "not valid YAML: \(error)")
        }
        let top = try reader.mapping(root, at: "top level")
        guard let version = TFJSVersion(try reader.string(top["version"], at: "version")) else {
            throw reader.error("version must look like 4.22.0")
        }
        var baseline: TFJSVersion?
        if let text = top["baseline"] {
            guard let parsed = TFJSVersion(try reader.string(text, at: "baseline")) else {
                throw reader.error("baseline must look like 2.0.0")
            }
            baseline = parsed
        }
        var entries: [String: [String: CatalogEntry]] = [:]
        var missing: [String: [String: MissingEntry]] = [:]
        var identifiers: [String: [String: String]] = [:]
        for category in CatalogCategory.allCases {
            let key = category.rawValue
            let list: Any?
            if category == .ops {
                list = top[key]
            } else {
                let section = try reader.mapping(top[key], at: key)
                list = section["entries"]
                if let map = section["identifiers"] {
                    identifiers[key] = try reader.stringMap(map, at: "\(key).identifiers")
                }
            }
            var byName: [String: CatalogEntry] = [:]
            for (index, item) in try reader.sequence(list, at: key).enumerated() {
                let entry = try reader.entry(item, at: "\(key)[\(index)]")
                guard byName[entry.name] == nil else { throw reader.error("\(key): \(entry.name) is listed twice") }
                byName[entry.name] = entry
            }
            entries[key] = byName
            let missingKey = "missing" + key.prefix(1).uppercased() + key.dropFirst()
            if let list = top[missingKey] {
                var byMissingName: [String: MissingEntry] = [:]
                for (index, item) in try reader.sequence(list, at: missingKey).enumerated() {
                    let entry = try reader.missingEntry(item, at: "\(missingKey)[\(index)]")
                    byMissingName[entry.name] = entry
                }
                missing[key] = byMissingName
            }
        }
        let dtypes = try reader.mapping(top["dtypes"], at: "dtypes")
        return TFJSCatalog(
            version: version, baseline: baseline, entries: entries, missing: missing, identifiers: identifiers,
            weightDTypes: Set(try reader.strings(dtypes["weights"], at: "dtypes.weights")),
            graphDTypes: try reader.stringMap(dtypes["graph"], at: "dtypes.graph"),
            handleDTypes: Set(try reader.strings(dtypes["handles"] ?? [Any](), at: "dtypes.handles")))
    }
}

/// Typed access to the untyped YAML tree, failing with the path of the offending value.
private struct Reader {
    let file: String

    func error(_ reason: String) -> CatalogError { CatalogError(file: file, reason: reason) }

    func mapping(_ value: Any?, at path: String) throws(CatalogError) -> [String: Any] {
        guard let map = value as? [String: Any] else { throw error("\(path) must be a mapping") }
        return map
    }

    func sequence(_ value: Any?, at path: String) throws(CatalogError) -> [Any] {
        guard let list = value as? [Any] else { throw error("\(path) must be a list") }
        return list
    }

    func string(_ value: Any?, at path: String) throws(CatalogError) -> String {
        switch value {
        case let text as String: return text
        case let number as Int: return String(number)
        case let number as Double: return String(number)
        default: throw error("\(path) must be a string")
        }
    }

    func optionalString(_ value: Any?, at path: String) throws(CatalogError) -> String? {
        value == nil ? nil : try string(value, at: path)
    }

    func strings(_ value: Any?, at path: String) throws(CatalogError) -> [String] {
        var result: [String] = []
        for (index, item) in try sequence(value, at: path).enumerated() {
            result.append(try string(item, at: "\(path)[\(index)]"))
        }
        return result
    }

    func stringMap(_ value: Any?, at path: String) throws(CatalogError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, item) in try mapping(value, at: path) {
            result[key] = try string(item, at: "\(path).\(key)")
        }
        return result
    }

    func bool(_ value: Any?, default fallback: Bool, at path: String) throws(CatalogError) -> Bool {
        guard let value else { return fallback }
        guard let flag = value as? Bool else { throw error("\(path) must be true or false") }
        return flag
    }

    func version(_ value: Any?, at path: String) throws(CatalogError) -> TFJSVersion? {
        guard let text = try optionalString(value, at: path) else { return nil }
        guard let version = TFJSVersion(text) else { throw error("\(path) must be a version like 3.21.0, not \(text)") }
        return version
    }

    func entry(_ item: Any, at path: String) throws(CatalogError) -> CatalogEntry {
        let map = try mapping(item, at: path)
        let known: Set<String> = [
            "name", "since", "note", "source", "broken", "error", "drift", "driftFrom", "category", "kernel", "async",
            "dtypeAttrs",
        ]
        if let unknown = map.keys.sorted().first(where: { !known.contains($0) }) {
            throw error("\(path) has an unknown key \(unknown)")
        }
        return CatalogEntry(
            name: try string(map["name"], at: "\(path).name"),
            since: try version(map["since"], at: "\(path).since"),
            note: try optionalString(map["note"], at: "\(path).note"),
            source: try optionalString(map["source"], at: "\(path).source"),
            broken: try optionalString(map["broken"], at: "\(path).broken"),
            error: try optionalString(map["error"], at: "\(path).error"),
            drift: try optionalString(map["drift"], at: "\(path).drift"),
            driftFrom: try optionalString(map["driftFrom"], at: "\(path).driftFrom"),
            opCategory: try optionalString(map["category"], at: "\(path).category"),
            hasKernel: try bool(map["kernel"], default: true, at: "\(path).kernel"),
            requiresAsync: try bool(map["async"], default: false, at: "\(path).async"),
            dtypeAttributes: map["dtypeAttrs"] == nil ? [] : try strings(map["dtypeAttrs"], at: "\(path).dtypeAttrs"))
    }

    func missingEntry(_ item: Any, at path: String) throws(CatalogError) -> MissingEntry {
        let map = try mapping(item, at: path)
        var replacement: MissingEntry.Replacement?
        if map.keys.contains("replacement") {
            // `replacement: null` means: drop the value.
            if let name = map["replacement"] as? String {
                replacement = .name(name)
            } else if map["replacement"] is NSNull {
                replacement = .null
            } else {
                throw error("\(path).replacement must be a name or null")
            }
        }
        return MissingEntry(
            name: try string(map["name"], at: "\(path).name"), replacement: replacement,
            exact: try bool(map["exact"], default: false, at: "\(path).exact"),
            instead: try optionalString(map["instead"], at: "\(path).instead"),
            note: try optionalString(map["note"], at: "\(path).note"))
    }
}
