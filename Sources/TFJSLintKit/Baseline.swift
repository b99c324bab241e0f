import Foundation
import TFJSLintCore

/// Findings accepted when tfjslint was adopted, keyed by file, rule and JSON Pointer (not line numbers), so
/// reformatting a model.json does not invalidate them.
public struct Baseline: Sendable {
    public struct Entry: Hashable, Sendable {
        public let file: String
        public let rule: String
        /// The pointer, or `line:column` for findings outside a model's JSON.
        public let location: String

        init(_ finding: Finding) {
            file = finding.file
            rule = finding.ruleID
            location = finding.pointer?.description ?? "\(finding.location.line):\(finding.location.column)"
        }

        init(file: String, rule: String, location: String) {
            self.file = file
            self.rule = rule
            self.location = location
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let entries: [Entry]

    public init(findings: [Finding]) {
        entries = findings.map(Entry.init)
    }

    /// A versioned JSON file; `message` is kept for people reading it.
    public func serialized(messages findings: [Finding]) -> String {
        let items: [JSONTree] = findings.map { finding in
            let entry = Entry(finding)
            return .object([("file", .string(entry.file)), ("rule", .string(entry.rule)),
                            ("location", .string(entry.location)), ("message", .string(finding.message))])
        }
        return JSONTree.object([("tfjslintBaseline", .number(1)), ("entries", .array(items))])
            .serialized(style: JSONStyle(indent: "  ", keySeparator: ": ", itemSeparator: ",")) + "\n"
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
        guard document.root["tfjslintBaseline"]?.int == 1, let items = document.root["entries"]?.array else {
            throw Failure(description: "\(path) is not a tfjslint baseline (version 1)")
        }
        var entries: [Entry] = []
        for item in items {
            guard let file = item["file"]?.string, let rule = item["rule"]?.string, let location = item["location"]?.string else {
                throw Failure(description: "\(path): every entry needs file, rule and location")
            }
            entries.append(Entry(file: file, rule: rule, location: location))
        }
        return Baseline(entries: entries)
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// The findings not in the baseline, and the baseline entries no finding matched any more.
    public func filter(_ findings: [Finding]) -> (new: [Finding], stale: [Entry]) {
        var remaining: [Entry: Int] = [:]
        for entry in entries { remaining[entry, default: 0] += 1 }
        var new: [Finding] = []
        for finding in findings {
            let entry = Entry(finding)
            if let count = remaining[entry], count > 0 {
                remaining[entry] = count - 1
            } else {
                new.append(finding)
            }
        }
        let stale = entries.filter { entry in
            guard let count = remaining[entry], count > 0 else { return false }
            remaining[entry] = count - 1
            return true
        }
        return (new, stale)
    }
}
