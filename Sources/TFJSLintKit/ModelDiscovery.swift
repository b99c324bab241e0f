import Foundation

/// Finds the model.json files under the paths given on the command line.
public enum ModelDiscovery {
    /// Folders never descended into.
    static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".swiftpm"]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `model.json` files, and `*.json` files whose first bytes mention `modelTopology` or `weightsManifest`,
    /// given directly or found in folders. Sorted, without duplicates.
    public static func modelFiles(in paths: [String]) throws(Failure) -> [String] {
        var found: Set<String> = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Failure(description: "no such file or directory: \(path)")
            }
            guard isDirectory.boolValue else {
                // Files named explicitly (as pre-commit passes them) are models when they say so.
                let url = URL(fileURLWithPath: path)
                if url.lastPathComponent == "model.json" || (url.pathExtension == "json" && looksLikeModel(url)) {
                    found.insert(normalize(path))
                }
                continue
            }
            guard let walker = manager.enumerator(
                at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isDirectoryKey, .isRegularFileKey])
            else { throw Failure(description: "cannot read directory: \(path)") }
            for case let url as URL in walker {
                let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isRegularFileKey])
                if values?.isDirectory == true {
                    if skippedFolders.contains(url.lastPathComponent) { walker.skipDescendants() }
                    continue
                }
                guard values?.isRegularFile == true, url.pathExtension == "json" else { continue }
                let relative = relativePath(of: url, under: path)
                if url.lastPathComponent == "model.json" || looksLikeModel(url) { found.insert(relative) }
            }
        }
        return found.sorted()
    }

    static func looksLikeModel(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 65536) else { return false }
        let text = String(decoding: head, as: UTF8.self)
        return text.contains("\"modelTopology\"") || text.contains("\"weightsManifest\"")
    }

    /// The path as the user would write it: the argument joined with the path found beneath it.
    static func relativePath(of url: URL, under root: String) -> String {
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        let full = url.standardizedFileURL.path
        guard full.hasPrefix(base + "/") else { return full }
        let rest = String(full.dropFirst(base.count + 1))
        return normalize(root == "." ? rest : (root.hasSuffix("/") ? root + rest : root + "/" + rest))
    }

    static func normalize(_ path: String) -> String {
        path.hasPrefix("./") && path.count > 2 ? String(path.dropFirst(2)) : path
    }
}
