/// Options a configuration gives a rule (`unsupported-op: {severity: error, allow: [MatrixInverse]}`):
/// lists of strings by option name.
public struct RuleOptions: Sendable, Equatable {
    public let lists: [String: [String]]

    public static let none = RuleOptions(lists: [:])

    public init(lists: [String: [String]]) {
        self.lists = lists
    }

    public func strings(_ name: String) -> [String] { lists[name] ?? [] }
}

/// An option a rule reads from its configuration block: a list of strings under `name`.
public struct RuleOption: Sendable, Equatable {
    public let name: String
    public let summary: String

    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}
