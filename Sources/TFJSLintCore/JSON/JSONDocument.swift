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
    private let lineIndex: LineIndex

    public init(bytes: [UInt8]) throws(JSONParseError) {
        self.bytes = bytes
        lineIndex = LineIndex(bytes)
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
        lineIndex.location(ofOffset: offset, in: bytes)
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
}

/// Line starts, and running UTF-16 column counts every `stride` bytes, so that locating an offset costs at
/// most two short scans even on the single multi-megabyte line the converter writes.
public struct LineIndex: Sendable {
    static let stride = 1024

    private let lineStarts: [Int]
    /// UTF-16 code units of the bytes before offset `k * stride`, for every k.
    private let checkpoints: [Int]

    public init(_ bytes: [UInt8]) {
        var starts = [0]
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / Self.stride + 1)
        var units = 0
        bytes.withUnsafeBufferPointer { buffer in
            var blockStart = 0
            while blockStart < buffer.count {
                checkpoints.append(units)
                let blockEnd = min(buffer.count, blockStart + Self.stride)
                for i in blockStart..<blockEnd {
                    let byte = buffer[i]
                    if byte == 0x0A { starts.append(i + 1) }
                    units += Self.units(of: byte)
                }
                blockStart = blockEnd
            }
        }
        lineStarts = starts
        self.checkpoints = checkpoints
    }

    /// UTF-16 code units a byte adds: one per UTF-8 lead byte, two for four-byte sequences (surrogate pairs).
    private static func units(of byte: UInt8) -> Int {
        byte & 0xC0 == 0x80 ? 0 : (byte >= 0xF0 ? 2 : 1)
    }

    /// Where a byte offset lies. Offsets past the end map to the end.
    public func location(ofOffset offset: Int, in bytes: [UInt8]) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let column = 1 + units(before: clamped, in: bytes) - units(before: lineStarts[low], in: bytes)
        return SourceLocation(line: low + 1, column: column)
    }

    /// UTF-16 code units of `bytes[..<offset]`, from the nearest checkpoint.
    private func units(before offset: Int, in bytes: [UInt8]) -> Int {
        guard !checkpoints.isEmpty else { return 0 }
        let checkpoint = min(offset / Self.stride, checkpoints.count - 1)
        var units = checkpoints[checkpoint]
        bytes.withUnsafeBufferPointer { buffer in
            for i in (checkpoint * Self.stride)..<offset { units += Self.units(of: buffer[i]) }
        }
        return units
    }
}

extension JSONParseError {
    /// The line and column of the error in `bytes`.
    public func location(in bytes: [UInt8]) -> SourceLocation {
        LineIndex(bytes).location(ofOffset: offset, in: bytes)
    }
}
