import Foundation
import Testing
import TFJSLintKit
#if canImport(FoundationXML)
import FoundationXML
#endif

struct ReporterTests {
    static let findings = [
        Finding(ruleID: "non-finite-weights", severity: .error, message: "100% NaN, in\n'a:b,c' <&>", file: "dir, a/model.json",
                location: SourceLocation(line: 1, column: 42), pointer: "/weightsManifest/0/weights/0", subject: "a:b"),
        Finding(ruleID: "semantic-drift", severity: .info, message: "note", file: "b/model.json",
                location: SourceLocation(line: 3, column: 1)),
    ]
    static let report = Report(findings: findings, filesChecked: 2, rules: RuleRegistry.all.map { $0.description }, workingDirectory: "/repo")

    /// The SARIF 2.1.0 schema's requirements for what tfjslint writes, checked by hand (no network in tests):
    /// required properties, their types, enumerations and minimums.
    @Test func sarifHasThe210Structure() throws {
        let document = try JSONDocument(text: SARIFReporter.render(Self.report))
        #expect(document.resolve("/version")?.string == "2.1.0")
        #expect(document.resolve("/$schema")?.string?.hasPrefix("https://") == true)
        let runs = try #require(document.resolve("/runs")?.array)
        #expect(runs.count == 1)
        let run = runs[0]
        let driver = try #require(run["tool"]?["driver"])
        #expect(driver["name"]?.string == "tfjslint")
        #expect(driver["semanticVersion"]?.string == TFJSLintVersion.current)
        let rules = try #require(driver["rules"]?.array)
        #expect(rules.map { $0["id"]?.string } == RuleRegistry.all.map { $0.description.id })
        for rule in rules {
            for key in ["shortDescription", "fullDescription", "help"] {
                #expect(rule[key]?["text"]?.string?.isEmpty == false, "\(key) of \(rule["id"]?.string ?? "?")")
            }
            #expect(["error", "warning", "note"].contains(rule["defaultConfiguration"]?["level"]?.string ?? ""))
        }
        let base = try #require(run["originalUriBaseIds"]?["%SRCROOT%"]?["uri"]?.string)
        #expect(base == "file:///repo/")
        #expect(run["columnKind"]?.string == "utf16CodeUnits")
        let results = try #require(run["results"]?.array)
        #expect(results.count == Self.findings.count)
        for (result, finding) in zip(results, Self.findings) {
            #expect(result["ruleId"]?.string == finding.ruleID)
            let index = try #require(result["ruleIndex"]?.int)
            #expect(rules.indices.contains(index) && rules[index]["id"]?.string == finding.ruleID)
            #expect(["none", "note", "warning", "error"].contains(result["level"]?.string ?? ""))
            #expect(result["message"]?["text"]?.string == finding.message)
            let locations = try #require(result["locations"]?.array)
            #expect(locations.count == 1)
            let physical = try #require(locations[0]["physicalLocation"])
            #expect(physical["artifactLocation"]?["uriBaseId"]?.string == "%SRCROOT%")
            let region = try #require(physical["region"])
            #expect(region["startLine"]?.int == finding.location.line && region["startColumn"]?.int == finding.location.column)
            #expect((region["startLine"]?.int ?? 0) >= 1 && (region["startColumn"]?.int ?? 0) >= 1)
            #expect(locations[0]["logicalLocations"]?[0]?["fullyQualifiedName"]?.string == finding.pointer?.description)
            let fingerprints = try #require(result["partialFingerprints"]?.members)
            #expect(fingerprints.count == 1 && fingerprints[0].value.string?.isEmpty == false)
        }
        // Relative URI references with unreserved characters only; a path outside the working directory stays absolute.
        #expect(results[0]["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.string == "dir%2C%20a/model.json")
        let outside = Report(findings: [Self.findings[1]], filesChecked: 1, rules: [], workingDirectory: "/elsewhere")
        let absolute = try JSONDocument(text: SARIFReporter.render(Report(
            findings: [Finding(ruleID: "r", severity: .error, message: "m", file: "/abs/x y.json", location: SourceLocation(line: 1, column: 1))],
            filesChecked: 1, rules: [], workingDirectory: "/elsewhere")))
        let artifact = absolute.resolve("/runs/0/results/0/locations/0/physicalLocation/artifactLocation")
        #expect(artifact?["uri"]?.string == "file:///abs/x%20y.json" && artifact?["uriBaseId"] == nil)
        #expect(outside.relativePath("./b/model.json") == "b/model.json")
    }

