/// A command line the parser rejects; exits 2. Built with static factories over an internal
/// enum, so new kinds never break callers. Messages never echo values of secret options.
public struct CommandLineError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case missingSubcommand
        case unknownSubcommand(String, suggestion: String?)
        case unknownOption(String, suggestion: String?)
        case missingValue(option: String, valueName: String, expectation: String)
        case badValue(option: String, expectation: String, got: String)
        case repeated(option: String, isFlag: Bool)
        case flagWithValue(option: String)
        case unexpectedArgument(String, suggestion: String?)
        case invalidCombination(String)
        case missingPositional(name: String, expectation: String)
    }

    let kind: Kind
    /// The subcommand whose usage line should follow the message, if any.
    public internal(set) var commandName: String?

    init(_ kind: Kind, command: String? = nil) {
        self.kind = kind
        self.commandName = command
    }

    /// No subcommand was given.
    public static var missingSubcommand: CommandLineError { .init(.missingSubcommand) }

    /// The first argument names no subcommand.
    public static func unknownSubcommand(_ name: String, suggestion: String?) -> CommandLineError {
        .init(.unknownSubcommand(name, suggestion: suggestion))
    }

    /// An option the command does not have; `suggestion` is the closest one it has.
    public static func unknownOption(_ name: String, suggestion: String?) -> CommandLineError {
        .init(.unknownOption(name, suggestion: suggestion))
    }

    /// An option that takes a value was last, or followed by another option.
    public static func missingValue(option: String, valueName: String, expectation: String) -> CommandLineError {
        .init(.missingValue(option: option, valueName: valueName, expectation: expectation))
    }

    /// A value that does not parse; `got` is already safe to show (sanitised, or a description for secrets).
    public static func badValue(option: String, expectation: String, got: String) -> CommandLineError {
        .init(.badValue(option: option, expectation: expectation, got: got))
    }

    /// A non-repeatable option (or a flag) given twice.
    public static func repeated(option: String, isFlag: Bool = false) -> CommandLineError {
        .init(.repeated(option: option, isFlag: isFlag))
    }

    /// `--flag=value` for a flag.
    public static func flagWithValue(option: String) -> CommandLineError { .init(.flagWithValue(option: option)) }

    /// A command that takes positional arguments got too few.
    public static func missingPositional(name: String, expectation: String) -> CommandLineError {
        .init(.missingPositional(name: name, expectation: expectation))
    }

    /// A bare word where none is expected (the command takes no positional arguments).
    public static func unexpectedArgument(_ text: String, suggestion: String?) -> CommandLineError {
        .init(.unexpectedArgument(text, suggestion: suggestion))
    }

    /// Options that are each valid but do not make sense together.
    public static func invalidCombination(_ message: String) -> CommandLineError { .init(.invalidCombination(message)) }

    /// The message, without the `error: ` prefix.
    public var description: String {
        func didYouMean(_ s: String?) -> String { s.map { "; did you mean '\($0)'?" } ?? "" }
        switch kind {
        case .missingSubcommand:
            return "missing subcommand"
        case .unknownSubcommand(let name, let suggestion):
            return "unknown subcommand '\(ArgumentParser.displayable(name))'\(didYouMean(suggestion))"
        case .unknownOption(let name, let suggestion):
            return "unknown option '\(ArgumentParser.displayable(name))'\(didYouMean(suggestion))"
        case .missingValue(let option, let valueName, let expectation):
            return "\(option) needs a value: \(option) <\(valueName)>, where <\(valueName)> is \(expectation)"
        case .badValue(let option, let expectation, let got):
            return "\(option) expects \(expectation), got \(got)"
        case .repeated(let option, let isFlag):
            return "\(option) was given more than once" + (isFlag ? "" : "; it takes a single value")
        case .flagWithValue(let option):
            return "\(option) is a flag and takes no value"
        case .unexpectedArgument(let text, let suggestion):
            return "unexpected argument '\(ArgumentParser.displayable(text))'\(didYouMean(suggestion))"
        case .invalidCombination(let message):
            return message
        case .missingPositional(let name, let expectation):
            return "missing <\(name)>: give \(expectation)"
        }
    }
}

/// A failure after parsing: configuration, connection, a step that is not available yet.
/// Carries its exit code (usually 2) and a message for stderr, which must not hold secrets.
public struct CommandFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message, without the `error: ` prefix.
    public var message: String
    /// The exit code the process ends with.
    public var exitCode: ExitCode

    /// A failure with a message and an exit code (default 2).
    public init(_ message: String, exitCode: ExitCode = .usageError) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A subcommand whose implementation is not wired into this build.
    public static func notAvailable(_ command: String) -> CommandFailure {
        CommandFailure("'\(command)' is not available in this build yet")
    }

    /// The message.
    public var description: String { message }
}
