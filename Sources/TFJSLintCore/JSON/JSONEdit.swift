/// A value to write into a document. `.raw` is source text copied verbatim (e.g. an existing subtree).
public indirect enum JSONTree: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([(String, JSONTree)])
    case raw(String)

    public static func == (lhs: JSONTree, rhs: JSONTree) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.raw(let a), .raw(let b)): a == b
        default: false
        }
    }
}

/// One change to a document, addressed by JSON Pointer into the document as parsed.
public enum JSONEdit: Sendable, Equatable {
    /// Replace the value at the pointer.
    case replace(JSONPointer, with: JSONTree)
    /// Remove an object member or array element.
    case remove(JSONPointer)
    /// Rename the key of the object member at the pointer, keeping its position and value.
    case renameKey(JSONPointer, to: String)
    /// Insert a member into the object at the pointer, right after member `after` (first when nil).
    case insertMember(JSONPointer, key: String, value: JSONTree, after: String?)
    /// Insert an element into the array at the pointer, before index `at` (append when nil).
    case insertElement(JSONPointer, value: JSONTree, at: Int?)

    public var pointer: JSONPointer {
        switch self {
        case .replace(let p, _), .remove(let p), .renameKey(let p, _), .insertMember(let p, _, _, _),
            .insertElement(let p, _, _):
            p
        }
    }
}

public struct JSONEditError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// How a document is laid out, so that new text matches it.
public struct JSONStyle: Sendable, Equatable {
    /// Indentation unit of pretty-printed documents; nil for compact (single-line) ones.
    public var indent: String?
    public var keySeparator: String
    public var itemSeparator: String

    public init(indent: String?, keySeparator: String, itemSeparator: String) {
        self.indent = indent
        self.keySeparator = keySeparator
        self.itemSeparator = itemSeparator
    }

    public static let compact = JSONStyle(indent: nil, keySeparator: ": ", itemSeparator: ", ")

    /// Infers the style from the source: indentation from the first indented line, separators from the first ones.
    public static func detect(in bytes: [UInt8]) -> JSONStyle {
        var style = JSONStyle.compact
        var inString = false
        var escaped = false
        var sawKeySeparator = false
        var sawItemSeparator = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if byte == UInt8(ascii: ":"), !sawKeySeparator {
                sawKeySeparator = true
                style.keySeparator = i + 1 < bytes.count && bytes[i + 1] == 0x20 ? ": " : ":"
            } else if byte == UInt8(ascii: ","), !sawItemSeparator {
                sawItemSeparator = true
                style.itemSeparator = i + 1 < bytes.count && bytes[i + 1] == 0x20 ? ", " : ","
            } else if byte == 0x0A, style.indent == nil {
                var j = i + 1
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j > i + 1 { style.indent = String(decoding: bytes[(i + 1)..<j], as: UTF8.self) }
            }
            if sawKeySeparator, sawItemSeparator, style.indent != nil { break }
            i += 1
        }
        if style.indent != nil { style.itemSeparator = "," }
        return style
    }
}

extension JSONTree {
    /// A tree holding the verbatim source of an existing node.
    public static func copy(of node: JSONNode, in document: JSONDocument) -> JSONTree {
        .raw(document.sourceText(of: node))
    }

    /// Serializes in `style`; `level` is the indentation level the value starts at.
    public func serialized(style: JSONStyle, level: Int = 0) -> String {
        var out = ""
        write(to: &out, style: style, level: level)
        return out
    }

