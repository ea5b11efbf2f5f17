/// What a subcommand declares about itself: the help text and the options it takes.
public struct CommandConfiguration: Sendable {
    /// The subcommand word: `run`.
    public var name: String
    /// One sentence for the root help's list and the `OVERVIEW:` line.
    public var abstract: String
    /// Longer text after the overview, already broken into lines.
    public var discussion: String
    /// Options and flags, in help order.
    public var arguments: [ArgumentDefinition]
    /// Words that follow the name in usage lines, before the options (`export`'s `openapi`).
    public var operands: String
    /// Positional arguments, in order (most commands take none).
    public var positionals: [PositionalDefinition]

    /// A configuration.
    public init(
        name: String, abstract: String, discussion: String = "", operands: String = "", positionals: [PositionalDefinition] = [],
        arguments: [ArgumentDefinition]
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.operands = operands
        self.positionals = positionals
        self.arguments = arguments
    }
}

/// A subcommand as a type, in the spirit of swift-argument-parser: it declares its options as
/// values, builds itself from parsed arguments (validating them), and runs.
public protocol ParsableCommand: Sendable {
    /// Name, help text and options.
    static var configuration: CommandConfiguration { get }

    /// Extra help text that depends on the environment (e.g. the mock's default apps); empty by default.
    static func helpAddendum(_ environment: CommandEnvironment) -> String

    /// Builds the command from parsed arguments; throws when values do not fit together.
    init(parsed: ParsedArguments) throws(CommandLineError)

    /// Parses the arguments after the subcommand word; by default options only (`parseOptions`).
    /// A command with operands (`export openapi`) reads them first.
    static func parse(_ arguments: [String]) throws(CommandLineError) -> Self

    /// Does the work; output goes through `environment`, never straight to the process streams.
    func run(_ environment: CommandEnvironment) async throws -> ExitCode
}

extension ParsableCommand {
    /// No addendum.
    public static func helpAddendum(_ environment: CommandEnvironment) -> String { "" }

    /// Parses `arguments` into this command: options only.
    public static func parse(_ arguments: [String]) throws(CommandLineError) -> Self {
        try parseOptions(arguments)
    }

    /// Parses `arguments` as this command's options; errors name the command.
    public static func parseOptions(_ arguments: [String]) throws(CommandLineError) -> Self {
        do {
            let parsed = try ArgumentParser.parse(arguments, definitions: configuration.arguments, positionals: configuration.positionals)
            return try Self(parsed: parsed)
        } catch {
            var error = error
            error.commandName = configuration.name
            throw error
        }
    }
}
