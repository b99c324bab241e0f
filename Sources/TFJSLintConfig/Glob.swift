/// Glob matching on `/`-separated relative paths: `**` spans folders, `*` and `?` stay within one name,
/// `[abc]`, `[a-z]` and `[!a]` match one character.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let patternParts = pattern.split(separator: "/", omittingEmptySubsequences: true).map { Array($0) }
        let pathParts = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0) }
        var memo: [Int: Bool] = [:]
        return match(patternParts, 0, pathParts, 0, &memo)
    }

    private static func match(
        _ pattern: [[Character]], _ p: Int, _ path: [[Character]], _ q: Int, _ memo: inout [Int: Bool]
    ) -> Bool {
        let key = p * (path.count + 1) + q
        if let known = memo[key] { return known }
        let result: Bool
        if p == pattern.count {
            result = q == path.count
        } else if pattern[p] == ["*", "*"] {
            result = match(pattern, p + 1, path, q, &memo) || (q < path.count && match(pattern, p, path, q + 1, &memo))
        } else {
            result = q < path.count && segment(pattern[p], path[q]) && match(pattern, p + 1, path, q + 1, &memo)
        }
        memo[key] = result
        return result
    }

    /// One path segment against one pattern segment, with backtracking over `*`.
    static func segment(_ pattern: [Character], _ name: [Character]) -> Bool {
        var p = 0
        var n = 0
        var star: (p: Int, n: Int)?
        while n < name.count {
            if p < pattern.count, pattern[p] == "*" {
                star = (p, n)
                p += 1
            } else if p < pattern.count, let step = single(pattern, p, name[n]), step.matched {
                p = step.next
                n += 1
            } else if let resume = star {
                p = resume.p + 1
                n = resume.n + 1
                star = (resume.p, resume.n + 1)
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Whether the pattern element at `p` (a literal, `?` or a `[...]` class) matches `c`, and where it ends.
    private static func single(_ pattern: [Character], _ p: Int, _ c: Character) -> (matched: Bool, next: Int)? {
        switch pattern[p] {
        case "?":
            return (true, p + 1)
        case "[":
            var i = p + 1
            let negated = i < pattern.count && (pattern[i] == "!" || pattern[i] == "^")
            if negated { i += 1 }
            var matched = false
            var first = true
            while i < pattern.count, pattern[i] != "]" || first {
                first = false
                if i + 2 < pattern.count, pattern[i + 1] == "-", pattern[i + 2] != "]" {
                    if pattern[i] <= c && c <= pattern[i + 2] { matched = true }
                    i += 3
                } else {
                    if pattern[i] == c { matched = true }
                    i += 1
                }
            }
            guard i < pattern.count else { return (pattern[p] == c, p + 1) }  // no closing bracket: a literal '['
            return (matched != negated, i + 1)
        default:
            return (pattern[p] == c, p + 1)
        }
    }
}
