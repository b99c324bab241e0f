import TFJSLintCore

/// Checks the activation / initializer / regularizer / constraint names in layer configs as TF.js resolves
/// them: camel-case the string (or the dict's `class_name`), map string identifiers through the category's
/// identifier table, then look the class name up in that category.
struct ConfigNameCheck {
    let category: CatalogCategory
    /// A structural (unsafe) fix for a name with no TF.js equivalent: (layer, key, camel-cased name, context).
    var structuralFix: ((LayerRecord, String, String, ModelContext) -> Fix?)? = nil

    /// Whether a layer-config key holds a value of this category.
    func holdsValue(_ key: String) -> Bool {
        switch category {
        case .activations: key == "activation" || key == "recurrent_activation"
        case .initializers: key.hasSuffix("_initializer")
        case .regularizers: key.hasSuffix("_regularizer")
        case .constraints: key.hasSuffix("_constraint")
        case .layers, .ops: false
        }
    }

    func findings<R: Rule>(_ rule: R.Type, in context: ModelContext) -> [Finding] {
        guard let model = context.model else { return [] }
        var findings: [Finding] = []
        // Layers TF.js lacks fail before their config values matter; unsupported-layer reports them.
        for layer in LayerWalk.layers(in: model) where !Self.containers.contains(layer.className)
            && context.available(PythonicNames.camelCase(layer.className), in: .layers) != nil
        {
            for member in layer.config?.members ?? [] where holdsValue(member.key) {
                let valuePointer = layer.configPointer.appending(member.key)
                if let finding = check(member.value, key: member.key, at: valuePointer, layer: layer, rule, context) {
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    static let containers: Set<String> = ["Sequential", "Model", "Functional"]

    private func check<R: Rule>(
        _ value: JSONNode, key: String, at pointer: JSONPointer, layer: LayerRecord, _ rule: R.Type, _ context: ModelContext
    ) -> Finding? {
        let written: String
        let namePointer: JSONPointer
        let isString: Bool
        if let text = value.string {
            written = text
            namePointer = pointer
            isString = true
        } else if let className = value["class_name"]?.string {
            written = className
            namePointer = pointer.appending("class_name")
            isString = false
        } else {
            return nil
        }
        let camel = PythonicNames.camelCase(written)
        let className = isString ? context.catalog.className(forIdentifier: camel, in: category) : camel
        let kind = category.kind
        let subject = "\(layer.label): \(key) \"\(written)\""
        if let entry = context.catalog.entry(className, in: category) {
            guard let since = entry.since, since > context.target else { return nil }
            return context.finding(
                rule, "\(subject) is only in TF.js \(since) and later, not in the target \(context.target) "
                    + "(\"Unknown \(kind): \(className)\")", at: namePointer, subject: layer.name)
        }
        var message = "\(subject) is unknown to TF.js \(context.target)"
        if camel != written { message += ", which camel-cases it to \"\(camel)\"" }
        message += " (\"Unknown \(kind): \(className)\")"
        var fix: Fix?
        if let missing = context.catalog.missingEntry(camel, in: category) ?? context.catalog.missingEntry(written, in: category) {
            switch missing.replacement {
            case .name(let replacement) where context.available(
                context.catalog.className(forIdentifier: replacement, in: category), in: category) == nil:
                message += "; its equivalent \"\(replacement)\" is not in TF.js \(context.target) either"
            case .name(let replacement):
                message += "; use \"\(replacement)\"" + (missing.exact ? ", which computes the same" : "")
                fix = Fix(
                    "replace \"\(written)\" with \"\(replacement)\"", safety: missing.exact ? .safe : .unsafe,
                    edits: [.replace(namePointer, with: .string(replacement))])
            case .null:
                message += "; it has no effect on inference, so it can be dropped (null)"
                fix = Fix("drop the \(kind) (null)", safety: missing.exact ? .safe : .unsafe, edits: [.replace(pointer, with: .null)])
            case nil:
                if let instead = missing.instead { message += "; \(instead)" }
                fix = structuralFix?(layer, key, camel, context)
            }
            if let note = missing.note { message += " (\(note))" }
        }
        return context.finding(rule, message, at: namePointer, subject: layer.name, fix: fix)
    }
}
