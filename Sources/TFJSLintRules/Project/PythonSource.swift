/// Python source as a flat list of tokens, comments dropped: enough to find imports, calls, string literals
/// and list displays without running a Python parser.
struct PythonSource {
    struct Token {
        enum Kind: Equatable {
            case name, string, number, punctuation
        }

        let kind: Kind
        let offset: Int
        /// The name or punctuation; for a string its value, with each f-string field `{...}` replaced by as many `$`.
        let text: String
        /// For strings: where the value starts in the file (after the prefix and the opening quotes).
        let contentOffset: Int
        /// For strings: an f-string with fields, whose value is not known.
        let hasFields: Bool

        func isPunctuation(_ character: Character) -> Bool { kind == .punctuation && text == String(character) }
        func isName(_ name: String) -> Bool { kind == .name && text == name }
        /// The string's value when it is known.
        var literal: String? { kind == .string && !hasFields ? text : nil }
    }

    let tokens: [Token]

    init(_ text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        tokens = scanner.scan()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var tokens: [Token] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func scan() -> [Token] {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if byte == 0x22 || byte == 0x27 {
                    string(prefix: "", start: index)
                } else if Self.isNameStart(byte) {
                    let start = index
                    while index < bytes.count, Self.isNamePart(bytes[index]) { index += 1 }
                    let name = String(decoding: bytes[start..<index], as: UTF8.self)
                    if index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27,
                        Self.stringPrefixes.contains(name.lowercased())
                    {
                        string(prefix: name.lowercased(), start: start)
                    } else {
                        tokens.append(Token(kind: .name, offset: start, text: name, contentOffset: start, hasFields: false))
                    }
                } else if byte >= 0x30 && byte <= 0x39 {
                    let start = index
                    while index < bytes.count, Self.isNamePart(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
                    tokens.append(Token(kind: .number, offset: start, text: "", contentOffset: start, hasFields: false))
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x5C {
                    index += 1
                } else {
                    tokens.append(Token(kind: .punctuation, offset: index, text: String(UnicodeScalar(byte)), contentOffset: index, hasFields: false))
                    index += 1
                }
            }
            return tokens
        }

        static let stringPrefixes: Set<String> = ["r", "u", "b", "f", "br", "rb", "fr", "rf"]

        /// A string literal whose quote is at `index`; `start` is where its prefix begins.
        private mutating func string(prefix: String, start: Int) {
            let quote = bytes[index]
            let triple = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
            let width = triple ? 3 : 1
            let raw = prefix.contains("r")
            let formatted = prefix.contains("f")
            index += width
            let content = index
            var value: [UInt8] = []
            var hasFields = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == quote, !triple || (index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote) {
                    index += width
                    break
                }
                if byte == 0x0A, !triple { break }  // unterminated: stop at the line's end
                if byte == 0x5C, index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    if raw {
                        value.append(contentsOf: [byte, next])
                    } else if next != 0x0A {
                        value.append(Self.escaped[next] ?? next)
                    }
                    index += 2
                    continue
                }
                if formatted, byte == UInt8(ascii: "{") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                        value.append(byte)
                        index += 2
                        continue
                    }
                    let end = endOfField(from: index, quote: quote, triple: triple)
                    value.append(contentsOf: repeatElement(UInt8(ascii: "$"), count: end - index))
                    hasFields = true
                    index = end
                    continue
                }
                value.append(byte)
                index += 1
            }
            tokens.append(Token(
                kind: .string, offset: start, text: String(decoding: value, as: UTF8.self), contentOffset: content,
                hasFields: hasFields))
        }

        /// The end of an f-string field `{...}` starting at `start`: after its matching `}`, or where the string ends.
        private func endOfField(from start: Int, quote: UInt8, triple: Bool) -> Int {
            var depth = 0
            var position = start
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "{") { depth += 1 }
                if byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 { return position + 1 }
                }
                if byte == quote || (byte == 0x0A && !triple) { return position }
                position += 1
            }
            return position
        }

        static let escaped: [UInt8: UInt8] = [
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "0"): 0x00,
        ]

        static func isNameStart(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte >= 0x80
        }

        static func isNamePart(_ byte: UInt8) -> Bool { isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) }
    }

    /// Dotted module names the source imports: `import a.b as c` gives `a.b`, `from a.b import c, d` gives
    /// `a.b`, `a.b.c` and `a.b.d`.
    var importedModules: Set<String> {
        var modules: Set<String> = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            guard token.kind == .name, token.text == "import" || token.text == "from" else { continue }
            let isFrom = token.text == "from"
            var names: [String] = []
            while index < tokens.count {
                let (name, next) = dottedName(at: index)
                guard let name else { break }
                names.append(name)
                index = next
                if index + 1 < tokens.count, tokens[index].isName("as") { index += 2 }
                guard !isFrom, index < tokens.count, tokens[index].isPunctuation(",") else { break }
                index += 1
            }
            modules.formUnion(names)
            guard isFrom, let base = names.first, index < tokens.count, tokens[index].isName("import") else { continue }
            var previous = tokens[index]
            index += 1
            while index < tokens.count {
                let name = tokens[index]
                if name.kind == .name {
                    let listed = previous.isName("import") || previous.isPunctuation(",") || previous.isPunctuation("(")
                    if name.text != "as", !previous.isName("as") {
                        guard listed else { break }
                        modules.insert(base + "." + name.text)
                    }
                } else if !(name.isPunctuation(",") || name.isPunctuation("(") || name.isPunctuation(")")) {
                    break
                }
                previous = name
                index += 1
            }
        }
        return modules
    }

    /// A dotted name `a.b.c` starting at token `index`, and the index after it.
    func dottedName(at index: Int) -> (String?, Int) {
        guard index < tokens.count, tokens[index].kind == .name else { return (nil, index) }
        var parts = [tokens[index].text]
        var next = index + 1
        while next + 1 < tokens.count, tokens[next].isPunctuation("."), tokens[next + 1].kind == .name {
            parts.append(tokens[next + 1].text)
            next += 2
        }
        return (parts.joined(separator: "."), next)
    }
}
