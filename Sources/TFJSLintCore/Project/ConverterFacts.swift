/// What `tensorflowjs_converter` accepts, as read from Rules/converter.yaml.
public struct ConverterFacts: Sendable {
    public enum Arity: String, Sendable {
        /// One value (`--flag value` or `--flag=value`).
        case one
        /// argparse `nargs='?'`: takes the next token as its value unless it starts with `-`.
        case optional
        /// store_true: no value.
        case none
    }

    public struct Flag: Sendable {
        public let name: String
        public let arity: Arity
        public let inputs: [String]?
        public let outputs: [String]?
        /// "error" or "ignored" where the flag does not apply.
        public let otherwise: String?
        public let requiredFor: [String]
        public let choices: [String]?
        public let positiveInteger: Bool
        public let deprecated: Bool
        public let conflicts: [String]
        /// The converter's own error text, where it has one.
        public let message: String?

        public init(
            name: String, arity: Arity, inputs: [String]? = nil, outputs: [String]? = nil, otherwise: String? = nil,
            requiredFor: [String] = [], choices: [String]? = nil, positiveInteger: Bool = false, deprecated: Bool = false,
            conflicts: [String] = [], message: String? = nil
        ) {
            self.name = name
            self.arity = arity
            self.inputs = inputs
            self.outputs = outputs
            self.otherwise = otherwise
            self.requiredFor = requiredFor
            self.choices = choices
            self.positiveInteger = positiveInteger
            self.deprecated = deprecated
            self.conflicts = conflicts
            self.message = message
        }

        /// Whether the flag takes part in a conversion from `input` to `output`.
        public func applies(input: String, output: String?) -> Bool {
            (inputs?.contains(input) ?? true) && (outputs.map { list in output.map(list.contains) ?? false } ?? true)
        }
    }

    public let defaultInput: String
    public let inputFormats: [String]
    public let outputFormats: [String]
    public let defaultOutput: [String: String]
    public let pairs: [String: [String]]
    public let flags: [String: Flag]

    public init(
        defaultInput: String, inputFormats: [String], outputFormats: [String], defaultOutput: [String: String],
        pairs: [String: [String]], flags: [String: Flag]
    ) {
        self.defaultInput = defaultInput
        self.inputFormats = inputFormats
        self.outputFormats = outputFormats
        self.defaultOutput = defaultOutput
        self.pairs = pairs
        self.flags = flags
    }

    public static let empty = ConverterFacts(
        defaultInput: "tf_saved_model", inputFormats: [], outputFormats: [], defaultOutput: [:], pairs: [:], flags: [:])

    /// The flag a command-line name means, as argparse resolves it: exact, else a unique prefix.
    public func flag(named name: String) -> Flag? {
        if let exact = flags[name] { return exact }
        if name == "v" { return flags["version"] }
        let candidates = flags.keys.filter { $0.hasPrefix(name) }
        return candidates.count == 1 ? flags[candidates[0]] : nil
    }

    public func isSupported(input: String, output: String) -> Bool {
        pairs[input]?.contains(output) ?? false
    }
}
