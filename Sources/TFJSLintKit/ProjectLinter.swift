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
                if accepts(URL(fileURLWithPath: path).lastPathComponent) { found.append(path) }
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

    /// The formats of the given model files, from their first bytes (`format`, else the topology's shape).
    public static func models(_ modelFiles: [String], roots: [String]) -> ProjectModels {
        var formats: [String: ModelFormat?] = [:]
        for path in modelFiles {
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            let head = String(decoding: (try? handle.read(upToCount: 65536)) ?? Data(), as: UTF8.self)
            try? handle.close()
            formats[path] = head.contains("\"graph-model\"") ? .graph : head.contains("\"layers-model\"") ? .layers
                : head.contains("\"node\"") ? .graph : head.contains("\"model_config\"") || head.contains("\"class_name\"") ? .layers : nil
        }
        return ProjectModels(roots: roots, formats: formats)
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