    private func write(to out: inout String, style: JSONStyle, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += Self.format(n)
        case .string(let s): out += Self.quote(s)
        case .raw(let text): out += text
        case .array(let elements):
            writeContainer(elements.map { (nil, $0) }, open: "[", close: "]", to: &out, style: style, level: level)
        case .object(let members):
            writeContainer(members.map { ($0.0, $0.1) }, open: "{", close: "}", to: &out, style: style, level: level)
        }
    }

    private func writeContainer(
        _ items: [(String?, JSONTree)], open: String, close: String, to out: inout String, style: JSONStyle, level: Int
    ) {
        out += open
        guard !items.isEmpty else {
            out += close
            return
        }
        for (index, (key, value)) in items.enumerated() {
            if index > 0 { out += style.itemSeparator }
            if let indent = style.indent { out += "\n" + String(repeating: indent, count: level + 1) }
            if let key { out += Self.quote(key) + style.keySeparator }
            value.write(to: &out, style: style, level: level + 1)
        }
        if let indent = style.indent { out += "\n" + String(repeating: indent, count: level) }
        out += close
    }

    /// Numbers as Python's json module writes them: integral values without a fraction.
    static func format(_ n: Double) -> String {
        guard n.isFinite else { return n.isNaN ? "NaN" : (n > 0 ? "Infinity" : "-Infinity") }
        if n.rounded() == n, abs(n) < 1e16 { return String(Int64(n)) }
        return "\(n)"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension JSONDocument {
    /// Applies edits and returns the new source. Untouched bytes are kept exactly; edits whose byte ranges
    /// overlap, or whose pointers do not resolve, are an error.
    public func applying(_ edits: [JSONEdit]) throws(JSONEditError) -> [UInt8] {
        let style = JSONStyle.detect(in: bytes)
        var splices: [(range: Range<Int>, text: [UInt8])] = []
        for edit in edits {
            splices.append(try splice(for: edit, style: style))
        }
        splices.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        for (a, b) in zip(splices, splices.dropFirst()) where a.range.upperBound > b.range.lowerBound
            || (a.range.isEmpty && b.range.isEmpty && a.range.lowerBound == b.range.lowerBound)
        {
            throw JSONEditError(description: "two edits touch the same text at byte \(b.range.lowerBound)")
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var cursor = 0
        for splice in splices {
            result.append(contentsOf: bytes[cursor..<splice.range.lowerBound])
            result.append(contentsOf: splice.text)
            cursor = splice.range.upperBound
        }
        result.append(contentsOf: bytes[cursor...])
        return result
    }

    private func node(_ pointer: JSONPointer) throws(JSONEditError) -> JSONNode {
        guard let node = resolve(pointer) else { throw JSONEditError(description: "no value at \(pointer)") }
        return node
    }

    /// The indentation level of the line a byte offset is on, in units of `style.indent`.
    private func indentLevel(at offset: Int, style: JSONStyle) -> Int {
        guard let indent = style.indent, !indent.isEmpty else { return 0 }
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var width = 0
        while start + width < bytes.count, bytes[start + width] == 0x20 || bytes[start + width] == 0x09 { width += 1 }
        return width / indent.utf8.count
    }

    private func splice(for edit: JSONEdit, style: JSONStyle) throws(JSONEditError) -> (range: Range<Int>, text: [UInt8]) {
        switch edit {
        case .replace(let pointer, let tree):
            let target = try node(pointer)
            let level = indentLevel(at: target.range.lowerBound, style: style)
            return (target.range, Array(tree.serialized(style: style, level: level).utf8))

        case .renameKey(let pointer, let key):
            guard let parentPointer = pointer.parent, let name = pointer.lastToken,
                let member = try node(parentPointer).member(name)
            else { throw JSONEditError(description: "no object member at \(pointer)") }
            return (member.keyRange, Array(JSONTree.quote(key).utf8))

        case .remove(let pointer):
            guard let parentPointer = pointer.parent, let token = pointer.lastToken else {
                throw JSONEditError(description: "cannot remove the document root")
            }
            let parent = try node(parentPointer)
            var ranges: [Range<Int>] = []
            var index: Int?
            switch parent.value {
            case .object(let members):
                ranges = members.map { $0.keyRange.lowerBound..<$0.value.range.upperBound }
                index = members.lastIndex(where: { $0.key == token })
            case .array(let elements):
                ranges = elements.map(\.range)
                if let i = Int(token), elements.indices.contains(i) { index = i }
            default: break
            }
            guard let index else { throw JSONEditError(description: "no value at \(pointer)") }
            // Remove the item with the separator before it (or after it, for the first item).
            if index > 0 {
                return (ranges[index - 1].upperBound..<ranges[index].upperBound, [])
            } else if ranges.count > 1 {
                return (ranges[0].lowerBound..<ranges[1].lowerBound, [])
            } else {
                return ((parent.range.lowerBound + 1)..<(parent.range.upperBound - 1), [])
            }

        case .insertMember(let pointer, let key, let value, let after):
            let object = try node(pointer)
            guard let members = object.members else { throw JSONEditError(description: "no object at \(pointer)") }
            let level = indentLevel(at: object.range.lowerBound, style: style) + 1
            let text = JSONTree.quote(key) + style.keySeparator + value.serialized(style: style, level: level)
            let newline = style.indent.map { "\n" + String(repeating: $0, count: level) } ?? ""
            if members.isEmpty {
                let closing = style.indent.map { "\n" + String(repeating: $0, count: level - 1) } ?? ""
                return ((object.range.lowerBound + 1)..<(object.range.upperBound - 1), Array((newline + text + closing).utf8))
            }
            if let after {
                guard let anchor = members.last(where: { $0.key == after }) else {
                    throw JSONEditError(description: "no member \"\(after)\" at \(pointer)")
                }
                let at = anchor.value.range.upperBound
                return (at..<at, Array((style.itemSeparator + newline + text).utf8))
            }
            let at = members[0].keyRange.lowerBound
            return (at..<at, Array((text + style.itemSeparator + newline).utf8))

        case .insertElement(let pointer, let value, let position):
            let array = try node(pointer)
            guard let elements = array.array else { throw JSONEditError(description: "no array at \(pointer)") }
            let level = indentLevel(at: array.range.lowerBound, style: style) + 1
            let text = value.serialized(style: style, level: level)
            let newline = style.indent.map { "\n" + String(repeating: $0, count: level) } ?? ""
            if elements.isEmpty {
                let closing = style.indent.map { "\n" + String(repeating: $0, count: level - 1) } ?? ""
                return ((array.range.lowerBound + 1)..<(array.range.upperBound - 1), Array((newline + text + closing).utf8))
            }
            if let position, position < elements.count {
                let at = elements[position].range.lowerBound
                return (at..<at, Array((text + style.itemSeparator + newline).utf8))
            }
            let at = elements[elements.count - 1].range.upperBound
            return (at..<at, Array((style.itemSeparator + newline + text).utf8))
        }
    }
}
