import Testing
@testable import TFJSLintKit

struct UnifiedDiffTests {
    static func lines(_ count: Int, changing changed: [Int: String] = [:]) -> String {
        (1...count).map { changed[$0] ?? "line \($0)" }.joined(separator: "\n") + "\n"
    }

    @Test func hunksKeepThreeLinesOfContextAndMergeWhenClose() {
        let old = Self.lines(20)
        let new = Self.lines(20, changing: [5: "five", 9: "nine", 18: "eighteen"])
        let diff = UnifiedDiff.diff(old: old, new: new, oldName: "a/m", newName: "b/m")
        #expect(diff == """
            --- a/m
            +++ b/m
            @@ -2,11 +2,11 @@
             line 2
             line 3
             line 4
            -line 5
            +five
             line 6
             line 7
             line 8
            -line 9
            +nine
             line 10
             line 11
             line 12
            @@ -15,6 +15,6 @@
             line 15
             line 16
             line 17
            -line 18
            +eighteen
             line 19
             line 20

            """)
    }

    @Test func insertionsAndDeletionsAtTheEdges() {
        #expect(UnifiedDiff.diff(old: "b\n", new: "a\nb\n", oldName: "x", newName: "y") == "--- x\n+++ y\n@@ -1 +1,2 @@\n+a\n b\n")
        #expect(UnifiedDiff.diff(old: "a\nb\n", new: "a\n", oldName: "x", newName: "y") == "--- x\n+++ y\n@@ -1,2 +1 @@\n a\n-b\n")
        #expect(UnifiedDiff.diff(old: "", new: "a\n", oldName: "x", newName: "y") == "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n")
        #expect(UnifiedDiff.diff(old: "same\n", new: "same\n", oldName: "x", newName: "y") == "")
    }

    @Test func aMissingFinalNewlineIsMarked() {
        #expect(UnifiedDiff.diff(old: "{\"a\": 1}", new: "{\"a\": 2}", oldName: "x", newName: "y")
            == "--- x\n+++ y\n@@ -1 +1 @@\n-{\"a\": 1}\n\\ No newline at end of file\n+{\"a\": 2}\n\\ No newline at end of file\n")
        // Only the newline differs: the last line is replaced by itself with a newline.
        #expect(UnifiedDiff.diff(old: "a\nb", new: "a\nb\n", oldName: "x", newName: "y")
            == "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
    }

    @Test func myersFindsAShortestScript() throws {
        let a: [Substring] = ["a", "b", "c", "a", "b", "b", "a"]
        let b: [Substring] = ["c", "b", "a", "b", "a", "c"]
        let script = try #require(UnifiedDiff.myers(a, b))
        #expect(script.filter { $0.kind != .keep }.count == 5)
        // Replaying the script turns a into b.
        var rebuilt: [Substring] = []
        for operation in script where operation.kind != .delete {
            rebuilt.append(operation.kind == .keep ? a[operation.oldLine] : b[operation.newLine])
        }
        #expect(rebuilt == b)
    }

    @Test func distancesBeyondTheLimitBecomeOneReplacement() {
        let a = (0..<3000).map { Substring("a\($0)") }
        let b = (0..<3000).map { Substring("b\($0)") }
        #expect(UnifiedDiff.myers(a, b) == nil)
        let script = UnifiedDiff.editScript(a, b)
        #expect(script.count == 6000 && script.prefix(3000).allSatisfy { $0.kind == .delete })
    }
}

struct JSONValueChangeTests {
    static func changes(_ old: String, _ new: String) throws -> [String] {
        try JSONValueChange.changes(from: JSONDocument(text: old), to: JSONDocument(text: new)).map(\.description)
    }

    @Test func keysRenamedInPlaceValuesChangedAndArraysReshaped() throws {
        let old = #"{"a": {"batch_shape": [null, 4], "dtype": "float32"}, "io": ["x", 0, 0], "w": [{"name": "s/d/kernel"}]}"#
        let new = #"{"a": {"batch_input_shape": [null, 4], "dtype": "float32"}, "io": [["x", 0, 0]], "w": [{"name": "d/kernel"}]}"#
        #expect(try Self.changes(old, new) == [
            #"/a: key "batch_shape" → "batch_input_shape""#,
            #"/io: ["x", 0, 0] → [["x", 0, 0]]"#,
            #"/w/0/name: "s/d/kernel" → "d/kernel""#,
        ])
    }

    @Test func membersAndElementsAddedOrRemoved() throws {
        #expect(try Self.changes(#"{"l": [1, 2, 3], "k": 1}"#, #"{"l": [1, 9, 2, 3], "m": 2}"#) == [
            "/k: removed 1", "/l/1: added 9", "/m: added 2",
        ])
    }

    @Test func shownValuesAreOneLineAndCut() throws {
        let long = String(repeating: "x", count: 300)
        let shown = try Self.changes("{\"a\": [\n  1,\n  \"\(long)\"\n]}", "{\"a\": 2}")
        #expect(shown.count == 1 && shown[0].hasPrefix("/a: [1, \"xxx") && shown[0].contains("…"))
        #expect(!shown[0].contains("\n"))
    }
}
