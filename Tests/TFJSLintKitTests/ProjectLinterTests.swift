import Foundation
import Testing
import TFJSLintConfig
import TFJSLintKit

/// The project rules through the same path `check` takes, on the web app in Samples/webapp.
struct ProjectLinterTests {
    static let root = SamplesTests.samples.appendingPathComponent("webapp").path

    static func check(_ paths: [String]) throws -> (files: [String], findings: [String]) {
        let linter = ProjectLinter(converter: try ConverterFactsLoader.bundled())
        let (files, findings) = linter.check(paths: paths, modelFiles: try ModelDiscovery.modelFiles(in: paths))
        let lines = findings.sorted(by: Finding.ordered).map { "\($0.ruleID) \(String($0.file.dropFirst(root.count + 1))):\($0.location.line)" }
        return (files, lines)
    }

    @Test func webAppFindingsAreExactlyTheMistakesItHolds() throws {
        let (files, found) = try Self.check([Self.root])
        #expect(files.map { String($0.dropFirst(Self.root.count + 1)) } == [
            ".github/workflows/models.yml", "Makefile", "package.json", "scripts/convert.sh", "scripts/export_classifier.py",
            "src/app.ts", "src/worker.ts",
        ])
        #expect(found == [
            "converter-flag .github/workflows/models.yml:13",
            "converter-flag Makefile:4",
            "invalid-format-pair package.json:7",
            "converter-flag scripts/convert.sh:5",
            "invalid-format-pair scripts/convert.sh:9",
            "keras3-conversion scripts/export_classifier.py:7",
            "format-loader-mismatch src/app.ts:10",
        ])
    }

    @Test func codeCheckedAloneIsJudgedAgainstTheProjectsModels() throws {
        // src/ holds no model; the index covers the project (the folder with package.json) around it.
        let (files, found) = try Self.check([Self.root + "/src"])
        #expect(files.count == 2)
        #expect(found == ["format-loader-mismatch src/app.ts:10"])
        #expect(ProjectLinter.projectRoot(of: Self.root + "/src/app.ts") == URL(fileURLWithPath: Self.root).standardizedFileURL.path)
    }

    @Test func discoverySkipsDependencyAndBuildFoldersLargeAndBinaryFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-project-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = "tensorflowjs_converter --input_format=keras_keras --output_format=tfjs_graph_model m.keras web\n"
        var files: [String: Data] = [
            "convert.sh": Data(bad.utf8), "node_modules/pkg/convert.sh": Data(bad.utf8), "dist/convert.sh": Data(bad.utf8),
            "build/convert.sh": Data(bad.utf8), ".git/hooks/convert.sh": Data(bad.utf8), "binary.sh": Data(bad.utf8 + [0, 1, 2]),
            "notes.txt": Data(bad.utf8),
        ]
        files["large.sh"] = Data((bad + String(repeating: "#", count: 2 << 20)).utf8)
        for (path, data) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let linter = ProjectLinter(converter: try ConverterFactsLoader.bundled())
        let (checked, findings) = linter.check(paths: [folder.path], modelFiles: [])
        #expect(checked.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == ["binary.sh", "convert.sh"])
        #expect(findings.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["convert.sh"])
        #expect(linter.sourceFiles(in: [folder.appendingPathComponent("large.sh").path]).isEmpty)
    }

    @Test func modelFormatsComeFromTheModelFiles() throws {
        let root = Self.root
        let models = ProjectLinter.models(try ModelDiscovery.modelFiles(in: [root]), roots: [root])
        #expect(models.resolve("/models/detector/model.json", from: root + "/src/app.ts")?.format == .graph)
        #expect(models.resolve("models/classifier/model.json?v=2", from: root + "/src/app.ts")?.format == .layers)
        #expect(models.resolve("../public/models/classifier/model.json", from: root + "/src/app.ts")?.format == .layers)
        #expect(models.resolve("/models/missing/model.json", from: root + "/src/app.ts") == nil)
    }
}
