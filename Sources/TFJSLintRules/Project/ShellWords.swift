/// One word of a command line, with the byte offset where it starts.
struct CommandWord: Equatable {
    /// nil when the word is not a literal (a `$VAR`, a command substitution, a Python variable).
    let text: String?
    let offset: Int
    /// True when the word may stand for any number of words: an unquoted `$VAR` or `$(VAR)`, a Python `*args`.
    let spreads: Bool
    /// The literal start of a word whose value is not known (`--output_format=` of `--output_format=$FMT`).
    let head: String

    init(text: String?, offset: Int, spreads: Bool = false, head: String = "") {
        self.text = text
        self.offset = offset
        self.spreads = spreads
        self.head = text ?? head
    }
}

/// Shell-like word splitting for scripts, Makefile recipes, Dockerfile `RUN` lines and CI `run:` blocks: quotes,
/// backslash escapes, line continuations (`\` + newline, also CRLF), `$VAR` / `${VAR}` / `$(...)` (Make's
/// `$(VAR)` too) as words of unknown value, `#` comments, and redirections (`> file`, `2>&1`) dropped.
/// A nil element marks a command boundary: newline, `;`, `&&`, `||`, `|`, `&`, a backquote or a parenthesis.
enum ShellWords {
    static func split(_ text: String, baseOffset: Int = 0) -> [CommandWord?] {
        split(Array(text.utf8), baseOffset: baseOffset)
    }

    static func split(_ bytes: [UInt8], baseOffset: Int = 0) -> [CommandWord?] {
        var result: [CommandWord?] = []
        var index = 0
        var word: [UInt8] = []
        var wordStart = -1
        var dynamic = false
        var spreads = false
        // An unquoted expansion may give several words only when nothing else is in the word: `$(FLAGS)` may,
        // `$(MODELS)/detector.pb` is taken as one word.
        var unquotedExpansion = false
        var onlyExpansions = true
        var redirectTarget = false
        var headLength: Int?
        func expansion() {
            if headLength == nil { headLength = word.count }
            dynamic = true
        }
        func finish() {
            if wordStart >= 0, !redirectTarget {
                let text = dynamic ? nil : String(decoding: word, as: UTF8.self)
                let many = spreads || (unquotedExpansion && onlyExpansions)
                let head = String(decoding: word.prefix(headLength ?? word.count), as: UTF8.self)
                result.append(CommandWord(text: text, offset: baseOffset + wordStart, spreads: many, head: head))
            }
            if wordStart >= 0 { redirectTarget = false }
            word = []
            wordStart = -1
            dynamic = false
            headLength = nil
            spreads = false
            unquotedExpansion = false
            onlyExpansions = true
        }
        func boundary() {
            finish()
            redirectTarget = false
            result.append(nil)
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x5C where index + 1 < bytes.count:  // backslash: a line continuation, or an escaped byte
                if bytes[index + 1] == 0x0A {
                    index += 2
                } else if bytes[index + 1] == 0x0D, index + 2 < bytes.count, bytes[index + 2] == 0x0A {
                    index += 3
                } else {
                    if wordStart < 0 { wordStart = index }
                    word.append(bytes[index + 1])
                    onlyExpansions = false
                    index += 2
                }
            case 0x20, 0x09, 0x0D:
                finish()
                index += 1
            case 0x0A, UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "`"), UInt8(ascii: "("),
                UInt8(ascii: ")"):
                boundary()
                index += 1
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                // A redirection: a file-descriptor number before it is not a word, and the word after it is its target.
                if wordStart >= 0, !dynamic, !word.isEmpty, word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    word = []
                    wordStart = -1
                }
                finish()
                redirectTarget = true
                index += 1
                while index < bytes.count, [UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "&")].contains(bytes[index]) {
                    index += 1
                }
            case UInt8(ascii: "#") where wordStart < 0:
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case 0x27, 0x22:  // quotes: '...' is literal, "..." expands `$`
                if wordStart < 0 { wordStart = index }
                onlyExpansions = false
                var end = index + 1
                while end < bytes.count, bytes[end] != byte {
                    if byte == 0x22, bytes[end] == 0x5C, end + 1 < bytes.count {
                        if bytes[end + 1] != 0x0A { word.append(bytes[end + 1]) }
                        end += 2
                        continue
                    }
                    if byte == 0x22, bytes[end] == UInt8(ascii: "$") || bytes[end] == UInt8(ascii: "`") {
                        expansion()
                        if bytes[end] == UInt8(ascii: "$"), expandsToWords(bytes, at: end) { spreads = true }
                    }
                    word.append(bytes[end])
                    end += 1
                }
                index = min(end + 1, bytes.count)
            case UInt8(ascii: "$"):
                // $VAR, ${VAR}, $(command), Make's $(VAR) and $$: the word's value is unknown, and unquoted it may
                // stand for several words.
                if wordStart < 0 { wordStart = index }
                expansion()
                unquotedExpansion = true
                index = endOfExpansion(bytes, at: index)
            default:
                if wordStart < 0 { wordStart = index }
                word.append(byte)
                onlyExpansions = false
                index += 1
            }
        }
        finish()
        return result
    }

    /// Whether a `$` expansion inside double quotes still gives several words: `"$@"`, `"$*"`, `"${list[@]}"`.
    private static func expandsToWords(_ bytes: [UInt8], at start: Int) -> Bool {
        guard start + 1 < bytes.count else { return false }
        if bytes[start + 1] == UInt8(ascii: "@") || bytes[start + 1] == UInt8(ascii: "*") { return true }
        guard bytes[start + 1] == UInt8(ascii: "{") else { return false }
        // Look a short way only: this runs inside a quoted word, whose bytes are scanned anyway.
        let window = Array(bytes[start..<min(bytes.count, start + 256)])
        let body = String(decoding: window[..<endOfExpansion(window, at: 0)], as: UTF8.self)
        return body.contains("[@]") || body.contains("[*]")
    }

    /// Where a `$` expansion starting at `start` ends: after its balanced `(...)` / `{...}`, its name (`$VAR`, Make's
    /// `$$VAR`) or its special character (`$@`, `$1`).
    private static func endOfExpansion(_ bytes: [UInt8], at start: Int) -> Int {
        var open = start + 1
        if open < bytes.count, bytes[open] == UInt8(ascii: "$") { open += 1 }
        guard open < bytes.count else { return bytes.count }
        let first = bytes[open]
        guard first == UInt8(ascii: "(") || first == UInt8(ascii: "{") else {
            if "@*#?!-0123456789".utf8.contains(first) { return open + 1 }
            var end = open
            while end < bytes.count, isNamePart(bytes[end]) { end += 1 }
            return end
        }
        let close = first == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
        var depth = 0
        var end = open
        while end < bytes.count {
            if bytes[end] == first { depth += 1 }
            if bytes[end] == close {
                depth -= 1
                if depth == 0 { return end + 1 }
            }
            end += 1
        }
        return bytes.count
    }

    private static func isNamePart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_")
    }

    /// The commands of `text`: runs of words between boundaries, empty ones left out.
    static func commands(_ text: String, baseOffset: Int = 0) -> [[CommandWord]] {
        commands(of: split(text, baseOffset: baseOffset))
    }

    static func commands(of words: [CommandWord?]) -> [[CommandWord]] {
        var commands: [[CommandWord]] = []
        var current: [CommandWord] = []
        for word in words {
            if let word {
                current.append(word)
            } else if !current.isEmpty {
                commands.append(current)
                current = []
            }
        }
        if !current.isEmpty { commands.append(current) }
        return commands
    }
}
