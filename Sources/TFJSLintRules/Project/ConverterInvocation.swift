import TFJSLintCore

/// A `tensorflowjs_converter` command found in a script, a Makefile, a Dockerfile, CI YAML, package.json or
/// Python (an argument list, or a command string): its arguments, and how the converter's argparse reads them.
struct ConverterInvocation {
    /// The converter word itself.
    let command: CommandWord
    let arguments: [CommandWord]

    struct Option {
        /// The flag's full name when argparse resolves the word, else the word's name without dashes.
        let name: String
        /// The word as written, up to any `=`.
        let written: String
        let lookup: ConverterFacts.Lookup
        /// The value; nil when none was given, or when it is not a literal (`dynamic`).
        let value: String?
        let dynamic: Bool
        /// True when the value was the next word (`--flag value`), not `--flag=value`.
        let separateValue: Bool
        /// True for `--flag=value`.
        let inlineValue: Bool
        let offset: Int

        var flag: ConverterFacts.Flag? {
            if case .flag(let flag) = lookup { return flag }
            return nil
        }
    }

    /// The arguments as argparse splits them.
    struct Arguments {
        var options: [Option] = []
        /// The words argparse takes as input_path and output_path.
        var paths: [CommandWord] = []
        /// Positional words argparse cannot place: it stops with "unrecognized arguments".
        var unrecognized: [CommandWord] = []
        /// Whether a positional word came after an option that followed the first positional words.
        var interleaved = false
        /// Whether some word may stand for several words, so flags and paths may hide in it.
        var spreads = false

        func last(_ name: String) -> Option? { options.last { $0.name == name } }
        func has(_ name: String) -> Bool { options.contains { $0.name == name } }
    }

