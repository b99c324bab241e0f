/// The files of the repository's `Rules/` folder (presets, catalogs, converter facts), embedded at build
/// time, keyed by their path inside `Rules/` such as `presets/recommended.yaml`.
public enum RulesFolder {
    public static var paths: [String] { EmbeddedRules.files.keys.sorted() }

    public static func text(of path: String) -> String? {
        EmbeddedRules.files[path]
    }
}
