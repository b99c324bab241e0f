/// "Did you mean ...?" for mistyped rule ids, category names and keys.
public enum NameSuggestions {
    /// Known names within a small edit distance of `name`, or containing it (or contained in it), closest first.
    public static func closest(to name: String, in known: some Sequence<String>, limit: Int = 3) -> [String] {
        let typed = Array(name.lowercased())
        guard !typed.isEmpty, typed.count <= 64 else { return [] }
        let ranked: [(name: String, distance: Int)] = known.compactMap { candidate in
            let lowered = candidate.lowercased()
            let distance = editDistance(typed, Array(lowered))
            let related = lowered.contains(name.lowercased()) || (typed.count > 3 && name.lowercased().contains(lowered))
            return distance <= max(2, typed.count / 4) || related ? (candidate, distance) : nil
        }
        return ranked.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(limit).map(\.name)
    }

    /// " (did you mean a, b?)", or "" when nothing is close.
    public static func hint(for name: String, in known: some Sequence<String>) -> String {
        let names = closest(to: name, in: known)
        return names.isEmpty ? "" : "; did you mean \(names.joined(separator: ", "))?"
    }

    /// Levenshtein distance; both arguments are short (bounded by the caller).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
