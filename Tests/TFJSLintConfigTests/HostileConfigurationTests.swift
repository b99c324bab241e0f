import Foundation
import Testing
import TFJSLintCore
@testable import TFJSLintConfig

/// Configuration files are input too: whatever they hold gives a located error, never a crash or a hang.
@Suite(.timeLimit(.minutes(1)))
struct HostileConfigurationTests {
    let loader = ConfigurationLoader(ruleOptions: ["unsupported-op": ["allow"], "semantic-drift": []])

    func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try loader.parse(text, file: "c.yml", folder: "/project", chain: [])
    }

    func error(_ text: String) -> ConfigurationError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func deepNestingIsAnErrorAtItsPlace() {
        for text in ["rules: " + String(repeating: "[", count: 200_000), "rules:\n" + (0..<1500).map { String(repeating: " ", count: $0 + 2) + "a\($0):\n" }.joined()] {
            let failure = error(text)
            #expect(failure?.reason.contains("nesting") == true, "\(String(describing: failure))")
            #expect((failure?.line ?? 0) >= 1)
        }
    }

    @Test func aliasBombsAreRefusedBeforeExpansion() {
        // Nine levels of nine aliases: 387 million strings if expanded, and keys Yams would hash deeply.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        text += "rules: {*a9: error}\n"
        let failure = error(text)
        #expect((failure?.line, failure?.column) == (1, 5))
        #expect(failure?.reason.contains("'&a0' is a YAML anchor") == true)
    }

    @Test(arguments: [
        ("a:\t&x [1]\n", 1, 4, "&x"),
        ("include: [&_a \"x\"]\n", 1, 11, "&_a"),
        ("? &k rules\n: {}\n", 1, 3, "&k"),
        ("rules: {\"a\":*b}\n", 1, 13, "*b"),
        ("rules:\n  - x\n  -\t*y\n", 3, 5, "*y"),
        ("\u{FEFF}&r rules: {}\n", 1, 2, "&r"),
        ("text: \"quoted then\" # c\nx: [a,*b]\n", 2, 7, "*b"),
    ])
    func anchorsAndAliasesAreFoundWhereverLibyamlScansThem(text: String, line: Int, column: Int, token: String) {
        let found = YAMLReader.firstAnchorOrAlias(in: text)
        #expect(found?.line == line && found?.column == column && found?.token == token, "\(String(describing: found))")
    }

    @Test(arguments: [
        "exclude: [\"**/legacy/**\", \"*.json\", 'web/*/model.json']\n",
        "# a comment about *aliases and &anchors\nrules: {}\n",
        "    # indented comment *x\ninclude: [a*b, c&d]\n",
        "target: tfjs@4.22\n",
    ])
    func ordinaryConfigurationsHaveNone(text: String) {
        #expect(YAMLReader.firstAnchorOrAlias(in: text) == nil)
    }

    @Test func unquotedGlobsGetAHint() {
        let failure = error("exclude: [**/legacy/**]\n")
        #expect((failure?.line, failure?.column) == (1, 12))
        #expect(failure?.reason.contains("quote strings that start with *") == true, "\(String(describing: failure))")
    }

    @Test(arguments: [
        ("rules: {a: b\n", 2, 1, "not valid YAML: did not find expected ',' or '}'"),
        ("rules:\n  semantic-drift: off\n  semantic-drift: error\n", 2, 3, "semantic-drift given twice"),
        ("a: 1\n---\nb: 2\n", 2, 1, "not valid YAML"),
        ("rules: [semantic-drift]\n", 1, 8, "expected a mapping from rule id or category"),
        ("include: web/**\n", 1, 10, "expected a list of globs"),
        ("target: [4, 22]\n", 1, 9, "expected a TF.js version"),
        ("fail_on: off\n", 1, 10, "'off' is not a severity; use error, warning or info"),
        ("overrides: {paths: [a]}\n", 1, 12, "expected a list of {paths, rules}"),
        ("extends: [strict]\n", 1, 10, "expected a preset name"),
        ("only: {weights: 1}\n", 1, 7, "expected a list of rule ids and categories"),
        ("only: [[weights]]\n", 1, 8, "expected a rule id or category"),
        ("? [a]\n: b\n", 1, 3, "keys must be strings"),
        ("rules:\n  unsupported-op: {severity: error, alow: [X]}\n", 2, 37, "unknown option 'alow' for unsupported-op; allowed: severity, allow"),
        ("rules:\n  semantic-drift: {allow: [X]}\n", 2, 20, "unknown option 'allow' for semantic-drift; allowed: severity"),
        ("rules:\n  unsupported-op: {}\n", 2, 19, "an empty rule block"),
        ("overrides:\n  - paths: [a]\n    rules: {unsupported-op: {severity: off, allow: [X]}}\n", 3, 45, "options are set in the top-level rules"),
        ("overrides:\n  - paths: [a]\n    rule: {}\n", 3, 5, "unknown key 'rule' in an override; allowed: paths, rules"),
        ("rule: {}\n", 1, 1, "unknown key 'rule'; did you mean rules?"),
        ("disable: [semantic-drfit]\n", 1, 11, "did you mean semantic-drift?"),
        ("extends: nothing-like-it\n", 1, 10, "no preset 'nothing-like-it'; presets: keras3-migration, recommended, strict"),
    ])
    func wrongShapesAreLocatedErrors(text: String, line: Int, column: Int, reason: String) {
        let failure = error(text)
        #expect(failure?.file == "c.yml")
        #expect((failure?.line, failure?.column) == (line, column), "\(String(describing: failure))")
        #expect(failure?.reason.contains(reason) == true, "\(String(describing: failure))")
    }

    @Test func hugeEndlessAndBinaryFilesAreErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let huge = folder.appendingPathComponent("huge.yml")
        try Data(("rules: {}\n" + String(repeating: "# padding\n", count: 120_000)).utf8).write(to: huge)
        let binary = folder.appendingPathComponent("binary.yml")
        try Data([0x72, 0x3A, 0x20, 0xFF, 0xFE, 0x00]).write(to: binary)
        var paths = [huge.path, binary.path, folder.path, folder.appendingPathComponent("missing.yml").path]
        if FileManager.default.fileExists(atPath: "/dev/zero") { paths.append("/dev/zero") }
        for path in paths {
            #expect(throws: ConfigurationError.self, "\(path)") { try loader.load(file: path) }
        }
    }
}