    /// Splits the arguments as the converter's argparse does: options with their values; the first run of
    /// positional words gives input_path and output_path (both nargs='?'), every later positional word is left over.
    func parse(_ facts: ConverterFacts) -> Arguments {
        var result = Arguments()
        result.spreads = arguments.contains { $0.spreads }
        var index = 0
        var positionalsOnly = false
        var firstRunEnded = false
        func positional(_ word: CommandWord) {
            if firstRunEnded || result.paths.count == 2 {
                result.unrecognized.append(word)
                if firstRunEnded, !result.paths.isEmpty { result.interleaved = true }
            } else {
                result.paths.append(word)
            }
        }
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard !positionalsOnly, Self.looksLikeFlag(word.head) else {
                positional(word)
                continue
            }
            guard let text = word.text else {
                // `--output_format=$FMT`: a known flag with an unknown value; `--$NAME`: nothing is known.
                guard let equals = word.head.firstIndex(of: "=") else {
                    result.spreads = true
                    continue
                }
                let written = String(word.head[..<equals])
                let lookup = facts.lookup(written)
                let name: String = if case .flag(let flag) = lookup { flag.name } else { String(written.drop { $0 == "-" }) }
                result.options.append(Option(
                    name: name, written: written, lookup: lookup, value: nil, dynamic: true, separateValue: false, inlineValue: true,
                    offset: word.offset))
                continue
            }
            if text == "--" {
                positionalsOnly = true
                continue
            }
            if !result.paths.isEmpty { firstRunEnded = true }
            let equals = text.firstIndex(of: "=")
            let written = String(text[..<(equals ?? text.endIndex)])
            let lookup = facts.lookup(written)
            let name: String = if case .flag(let flag) = lookup { flag.name } else { String(written.drop { $0 == "-" }) }
            if let equals {
                result.options.append(Option(
                    name: name, written: written, lookup: lookup, value: String(text[text.index(after: equals)...]), dynamic: false,
                    separateValue: false, inlineValue: true, offset: word.offset))
                continue
            }
            var value: CommandWord?
            if case .flag(let flag) = lookup, flag.arity != .none, index < arguments.count {
                let next = arguments[index]
                if !Self.looksLikeFlag(next.head), !(flag.arity == .optional && next.spreads) {
                    value = next
                    index += 1
                }
            }
            result.options.append(Option(
                name: name, written: written, lookup: lookup, value: value?.text, dynamic: value != nil && value?.text == nil,
                separateValue: value != nil, inlineValue: false, offset: word.offset))
        }
        return result
    }

    /// argparse's test: a word starting with `-` is an option unless it is `-` alone or a negative number.
    static func looksLikeFlag(_ text: String) -> Bool {
        text.hasPrefix("-") && text.count > 1 && Double(text) == nil
    }

    /// A format the converter will use: given, its default, none (no default), or unknown (not a literal, or
    /// possibly hidden in a word that spreads).
    enum Format: Equatable {
        case known(String)
        case none
        case unknown
    }

    static func formats(_ arguments: Arguments, _ facts: ConverterFacts) -> (input: Format, output: Format) {
        func given(_ name: String) -> Format? {
            guard let option = arguments.last(name) else { return arguments.spreads ? .unknown : nil }
            return option.value.map(Format.known) ?? .unknown
        }
        let input = given("input_format") ?? .known(facts.defaultInput)
        let output: Format
        if let explicit = given("output_format") {
            output = explicit
        } else if case .known(let name) = input {
            output = facts.defaultOutput[name].map(Format.known) ?? .none
        } else {
            output = .unknown
        }
        return (input, output)
    }

    // MARK: Finding invocations

    static let executable = "tensorflowjs_converter"
    static let module = "tensorflowjs.converters.converter"
    /// Commands that name the converter without running it.
    static let mentioningCommands: Set<String> = ["echo", "printf", "which", "type", "hash", "whereis", "alias"]

    /// The invocation in one command's words: after `tensorflowjs_converter` (also as `@tensorflowjs_converter`
    /// in a Makefile recipe, or a path ending in it) or `-m tensorflowjs.converters.converter`. A bare mention
    /// without arguments is not an invocation.
    static func invocation(in words: [CommandWord]) -> ConverterInvocation? {
        if let first = words.first?.text, mentioningCommands.contains(first) { return nil }
        for (index, word) in words.enumerated() {
            guard let text = word.text else { continue }
            let program = String(text.split(separator: "/").last ?? "").drop { "@-+".contains($0) }
            let isModule = text == module && index > 0 && words[index - 1].text == "-m"
            guard program == executable || isModule else { continue }
            let arguments = Array(words[(index + 1)...])
            return arguments.isEmpty ? nil : ConverterInvocation(command: word, arguments: arguments)
        }
        return nil
    }

    /// Invocations in shell-like text (scripts, Makefiles, Dockerfiles, YAML `run:` lines).
    static func inShellText(_ text: String, baseOffset: Int = 0) -> [ConverterInvocation] {
        ShellWords.commands(text, baseOffset: baseOffset).compactMap(invocation(in:))
    }

    /// Invocations in package.json `scripts`.
    static func inPackageJSON(_ text: String) -> [ConverterInvocation] {
        guard let document = try? JSONDocument(text: text), let scripts = document.root["scripts"]?.members else { return [] }
        return scripts.flatMap { member -> [ConverterInvocation] in
            guard let script = member.value.string else { return [] }
            return inShellText(script, baseOffset: member.value.range.lowerBound + 1)
        }
    }

    /// Invocations in Python: argument lists (`["tensorflowjs_converter", "--input_format", fmt, src, dst]`) and
    /// command strings (`os.system("tensorflowjs_converter ...")`, `shlex.split(f"...")`). A command string
    /// continued by `+`, `%` or `.format` ends in words of unknown value.
    static func inPython(_ source: PythonSource) -> [ConverterInvocation] {
        var invocations = inLists(source.tokens)
        for (index, token) in source.tokens.enumerated() where token.kind == .string {
            guard token.text.contains(executable) || token.text.contains(module) else { continue }
            var commands = ShellWords.commands(of: ShellWords.split(token.text, baseOffset: token.contentOffset))
            let next = index + 1 < source.tokens.count ? source.tokens[index + 1] : nil
            let continued = next.map { $0.isPunctuation("+") || $0.isPunctuation("%") || $0.isPunctuation(".") } ?? false
            if continued, let last = commands.indices.last {
                commands[last].append(CommandWord(text: nil, offset: next?.offset ?? token.offset, spreads: true))
            }
            invocations += commands.compactMap(invocation(in:))
        }
        return invocations
    }

    /// Invocations written as lists (Python lists, JSON arrays of a Dockerfile `RUN [...]` or a YAML `command:`).
    /// An element is a word when it is a string literal (or literals side by side); `*args` spreads.
    static func inLists(_ tokens: [PythonSource.Token]) -> [ConverterInvocation] {
        struct OpenList {
            let isList: Bool
            var elements: [CommandWord] = []
            var elementStart: Int?
            var literal: String? = ""
            var head = ""
            var spreads = false
        }
        var stack: [OpenList] = []
        var invocations: [ConverterInvocation] = []
        func closeElement() {
            guard var top = stack.popLast() else { return }
            if let start = top.elementStart {
                top.elements.append(CommandWord(text: top.spreads ? nil : top.literal, offset: start, spreads: top.spreads, head: top.head))
            }
            top.elementStart = nil
            top.literal = ""
            top.head = ""
            top.spreads = false
            stack.append(top)
        }
        func note(_ token: PythonSource.Token) {
            guard var top = stack.popLast() else { return }
            if top.elementStart == nil {
                top.elementStart = token.offset
                top.spreads = token.isPunctuation("*")
                // An f-string's or a concatenation's literal start: `f"--output_format={fmt}"`, `"--output_format=" + fmt`.
                if token.kind == .string { top.head = String(token.text.prefix { !token.hasFields || $0 != "$" }) }
            }
            if let literal = token.literal, let sofar = top.literal { top.literal = sofar + literal } else { top.literal = nil }
            stack.append(top)
        }
        for token in tokens {
            if token.isPunctuation("[") || token.isPunctuation("(") || token.isPunctuation("{") {
                note(token)
                stack.append(OpenList(isList: token.isPunctuation("[")))
            } else if token.isPunctuation("]") || token.isPunctuation(")") || token.isPunctuation("}") {
                closeElement()
                if let list = stack.popLast(), list.isList, let found = invocation(in: list.elements) {
                    invocations.append(found)
                }
                if var outer = stack.popLast() {
                    outer.literal = nil
                    stack.append(outer)
                }
            } else if token.isPunctuation(",") {
                closeElement()
            } else {
                note(token)
            }
        }
        return invocations
    }
}

extension ConverterInvocation {
    /// Files that may run the converter: shell scripts, Makefiles, Dockerfiles, CI YAML, package.json, Python.
    static func isConversionScript(_ fileName: String) -> Bool {
        let lower = fileName.lowercased()
        let parts = lower.split(separator: ".")
        let ext = parts.count > 1 ? String(parts.last ?? "") : ""
        return ["sh", "bash", "zsh", "mk", "yml", "yaml", "py"].contains(ext) || lower == "package.json"
            || ["makefile", "gnumakefile"].contains(lower) || lower.hasPrefix("dockerfile") || lower.hasSuffix(".dockerfile")
    }

    /// Every invocation in a project file, read the way its kind of file is written.
    static func all(in context: SourceContext) -> [ConverterInvocation] {
        if context.fileName.lowercased() == "package.json" { return inPackageJSON(context.text) }
        if context.fileExtension == "py" { return inPython(PythonSource(context.text)) }
        return inShellText(context.text) + inLists(PythonSource(context.text).tokens)
    }
}
