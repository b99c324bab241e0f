import Testing
@testable import TFJSLintCore

struct JSONDocumentTests {
    @Test func positionsOnOneLongLine() throws {
        let text = #"{"format": "graph-model", "weightsManifest": [{"paths": ["a.bin"], "weights": []}]}"#
        let document = try JSONDocument(text: text)
        let node = try #require(document.resolve("/weightsManifest/0/paths/0"))
        #expect(document.sourceText(of: node) == "\"a.bin\"")
        #expect(document.location(of: "/weightsManifest/0/paths/0") == SourceLocation(line: 1, column: 58))
    }

    @Test func positionsAcrossLinesAndWideCharacters() throws {
        let document = try JSONDocument(text: "{\n  \"näme\": \"𝔁\", \"b\": [1,\n 2]\n}")
        // "𝔁" is two UTF-16 code units.
        #expect(document.location(of: "/b") == SourceLocation(line: 2, column: 22))
        #expect(document.location(of: "/b/1") == SourceLocation(line: 3, column: 2))
        #expect(document.resolve("/näme")?.string == "𝔁")
    }

    /// Columns come from checkpoints every `LineIndex.stride` bytes; they must equal the UTF-16 length of the
    /// text before the offset on its line, also across checkpoints and lines longer than many strides.
    @Test func columnsAcrossCheckpointsMatchUTF16Counts() throws {
        let item = #"{"nämé": "𝔁x", "k": [1, 2]}"#
        let text = "[" + Array(repeating: item, count: 400).joined(separator: ", ") + ",\n" + Array(repeating: item, count: 300).joined(separator: ",") + "]"
        let document = try JSONDocument(text: text)
        let bytes = Array(text.utf8)
        for offset in Swift.stride(from: 0, through: bytes.count, by: 37) {
            let before = bytes[..<offset]
            let lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
            let line = before.filter { $0 == 0x0A }.count + 1
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).utf16.count + 1
            // Offsets inside a multi-byte character count it once, as the naive count of its lead byte does.
            let leadOnly = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.reduce(0) { $0 + ($1 >= 0xF0 ? 2 : 1) } + 1
            #expect(document.location(ofOffset: offset) == SourceLocation(line: line, column: leadOnly))
            if offset == 0 || bytes[offset - 1] < 0x80 { #expect(leadOnly == column) }
        }
    }

    @Test func pointerEscapesRoundTrip() throws {
        let document = try JSONDocument(text: #"{"a/b": {"m~n": 1}}"#)
        let pointer = JSONPointer(tokens: ["a/b", "m~n"])
        #expect(pointer.description == "/a~1b/m~0n")
        #expect(JSONPointer(pointer.description) == pointer)
        #expect(document.resolve(pointer)?.int == 1)
        #expect(JSONPointer(String("a")) == nil)
        #expect(JSONPointer(String("/~2")) == nil)
    }

    @Test(arguments: [
        (#"{"a": 1"#, "unexpected end of input, expected ',' or '}'"),
        (#"{"a" 1}"#, "unexpected '1', expected ':' after key \"a\""),
        (#"[01]"#, "invalid number: leading zeros are not allowed"),
        (#"{"a": tru}"#, "invalid literal, expected 'true'"),
        (#"{"a": "x\q"}"#, "invalid escape '\\q'"),
        ("[1] x", "unexpected 'x' after the top-level value"),
    ])
    func parseErrorsSayWhatWasExpected(text: String, message: String) {
        #expect(throws: JSONParseError.self) { try JSONDocument(text: text) }
        do {
            _ = try JSONDocument(text: text)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONDocument(text: text) }
    }

    @Test func stringsDecodeEscapesAndSurrogates() throws {
        let document = try JSONDocument(text: #"["a\"b\\c\/d\n\u00e9\ud83d\ude00"]"#)
        #expect(document.resolve("/0")?.string == "a\"b\\c/d\né😀")
    }

    @Test func editsKeepUntouchedBytesAndCompactStyle() throws {
        let text = #"{"b": 2, "a": {"x": [1, 2]}, "c": "keep"}"#
        let document = try JSONDocument(text: text)
        #expect(String(decoding: try document.applying([]), as: UTF8.self) == text)
        let edited = try document.applying([
            .renameKey("/b", to: "bb"),
            .replace("/a/x", with: .array([.number(3), .string("y")])),
            .insertMember("/a", key: "z", value: .null, after: "x"),
        ])
        #expect(String(decoding: edited, as: UTF8.self) == #"{"bb": 2, "a": {"x": [3, "y"], "z": null}, "c": "keep"}"#)
    }

    @Test func removalTakesItsSeparator() throws {
        let document = try JSONDocument(text: #"{"a": 1, "b": [1, 2, 3], "c": 3}"#)
        let first = try document.applying([.remove("/a")])
        #expect(String(decoding: first, as: UTF8.self) == #"{"b": [1, 2, 3], "c": 3}"#)
        let middle = try document.applying([.remove("/b/1"), .remove("/c")])
        #expect(String(decoding: middle, as: UTF8.self) == #"{"a": 1, "b": [1, 3]}"#)
    }

    @Test func indentedDocumentsStayIndented() throws {
        let text = "{\n    \"a\": {\n        \"x\": 1\n    }\n}"
        let document = try JSONDocument(text: text)
        let edited = try document.applying([.insertMember("/a", key: "y", value: .array([.number(1)]), after: "x")])
        #expect(String(decoding: edited, as: UTF8.self)
            == "{\n    \"a\": {\n        \"x\": 1,\n        \"y\": [\n            1\n        ]\n    }\n}")
    }

    @Test func overlappingEditsAreRejected() throws {
        let document = try JSONDocument(text: #"{"a": {"b": 1}}"#)
        #expect(throws: JSONEditError.self) {
            try document.applying([.replace("/a", with: .null), .replace("/a/b", with: .null)])
        }
    }
}
