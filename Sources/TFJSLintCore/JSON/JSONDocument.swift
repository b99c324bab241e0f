/// A 1-based line and column. Columns count UTF-16 code units (as editors and SARIF do), so they stay
/// right on the single long line the converter writes.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A parsed JSON file: the exact source bytes, the tree with byte ranges, and a line index.
public struct JSONDocument: Sendable {
    public let bytes: [UInt8]
    public let root: JSONNode
    private let lineStarts: [Int]

    public init(bytes: [UInt8]) throws(JSONParseError) {
        self.bytes = bytes
        lineStarts = Self.lineStarts(of: bytes)
        do {
            root = try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
                try JSONParser.parse(buffer)
            }
        } catch {
            throw error
        }
    }

    public init(text: String) throws(JSONParseError) {
        try self.init(bytes: Array(text.utf8))
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func resolve(_ pointer: JSONPointer) -> JSONNode? {
        root.resolve(pointer)
    }

    /// Where a byte offset lies. Offsets past the end map to the end.
    public func location(ofOffset offset: Int) -> SourceLocation {
        Self.location(ofOffset: offset, in: bytes, lineStarts: lineStarts)
    }

    /// Where the value at `pointer` starts; for a missing pointer, its nearest existing ancestor.
    public func location(of pointer: JSONPointer) -> SourceLocation {
        var candidate: JSONPointer? = pointer
        while let current = candidate {
            if let node = resolve(current) { return location(ofOffset: node.range.lowerBound) }
            candidate = current.parent
        }
        return location(ofOffset: 0)
    }

    /// The source text of a node, verbatim.
    public func sourceText(of node: JSONNode) -> String {
        String(decoding: bytes[node.range], as: UTF8.self)
    }

    public static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count where buffer[i] == 0x0A {
                starts.append(i + 1)
            }
        }
        return starts
    }

    public static func location(ofOffset offset: Int, in bytes: [UInt8], lineStarts: [Int]) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        var column = 1
        bytes.withUnsafeBufferPointer { buffer in
            for i in lineStarts[low]..<clamped {
                let byte = buffer[i]
                if byte & 0xC0 != 0x80 { column += byte >= 0xF0 ? 2 : 1 }
            }
        }
        return SourceLocation(line: low + 1, column: column)
    }
}

extension JSONParseError {
    /// The line and column of the error in `bytes`.
    public func location(in bytes: [UInt8]) -> SourceLocation {
        JSONDocument.location(ofOffset: offset, in: bytes, lineStarts: JSONDocument.lineStarts(of: bytes))
    }
}
