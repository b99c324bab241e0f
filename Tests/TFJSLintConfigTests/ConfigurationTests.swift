import Foundation
import Testing
import TFJSLintCore
@testable import TFJSLintConfig

struct ConfigurationTests {
    let loader = ConfigurationLoader(ruleIDs: ["non-finite-weights", "semantic-drift", "keras3-batch-shape"])
    static let drift = RuleDescription(
        id: "semantic-drift", category: .layers, defaultSeverity: .warning, summary: "s", rationale: "r",
        triggering: [], nonTriggering: [])

    func write(_ text: String, name: String = ".tfjslint.yml") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyPresetLoads() throws {
        #expect(Set(ConfigurationLoader.presetNames).isSuperset(of: ["recommended", "strict", "keras3-migration"]))
        let all = ConfigurationLoader(ruleIDs: ["semantic-drift", "async-execution-required"])
        for name in ConfigurationLoader.presetNames {
            let path = try write("extends: \(name)\n")
            _ = try all.load(file: path)
        }
        #expect(try all.load(file: try write("extends: strict\n")).failOn == .warning)
        #expect(try all.recommended().target == TFJSVersion(4, 22))
    }

    @Test func severitiesByIdCategoryAndPath() throws {
        let path = try write("""
            rules:
              layers: error
              non-finite-weights: {severity: off}
            overrides:
              - paths: ["experiments/**"]
                rules: {semantic-drift: off}
            """)
        let configuration = try loader.load(file: path)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        #expect(configuration.severity(of: Self.drift, forFile: base.appendingPathComponent("web/model.json").path) == .error)
        #expect(configuration.severity(of: Self.drift, forFile: base.appendingPathComponent("experiments/a/model.json").path) == nil)
        #expect(configuration.rules["non-finite-weights"] == .some(nil))
    }

    @Test(arguments: [
        ("colour: red\n", 1, 1, "unknown key 'colour'"),
        ("rules:\n  non-finite-weight: off\n", 2, 3, "did you mean non-finite-weights?"),
        ("rules:\n  semantic-drift: loud\n", 2, 19, "'loud' is not a severity"),
        ("target: 4\n", 1, 9, "not a version"),
        ("base: &b {a: 1}\nrules: *b\n", 1, 7, "anchors and aliases are not allowed"),
        ("overrides:\n  - rules: {semantic-drift: off}\n", 2, 5, "an override needs paths"),
    ])
    func errorsSayWhereAndWhat(text: String, line: Int, column: Int, reason: String) throws {
        let path = try write(text)
        do {
            _ = try loader.load(file: path)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.file == path)
            #expect((error.line, error.column) == (line, column), "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func extendsCyclesAreErrors() throws {
        let first = try write("extends: other.yml\n")
        let folder = URL(fileURLWithPath: first).deletingLastPathComponent()
        try "extends: .tfjslint.yml\n".write(to: folder.appendingPathComponent("other.yml"), atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try loader.load(file: first) }
    }

    @Test(arguments: [
        ("**/legacy/**", "a/legacy/b/model.json", true), ("**/legacy/**", "legacy/model.json", true),
        ("web/models/**", "web/models/x/model.json", true), ("web/models/**", "web/other/model.json", false),
        ("*.json", "model.json", true), ("*.json", "a/model.json", false), ("m?del.json", "model.json", true),
        ("[a-c]*/model.json", "b1/model.json", true), ("[!a-c]*/model.json", "b1/model.json", false),
        ("**", "any/thing", true), ("a/**/z", "a/z", true), ("a/**/z", "a/b/c/z", true), ("a/*/z", "a/b/c/z", false),
        ("**/*.json", "m.json", true), ("[]]x", "]x", true), ("a[", "a[", true), ("*a*b*", "xaybz", true), ("*a*b", "xaybz", false),
        ("**/**/**/**/**/**/**/**/x", "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/y", false),
    ])
    func globs(pattern: String, path: String, matches: Bool) {
        #expect(Glob.matches(pattern, path) == matches)
        #expect(PathPattern("./" + pattern, base: "/p/q/..").matches("/p/" + path) == matches)
    }
}

