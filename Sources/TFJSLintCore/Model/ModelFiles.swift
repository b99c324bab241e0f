import Foundation

/// Where a model's files come from: a folder on disk, or memory (rule examples, tests).
public protocol ModelFiles: Sendable {
    /// Why `path` (as written in the manifest) must not be read, or nil when it is safe.
    func unsafeReason(_ path: String) -> String?
    /// Byte size of the file at `path`, or nil when it does not exist.
    func size(of path: String) -> Int?
    /// Up to `count` bytes starting at `offset` of the file at `path`.
    func read(_ path: String, offset: Int, count: Int) -> [UInt8]?
}

extension ModelFiles {
    /// Rejects what can be judged from the text alone: URLs, absolute paths and `..` segments.
    public func lexicalUnsafeReason(_ path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.contains("://") || path.hasPrefix("//") { return "it is a URL" }
        if path.hasPrefix("/") || path.hasPrefix("\\") || (path.count > 1 && path.dropFirst().hasPrefix(":")) {
            return "it is an absolute path"
        }
        let segments = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if segments.contains("..") { return "it leaves the model's folder with '..'" }
        if path.contains("\0") { return "it contains a NUL character" }
        return nil
    }
}

/// Files next to a model.json on disk. Paths leaving the folder, also through symlinks, are never read.
public struct DirectoryModelFiles: ModelFiles {
    public let directory: URL
    private let resolvedDirectory: String

    public init(directory: URL) {
        self.directory = directory
        resolvedDirectory = directory.resolvingSymlinksInPath().standardizedFileURL.path
    }

    public func unsafeReason(_ path: String) -> String? {
        if let reason = lexicalUnsafeReason(path) { return reason }
        let resolved = directory.appendingPathComponent(path).resolvingSymlinksInPath().standardizedFileURL.path
        let prefix = resolvedDirectory.hasSuffix("/") ? resolvedDirectory : resolvedDirectory + "/"
        return resolved.hasPrefix(prefix) ? nil : "it resolves (through a symlink) to \(resolved), outside the model's folder"
    }

    public func size(of path: String) -> Int? {
        guard unsafeReason(path) == nil else { return nil }
        let url = directory.appendingPathComponent(path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            attributes[.type] as? FileAttributeType != .typeDirectory,
            let size = attributes[.size] as? NSNumber
        else { return nil }
        return size.intValue
    }

    public func read(_ path: String, offset: Int, count: Int) -> [UInt8]? {
        guard unsafeReason(path) == nil, offset >= 0, count >= 0,
            let handle = try? FileHandle(forReadingFrom: directory.appendingPathComponent(path))
        else { return nil }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            return Array(try handle.read(upToCount: count) ?? Data())
        } catch {
            return nil
        }
    }
}

/// Files held in memory, keyed by manifest path.
public struct InMemoryModelFiles: ModelFiles {
    public let files: [String: [UInt8]]

    public init(_ files: [String: [UInt8]]) {
        self.files = files
    }

    public func unsafeReason(_ path: String) -> String? { lexicalUnsafeReason(path) }

    public func size(of path: String) -> Int? {
        unsafeReason(path) == nil ? files[path]?.count : nil
    }

    public func read(_ path: String, offset: Int, count: Int) -> [UInt8]? {
        guard unsafeReason(path) == nil, let data = files[path], offset >= 0, count >= 0, offset <= data.count
        else { return nil }
        return Array(data[offset..<min(data.count, offset + min(count, data.count - offset))])
    }
}
