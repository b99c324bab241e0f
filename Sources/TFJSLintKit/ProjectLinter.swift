import Foundation
import TFJSLintConfig
import TFJSLintCore
import TFJSLintRules

/// Runs the project rules over the code and scripts under the checked folders, against the models found there.
public struct ProjectLinter: Sendable {
    public let rules: [any SourceRule]
    public let converter: ConverterFacts
    /// Larger files are not read (generated bundles, data).
    static let maximumBytes = 2 << 20
    static let skippedFolders: Set<String> = ModelDiscovery.skippedFolders.union(["dist", "build", "vendor", "third_party"])

    public init(rules: [any SourceRule] = RuleRegistry.sourceRules.map { $0.init() }, converter: ConverterFacts) {
        self.rules = rules
        self.converter = converter
    }

    /// Source files under `paths` (folders recursively, files as given) that some rule reads.
    public func sourceFiles(in paths: [String]) -> [String] {
        var found: [String] = []
        let accepts = { (name: String) in rules.contains { type(of: $0).accepts(fileName: name) } }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
                if size <= Self.maximumBytes, accepts(URL(fileURLWithPath: path).lastPathComponent) { found.append(path) }
                continue
            }
            guard let walker = FileManager.default.enumerator(
                at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isDirectoryKey, .fileSizeKey]) else { continue }
            for case let url as URL in walker {
                let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .fileSizeKey])
                if values?.isDirectory == true {
                    if Self.skippedFolders.contains(url.lastPathComponent) { walker.skipDescendants() }
                    continue
                }
                guard (values?.fileSize ?? 0) <= Self.maximumBytes, accepts(url.lastPathComponent) else { continue }
                found.append(ModelDiscovery.relativePath(of: url, under: path))
            }
        }
        return Array(Set(found)).sorted()
    }

    /// The formats of the given model files, as their `format` field, else their topology, tells.
    public static func models(_ modelFiles: [String], roots: [String]) -> ProjectModels {
        var formats: [String: ModelFormat?] = [:]
        for path in modelFiles {
            guard let data = FileManager.default.contents(atPath: path), let document = try? JSONDocument(bytes: Array(data))
            else { continue }
            let declared = document.root["format"]?.string.flatMap(ModelFormat.init(rawValue:))
            formats[path] = declared ?? ModelArtifact.inferFormat(document.root["modelTopology"])
        }
        return ProjectModels(roots: roots, formats: formats)
    }

    /// The project a checked path belongs to: the nearest folder at or above it that holds `.git` or
    /// `package.json`, else the path's own folder.
    public static func projectRoot(of path: String) -> String {
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let start = URL(fileURLWithPath: path).standardizedFileURL
        let folder = isDirectory.boolValue ? start : start.deletingLastPathComponent()
        var candidate = folder
        while true {
            for marker in [".git", "package.json"] where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                return candidate.path
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return folder.path }
            candidate = parent
        }
    }

    /// Every model.json of the projects `paths` belong to, and the `modelFiles` found in the paths, with their
    /// formats: code in `src/` loads models kept in `public/`, outside the folder checked.
    public static func index(for paths: [String], modelFiles: [String]) -> ProjectModels {
        let roots = Array(Set(paths.map(projectRoot(of:)))).sorted()
        var files = Set(modelFiles)
        for root in roots {
            guard let walker = FileManager.default.enumerator(
                at: URL(fileURLWithPath: root), includingPropertiesForKeys: [.isDirectoryKey]) else { continue }
            for case let url as URL in walker {
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
                    if skippedFolders.contains(url.lastPathComponent) { walker.skipDescendants() }
                } else if url.lastPathComponent == "model.json" {
                    files.insert(url.standardizedFileURL.path)
                }
            }
        }
        let checkedFolders = paths.map { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return isDirectory.boolValue ? path : URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        return models(files.sorted(), roots: roots + checkedFolders)
    }

    /// The project rules over `paths`: the source files some rule reads (and `include` keeps), and their findings.
    public func check(paths: [String], modelFiles: [String], include: (String) -> Bool = { _ in true }) -> (files: [String], findings: [Finding]) {
        let files = sourceFiles(in: paths).filter(include)
        return (files, lint(files: files, models: Self.index(for: paths, modelFiles: modelFiles)))
    }

    /// Findings of every rule that reads each file; unreadable or binary files are skipped.
    public func lint(files: [String], models: ProjectModels) -> [Finding] {
        let results = ResultSlots<[Finding]>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let path = files[index]
            guard let data = FileManager.default.contents(atPath: path), !data.contains(0) else { return }
            let context = SourceContext(path: path, text: String(decoding: data, as: UTF8.self), models: models, converter: converter)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let found = rules.filter { type(of: $0).accepts(fileName: name) }.flatMap { $0.validate(context) }
            results.set(index, found)
        }
        return results.values.flatMap { $0 ?? [] }
    }
}
