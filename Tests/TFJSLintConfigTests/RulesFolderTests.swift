import Foundation
import Testing
import TFJSLintConfig

struct RulesFolderTests {
    static let rulesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rules")

    @Test func embeddedCopyEqualsTheFiles() throws {
        var onDisk: [String: String] = [:]
        let walker = try #require(FileManager.default.enumerator(at: Self.rulesDirectory, includingPropertiesForKeys: nil))
        for case let url as URL in walker where !url.hasDirectoryPath {
            let relative = String(url.standardizedFileURL.path.dropFirst(Self.rulesDirectory.standardizedFileURL.path.count + 1))
            onDisk[relative] = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }
        #expect(!onDisk.isEmpty)
        #expect(RulesFolder.paths == onDisk.keys.sorted())
        for (path, text) in onDisk {
            #expect(RulesFolder.text(of: path) == text, "embedded \(path) differs from Rules/\(path)")
        }
    }
}
