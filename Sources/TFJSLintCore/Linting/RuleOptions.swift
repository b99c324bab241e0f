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
