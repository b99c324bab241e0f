import Testing
import TFJSLintKit
import TFJSLintRules

/// Runs every rule's declared examples: triggering ones must be reported (at the declared pointers),
/// non-triggering ones must not, and corrections must produce the declared text and be idempotent.
struct RuleExampleTests {
    static let ruleIDs = RuleRegistry.modelRules.map { $0.description.id }

    static func rule(_ id: String) -> any ModelRule {
        RuleRegistry.modelRules.first { $0.description.id == id }!.init()
    }

    static func findings(of id: String, in example: RuleExample) -> [Finding] {
        Linter(rules: [rule(id)]).lint(
            path: "model.json", bytes: Array(example.model.utf8), files: InMemoryModelFiles(example.files))
        .filter { $0.ruleID == id }
    }

    @Test("rule ids are unique, kebab-case, and every rule has examples", arguments: ruleIDs)
    func description(id: String) {
        let description = Self.rule(id).ruleDescription
        #expect(Self.ruleIDs.filter { $0 == id }.count == 1)
        #expect(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
        #expect(!description.triggering.isEmpty && !description.nonTriggering.isEmpty)
        #expect(!description.summary.isEmpty && !description.rationale.isEmpty)
    }

    @Test("triggering examples are reported", arguments: ruleIDs)
    func triggering(id: String) {
        for (index, example) in Self.rule(id).ruleDescription.triggering.enumerated() {
            let found = Self.findings(of: id, in: example)
            #expect(!found.isEmpty, "triggering example \(index) of \(id) was not reported")
            if let pointers = example.pointers {
                #expect(found.map { $0.pointer } == pointers, "triggering example \(index) of \(id)")
            }
        }
    }

    @Test("non-triggering examples are not reported", arguments: ruleIDs)
    func nonTriggering(id: String) {
        for (index, example) in Self.rule(id).ruleDescription.nonTriggering.enumerated() {
            let found = Self.findings(of: id, in: example)
            #expect(found.isEmpty, "non-triggering example \(index) of \(id): \(found.map(\.message))")
        }
    }

    @Test("corrections give the declared output and are idempotent", arguments: ruleIDs)
    func corrections(id: String) {
        let rule = Self.rule(id)
        for (index, correction) in rule.ruleDescription.corrections.enumerated() {
            let fixer = Fixer(linter: Linter(rules: [rule]), allowed: correction.safety)
            let files = InMemoryModelFiles(correction.before.files)
            let once = fixer.fix(path: "model.json", bytes: Array(correction.before.model.utf8), files: files)
            #expect(String(decoding: once.bytes, as: UTF8.self) == correction.after, "correction \(index) of \(id)")
            let twice = fixer.fix(path: "model.json", bytes: once.bytes, files: files)
            #expect(!twice.changed, "correction \(index) of \(id) is not idempotent")
            if correction.safety == .unsafe {
                let safeOnly = Fixer(linter: Linter(rules: [rule]), allowed: .safe)
                    .fix(path: "model.json", bytes: Array(correction.before.model.utf8), files: files)
                #expect(String(decoding: safeOnly.bytes, as: UTF8.self) != correction.after,
                        "unsafe correction \(index) of \(id) happened with safe fixes only")
            }
        }
    }
}

/// The examples of rules that read project files (code, scripts) rather than models.
struct SourceRuleExampleTests {
    static let ruleIDs = RuleRegistry.sourceRules.map { $0.description.id }
    static let converter = try? ConverterFactsLoader.bundled()

    static func findings(of id: String, in example: RuleExample) throws -> [Finding] {
        let rule = try #require(RuleRegistry.sourceRules.first { $0.description.id == id })
        let name = try #require(example.sourceName, "source rule examples name their file")
        let ruleType: any SourceRule.Type = rule
        let accepted = ruleType.accepts(fileName: String(name.split(separator: "/").last ?? ""))
        #expect(accepted, "\(id) does not read \(name)")
        let models = ProjectModels(roots: ["/project"], formats: Dictionary(uniqueKeysWithValues: example.projectModels.map { ("/project/" + $0.key, $0.value) }))
        let context = SourceContext(path: "/project/" + name, text: example.model, models: models, converter: try #require(converter))
        return rule.init().validate(context).filter { $0.ruleID == id }
    }

    @Test("source rule examples", arguments: ruleIDs)
    func examples(id: String) throws {
        let description = try #require(RuleRegistry.rule(id: id)).description
        #expect(!description.triggering.isEmpty && !description.nonTriggering.isEmpty)
        for (index, example) in description.triggering.enumerated() {
            let found = try Self.findings(of: id, in: example)
            #expect(!found.isEmpty, "triggering example \(index) of \(id) was not reported")
            if let lines = example.lines { #expect(found.map(\.location.line) == lines, "triggering example \(index) of \(id): \(found.map(\.message))") }
        }
        for (index, example) in description.nonTriggering.enumerated() {
            let found = try Self.findings(of: id, in: example)
            #expect(found.isEmpty, "non-triggering example \(index) of \(id): \(found.map(\.message))")
        }
    }
}