    @Test func sarifFingerprintsIgnoreLineMoves() {
        var moved = Self.findings[0]
        moved = Finding(ruleID: moved.ruleID, severity: moved.severity, message: moved.message, file: moved.file,
                        location: SourceLocation(line: 9, column: 3), pointer: moved.pointer)
        let a = SARIFReporter.render(Report(findings: [Self.findings[0]], filesChecked: 1, rules: []))
        let b = SARIFReporter.render(Report(findings: [moved], filesChecked: 1, rules: []))
        let fingerprint = { (text: String) in (try? JSONDocument(text: text))?.resolve("/runs/0/results/0/partialFingerprints/tfjslintPointer~1v1")?.string }
        #expect(fingerprint(a) != nil && fingerprint(a) == fingerprint(b))
        let otherPointer = Finding(ruleID: moved.ruleID, severity: moved.severity, message: moved.message, file: moved.file,
                                   location: moved.location, pointer: "/weightsManifest/0/weights/1")
        #expect(fingerprint(SARIFReporter.render(Report(findings: [otherPointer], filesChecked: 1, rules: []))) != fingerprint(a))
    }

    @Test func junitParsesAsXML() throws {
        final class Counter: NSObject, XMLParserDelegate {
            var testcases = 0
            var failures: [String] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "testcase" { testcases += 1 }
                if name == "failure" { failures.append(attributes["message"] ?? "") }
            }
        }
        let parser = XMLParser(data: Data(JUnitReporter.render(Self.report).utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(counter.testcases == 2)
        #expect(counter.failures.contains("100% NaN, in\n'a:b,c' <&>"))
    }

    @Test func githubAnnotationsAreEscaped() {
        let lines = GitHubReporter.render(Self.report).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "::error file=dir%2C a/model.json,line=1,col=42,title=tfjslint non-finite-weights::100%25 NaN, in%0A'a:b,c' <&> (/weightsManifest/0/weights/0)")
        #expect(lines[1].hasPrefix("::notice file=b/model.json,line=3,col=1,"))
        let hostile = Finding(ruleID: "r", severity: .warning, message: "50%\r\ndone: a,b", file: "/repo/c:d,e%/model.json",
                              location: SourceLocation(line: 2, column: 5))
        let line = GitHubReporter.render(Report(findings: [hostile], filesChecked: 1, rules: [], workingDirectory: "/repo"))
        #expect(line == "::warning file=c%3Ad%2Ce%25/model.json,line=2,col=5,title=tfjslint r::50%25%0D%0Adone: a,b\n")
    }

    @Test func configurationChangesTheOutcome() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-gate-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SamplesTests.samples.appendingPathComponent("broken/non-finite-weights"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("model.json").path
        let run = { () throws -> [Finding] in
            let check = try ConfiguredCheck.load(configFile: nil, from: folder.path)
            return check.apply(try Linter().lint(files: check.files([model])).findings)
        }
        #expect(try run().contains { $0.ruleID == "non-finite-weights" && $0.severity == .error })
        try "rules:\n  non-finite-weights: warning\n".write(toFile: folder.appendingPathComponent(".tfjslint.yml").path, atomically: true, encoding: .utf8)
        #expect(try run().filter { $0.severity == .error }.isEmpty)
        try "rules:\n  weights: off\n".write(toFile: folder.appendingPathComponent(".tfjslint.yml").path, atomically: true, encoding: .utf8)
        #expect(try run().isEmpty)
        try "exclude: [\"model.json\"]\n".write(toFile: folder.appendingPathComponent(".tfjslint.yml").path, atomically: true, encoding: .utf8)
        #expect(try ConfiguredCheck.load(configFile: nil, from: folder.path).files([model]).isEmpty)
    }
}

struct RuleOptionLintTests {
    @Test func allowedOpsAreNotReported() throws {
        let model = #"{"format": "graph-model", "modelTopology": {"node": [{"name": "x", "op": "Placeholder"}, {"name": "inv", "op": "MatrixInverse", "input": ["x"]}]}}"#
        let lint = { (options: [String: RuleOptions]) in
            Linter(options: options).lint(path: "model.json", bytes: Array(model.utf8), files: InMemoryModelFiles([:]))
                .filter { $0.ruleID == "unsupported-op" }
        }
        #expect(lint([:]).count == 1)
        #expect(lint(["unsupported-op": RuleOptions(lists: ["allow": ["MatrixInverse"]])]).isEmpty)
    }
}

struct TextReporterTests {
    @Test func colourOnlyWhenAsked() {
        let plain = TextReporter.render(ReporterTests.report)
        let coloured = TextReporter.render(Report(findings: ReporterTests.findings, filesChecked: 2, rules: [], colour: true))
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1;31merror\u{1B}[0m") && coloured.contains("\u{1B}[36minfo\u{1B}[0m"))
        #expect(plain.hasPrefix("dir, a/model.json:1:42: error: 100% NaN"))
        #expect(plain.hasSuffix("Checked 2 files: 1 error, 0 warnings, 1 info.\n"))
    }
}
