import Foundation

/// The model.json files of a project and their formats, to resolve paths that code loads.
public struct ProjectModels: Sendable {
    /// Folders paths are resolved against besides a source file's own: the checked roots.
    public let roots: [String]
    /// Standardized absolute path → format (nil when it cannot be told).
    public let formats: [String: ModelFormat?]

    public init(roots: [String], formats: [String: ModelFormat?]) {
        self.roots = roots.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.formats = Dictionary(formats.map { (URL(fileURLWithPath: $0.key).standardizedFileURL.path, $0.value) }) { a, _ in a }
    }

    /// Static folders web servers commonly serve from the site root.
    public static let staticFolders = ["", "public", "static", "assets", "dist", "www"]

    /// `path` relative to the root that holds it, for messages.
    public func display(_ path: String) -> String {
        for root in roots where path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
        return path
    }

    /// The model a URL written in `source` refers to: relative to the source file, or to a root and its
    /// static folders. nil when no model in the project matches.
    public func resolve(_ url: String, from source: String) -> (path: String, format: ModelFormat?)? {
        var path = url
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        if path.hasPrefix("file://") { path = String(path.dropFirst("file://".count)) }
        var candidates: [String] = []
        let sourceFolder = URL(fileURLWithPath: source).standardizedFileURL.deletingLastPathComponent()
        if !path.hasPrefix("/") { candidates.append(sourceFolder.appendingPathComponent(path).standardizedFileURL.path) }
        let trimmed = path.drop(while: { $0 == "/" || $0 == "." })
        for root in roots {
            for folder in Self.staticFolders {
                let base = URL(fileURLWithPath: root).appendingPathComponent(folder)
                candidates.append(base.appendingPathComponent(String(trimmed)).standardizedFileURL.path)
            }
        }
        if path.hasPrefix("/") { candidates.append(URL(fileURLWithPath: path).standardizedFileURL.path) }
        for candidate in candidates {
            if let format = formats[candidate] { return (candidate, format) }
        }
        return nil
    }
}

/// One source file of the project (JavaScript, a script, a Makefile, ...), for project rules.
public struct SourceContext: Sendable {
    public let path: String
    public let text: String
    public let bytes: [UInt8]
    public let models: ProjectModels
    public let converter: ConverterFacts
    private let lineIndex: LineIndex

    public init(path: String, text: String, models: ProjectModels, converter: ConverterFacts) {
        self.path = path
        self.text = text
        bytes = Array(text.utf8)
        self.models = models
        self.converter = converter
        lineIndex = LineIndex(bytes)
    }

    public var fileName: String { URL(fileURLWithPath: path).lastPathComponent }
    public var fileExtension: String { URL(fileURLWithPath: path).pathExtension.lowercased() }

    public func location(ofOffset offset: Int) -> SourceLocation {
        lineIndex.location(ofOffset: offset, in: bytes)
    }

    /// A finding of `rule` at a UTF-8 byte offset of the text.
    public func finding<R: Rule>(
        _ rule: R.Type, _ message: String, atOffset offset: Int, subject: String? = nil, severity: Severity? = nil
    ) -> Finding {
        Finding(
            ruleID: R.description.id, severity: severity ?? R.description.defaultSeverity, message: message, file: path,
            location: location(ofOffset: offset), subject: subject)
    }
}

/// A rule that looks at a project file that is not a model: code that loads models, conversion scripts.
public protocol SourceRule: Rule {
    /// Whether the rule reads files with this name (e.g. `.ts`, `Makefile`).
    static func accepts(fileName: String) -> Bool
    func validate(_ context: SourceContext) -> [Finding]
}
