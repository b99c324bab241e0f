public enum TFJSLintVersion {
    public static let current = "0.1.0"
}
