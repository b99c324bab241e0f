import Foundation
import TFJSLintConfig
import TFJSLintCore
import TFJSLintRules

/// The findings of one run, in stable order.
public struct LintResult: Sendable {
    public let files: [String]
    public let findings: [Finding]

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
}

/// Runs model rules over model.json files, files in parallel.
public struct Linter: Sendable {
    public let rules: [any ModelRule]
    public let catalog: TFJSCatalog
    public let options: [String: RuleOptions]
    /// The TF.js version rules judge against; nil for the catalog's own version.
    public let target: TFJSVersion?

    /// The catalog the binary carries (TF.js 4.22); empty only if the embedded YAML is broken, which
    /// `CatalogLoader.bundled()` reports and a test rules out.
    public static let bundledCatalog: TFJSCatalog = (try? CatalogLoader.bundled()) ?? .empty

    public init(
        rules: [any ModelRule] = RuleRegistry.modelRules.map { $0.init() }, catalog: TFJSCatalog = Linter.bundledCatalog,
        target: TFJSVersion? = nil, options: [String: RuleOptions] = [:]
    ) {
        self.rules = rules
        self.catalog = catalog
        self.target = target
        self.options = options
    }

    /// Lints one model.json whose bytes are given; `files` serves its shards.
    public func lint(path: String, bytes: [UInt8], files: any ModelFiles) -> [Finding] {
        let context = ModelContext(path: path, bytes: bytes, files: files, catalog: catalog, target: target, options: options)
        // Rules are independent: run them concurrently too, so one large model uses every core.
        let results = ResultSlots<[Finding]>(count: rules.count)
        DispatchQueue.concurrentPerform(iterations: rules.count) { index in
            results.set(index, rules[index].validate(context))
        }
        return results.values.flatMap { $0 ?? [] }.sorted(by: Finding.ordered)
    }

    /// Lints a model.json on disk; an unreadable file is an error, not a finding.
    public func lint(file path: String) throws -> [Finding] {
        let url = URL(fileURLWithPath: path)
        let bytes = Array(try Data(contentsOf: url))
        return lint(path: path, bytes: bytes, files: DirectoryModelFiles(directory: url.deletingLastPathComponent()))
    }

    public struct UnreadableFile: Error, CustomStringConvertible {
        public let description: String
    }

    public func lint(files paths: [String]) throws(UnreadableFile) -> LintResult {
        let results = ResultSlots<Result<[Finding], any Error>>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.set(index, Result { try lint(file: paths[index]) })
        }
        var findings: [Finding] = []
        for (index, result) in results.values.enumerated() {
            do {
                findings.append(contentsOf: try result?.get() ?? [])
            } catch {
                throw UnreadableFile(description: "cannot read \(paths[index]): \(error.localizedDescription)")
            }
        }
        return LintResult(files: paths, findings: findings.sorted(by: Finding.ordered))
    }
}

/// Per-index result slots written by concurrent workers, each slot by exactly one worker.
final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Value?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
