/// JavaScript or TypeScript source as tokens: comments dropped, string and template literals read (a template's
/// value is known only without `${...}`, whose code is scanned as code), regular expression literals skipped.
struct JavaScriptSource {
    struct Token {
        enum Kind: Equatable {
            case identifier, string, number, punctuation
        }

        let kind: Kind
        let offset: Int
        /// The identifier or punctuation; for a string its value, nil when not known.
        let text: String?

        func isPunctuation(_ character: Character) -> Bool { kind == .punctuation && text == String(character) }
        func isIdentifier(_ name: String) -> Bool { kind == .identifier && text == name }
    }

    let tokens: [Token]

    init(_ text: String) {
        tokens = Self.scan(Array(text.utf8))
    }

    /// Keywords after which `/` starts a regular expression rather than dividing.
    static let regexKeywords: Set<String> = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await",
    ]

    private enum Mode {
        /// Code; inside a template's `${`, the depth of braces opened since.
        case code(braces: Int)
        /// A template literal: its start, value so far, and whether it has a `${...}`.
        case template(start: Int, value: [UInt8], dynamic: Bool)
    }

    private static func scan(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var modes: [Mode] = [.code(braces: 0)]
        var index = 0
        func regexAllowed() -> Bool {
            guard let last = tokens.last else { return true }
            switch last.kind {
            case .identifier: return regexKeywords.contains(last.text ?? "")
            case .string, .number: return false
            case .punctuation: return !(last.text == ")" || last.text == "]")
            }
        }
        while index < bytes.count, let mode = modes.last {
            let byte = bytes[index]
            if case .template(let start, var value, let dynamic) = mode {
                if byte == UInt8(ascii: "`") {
                    modes.removeLast()
                    tokens.append(Token(kind: .string, offset: start, text: dynamic ? nil : String(decoding: value, as: UTF8.self)))
                    index += 1
                } else if byte == 0x5C, index + 1 < bytes.count {
                    value.append(bytes[index + 1])
                    modes[modes.count - 1] = .template(start: start, value: value, dynamic: dynamic)
                    index += 2
                } else if byte == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                    modes[modes.count - 1] = .template(start: start, value: [], dynamic: true)
                    modes.append(.code(braces: 0))
                    index += 2
                } else {
                    if !dynamic { value.append(byte) }
                    modes[modes.count - 1] = .template(start: start, value: value, dynamic: dynamic)
                    index += 1
                }
                continue
            }
            guard case .code(let braces) = mode else { continue }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            switch byte {
            case UInt8(ascii: "/") where next == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                index += 2
                while index < bytes.count, !(bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                index += 2
            case UInt8(ascii: "/") where regexAllowed():
                if let end = endOfRegex(bytes, at: index) {
                    tokens.append(Token(kind: .number, offset: index, text: nil))  // a value, like a number
                    index = end
                } else {
                    tokens.append(Token(kind: .punctuation, offset: index, text: "/"))
                    index += 1
                }
            case 0x22, 0x27:
                let (value, end) = quoted(bytes, at: index)
                tokens.append(Token(kind: .string, offset: index, text: value))
                index = end
            case UInt8(ascii: "`"):
                modes.append(.template(start: index, value: [], dynamic: false))
                index += 1
            case UInt8(ascii: "{"):
                modes[modes.count - 1] = .code(braces: braces + 1)
                tokens.append(Token(kind: .punctuation, offset: index, text: "{"))
                index += 1
            case UInt8(ascii: "}"):
                if braces == 0, modes.count > 1 {
                    modes.removeLast()  // back into the template
                } else {
                    modes[modes.count - 1] = .code(braces: max(0, braces - 1))
                    tokens.append(Token(kind: .punctuation, offset: index, text: "}"))
                }
                index += 1
            default:
                if isIdentifierStart(byte) {
                    let start = index
                    while index < bytes.count, isIdentifierPart(bytes[index]) { index += 1 }
                    tokens.append(Token(kind: .identifier, offset: start, text: String(decoding: bytes[start..<index], as: UTF8.self)))
                } else if byte >= 0x30 && byte <= 0x39 {
                    let start = index
                    while index < bytes.count, isIdentifierPart(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
                    tokens.append(Token(kind: .number, offset: start, text: nil))
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    index += 1
                } else {
                    tokens.append(Token(kind: .punctuation, offset: index, text: String(UnicodeScalar(byte))))
                    index += 1
                }
            }
        }
        return tokens
    }

    /// A '...' or "..." literal at `start`: its value (nil when unterminated on its line) and where it ends.
    private static func quoted(_ bytes: [UInt8], at start: Int) -> (String?, Int) {
        let quote = bytes[start]
        var value: [UInt8] = []
        var index = start + 1
        while index < bytes.count, bytes[index] != quote {
            if bytes[index] == 0x0A { return (nil, index) }
            if bytes[index] == 0x5C, index + 1 < bytes.count {
                value.append(bytes[index + 1])
                index += 2
                continue
            }
            value.append(bytes[index])
            index += 1
        }
        return index < bytes.count ? (String(decoding: value, as: UTF8.self), index + 1) : (nil, index)
    }

    /// The end of a regular expression literal starting at `start` (after its flags), or nil when the line ends first.
    private static func endOfRegex(_ bytes: [UInt8], at start: Int) -> Int? {
        var index = start + 1
        var inClass = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { return nil }
            if byte == 0x5C {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "[") { inClass = true }
            if byte == UInt8(ascii: "]") { inClass = false }
            if byte == UInt8(ascii: "/"), !inClass {
                index += 1
                while index < bytes.count, isIdentifierPart(bytes[index]) { index += 1 }
                return index
            }
            index += 1
        }
        return nil
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
            || byte >= 0x80
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) }
}

