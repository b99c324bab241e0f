/// TF.js's conversion of Keras (Python) config values, mirrored exactly.
public enum PythonicNames {
    /// `toCamelCase` of tfjs-layers `utils/generic_utils.ts`: `identifier.replace(/[_]+(\w|$)/g, upper($1))`,
    /// with its quick returns for strings of length <= 1 and strings without `_`.
    /// `convertPythonicToTs` applies it to every key and every string value except `name` values.
    public static func camelCase(_ identifier: String) -> String {
        let scalars = Array(identifier.unicodeScalars)
        guard scalars.count > 1, scalars.contains("_") else { return identifier }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "_" else {
                out.append(scalars[i])
                i += 1
                continue
            }
            var end = i
            while end < scalars.count, scalars[end] == "_" { end += 1 }
            if end == scalars.count {
                // `[_]+$`: the trailing run disappears.
                i = end
            } else if isWordCharacter(scalars[end]) {
                // `[_]+\w`: the run disappears and the character is upper-cased.
                out.append(contentsOf: String(scalars[end]).uppercased().unicodeScalars)
                i = end + 1
            } else {
                // Before another character a single `_` does not match; a longer run backtracks so that its
                // last `_` is the `\w`. Either way one `_` remains.
                out.append("_")
                i = end
            }
        }
        return String(out)
    }

    /// JavaScript's `\w` without the `u` flag: ASCII letters, digits and `_`.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
    }
}
