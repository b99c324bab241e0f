import Foundation
import TFJSLintCore

/// Findings accepted when tfjslint was adopted. An entry is keyed by file, rule and JSON Pointer, so
/// reformatting a model.json keeps it valid; findings outside a model's JSON (scripts, loaders) have no pointer
/// and are keyed by their message instead of a line number. Files are stored relative to the baseline's folder,
/// so the same baseline matches however the paths are spelled on the command line.
public struct Baseline: Sendable {
    public static let formatVersion = 1

    public struct Entry: Hashable, Sendable, CustomStringConvertible {
        public let file: String
        public let rule: String
        public let pointer: String?
        /// For people reading the file, and the key of findings without a pointer.
        public let message: String

        struct Key: Hashable {
            let file: String
            let rule: String
            let location: String
        }

        var key: Key { Key(file: file, rule: rule, location: pointer.map { "pointer:" + $0 } ?? "message:" + message) }

        public var description: String { "\(file) \(rule) \(pointer.map { $0.isEmpty ? "/" : $0 } ?? message)" }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let entries: [Entry]
    /// The folder entry files are relative to.
    public let folder: String

    /// A baseline of `findings`, for a file in `folder`.
    public init(findings: [Finding], folder: String) {
        self.folder = Self.standardized(folder)
        entries = findings.map { finding in
            Entry(file: Self.relative(finding.file, to: Self.standardized(folder)), rule: finding.ruleID,
                  pointer: finding.pointer?.description, message: finding.message)
        }
    }

    init(entries: [Entry], folder: String) {
        self.entries = entries
        self.folder = Self.standardized(folder)
    }

    /// A versioned JSON file, sorted so that it diffs well under version control.
    public var serialized: String {
        let items: [JSONTree] = entries.sorted { ($0.file, $0.rule, $0.pointer ?? "", $0.message) < ($1.file, $1.rule, $1.pointer ?? "", $1.message) }
            .map { entry in
                .object([("file", .string(entry.file)), ("rule", .string(entry.rule)),
                         ("pointer", entry.pointer.map { .string($0) } ?? .null), ("message", .string(entry.message))])
            }
        return JSONTree.object([("tfjslintBaseline", .number(Double(Self.formatVersion))), ("entries", .array(items))])
            .serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
    }

    public func write(to path: String) throws(Failure) {
        do {
            try Data(serialized.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Failure(description: "cannot write baseline \(path): \(error.localizedDescription)")
        }
    }

    public static func load(_ path: String) throws(Failure) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read baseline \(path)") }
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: Array(data))
        } catch {
            let location = error.location(in: Array(data))
            throw Failure(description: "\(path):\(location.line):\(location.column): \(error.message)")
        }
        guard document.root["tfjslintBaseline"]?.int == formatVersion, let items = document.root["entries"]?.array else {
            throw Failure(description: "\(path) is not a tfjslint baseline (version \(formatVersion))")
        }
        var entries: [Entry] = []
        for item in items {
            let pointer = item["pointer"]
            guard let file = item["file"]?.string, let rule = item["rule"]?.string, let message = item["message"]?.string,
                pointer == nil || pointer?.isNull == true || pointer?.string != nil
            else {
                let at = document.location(ofOffset: item.range.lowerBound)
                throw Failure(description: "\(path):\(at.line):\(at.column): every entry needs file, rule, message (strings) and pointer (a string or null)")
            }
            entries.append(Entry(file: file, rule: rule, pointer: pointer?.string, message: message))
        }
        return Baseline(entries: entries, folder: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// The findings not in the baseline, and the baseline entries no finding matched any more. An entry
    /// accepts one finding, so a second finding with the same key is new.
    public func filter(_ findings: [Finding]) -> (new: [Finding], stale: [Entry]) {
        var remaining: [Entry.Key: Int] = [:]
        for entry in entries { remaining[entry.key, default: 0] += 1 }
        var new: [Finding] = []
        for finding in findings {
            let key = Baseline(findings: [finding], folder: folder).entries.first?.key
            if let key, let count = remaining[key], count > 0 {
                remaining[key] = count - 1
            } else {
                new.append(finding)
            }
        }
        let stale = entries.filter { entry in
            guard let count = remaining[entry.key], count > 0 else { return false }
            remaining[entry.key] = count - 1
            return true
        }
        return (new, stale)
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `path` relative to `folder` when inside it, else absolute.
    static func relative(_ path: String, to folder: String) -> String {
        let absolute = standardized(path)
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}
