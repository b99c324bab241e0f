import TFJSLintCore

/// One word of a command line, with the byte offset where it starts. `text` is nil when the word is not a
/// literal (a `$VAR`, a command substitution, a Python variable): its value cannot be known.
struct CommandWord: Equatable {
    let text: String?
    let offset: Int
}

/// A `tensorflowjs_converter` command found in a script, a Makefile, a Dockerfile, CI YAML, package.json or
/// a Python `subprocess` argument list: its arguments, and how the converter's argparse reads them.
struct ConverterInvocation {
    /// The converter word itself.
    let command: CommandWord
    let arguments: [CommandWord]

    struct Option {
        let name: String
        let flag: ConverterFacts.Flag?
        /// The value; nil when none was given, or when it is not a literal (`dynamic`).
        let value: String?
        let dynamic: Bool
        /// True when the value was the next word (`--flag value`), not `--flag=value`.
        let separateValue: Bool
        let offset: Int
    }

    /// Splits the arguments as argparse does: flags with their values, and positionals.
    func parse(_ facts: ConverterFacts) -> (options: [Option], positionals: [CommandWord]) {
        var options: [Option] = []
        var positionals: [CommandWord] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard let text = word.text, text.hasPrefix("-"), text.count > 1 else {
                positionals.append(word)
                continue
            }
            let body = text.drop(while: { $0 == "-" })
            let name = String(body.prefix(while: { $0 != "=" }))
            let flag = facts.flag(named: name)
            if let equals = body.firstIndex(of: "=") {
                options.append(Option(name: flag?.name ?? name, flag: flag, value: String(body[body.index(after: equals)...]),
                                      dynamic: false, separateValue: false, offset: word.offset))
                continue
            }
            let next = index < arguments.count ? arguments[index] : nil
            let nextIsValue = next.map { ($0.text.map { !$0.hasPrefix("-") } ?? true) } ?? false
            switch flag?.arity {
            case .one?, .optional?:
                if let next, flag?.arity == .one || nextIsValue {
                    index += 1
                    options.append(Option(name: flag?.name ?? name, flag: flag, value: next.text, dynamic: next.text == nil,
                                          separateValue: true, offset: word.offset))
                } else {
                    options.append(Option(name: flag?.name ?? name, flag: flag, value: nil, dynamic: false, separateValue: false, offset: word.offset))
                }
            default:
                options.append(Option(name: flag?.name ?? name, flag: flag, value: nil, dynamic: false, separateValue: false, offset: word.offset))
            }
        }
        return (options, positionals)
    }

    /// The input and output formats the converter will use: given, or its defaults. `.unknown` when a
    /// value is not a literal.
    enum Format: Equatable {
        case known(String)
        case none
        case unknown
    }

    static func formats(_ options: [Option], _ facts: ConverterFacts) -> (input: Format, output: Format) {
        func value(_ name: String) -> Format? {
            guard let option = options.last(where: { $0.name == name }) else { return nil }
            return option.value.map(Format.known) ?? .unknown
        }
        let input = value("input_format") ?? .known(facts.defaultInput)
        var output = value("output_format")
        if output == nil {
            if case .known(let name) = input { output = facts.defaultOutput[name].map(Format.known) ?? Format.none } else { output = .unknown }
        }
        return (input, output ?? .unknown)
    }

    // MARK: Finding invocations

    static let names: Set<String> = ["tensorflowjs_converter"]

    /// Invocations in shell-like text (scripts, Makefiles, Dockerfiles, YAML `run:` lines).
    static func inShellText(_ text: String, baseOffset: Int = 0) -> [ConverterInvocation] {
        var invocations: [ConverterInvocation] = []
        var current: (command: CommandWord, arguments: [CommandWord])?
        for word in ShellWords.split(text, baseOffset: baseOffset) {
            guard let token = word else {
                if let open = current { invocations.append(ConverterInvocation(command: open.command, arguments: open.arguments)) }
                current = nil
                continue
            }
            if current != nil {
                current?.arguments.append(token)
            } else if let text = token.text, names.contains(String(text.split(separator: "/").last ?? "")) {
                current = (token, [])
            }
        }
        if let open = current { invocations.append(ConverterInvocation(command: open.command, arguments: open.arguments)) }
        return invocations
    }

    /// Invocations in package.json `scripts`.
    static func inPackageJSON(_ text: String) -> [ConverterInvocation] {
        guard let document = try? JSONDocument(text: text), let scripts = document.root["scripts"]?.members else { return [] }
        return scripts.flatMap { member -> [ConverterInvocation] in
            guard let script = member.value.string else { return [] }
            return inShellText(script, baseOffset: member.value.range.lowerBound + 1)
        }
    }

    /// Invocations written as Python lists of string literals: `["tensorflowjs_converter", "--input_format", x]`.
    static func inPythonLists(_ text: String) -> [ConverterInvocation] {
        let bytes = Array(text.utf8)
        var invocations: [ConverterInvocation] = []
        var searchFrom = 0
        let needle = Array("tensorflowjs_converter".utf8)
        while let found = firstIndex(of: needle, in: bytes, from: searchFrom) {
            searchFrom = found + needle.count
            // The literal must be an element of a list: the nearest non-blank byte before its quote is `[`.
            var before = found - 2
            while before >= 0, bytes[before] == 0x20 || bytes[before] == 0x0A || bytes[before] == 0x09 { before -= 1 }
            guard found >= 1, bytes[found - 1] == 0x22 || bytes[found - 1] == 0x27, before >= 0, bytes[before] == UInt8(ascii: "[")
            else { continue }
            var words: [CommandWord] = []
            var position = found - 1
            var depth = 0
            var elementStart = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == 0x22 || byte == 0x27, depth == 0 {
                    guard let (string, end) = pythonString(bytes, at: position) else { break }
                    words.append(CommandWord(text: string, offset: position))
                    position = end
                    elementStart = -1
                    continue
                }
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: ")") { depth -= 1 }
                if byte == UInt8(ascii: "]") {
                    if depth == 0 {
                        if elementStart >= 0 { words.append(CommandWord(text: nil, offset: elementStart)) }
                        break
                    }
                    depth -= 1
                }
                if byte == UInt8(ascii: ","), depth == 0 {
                    if elementStart >= 0 { words.append(CommandWord(text: nil, offset: elementStart)) }
                    elementStart = -1
                } else if elementStart < 0, byte != 0x20, byte != 0x0A, byte != 0x09 {
                    elementStart = position
                }
                position += 1
            }
            if let command = words.first {
                invocations.append(ConverterInvocation(command: command, arguments: Array(words.dropFirst())))
            }
        }
        return invocations
    }

    /// A Python '...' or "..." literal (no f-strings' fields) starting at `start`: its value and end.
    private static func pythonString(_ bytes: [UInt8], at start: Int) -> (String, Int)? {
        let quote = bytes[start]
        var out: [UInt8] = []
        var index = start + 1
        while index < bytes.count, bytes[index] != quote {
            if bytes[index] == 0x0A { return nil }
            if bytes[index] == 0x5C, index + 1 < bytes.count {
                out.append(bytes[index + 1])
                index += 2
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        guard index < bytes.count else { return nil }
        return (String(decoding: out, as: UTF8.self), index + 1)
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], Array(bytes[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}

/// Shell-like word splitting with quotes, backslash escapes and line continuations. A nil element marks a
/// command boundary (newline, `;`, `&&`, `||`, `|`, `&`, a backquote or `)`); `#` at a word start is a comment.
enum ShellWords {
    static func split(_ text: String, baseOffset: Int = 0) -> [CommandWord?] {
        let bytes = Array(text.utf8)
        var result: [CommandWord?] = []
        var index = 0
        var word: [UInt8] = []
        var wordStart = -1
        var dynamic = false
        func finish() {
            if wordStart >= 0 {
                result.append(CommandWord(text: dynamic ? nil : String(decoding: word, as: UTF8.self), offset: baseOffset + wordStart))
            }
            word = []
            wordStart = -1
            dynamic = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x5C where index + 1 < bytes.count:  // backslash: escape, or a line continuation
                if bytes[index + 1] == 0x0A || (bytes[index + 1] == 0x0D && index + 2 < bytes.count && bytes[index + 2] == 0x0A) {
                    index += bytes[index + 1] == 0x0D ? 3 : 2
                    continue
                }
                if wordStart < 0 { wordStart = index }
                word.append(bytes[index + 1])
                index += 2
            case 0x20, 0x09, 0x0D:
                finish()
                index += 1
            case 0x0A, UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "`"), UInt8(ascii: ")"):
                finish()
                result.append(nil)
                index += 1
            case UInt8(ascii: "#") where wordStart < 0:
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case 0x27, 0x22:  // quotes
                if wordStart < 0 { wordStart = index }
                var end = index + 1
                while end < bytes.count, bytes[end] != byte {
                    if byte == 0x22, bytes[end] == 0x5C, end + 1 < bytes.count {
                        word.append(bytes[end + 1])
                        end += 2
                        continue
                    }
                    if byte == 0x22, bytes[end] == UInt8(ascii: "$") { dynamic = true }
                    word.append(bytes[end])
                    end += 1
                }
                index = min(end + 1, bytes.count)
            case UInt8(ascii: "$"):
                // $VAR, ${VAR}, $(command) and Make's $(VAR): part of the word, and its value is unknown.
                if wordStart < 0 { wordStart = index }
                dynamic = true
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "(") || bytes[index + 1] == UInt8(ascii: "{") {
                    let close = bytes[index + 1] == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
                    var depth = 0
                    var end = index + 1
                    while end < bytes.count {
                        if bytes[end] == bytes[index + 1] { depth += 1 }
                        if bytes[end] == close {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        end += 1
                    }
                    index = min(end + 1, bytes.count)
                } else {
                    index += 1
                }
            default:
                if wordStart < 0 { wordStart = index }
                word.append(byte)
                index += 1
            }
        }
        finish()
        return result
    }
}

extension ConverterInvocation {
    /// Files that may run the converter: shell scripts, Makefiles, Dockerfiles, CI YAML, package.json, Python.
    static func isConversionScript(_ fileName: String) -> Bool {
        let lower = fileName.lowercased()
        let ext = lower.split(separator: ".").count > 1 ? String(lower.split(separator: ".").last ?? "") : ""
        return ["sh", "bash", "zsh", "mk", "yml", "yaml", "py"].contains(ext) || lower == "package.json"
            || ["makefile", "gnumakefile"].contains(lower) || lower.hasPrefix("dockerfile") || lower.hasSuffix(".dockerfile")
    }

    /// Every invocation in a project file, read the way its kind of file is written.
    static func all(in context: SourceContext) -> [ConverterInvocation] {
        if context.fileName.lowercased() == "package.json" { return inPackageJSON(context.text) }
        if context.fileExtension == "py" { return inPythonLists(context.text) }
        return inShellText(context.text)
    }
}
