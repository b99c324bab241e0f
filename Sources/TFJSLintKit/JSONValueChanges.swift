import TFJSLintCore

/// One JSON value a fix changed, for people: converter model.json files are one long line, where a line diff
/// shows nothing readable, so `check --diff` also lists the changes value by value.
public struct JSONValueChange: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case changed(old: String, new: String)
        case added(String)
        case removed(String)
        case keyRenamed(old: String, new: String)
    }

    /// Where the value is in the new document (in the old one for removals; the object for key renames).
    public let pointer: JSONPointer
    public let kind: Kind

    /// Longest value text shown before it is cut with `…`.
    public static let shownLength = 100

    public var description: String {
        let place = pointer.description.isEmpty ? "/" : pointer.description
        switch kind {
        case .changed(let old, let new): return "\(place): \(Self.short(old)) → \(Self.short(new))"
        case .added(let new): return "\(place): added \(Self.short(new))"
        case .removed(let old): return "\(place): removed \(Self.short(old))"
        case .keyRenamed(let old, let new): return "\(place): key \(JSONTree.string(old).serialized(style: .compact)) → "
            + JSONTree.string(new).serialized(style: .compact)
        }
    }

    /// The text on one line (line breaks and the indentation after them dropped outside strings), cut to
    /// `shownLength` characters.
    static func short(_ text: String) -> String {
        var line = ""
        var inString = false
        var escaped = false
        var pending = ""
        for character in text {
            if inString {
                line.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            if character.isWhitespace {
                pending.append(character)
                continue
            }
            if !pending.contains(where: \.isNewline) {
                line += pending
            } else if line.last == "," {
                line += " "
            }
            pending = ""
            if character == "\"" { inString = true }
            line.append(character)
        }
        return line.count <= shownLength ? line : String(line.prefix(shownLength - 1)) + "…"
    }

    /// The changes from `old` to `new`, in document order: members matched by key (a key renamed in place is one
    /// change), array elements by position after their common head and tail; an array whose middle part changed
    /// length is one change.
    public static func changes(from old: JSONDocument, to new: JSONDocument) -> [JSONValueChange] {
        var changes: [JSONValueChange] = []
        compare(old.root, new.root, old, new, at: .root, depth: 0, into: &changes)
        return changes
    }

    /// Nesting deeper than this is reported as one change (the parser itself limits depth).
    private static let maximumDepth = 512

    private static func compare(
        _ a: JSONNode, _ b: JSONNode, _ old: JSONDocument, _ new: JSONDocument, at pointer: JSONPointer, depth: Int,
        into changes: inout [JSONValueChange]
    ) {
        let oldText = old.sourceText(of: a)
        let newText = new.sourceText(of: b)
        guard oldText != newText else { return }
        switch (a.value, b.value) {
        case (.object(let x), .object(let y)) where depth < maximumDepth:
            compareObjects(x, y, old, new, at: pointer, depth: depth, into: &changes)
        case (.array(let x), .array(let y)) where depth < maximumDepth:
            var head = 0
            while head < x.count, head < y.count, old.sourceText(of: x[head]) == new.sourceText(of: y[head]) { head += 1 }
            var tail = 0
            while tail < x.count - head, tail < y.count - head,
                old.sourceText(of: x[x.count - 1 - tail]) == new.sourceText(of: y[y.count - 1 - tail])
            {
                tail += 1
            }
            let oldMiddle = head..<(x.count - tail)
            let newMiddle = head..<(y.count - tail)
            if oldMiddle.count == newMiddle.count {
                for i in oldMiddle {
                    compare(x[i], y[i], old, new, at: pointer.appending(i), depth: depth + 1, into: &changes)
                }
            } else if oldMiddle.isEmpty {
                for i in newMiddle {
                    changes.append(JSONValueChange(pointer: pointer.appending(i), kind: .added(new.sourceText(of: y[i]))))
                }
            } else if newMiddle.isEmpty {
                for i in oldMiddle {
                    changes.append(JSONValueChange(pointer: pointer.appending(i), kind: .removed(old.sourceText(of: x[i]))))
                }
            } else {
                changes.append(JSONValueChange(pointer: pointer, kind: .changed(old: oldText, new: newText)))
            }
        default:
            changes.append(JSONValueChange(pointer: pointer, kind: .changed(old: oldText, new: newText)))
        }
    }

    private static func compareObjects(
        _ x: [JSONMember], _ y: [JSONMember], _ old: JSONDocument, _ new: JSONDocument, at pointer: JSONPointer,
        depth: Int, into changes: inout [JSONValueChange]
    ) {
        let newKeys = Set(y.map(\.key))
        let oldKeys = Set(x.map(\.key))
        // Same length, and every differing key holds the same value: keys renamed in place.
        if x.count == y.count, zip(x, y).allSatisfy({ $0.key == $1.key || old.sourceText(of: $0.value) == new.sourceText(of: $1.value) }) {
            for (m, n) in zip(x, y) {
                if m.key != n.key {
                    changes.append(JSONValueChange(pointer: pointer, kind: .keyRenamed(old: m.key, new: n.key)))
                } else {
                    compare(m.value, n.value, old, new, at: pointer.appending(m.key), depth: depth + 1, into: &changes)
                }
            }
            return
        }
        for member in x where !newKeys.contains(member.key) {
            changes.append(JSONValueChange(pointer: pointer.appending(member.key), kind: .removed(old.sourceText(of: member.value))))
        }
        for member in y {
            if !oldKeys.contains(member.key) {
                changes.append(JSONValueChange(pointer: pointer.appending(member.key), kind: .added(new.sourceText(of: member.value))))
            } else if let previous = x.last(where: { $0.key == member.key }) {
                compare(previous.value, member.value, old, new, at: pointer.appending(member.key), depth: depth + 1, into: &changes)
            }
        }
    }
}
