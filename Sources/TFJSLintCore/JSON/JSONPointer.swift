/// An RFC 6901 JSON Pointer such as `/weightsManifest/0/paths/1`.
public struct JSONPointer: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let tokens: [String]

    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses the string form; nil when it does not start with `/` (and is not empty) or has a bad escape.
    public init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var parsed: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let c = iterator.next() {
                guard c == "~" else {
                    token.append(c)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: return nil
                }
            }
            parsed.append(token)
        }
        tokens = parsed
    }

    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    public var lastToken: String? { tokens.last }

    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.description < rhs.description
    }
}

extension JSONPointer: ExpressibleByStringLiteral {
    /// A literal that is not a valid pointer becomes the single token it spells, never a trap.
    public init(stringLiteral value: String) {
        self = JSONPointer(value) ?? JSONPointer(tokens: [value])
    }
}

extension JSONNode {
    /// The node a pointer addresses, or nil when any step does not exist.
    public func resolve(_ pointer: JSONPointer) -> JSONNode? {
        var node = self
        for token in pointer.tokens {
            switch node.value {
            case .object:
                guard let next = node[token] else { return nil }
                node = next
            case .array(let elements):
                guard let index = Int(token), String(index) == token, elements.indices.contains(index) else {
                    return nil
                }
                node = elements[index]
            default:
                return nil
            }
        }
        return node
    }
}
