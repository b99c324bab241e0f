/// Rule categories; each has a folder under Sources/TFJSLintRules.
public enum RuleCategory: String, Sendable, CaseIterable, Codable {
    case files, weights, keras3, layers, graph, project
}

/// A model.json (plus shard files) used as a rule example; for source rules, a source file (`model` is its
/// text, `sourceName` its path) in a project whose models are `projectModels`.
public struct RuleExample: Sendable {
    public let model: String
    public let files: [String: [UInt8]]
    /// Pointers the rule must report, in order; nil to accept any non-empty set of findings.
    public let pointers: [JSONPointer]?
    public let sourceName: String?
    /// Lines a source rule must report, in order; nil to accept any non-empty set.
    public let lines: [Int]?
    /// Model paths (relative to the project root) and formats, for source rules.
    public let projectModels: [String: ModelFormat]

    public init(_ model: String, files: [String: [UInt8]] = [:], at pointers: [JSONPointer]? = nil) {
        self.model = model
        self.files = files
        self.pointers = pointers
        sourceName = nil
        lines = nil
        projectModels = [:]
    }

    public init(source text: String, file: String, lines: [Int]? = nil, models: [String: ModelFormat] = [:]) {
        model = text
        files = [:]
        pointers = nil
        sourceName = file
        self.lines = lines
        projectModels = models
    }
}

/// A model.json before and after the rule's fixes (applied until nothing changes).
public struct CorrectionExample: Sendable {
    public let before: RuleExample
    public let after: String
    /// The least safety that must be allowed for the correction to happen.
    public let safety: FixSafety

    public init(_ before: RuleExample, _ after: String, safety: FixSafety = .safe) {
        self.before = before
        self.after = after
        self.safety = safety
    }
}

/// What a rule is, why it exists, and examples that the test suite runs.
public struct RuleDescription: Sendable {
    public let id: String
    public let category: RuleCategory
    public let defaultSeverity: Severity
    public let summary: String
    public let rationale: String
    /// The error TF.js 4.22 raises for what the rule finds, when there is one.
    public let tfjsError: String?
    public let triggering: [RuleExample]
    public let nonTriggering: [RuleExample]
    public let corrections: [CorrectionExample]
    /// Options the configuration may give the rule besides `severity`.
    public let options: [RuleOption]
    /// TF.js loads and runs a model with this finding; what is wrong is the numbers it computes (`verify` runs it).
    public let tfjsRunsTheModel: Bool

    public init(
        id: String, category: RuleCategory, defaultSeverity: Severity, summary: String, rationale: String,
        tfjsError: String? = nil, triggering: [RuleExample], nonTriggering: [RuleExample],
        corrections: [CorrectionExample] = [], options: [RuleOption] = [], tfjsRunsTheModel: Bool = false
    ) {
        self.id = id
        self.category = category
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.tfjsError = tfjsError
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.corrections = corrections
        self.options = options
        self.tfjsRunsTheModel = tfjsRunsTheModel
    }

    public var isFixable: Bool { !corrections.isEmpty }
}

public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
}

/// A rule that looks at one model.json and the files beside it.
public protocol ModelRule: Rule {
    func validate(_ context: ModelContext) -> [Finding]
}

/// Everything a model rule sees about one model.json.
public struct ModelContext: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Set when the file is not JSON; then `model` is nil.
    public let parseError: JSONParseError?
    public let model: ModelArtifact?
    public let catalog: TFJSCatalog
    /// The TF.js version rules judge against (`--target`, `target:`); the catalog's version by default.
    public let target: TFJSVersion
    /// Options from the configuration, by rule id.
    public let options: [String: RuleOptions]

    public init(
        path: String, bytes: [UInt8], files: any ModelFiles, catalog: TFJSCatalog, target: TFJSVersion? = nil,
        options: [String: RuleOptions] = [:]
    ) {
        self.path = path
        self.options = options
        self.bytes = bytes
        self.catalog = catalog
        self.target = target ?? catalog.version
        do {
            let document = try JSONDocument(bytes: bytes)
            model = ModelArtifact(path: path, document: document, files: files)
            parseError = nil
        } catch {
            model = nil
            parseError = error
        }
    }

    /// The catalog entry for `name` when the target version has it (its `since` is not later than the target).
    public func available(_ name: String, in category: CatalogCategory) -> CatalogEntry? {
        guard let entry = catalog.entry(name, in: category) else { return nil }
        if let since = entry.since, since > target { return nil }
        return entry
    }

    public func options<R: Rule>(for rule: R.Type) -> RuleOptions {
        options[R.description.id] ?? .none
    }

    /// A finding of `rule` at `pointer` (located in the document, or its nearest existing ancestor).
    public func finding<R: Rule>(
        _ rule: R.Type, _ message: String, at pointer: JSONPointer, subject: String? = nil, fix: Fix? = nil,
        severity: Severity? = nil
    ) -> Finding {
        let location = model?.document.location(of: pointer) ?? SourceLocation(line: 1, column: 1)
        return Finding(
            ruleID: R.description.id, severity: severity ?? R.description.defaultSeverity, message: message,
            file: path, location: location, pointer: pointer, subject: subject, fix: fix)
    }
}

extension Rule {
    /// The description of this rule's type, for code holding an existential.
    public var ruleDescription: RuleDescription { Self.description }
}
