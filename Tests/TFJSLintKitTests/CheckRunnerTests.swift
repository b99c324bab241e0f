import Foundation
import Testing
import TFJSLintKit

/// `tfjslint check` as CI runs it: a repository with a broken and a clean model, and a `.tfjslint.yml`.
struct CheckRunnerTests {
    /// A temporary repository: models/nan (non-finite-weights, an error) and models/clean.
    final class Repository {
        let root: URL

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-repo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("models"), withIntermediateDirectories: true)
            try add("broken/non-finite-weights", as: "models/nan")
            try add("sequential-tfkeras", as: "models/clean")
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func add(_ sample: String, as folder: String) throws {
            let target = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let source = SamplesTests.samples.appendingPathComponent(sample)
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".json") || name.hasSuffix(".bin") {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        }

        func configure(_ yaml: String) throws {
            try yaml.write(to: root.appendingPathComponent(".tfjslint.yml"), atomically: true, encoding: .utf8)
        }

        func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

        func check(_ adjust: (inout CheckRequest) -> Void = { _ in }) throws -> CheckOutcome {
            var request = CheckRequest()
            request.paths = [root.path]
            request.workingDirectory = root.path
            request.outputs = [try #require(OutputRequest("json"))]
            adjust(&request)
            return try CheckRunner.run(request)
        }
    }

    static func rules(_ outcome: CheckOutcome) -> [String] { outcome.findings.map(\.ruleID) }

    @Test func configurationTurnsARuleDownOrOffAndTheExitCodeFollows() throws {
        let repository = try Repository()
        var outcome = try repository.check()
        #expect(outcome.exitCode == 1 && Self.rules(outcome) == ["non-finite-weights"])
        #expect(outcome.findings.first?.severity == .error)

        try repository.configure("rules:\n  non-finite-weights: warning\n")
        outcome = try repository.check()
        #expect(outcome.exitCode == 0 && outcome.findings.map(\.severity) == [.warning])
        #expect(try repository.check { $0.failOn = .warning }.exitCode == 1)

        try repository.configure("extends: strict\nrules:\n  non-finite-weights: warning\n")
        #expect(try repository.check().exitCode == 1, "strict fails on warnings")
        #expect(try repository.check { $0.failOn = .error }.exitCode == 0, "--fail-on wins over the configuration")

        try repository.configure("rules:\n  weights: off\n")
        outcome = try repository.check()
        #expect(outcome.exitCode == 0 && outcome.findings.isEmpty)

        try repository.configure("overrides:\n  - paths: [\"models/nan/**\"]\n    rules: {non-finite-weights: info}\n")
        outcome = try repository.check()
        #expect(outcome.exitCode == 0 && outcome.findings.map(\.severity) == [.info])

        try repository.configure("exclude: [\"models/nan/**\"]\n")
        #expect(try repository.check().exitCode == 0)

        try repository.configure("rules: {}\n")
        #expect(try repository.check { $0.exitZero = true }.exitCode == 0)
    }

