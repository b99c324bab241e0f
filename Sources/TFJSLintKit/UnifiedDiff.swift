/// A unified diff of two texts by lines (LCS), as `diff -u` prints it.
public enum UnifiedDiff {
    /// Inputs whose line-count product exceeds this are shown as one hunk replacing everything.
    static let maximumCells = 25_000_000

    public static func diff(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let a = lines(old)
        let b = lines(new)
        let operations = editScript(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while index < operations.count {
            guard operations[index].kind != .keep else {
                index += 1
                continue
            }
            var start = index
            var steps = 0
            while start > 0, operations[start - 1].kind == .keep, steps < context {
                start -= 1
                steps += 1
            }
            var end = index
            var quiet = 0
            while end < operations.count, quiet <= context * 2 {
                quiet = operations[end].kind == .keep ? quiet + 1 : 0
                end += 1
            }
            end -= max(0, quiet - context)
            let hunk = operations[start..<end]
            let oldStart = (hunk.first?.oldLine ?? 0) + 1
            let newStart = (hunk.first?.newLine ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for operation in hunk {
                switch operation.kind {
                case .keep: out += " " + a[operation.oldLine] + "\n"
                case .delete: out += "-" + a[operation.oldLine] + "\n"
                case .insert: out += "+" + b[operation.newLine] + "\n"
                }
            }
            index = end
        }
        return out
    }

    /// Lines without their terminators; a final newline does not start another line.
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    struct Operation {
        enum Kind { case keep, delete, insert }
        let kind: Kind
        let oldLine: Int
        let newLine: Int
    }

    static func editScript(_ a: [Substring], _ b: [Substring]) -> [Operation] {
        let (n, m) = (a.count, b.count)
        guard n * m <= maximumCells else {
            return (0..<n).map { Operation(kind: .delete, oldLine: $0, newLine: 0) }
                + (0..<m).map { Operation(kind: .insert, oldLine: n, newLine: $0) }
        }
        // lengths[i][j]: LCS of a[i...] and b[j...], in one flat buffer.
        var lengths = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * (m + 1) + j] = a[i] == b[j]
                    ? lengths[(i + 1) * (m + 1) + j + 1] + 1
                    : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
            }
        }
        var operations: [Operation] = []
        var (i, j) = (0, 0)
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                operations.append(Operation(kind: .keep, oldLine: i, newLine: j))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1] {
                operations.append(Operation(kind: .delete, oldLine: i, newLine: j))
                i += 1
            } else {
                operations.append(Operation(kind: .insert, oldLine: i, newLine: j))
                j += 1
            }
        }
        return operations
    }
}
