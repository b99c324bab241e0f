import Foundation
import Testing
import TFJSLintCore
import Yams
@testable import TFJSLintConfig

/// Rules/tfjslint.schema.json and the parser agree: the presets and a sample using every key pass both, and
/// wrong files fail both.
struct SchemaConformanceTests {
    static let schema: JSONNode? = RulesFolder.text(of: "tfjslint.schema.json").flatMap { try? JSONDocument(text: $0).root }
    let loader = ConfigurationLoader(ruleOptions: [
        "unsupported-op": ["allow"], "semantic-drift": [], "non-finite-weights": [], "async-execution-required": [],
    ])

    static let sample = """
        extends: recommended
        target: tfjs@4.22
        fail_on: warning
        only: [weights, graph, semantic-drift]
        disable: [non-finite-weights]
        include: ["web/models/**"]
        exclude: ["**/legacy/**"]
        rules:
          semantic-drift: warning
          weights: {severity: info}
          non-finite-weights: off
          unsupported-op: {severity: error, allow: [MatrixInverse]}
        overrides:
          - paths: ["experiments/**"]
            rules: {semantic-drift: off, graph: {severity: warning}}
        """

    @Test func presetsAndASampleUsingEveryKeyPassBoth() throws {
        let schema = try #require(Self.schema)
        var texts = ConfigurationLoader.presetNames.compactMap { RulesFolder.text(of: "presets/\($0).yaml") }
        #expect(texts.count == 3)
        texts.append(Self.sample)
        for text in texts {
            let instance = try #require(try Yams.compose(yaml: text))
            #expect(SchemaValidator(root: schema).errors(Self.value(instance)).isEmpty, "\(text)")
            _ = try loader.parse(text, file: "c.yml", folder: "/p", chain: [])
        }
        let sampleKeys = try #require(try Yams.compose(yaml: Self.sample)?.mapping?.keys.compactMap(\.string))
        #expect(Set(sampleKeys) == Set(ConfigurationLoader.topLevelKeys))
    }

    @Test(arguments: [
        "colour: red\n", "rules: {semantic-drift: loud}\n", "fail_on: off\n", "include: web/**\n", "only: weights\n",
        "rules: {unsupported-op: {}}\n", "rules: {unsupported-op: {allow: MatrixInverse}}\n", "overrides: [{rules: {}}]\n",
        "overrides: [{paths: [a], rules: {unsupported-op: {severity: off, allow: [X]}}}]\n", "target: tfjs-4.22\n",
        "overrides: [{paths: [], rules: {}}]\n", "rules: {Semantic-Drift: off}\n",
    ])
    func wrongFilesFailBoth(text: String) throws {
        let schema = try #require(Self.schema)
        let instance = try #require(try Yams.compose(yaml: text))
        #expect(!SchemaValidator(root: schema).errors(Self.value(instance)).isEmpty, "schema accepts \(text)")
        #expect(throws: ConfigurationError.self, "parser accepts \(text)") { try loader.parse(text, file: "c.yml", folder: "/p", chain: []) }
    }

    @Test func schemaNamesTheParsersKeys() throws {
        let schema = try #require(Self.schema)
        #expect((schema["properties"]?.members ?? []).map(\.key).sorted() == ConfigurationLoader.topLevelKeys.sorted())
        let override = schema["properties"]?["overrides"]?["items"]?["properties"]?.members?.map(\.key)
        #expect(override?.sorted() == ConfigurationLoader.overrideKeys.sorted())
        let settings = (schema["$defs"]?["setting"]?["enum"]?.array ?? []).compactMap(\.string)
        #expect(Set(settings) == Set(Severity.allCases.map(\.rawValue) + ["off"]))
        let categories = schema["$defs"]?["selector"]?["description"]?.string ?? ""
        #expect(RuleCategory.allCases.allSatisfy { categories.contains($0.rawValue) })
    }

    /// A YAML node as an editor's YAML 1.2 language server sees it: plain scalars typed by the core schema
    /// (so `off` is a string, as the parser reads it).
    static func value(_ node: Node) -> SchemaValidator.Value {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            guard scalar.style == .plain else { return .string(text) }
            if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
            if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
            if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
            if text.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil,
                let number = Double(text)
            {
                return .number(number)
            }
            return .string(text)
        case .sequence(let sequence):
            return .array(sequence.map(value))
        case .mapping(let mapping):
            return .object(mapping.map { ($0.key.string ?? "?", value($0.value)) })
        case .alias:
            return .null
        }
    }
}

/// The part of JSON Schema 2020-12 that tfjslint.schema.json uses: type, enum, pattern, properties,
/// additionalProperties, propertyNames, required, minProperties, items, minItems, oneOf and local $ref.
struct SchemaValidator {
    enum Value {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([(String, Value)])
    }

    let root: JSONNode

    func errors(_ value: Value, _ schema: JSONNode? = nil, at path: String = "") -> [String] {
        var schema = schema ?? root
        var errors: [String] = []
        if let reference = schema["$ref"]?.string {
            guard reference.hasPrefix("#"), let pointer = JSONPointer(String(reference.dropFirst())), let target = root.resolve(pointer) else {
                return ["\(path): unresolvable \(reference)"]
            }
            errors += self.errors(value, target, at: path)
            schema = JSONNode(.object((schema.members ?? []).filter { $0.key != "$ref" }), range: schema.range)
        }
        if let type = schema["type"]?.string, !Self.has(value, type: type) { errors.append("\(path): not \(type)") }
        if let options = schema["enum"]?.array, !options.contains(where: { Self.equal($0, value) }) { errors.append("\(path): not in enum") }
        if let pattern = schema["pattern"]?.string, case .string(let text) = value,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            errors.append("\(path): does not match \(pattern)")
        }
        if let alternatives = schema["oneOf"]?.array {
            let passing = alternatives.filter { self.errors(value, $0, at: path).isEmpty }.count
            if passing != 1 { errors.append("\(path): matches \(passing) of oneOf") }
        }
        if case .array(let items) = value {
            if let minimum = schema["minItems"]?.int, items.count < minimum { errors.append("\(path): fewer than \(minimum) items") }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { errors += self.errors(item, itemSchema, at: "\(path)/\(index)") }
            }
        }
        if case .object(let members) = value {
            if let minimum = schema["minProperties"]?.int, members.count < minimum { errors.append("\(path): fewer than \(minimum) properties") }
            for name in (schema["required"]?.array ?? []).compactMap(\.string) where !members.contains(where: { $0.0 == name }) {
                errors.append("\(path): \(name) is required")
            }
            for (key, member) in members {
                if let names = schema["propertyNames"] { errors += self.errors(.string(key), names, at: "\(path)/\(key) (name)") }
                if let property = schema["properties"]?[key] {
                    errors += self.errors(member, property, at: "\(path)/\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional.bool == false {
                        errors.append("\(path)/\(key): not allowed")
                    } else if additional.members != nil {
                        errors += self.errors(member, additional, at: "\(path)/\(key)")
                    }
                }
            }
        }
        return errors
    }

    static func has(_ value: Value, type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.number, "number"), (.string, "string"), (.array, "array"), (.object, "object"): true
        default: false
        }
    }

    static func equal(_ node: JSONNode, _ value: Value) -> Bool {
        switch value {
        case .string(let text): node.string == text
        case .number(let number): node.number == number
        case .bool(let bool): node.bool == bool
        case .null: node.isNull
        default: false
        }
    }
}