    @Test func badConfigurationIsAnErrorNotAnOutcome() throws {
        let repository = try Repository()
        try repository.configure("rules:\n  non-finite-weight: off\n")
        #expect {
            try repository.check()
        } throws: { error in
            String(describing: error) == repository.path(".tfjslint.yml") + ":2:3: unknown rule or category 'non-finite-weight'; did you mean non-finite-weights?"
        }
        #expect(throws: ConfigurationError.self) { try repository.check { $0.configFile = repository.path("missing.yml") } }
        try repository.configure("target: tfjs@1.0\n")
        #expect {
            try repository.check()
        } throws: { error in
            String(describing: error).hasPrefix("target 1.0.0 is outside what the catalog tracks")
        }
    }

    @Test func onlyAndDisableSelectByIdOrCategory() throws {
        let repository = try Repository()
        #expect(try repository.check { $0.disable = ["weights"] }.findings.isEmpty)
        #expect(Self.rules(try repository.check { $0.only = ["non-finite-weights"] }) == ["non-finite-weights"])
        #expect(try repository.check { $0.only = ["graph"] }.exitCode == 0)
        try repository.configure("only: [graph]\n")
        #expect(try repository.check().exitCode == 0)
        #expect(try repository.check { $0.only = ["weights"] }.exitCode == 1, "--only replaces the configuration's only")
        #expect {
            try repository.check { $0.disable = ["wieghts"] }
        } throws: { error in
            String(describing: error).contains("unknown rule or category 'wieghts'; did you mean weights?")
        }
    }

    @Test func severalFormatsInOneRun() throws {
        let repository = try Repository()
        let outcome = try repository.check {
            $0.outputs = ["sarif=\(repository.path("report.sarif"))", "github", "junit=\(repository.path("junit.xml"))", "text"]
                .compactMap(OutputRequest.init)
        }
        #expect(outcome.exitCode == 1)
        let sarif = try JSONDocument(bytes: Array(Data(contentsOf: repository.root.appendingPathComponent("report.sarif"))))
        #expect(sarif.resolve("/runs/0/results/0/ruleId")?.string == "non-finite-weights")
        #expect(sarif.resolve("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri")?.string == "models/nan/model.json")
        #expect(try String(contentsOf: repository.root.appendingPathComponent("junit.xml"), encoding: .utf8).hasPrefix("<?xml"))
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("::error file=models/nan/model.json,line=1,col=1748,title=tfjslint non-finite-weights::") == true)
        #expect(lines.last == "Checked 2 files: 1 error, 0 warnings, 0 infos.")
        #expect(!outcome.standardOutput.contains("\u{1B}["))
        #expect(try repository.check { $0.outputs = [OutputRequest("text")].compactMap { $0 }; $0.colour = true }.standardOutput.contains("\u{1B}[1;31merror"))
        #expect([OutputRequest("sarif="), OutputRequest("xml"), OutputRequest("=x")].allSatisfy { $0 == nil })
        #expect(OutputRequest("json=a=b.json") == OutputRequest("json=a=b.json") && OutputRequest("json=a=b.json")?.path == "a=b.json")
    }

    @Test func baselineAdoptsExistingFindingsAndReportsNewAndStaleOnes() throws {
        let repository = try Repository()
        let baseline = repository.path("tfjslint-baseline.json")
        // Adopting: both flags on one path that does not exist yet.
        var outcome = try repository.check { $0.baseline = baseline; $0.writeBaseline = baseline }
        #expect(outcome.exitCode == 1 && FileManager.default.fileExists(atPath: baseline))
        outcome = try repository.check { $0.baseline = baseline }
        #expect(outcome.exitCode == 0 && outcome.findings.isEmpty)
        #expect(outcome.standardError == ["baseline \(baseline): 1 known finding(s) not reported"])

        // Spelled differently on the command line, from another working directory: still known.
        outcome = try repository.check { $0.paths = [repository.path("models/../models/nan")]; $0.baseline = baseline; $0.workingDirectory = "/" }
        #expect(outcome.exitCode == 0)

        // A new broken model is reported; the known one is not.
        try repository.add("broken/missing-shard", as: "models/shard")
        outcome = try repository.check { $0.baseline = baseline }
        #expect(outcome.exitCode == 1 && Self.rules(outcome) == ["missing-shard"])

        // The known problem is gone: its entry is stale.
        try FileManager.default.removeItem(at: repository.root.appendingPathComponent("models/nan"))
        outcome = try repository.check { $0.baseline = baseline; $0.only = ["weights"] }
        #expect(outcome.staleBaselineEntries.map(\.rule) == ["non-finite-weights"])
        #expect(outcome.standardError.last?.contains("stale entry, nothing matches it any more: models/nan/model.json non-finite-weights /weightsManifest/0/weights/0") == true)
    }

    @Test func everyPresetLoadsWithTheRegisteredRules() throws {
        let repository = try Repository()
        for name in ConfigurationLoader.presetNames {
            try repository.configure("extends: \(name)\n")
            let configuration = try ConfiguredCheck.loader.load(file: repository.path(".tfjslint.yml"))
            #expect(configuration.target == TFJSVersion(4, 22))
            #expect(configuration.failOn == (name == "strict" ? .warning : .error))
        }
    }
}