struct RuleOptionTests {
    @Test func ruleBlocksCarryOptions() throws {
        let loader = ConfigurationLoader(ruleOptions: ["unsupported-op": ["allow"]])
        let configuration = try loader.parse(
            "rules:\n  unsupported-op:\n    severity: warning\n    allow: [MatrixInverse, Lgamma]\n", file: "c.yml", folder: "/", chain: [])
        #expect(configuration.options["unsupported-op"]?.strings("allow") == ["MatrixInverse", "Lgamma"])
        #expect(configuration.rules["unsupported-op"] == .some(.warning))
        #expect(throws: ConfigurationError.self) {
            try loader.parse("rules:\n  unsupported-op: {severity: error, allow: MatrixInverse}\n", file: "c.yml", folder: "/", chain: [])
        }
    }
}

struct ConverterFactsTests {
    @Test func bundledFactsHaveTheConverterPairsAndFlags() throws {
        let facts = try ConverterFactsLoader.bundled()
        #expect(facts.defaultInput == "tf_saved_model")
        #expect(facts.isSupported(input: "keras", output: "tfjs_graph_model"))
        #expect(!facts.isSupported(input: "keras_keras", output: "tfjs_graph_model"))
        #expect(facts.defaultOutput["keras_keras"] == nil && facts.defaultOutput["tf_hub"] == "tfjs_graph_model")
        #expect(facts.pairs.values.reduce(0) { $0 + $1.count } == 12)
        #expect(facts.flag(named: "quantize_uint8")?.arity == .optional)
        #expect(facts.flag(named: "input")?.name == "input_format")  // argparse prefix matching
        #expect(facts.flag(named: "quantize") == nil)  // ambiguous prefix
        #expect(facts.flag(named: "output_node_names")?.requiredFor == ["tf_frozen_model"])
        #expect(facts.flag(named: "control_flow_v2")?.type == .bool && facts.flag(named: "weight_shard_size_bytes")?.type == .int)
        if case .ambiguous(let candidates) = facts.lookup("--quantize") {
            #expect(candidates == ["quantize_float16", "quantize_uint16", "quantize_uint8"])
        } else {
            Issue.record("--quantize must be ambiguous")
        }
        if case .flag(let version) = facts.lookup("-v") { #expect(version.name == "version") } else { Issue.record("-v") }
        if case .unknown = facts.lookup("-input_format") {} else { Issue.record("one dash takes only short aliases") }
    }

    /// What each flag does per pair, as observed by running the converter (Rules/verify_converter.py facts).
    @Test func flagParticipationPerPair() throws {
        let facts = try ConverterFactsLoader.bundled()
        func participation(_ flag: String, _ input: String, _ output: String?) -> ConverterFacts.Participation? {
            facts.flag(named: flag)?.participation(input: input, output: output)
        }
        #expect(participation("control_flow_v2", "tf_saved_model", "tfjs_graph_model") == .used)
        #expect(participation("control_flow_v2", "tf_frozen_model", "tfjs_graph_model") == .ignored)
        #expect(participation("control_flow_v2", "keras", "tfjs_layers_model") == .error)
        #expect(participation("metadata", "tfjs_layers_model", "tfjs_layers_model") == .ignored)
        #expect(participation("metadata", "tfjs_layers_model", "tfjs_graph_model") == .used)
        #expect(participation("signature_name", "keras", "tfjs_graph_model") == .error)
        #expect(participation("weight_shard_size_bytes", "tfjs_layers_model", "keras") == .error)
        #expect(participation("split_weights_by_layer", "keras", "tfjs_graph_model") == .ignored)
        #expect(participation("use_structured_outputs_names", "tfjs_layers_model", "tfjs_graph_model") == .ignored)
        #expect(participation("quantize_uint8", "tfjs_layers_model", "keras") == .ignored)
        let flag = try #require(facts.flag(named: "control_flow_v2"))
        #expect(flag.message(input: "keras", output: "tfjs_layers_model") == """
            ('The --control_flow_v2 flag is applicable only to "tfjs_graph_model" as output format, but the current  output \
            format is "keras"', 'tfjs_layers_model')
            """)
        #expect(!flag.isGiven(value: "") && flag.isGiven(value: "False") && flag.isGiven(value: nil))
        #expect(throws: ConverterFactsLoader.Failure.self) { try ConverterFactsLoader.load("pairs: [1") }
    }
}

struct RuleSelectionTests {
    static func rule(_ id: String, _ category: RuleCategory, _ severity: Severity = .error) -> RuleDescription {
        RuleDescription(id: id, category: category, defaultSeverity: severity, summary: "s", rationale: "r", triggering: [], nonTriggering: [])
    }

    let loader = ConfigurationLoader(ruleIDs: ["unsupported-op", "missing-shard", "semantic-drift", "async-execution-required"])
    let op = Self.rule("unsupported-op", .graph)
    let shard = Self.rule("missing-shard", .weights)
    let drift = Self.rule("semantic-drift", .layers, .warning)

    @Test func onlyAndDisableTakeIdsAndCategories() throws {
        let configuration = try loader.parse("only: [graph, missing-shard]\ndisable: [unsupported-op]\n", file: "c.yml", folder: "/p", chain: [])
        #expect(!configuration.selects(op) && configuration.selects(shard) && !configuration.selects(drift))
        #expect(configuration.severity(of: shard, forFile: "/p/m.json") == .error)
        #expect(configuration.severity(of: op, forFile: "/p/m.json") == nil)
        #expect(!configuration.mayRun(op) && configuration.mayRun(shard))
    }

    @Test func extendingMergesRulesAndAccumulatesDisable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-extends-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            extends: strict
            only: [weights]
            disable: [semantic-drift]
            exclude: ["legacy/**"]
            rules: {missing-shard: warning, semantic-drift: info}
            """.write(to: folder.appendingPathComponent("shared/base.yml"), atomically: true, encoding: .utf8)
        let child = folder.appendingPathComponent(".tfjslint.yml")
        try """
            extends: shared/base.yml
            only: [weights, graph]
            disable: [unsupported-op]
            rules: {missing-shard: off}
            overrides:
              - paths: ["web/**"]
                rules: {weights: info}
            """.write(to: child, atomically: true, encoding: .utf8)
        let configuration = try loader.load(file: child.path)
        #expect(configuration.failOn == .warning)  // from strict, two files up
        #expect(configuration.only == ["weights", "graph"])
        #expect(configuration.disabled == ["semantic-drift", "unsupported-op"])
        #expect(configuration.rules["missing-shard"] == .some(nil) && configuration.rules["semantic-drift"] == .some(.info))
        // The base's exclude is relative to shared/, the child's override to the child's folder.
        #expect(configuration.includes(folder.appendingPathComponent("legacy/m.json").path))
        #expect(!configuration.includes(folder.appendingPathComponent("shared/legacy/m.json").path))
        #expect(configuration.severity(of: shard, forFile: folder.appendingPathComponent("web/a/model.json").path) == .info)
        #expect(configuration.severity(of: shard, forFile: folder.appendingPathComponent("app/model.json").path) == nil)
        #expect(configuration.mayRun(shard), "turned on by an override")
    }

    @Test func configurationFileIsFoundUpward() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfjslint-discover-\(UUID().uuidString)")
        let deep = folder.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "rules: {}\n".write(to: folder.appendingPathComponent("a/.tfjslint.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: deep.appendingPathComponent(".tfjslint.yml"), withIntermediateDirectories: true)
        #expect(ConfigurationLoader.discover(from: deep.path) == folder.appendingPathComponent("a/.tfjslint.yml").standardizedFileURL.path)
    }

    @Test(arguments: [
        ("semantic-drfit", ["semantic-drift"]), ("unsupported_op", ["unsupported-op"]), ("shard", ["missing-shard"]),
        ("zzzzzzzz", []), (String(repeating: "a", count: 10_000), []),
    ])
    func suggestionsAreClose(typed: String, expected: [String]) {
        #expect(NameSuggestions.closest(to: typed, in: ["unsupported-op", "missing-shard", "semantic-drift"]) == expected)
    }
}
