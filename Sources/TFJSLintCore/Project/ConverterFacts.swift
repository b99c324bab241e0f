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

    /// The argparse `type` of a flag's value.
    public enum ValueType: String, Sendable {
        case str, int, bool
    }

    /// What a flag does in a conversion from one format to another.
    public enum Participation: Sendable, Equatable {
        case used
        /// The converter stops with the flag's message.
        case error
        /// The converter never passes the flag on.
        case ignored
    }

    public struct Flag: Sendable {
        public let name: String
        public let arity: Arity
        public let type: ValueType
        /// A one-dash alias (`v` for `-v`).
        public let short: String?
        public let inputs: [String]?
        public let outputs: [String]?
        /// "error" or "ignored" outside `inputs` / `outputs`.
        public let otherwise: String?
        /// Inputs, or `input -> output` pairs, within `inputs` / `outputs` that never receive the flag.
        public let ignoredFor: [String]
        public let requiredFor: [String]
        public let choices: [String]?
        public let positiveInteger: Bool
        public let deprecated: Bool
        public let conflicts: [String]
        /// The converter's own error text, where it has one ({input} and {output} stand for the formats).
        public let message: String?
        /// The converter's error for a value out of range ({value} stands for the value).
        public let valueMessage: String?

        public init(
            name: String, arity: Arity, type: ValueType = .str, short: String? = nil, inputs: [String]? = nil,
            outputs: [String]? = nil, otherwise: String? = nil, ignoredFor: [String] = [], requiredFor: [String] = [],
            choices: [String]? = nil, positiveInteger: Bool = false, deprecated: Bool = false, conflicts: [String] = [],
            message: String? = nil, valueMessage: String? = nil
        ) {
            self.name = name
            self.arity = arity
            self.type = type
            self.short = short
            self.inputs = inputs
            self.outputs = outputs
            self.otherwise = otherwise
            self.ignoredFor = ignoredFor
            self.requiredFor = requiredFor
            self.choices = choices
            self.positiveInteger = positiveInteger
            self.deprecated = deprecated
            self.conflicts = conflicts
            self.message = message
            self.valueMessage = valueMessage
        }

        /// Whether the converter's checks see the flag as given: they test `str` and `bool` values for truth, so
        /// an empty value counts as absent. A nil value is not known (a variable) and counts as given.
        public func isGiven(value: String?) -> Bool {
            guard arity == .one, type != .int, let value else { return true }
            return !value.isEmpty
        }

        /// What the flag does in a conversion from `input` to `output` (nil: no output format).
        public func participation(input: String, output: String?) -> Participation {
            let inside = (inputs?.contains(input) ?? true) && (outputs.map { list in output.map(list.contains) ?? false } ?? true)
            guard inside else { return otherwise == "error" ? .error : .ignored }
            let pair = "\(input) -> \(output ?? "None")"
            return ignoredFor.contains(input) || ignoredFor.contains(pair) ? .ignored : .used
        }

        /// `message` with the formats filled in.
        public func message(input: String, output: String?) -> String? {
            message.map { $0.replacing("{input}", with: input).replacing("{output}", with: output ?? "None") }
        }
    }

    /// How argparse reads a word that starts with `-`.
    public enum Lookup: Sendable {
        case flag(Flag)
        /// A prefix of several flags: "ambiguous option".
        case ambiguous([String])
        case unknown
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

    /// The flag a command-line word (without `=value`) means, as argparse resolves it: `--name` exactly or by a
    /// unique prefix, `-x` by its short alias.
    public func lookup(_ word: String) -> Lookup {
        if word.hasPrefix("--") {
            let name = String(word.dropFirst(2))
            if let exact = flags[name] { return .flag(exact) }
            let candidates = flags.keys.filter { $0.hasPrefix(name) }.sorted()
            if candidates.count == 1, let only = flags[candidates[0]] { return .flag(only) }
            return candidates.isEmpty || name.isEmpty ? .unknown : .ambiguous(candidates)
        }
        let short = String(word.dropFirst())
        return flags.values.first { $0.short == short }.map(Lookup.flag) ?? .unknown
    }

    /// The flag `--name` means, if exactly one.
    public func flag(named name: String) -> Flag? {
        if case .flag(let flag) = lookup("--" + name) { return flag }
        return nil
    }

    public func isSupported(input: String, output: String) -> Bool {
        pairs[input]?.contains(output) ?? false
    }
}