/// `loadLayersModel(...)` / `loadGraphModel(...)` calls (as `tf.loadGraphModel`, an imported name, or an alias
/// `import { loadGraphModel as load }`), with the URL of their first argument when it is a string literal, a
/// template literal without `${...}`, or a `const` bound to one.
enum JavaScriptLoaderCalls {
    struct Call {
        /// `loadLayersModel` or `loadGraphModel`.
        let loader: String
        let offset: Int
        let url: String?
    }

    static let loaders: Set<String> = ["loadLayersModel", "loadGraphModel"]

    static func find(in source: JavaScriptSource) -> [Call] {
        let tokens = source.tokens
        var names: [String: String] = Dictionary(uniqueKeysWithValues: loaders.map { ($0, $0) })
        var constants: [String: String?] = [:]
        for index in tokens.indices {
            let token = tokens[index]
            if token.kind == .identifier, let text = token.text, loaders.contains(text), index + 2 < tokens.count,
                tokens[index + 1].isIdentifier("as"), tokens[index + 2].kind == .identifier, let alias = tokens[index + 2].text
            {
                names[alias] = text
            }
            if token.isIdentifier("const"), index + 3 < tokens.count, tokens[index + 1].kind == .identifier,
                let name = tokens[index + 1].text, tokens[index + 2].isPunctuation("="), tokens[index + 3].kind == .string
            {
                let after = index + 4 < tokens.count ? tokens[index + 4] : nil
                let whole = after.map { !($0.kind == .punctuation && "+.[(?`".contains($0.text ?? "")) } ?? true
                let value = whole ? tokens[index + 3].text : nil
                // A name bound to different values in different scopes is not resolved.
                constants[name] = constants[name].map { $0 == value ? value : nil } ?? value
            }
        }
        var calls: [Call] = []
        for index in tokens.indices {
            guard tokens[index].kind == .identifier, let text = tokens[index].text, let loader = names[text],
                index + 1 < tokens.count, tokens[index + 1].isPunctuation("("), !isDefinition(tokens, at: index)
            else { continue }
            var url: String?
            if index + 3 < tokens.count, tokens[index + 3].isPunctuation(")") || tokens[index + 3].isPunctuation(",") {
                let argument = tokens[index + 2]
                if argument.kind == .string {
                    url = argument.text
                } else if argument.kind == .identifier, let name = argument.text, let constant = constants[name] {
                    url = constant
                }
            }
            calls.append(Call(loader: loader, offset: tokens[index].offset, url: url))
        }
        return calls
    }

    /// Whether the name at `index` is being defined (`function loadGraphModel(`, a method `loadGraphModel(url) {`,
    /// `async loadGraphModel(url: string): Promise<GraphModel> {`). Looks a bounded way ahead.
    static func isDefinition(_ tokens: [JavaScriptSource.Token], at index: Int) -> Bool {
        let before = index > 0 ? tokens[index - 1] : nil
        if before?.isIdentifier("function") == true { return true }
        if before?.isPunctuation(".") == true { return false }
        var depth = 0
        var position = index + 1
        while position < min(tokens.count, index + 256) {
            if tokens[position].isPunctuation("(") { depth += 1 }
            if tokens[position].isPunctuation(")") {
                depth -= 1
                if depth == 0 { break }
            }
            position += 1
        }
        guard depth == 0, position + 1 < tokens.count else { return false }
        let after = tokens[position + 1]
        let startsMember = before.map { token in
            token.isPunctuation("{") || token.isPunctuation("}") || token.isPunctuation(";")
                || (token.kind == .identifier && memberModifiers.contains(token.text ?? ""))
        } ?? true
        return after.isPunctuation("{") || (after.isPunctuation(":") && startsMember)
    }

    static let memberModifiers: Set<String> = ["async", "public", "private", "protected", "static", "override"]
}
