/// A parsed JSON value that remembers where it came from.
///
/// Ranges are UTF-8 byte offsets into the document's source, so an edit can splice new text into
/// exactly the bytes a value occupied and leave every other byte as it was.
public struct JSONNode: Sendable {
    public let value: JSONValue
    /// Bytes the value occupies in the source (for strings, including the quotes).
    public let range: Range<Int>

    public init(_ value: JSONValue, range: Range<Int>) {
        self.value = value
        self.range = range
    }
}

/// One `"key": value` pair of an object, in source order. Duplicate keys are kept.
public struct JSONMember: Sendable {
    public let key: String
    /// Bytes of the key, including its quotes.
    public let keyRange: Range<Int>
    public let value: JSONNode
}

public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONNode {
    public var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var number: Double? {
        if case .number(let n) = value { return n }
        return nil
    }

    /// The number as an `Int` when it is integral and representable.
    public var int: Int? {
        guard case .number(let n) = value, n.rounded() == n, abs(n) < 9.0e15 else { return nil }
        return Int(n)
    }

    public var bool: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    public var array: [JSONNode]? {
        if case .array(let a) = value { return a }
        return nil
    }

    public var members: [JSONMember]? {
        if case .object(let m) = value { return m }
        return nil
    }

    /// The value of `key`; with duplicate keys the last one wins, as in `JSON.parse`.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public subscript(index: Int) -> JSONNode? {
        guard case .array(let elements) = value, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The member for `key` (the last one with duplicates).
    public func member(_ key: String) -> JSONMember? {
        members?.last(where: { $0.key == key })
    }

    /// An array of integers, or nil if this is not an array of integral numbers.
    public var intArray: [Int]? {
        guard let elements = array else { return nil }
        var result: [Int] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let i = element.int else { return nil }
            result.append(i)
        }
        return result
    }
}
