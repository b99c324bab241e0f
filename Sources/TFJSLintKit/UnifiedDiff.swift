/// A unified diff of two texts by lines, as `diff -u` prints it (Myers' O(ND) algorithm after trimming the
/// common head and tail), including `\ No newline at end of file` markers, so that `patch` and `git apply`
/// accept it.
public enum UnifiedDiff {
    /// Edit distances (in lines) above this are shown as one replacement of the differing middle; Myers' trace
    /// takes about D² integers.
    static let maximumDistance = 2048

    public static func diff(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let a = lines(old)
        let b = lines(new)
        let operations = editScript(comparable(a, endsWithNewline: old.hasSuffix("\n")), comparable(b, endsWithNewline: new.hasSuffix("\n")))
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while index < operations.count {
            guard operations[index].kind != .keep else {
                index += 1
                continue
            }
            let start = max(0, index - context)
            var end = index
            var quiet = 0
            while end < operations.count, quiet <= context * 2 {
                quiet = operations[end].kind == .keep ? quiet + 1 : 0
                end += 1
            }
            end -= max(0, quiet - context)
            let hunk = operations[start..<end]
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            let first = hunk.first ?? operations[index]
            out += "@@ -\(range(start: first.oldLine, count: oldCount)) +\(range(start: first.newLine, count: newCount)) @@\n"
            for operation in hunk {
                switch operation.kind {
                case .keep: out += line(" ", a, operation.oldLine, endsWithNewline: old.hasSuffix("\n"))
                case .delete: out += line("-", a, operation.oldLine, endsWithNewline: old.hasSuffix("\n"))
                case .insert: out += line("+", b, operation.newLine, endsWithNewline: new.hasSuffix("\n"))
                }
            }
            index = end
        }
        return out
    }

    /// `l,s` with 1-based `l`; `l` alone for one line; the line before for an empty range, as GNU diff writes it.
    static func range(start: Int, count: Int) -> String {
        switch count {
        case 0: "\(start),0"
        case 1: "\(start + 1)"
        default: "\(start + 1),\(count)"
        }
    }

    private static func line(_ prefix: String, _ lines: [Substring], _ index: Int, endsWithNewline: Bool) -> String {
        let text = prefix + lines[index] + "\n"
        return index == lines.count - 1 && !endsWithNewline ? text + "\\ No newline at end of file\n" : text
    }

    /// Lines as compared: a last line without a newline differs from the same text with one.
    static func comparable(_ lines: [Substring], endsWithNewline: Bool) -> [Substring] {
        guard !endsWithNewline, let last = lines.last else { return lines }
        return lines.dropLast() + [Substring(last + "\u{0}")]
    }

    /// Lines without their terminators; a final newline does not start another line.
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    struct Operation: Equatable {
        enum Kind { case keep, delete, insert }
        let kind: Kind
        /// Index of the old line (for inserts: of the old line that follows).
        let oldLine: Int
        /// Index of the new line (for deletes: of the new line that follows).
        let newLine: Int
    }

    static func editScript(_ a: [Substring], _ b: [Substring]) -> [Operation] {
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        var operations = (0..<head).map { Operation(kind: .keep, oldLine: $0, newLine: $0) }
        let middleA = a[head..<(a.count - tail)]
        let middleB = b[head..<(b.count - tail)]
        let middle = myers(Array(middleA), Array(middleB)) ?? replacement(middleA.count, middleB.count)
        operations += middle.map { Operation(kind: $0.kind, oldLine: $0.oldLine + head, newLine: $0.newLine + head) }
        operations += (0..<tail).map {
            Operation(kind: .keep, oldLine: a.count - tail + $0, newLine: b.count - tail + $0)
        }
        return operations
    }

    /// Every old line deleted, then every new line inserted.
    static func replacement(_ n: Int, _ m: Int) -> [Operation] {
        (0..<n).map { Operation(kind: .delete, oldLine: $0, newLine: 0) }
            + (0..<m).map { Operation(kind: .insert, oldLine: n, newLine: $0) }
    }

    /// Myers' greedy shortest edit script; nil when the distance exceeds `maximumDistance`.
    static func myers(_ a: [Substring], _ b: [Substring]) -> [Operation]? {
        let (n, m) = (a.count, b.count)
        let limit = min(n + m, maximumDistance)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] holds v[-(d-1)...(d-1)] as it was before step d: what backtracking from step d reads.
        var trace: [[Int]] = []
        var distance: Int?
        search: for d in 0...limit {
            trace.append(d == 0 ? [] : Array(v[(offset - d + 1)...(offset + d - 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    distance = d
                    break search
                }
            }
        }
        guard let distance else { return nil }
        var reversed: [Operation] = []
        var (x, y) = (n, m)
        for d in stride(from: distance, to: 0, by: -1) {
            let previous = trace[d]
            func value(_ k: Int) -> Int { previous[k + d - 1] }
            let k = x - y
            let previousK = k == -d || (k != d && value(k - 1) < value(k + 1)) ? k + 1 : k - 1
            let previousX = value(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                reversed.append(Operation(kind: .keep, oldLine: x, newLine: y))
            }
            if x == previousX {
                y -= 1
                reversed.append(Operation(kind: .insert, oldLine: x, newLine: y))
            } else {
                x -= 1
                reversed.append(Operation(kind: .delete, oldLine: x, newLine: y))
            }
        }
        while x > 0, y > 0 {
            x -= 1
            y -= 1
            reversed.append(Operation(kind: .keep, oldLine: x, newLine: y))
        }
        return reversed.reversed()
    }
}