/// The pre-commit hooks hand tfjslint every file it reads and nothing else.
struct PreCommitHooksTests {
    static func patterns() throws -> [String] {
        let manifest = SamplesTests.samples.deletingLastPathComponent().appendingPathComponent(".pre-commit-hooks.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("files: '"), trimmed.hasSuffix("'") else { return nil }
            return String(trimmed.dropFirst("files: '".count).dropLast())
        }
    }

    static func matches(_ pattern: String, _ path: String) throws -> Bool {
        // pre-commit uses Python's re.search; a leading (?i) and this syntax mean the same in ICU.
        let expression = try NSRegularExpression(pattern: pattern)
        return expression.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
    }

    @Test func checkHookFilesAreWhatTheRulesRead() throws {
        let check = try #require(try Self.patterns().first)
        let sourceRules = RuleRegistry.sourceRules
        let names = [
            "web/models/a/model.json", "renamed-model.json", "package.json", "scripts/convert.sh", "convert.bash", "x.zsh",
            "rules.mk", "Makefile", "sub/GNUmakefile", "Dockerfile", "docker/Dockerfile.gpu", "build.dockerfile",
            ".github/workflows/ci.yml", "ci.yaml", "tools/export.py", "src/load.ts", "src/load.mts", "app.cjs", "app.mjs",
            "App.tsx", "App.jsx", "index.js", "LOAD.TS",
            "README.md", "weights.bin", "image.png", "Sources/x.swift", "notes.txt", "makefile.txt", "shell",
        ]
        for name in names {
            let file = URL(fileURLWithPath: name).lastPathComponent
            let read = file.lowercased().hasSuffix(".json") || sourceRules.contains { $0.accepts(fileName: file) }
            #expect(try Self.matches(check, name) == read, "\(name)")
        }
    }

    @Test func fixHookTakesJSONOnly() throws {
        let fix = try #require(try Self.patterns().last)
        #expect(try Self.matches(fix, "a/model.json") && Self.matches(fix, "A/MODEL.JSON"))
        #expect(try !Self.matches(fix, "convert.sh") && !Self.matches(fix, "model.json.bak"))
    }
}

/// The built binary keeps the exit-code contract: 0 clean, 1 findings, 2 usage or configuration errors.
struct ExitCodeTests {
    static var binary: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            SamplesTests.samples.deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ]
        return candidates.map { $0.appendingPathComponent("tfjslint") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String, error: String) {
        let executable: URL = try #require(binary, "the tfjslint executable is built beside the tests")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func exitCodes() throws {
        let repository = try CheckRunnerTests.Repository()
        let folder = repository.root
        var result = try Self.run(["check", "models"], in: folder)
        #expect(result.status == 1 && result.output.contains("[non-finite-weights]"))
        try repository.configure("rules:\n  non-finite-weights: warning\n")
        result = try Self.run(["check", "models", "--format", "github", "--format", "sarif=out.sarif"], in: folder)
        #expect(result.status == 0 && result.output.hasPrefix("::warning file=models/nan/model.json,"))
        #expect(FileManager.default.fileExists(atPath: repository.path("out.sarif")))
        #expect(try Self.run(["check", "models", "--fail-on", "warning"], in: folder).status == 1)
        #expect(try Self.run(["check", "models", "--fail-on", "warning", "--exit-zero"], in: folder).status == 0)

        try repository.configure("rules:\n  non-finite-weight: off\n")
        result = try Self.run(["check", "models"], in: folder)
        #expect(result.status == 2 && result.error.contains(".tfjslint.yml:2:3: unknown rule or category 'non-finite-weight'"))
        #expect(try Self.run(["check", "models", "--config", "/nonexistent.yml"], in: folder).status == 2)
        #expect(try Self.run(["check", "models", "--format", "xml"], in: folder).status == 2)
        #expect(try Self.run(["explain", "non-finite-weight"], in: folder).status == 2)
        #expect(try Self.run(["explain", "non-finite-weights", "--format", "json"], in: folder).status == 0)
    }
}
