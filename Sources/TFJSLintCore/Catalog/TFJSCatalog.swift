/// A TF.js version such as 4.22.0, for `target:` and catalog `since` fields.
public struct TFJSVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `4.22`, `4.22.0` or `tfjs@4.22`.
    public init?(_ text: String) {
        let bare = text.hasPrefix("tfjs@") ? String(text.dropFirst(5)) : text
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        self.init(parts[0]!, parts[1]!, parts.count == 3 ? parts[2]! : 0)
    }

    public static let latest = TFJSVersion(4, 22, 0)

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: TFJSVersion, rhs: TFJSVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}

/// One thing TF.js supports: a layer class, activation, op, ...
public struct CatalogEntry: Sendable, Equatable {
    public let name: String
    /// The TF.js version that added it; nil when it predates what the catalog tracks.
    public let since: TFJSVersion?
    public let note: String?

    public init(name: String, since: TFJSVersion? = nil, note: String? = nil) {
        self.name = name
        self.since = since
        self.note = note
    }
}

/// What a TF.js version supports, per category (`layers`, `activations`, `ops`, ...), as read from Rules/catalog.
public struct TFJSCatalog: Sendable {
    public let version: TFJSVersion
    public let entries: [String: [String: CatalogEntry]]

    public init(version: TFJSVersion, entries: [String: [String: CatalogEntry]]) {
        self.version = version
        self.entries = entries
    }

    public static let empty = TFJSCatalog(version: .latest, entries: [:])

    public func entry(_ name: String, in category: String) -> CatalogEntry? {
        entries[category]?[name]
    }

    /// Whether `name` exists in `category` in the target version.
    public func supports(_ name: String, in category: String, target: TFJSVersion? = nil) -> Bool {
        guard let entry = entry(name, in: category) else { return false }
        guard let since = entry.since else { return true }
        return since <= (target ?? version)
    }
}
