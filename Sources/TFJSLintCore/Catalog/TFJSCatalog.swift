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

/// Catalog categories, named as in the catalog YAML.
public enum CatalogCategory: String, Sendable, CaseIterable {
    case layers, activations, initializers, regularizers, constraints, ops

    /// The word TF.js uses in "Unknown <kind>: X".
    public var kind: String {
        switch self {
        case .layers: "layer"
        case .activations: "activation"
        case .initializers: "initializer"
        case .regularizers: "regularizer"
        case .constraints: "constraint"
        case .ops: "op"
        }
    }
}

/// One thing TF.js supports: a layer class, activation, op, ...
public struct CatalogEntry: Sendable, Equatable {
    public let name: String
    /// The TF.js version that added it; nil when it predates what the catalog tracks.
    public let since: TFJSVersion?
    public let note: String?
    /// The tensorflow/tfjs file the fact comes from.
    public let source: String?
    /// Why a registered layer fails or miscomputes inside a model, and what TF.js then says.
    public let broken: String?
    public let error: String?
    /// How it computes something other than Keras, and for which Keras (`keras3`), when it does.
    public let drift: String?
    public let driftFrom: String?
    /// Graph ops: the op group it belongs to, whether the runtime has a kernel, whether it needs executeAsync.
    public let opCategory: String?
    public let hasKernel: Bool
    public let requiresAsync: Bool
    /// Graph ops: the attrs of type dtype TF.js reads (`DstT` of Cast).
    public let dtypeAttributes: [String]

    public init(
        name: String, since: TFJSVersion? = nil, note: String? = nil, source: String? = nil, broken: String? = nil,
        error: String? = nil, drift: String? = nil, driftFrom: String? = nil, opCategory: String? = nil,
        hasKernel: Bool = true, requiresAsync: Bool = false, dtypeAttributes: [String] = []
    ) {
        self.name = name
        self.since = since
        self.note = note
        self.source = source
        self.broken = broken
        self.error = error
        self.drift = drift
        self.driftFrom = driftFrom
        self.opCategory = opCategory
        self.hasKernel = hasKernel
        self.requiresAsync = requiresAsync
        self.dtypeAttributes = dtypeAttributes
    }
}

/// A name models use that TF.js lacks, with what to do instead.
public struct MissingEntry: Sendable, Equatable {
    public enum Replacement: Sendable, Equatable {
        /// Use this TF.js name.
        case name(String)
        /// Drop the value (write null).
        case null
    }

    public let name: String
    public let replacement: Replacement?
    /// Whether the replacement computes exactly what the original does (then fixing it is safe).
    public let exact: Bool
    public let instead: String?
    public let note: String?

    public init(name: String, replacement: Replacement? = nil, exact: Bool = false, instead: String? = nil, note: String? = nil) {
        self.name = name
        self.replacement = replacement
        self.exact = exact
        self.instead = instead
        self.note = note
    }
}

/// What a TF.js version supports, per category, as read from Rules/catalog.
public struct TFJSCatalog: Sendable {
    public let version: TFJSVersion
    /// The oldest version the catalog's `since` fields track; entries without `since` may be older still.
    public let baseline: TFJSVersion?
    public let entries: [String: [String: CatalogEntry]]
    /// Names TF.js lacks, per category, with advice.
    public let missing: [String: [String: MissingEntry]]
    /// String identifiers a category's getter maps to class names (`glorotUniform` -> `GlorotUniform`).
    public let identifiers: [String: [String: String]]
    /// Manifest dtypes TF.js decodes.
    public let weightDTypes: Set<String>
    /// Graph attr dtypes TF.js maps (`DT_FLOAT` -> `float32`), and handle dtypes it passes through.
    public let graphDTypes: [String: String]
    public let handleDTypes: Set<String>

    public init(
        version: TFJSVersion, baseline: TFJSVersion? = nil, entries: [String: [String: CatalogEntry]], missing: [String: [String: MissingEntry]] = [:],
        identifiers: [String: [String: String]] = [:], weightDTypes: Set<String> = [], graphDTypes: [String: String] = [:],
        handleDTypes: Set<String> = []
    ) {
        self.version = version
        self.baseline = baseline
        self.entries = entries
        self.missing = missing
        self.identifiers = identifiers
        self.weightDTypes = weightDTypes
        self.graphDTypes = graphDTypes
        self.handleDTypes = handleDTypes
    }

    public static let empty = TFJSCatalog(version: .latest, entries: [:])

    /// Whether the catalog can judge `target`: not before its baseline, not after its own version.
    public func covers(_ target: TFJSVersion) -> Bool {
        target <= version && (baseline.map { $0 <= target } ?? true)
    }

    public func entry(_ name: String, in category: String) -> CatalogEntry? {
        entries[category]?[name]
    }

    public func entry(_ name: String, in category: CatalogCategory) -> CatalogEntry? {
        entries[category.rawValue]?[name]
    }

    public func missingEntry(_ name: String, in category: CatalogCategory) -> MissingEntry? {
        missing[category.rawValue]?[name]
    }

    /// Whether `name` exists in `category` in the target version.
    public func supports(_ name: String, in category: String, target: TFJSVersion? = nil) -> Bool {
        guard let entry = entry(name, in: category) else { return false }
        guard let since = entry.since else { return true }
        return since <= (target ?? version)
    }

    /// The class name TF.js's getter resolves a string identifier to (`glorotUniform` -> `GlorotUniform`).
    public func className(forIdentifier identifier: String, in category: CatalogCategory) -> String {
        identifiers[category.rawValue]?[identifier] ?? identifier
    }
}
