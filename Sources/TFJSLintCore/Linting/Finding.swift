public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How far a fix can be trusted: safe fixes keep what the model computes; unsafe ones change its structure.
public enum FixSafety: String, Sendable, Codable {
    case safe, unsafe
}

/// Edits to a model.json that resolve a finding.
public struct Fix: Sendable, Equatable {
    public let summary: String
    public let safety: FixSafety
    public let edits: [JSONEdit]

    public init(_ summary: String, safety: FixSafety = .safe, edits: [JSONEdit]) {
        self.summary = summary
        self.safety = safety
        self.edits = edits
    }
}

/// One problem found in one file.
public struct Finding: Sendable {
    public let ruleID: String
    public var severity: Severity
    public let message: String
    public let file: String
    public let location: SourceLocation
    /// Where in the model.json, when the finding is about a model.
    public let pointer: JSONPointer?
    /// The layer, node or weight the finding is about, for people.
    public let subject: String?
    public let fix: Fix?

    public init(
        ruleID: String, severity: Severity, message: String, file: String, location: SourceLocation,
        pointer: JSONPointer? = nil, subject: String? = nil, fix: Fix? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.file = file
        self.location = location
        self.pointer = pointer
        self.subject = subject
        self.fix = fix
    }

    /// Stable order: file, position, rule, pointer.
    public static func ordered(_ a: Finding, _ b: Finding) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.location != b.location { return a.location < b.location }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return (a.pointer?.description ?? "") < (b.pointer?.description ?? "")
    }
}
