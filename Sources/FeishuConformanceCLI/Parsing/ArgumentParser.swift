/// What a subcommand's arguments said: values by option name, flags that were set. Values are
/// already checked by their parsers, in the order they appeared.
public struct ParsedArguments: Sendable, Hashable {
    /// Option name (no dashes) -> values in command-line order.
    public var values: [String: [String]] = [:]
    /// Flags given.
    public var flags: Set<String> = []
    /// Positional arguments, in order (only commands that declare positionals get any).
    public var positionals: [String] = []

    /// Makes parsed arguments directly (tests, programmatic use).
    public init(values: [String: [String]] = [:], flags: Set<String> = [], positionals: [String] = []) {
        self.values = values
        self.flags = flags
        self.positionals = positionals
    }

    /// The positional argument at `index`; throws `missingArgument` naming it when it was not given.
    public func positional(_ index: Int, of declarations: [PositionalDefinition]) throws(CommandLineError) -> String {
        guard index < positionals.count else {
            let declaration = declarations[min(index, declarations.count - 1)]
            throw .missingArgument(declaration.name, expectation: declaration.expectation)
        }
        return positionals[index]
    }

    /// The value of a single-value option, or nil when not given.
    public func value<V>(_ option: OptionDeclaration<V>) throws(CommandLineError) -> V? {
        try values(option).last
    }

    /// Every value of an option, in command-line order.
    public func values<V>(_ option: OptionDeclaration<V>) throws(CommandLineError) -> [V] {
        var result: [V] = []
        for text in values[option.name] ?? [] {
            guard let value = option.parser.parse(text) else {
                throw .badValue(
                    option: "--" + option.name, expectation: option.parser.expectation,
                    got: option.parser.describeRejected(text))
            }
            result.append(value)
        }
        return result
    }

    /// True when the flag was given.
    public func isSet(_ flag: FlagDeclaration) -> Bool { flags.contains(flag.name) }
}

/// The hand-written parser: `--name value`, `--name=value`, flags, repeatable options.
public enum ArgumentParser {
    /// Words that ask for help wherever they appear.
    public static let helpWords: Set<String> = ["--help", "-h"]

    /// Parses a subcommand's arguments against its definitions. Bare words are the command's
    /// positional arguments, up to as many as it declares (`positionals`); after `--` every word is
    /// one. Any other bare word is an error.
    public static func parse(
        _ arguments: [String], definitions: [ArgumentDefinition],
        positionals declared: [PositionalDefinition] = []
    ) throws(CommandLineError) -> ParsedArguments {
        var parsed = ParsedArguments()
        let byName = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let repeats = declared.last?.repeating == true
        func positional(_ token: String) throws(CommandLineError) {
            guard parsed.positionals.count < declared.count || repeats else {
                throw .unexpectedArgument(token, suggestion: byName[token].map { $0.flagName })
            }
            parsed.positionals.append(token)
        }
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "--" {
                while index < arguments.count {
                    try positional(arguments[index])
                    index += 1
                }
                break
            }
            guard token.hasPrefix("-"), token.count > 1 else {
                try positional(token)
                continue
            }
            let body = token.hasPrefix("--") ? String(token.dropFirst(2)) : String(token.dropFirst(1))
            let name: String
            let inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = body
                inlineValue = nil
            }
            guard token.hasPrefix("--"), let definition = byName[name] else {
                let candidates = definitions.map(\.flagName) + ["--help"]
                throw .unknownOption(
                    token.hasPrefix("--") ? "--" + name : token,
                    suggestion: closest(to: "--" + name, among: candidates))
            }
            if definition.isFlag {
                if inlineValue != nil { throw .flagWithValue(option: definition.flagName) }
                if parsed.flags.contains(name) { throw .repeated(option: definition.flagName, isFlag: true) }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                value = arguments[index]
                index += 1
            } else {
                throw .missingValue(
                    option: definition.flagName, valueName: definition.valueName,
                    expectation: definition.expectation)
            }
            if parsed.values[name] != nil && !definition.isRepeatable { throw .repeated(option: definition.flagName) }
            if let shown = definition.reject(value) {
                throw .badValue(option: definition.flagName, expectation: definition.expectation, got: shown)
            }
            parsed.values[name, default: []].append(value)
        }
        if parsed.positionals.count < declared.count {
            let missing = declared[parsed.positionals.count]
            throw .missingArgument(missing.name, expectation: missing.expectation)
        }
        return parsed
    }

    /// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(2, min(word.count, best.0.count) / 3)
        if best.1 <= allowed { return best.0 }
        // A prefix of a longer name (`--allow` for `--allow-writes`) is also a good guess.
        let prefixed = candidates.filter { $0.hasPrefix(word) && word.count >= 4 }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// User text made safe to echo in one line: control characters as `\u{XX}`, at most 60 characters.
    public static func displayable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.count > 60 ? String(out.prefix(59)) + "…" : out
    }
}
