import ConformanceKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Entry point of the `feishu-conformance` command line: parses the arguments, dispatches to a
/// subcommand and turns every outcome into an exit code (errors on stderr).
public enum FeishuConformanceCLI {
    /// The tool's version, shown by `--version` and written into results.
    public static let version = ConformanceTool.version

    /// The subcommands, in help order.
    public static let subcommands: [any ParsableCommand.Type] = [
        LintCommand.self, GenerateCommand.self, MockCommand.self, RunCommand.self, ImportCommand.self, ExportCommand.self, DiffCommand.self,
        ProxyCommand.self,
    ]

    static let abstract = "Contract tests and a stateful mock for the Feishu/Lark Open Platform."
    static let discussion = """
        Checks that the platform (or a mock of it) behaves as its documentation says, from
        machine-readable specs of each endpoint.
        """

    /// Runs the command line with the real process environment and exits with the result.
    public static func main(arguments: [String]) async {
        let code = await run(arguments: arguments, environment: .process(actions: .standard))
        exit(code.rawValue)
    }

    /// Runs the command line in `environment` and returns the exit code (never exits the process).
    public static func run(arguments: [String], environment: CommandEnvironment) async -> ExitCode {
        var environment = environment
        let secrets = secretValues(arguments: arguments, variables: environment.variables)
        environment.stdout = RedactingOutput(environment.stdout, secrets: secrets)
        environment.stderr = RedactingOutput(environment.stderr, secrets: secrets)

        guard let first = arguments.first else {
            environment.stderr.write("error: \(CommandLineError.missingSubcommand)\n\n" + rootHelp())
            return .usageError
        }
        if ArgumentParser.helpWords.contains(first) {
            environment.stdout.write(rootHelp())
            return .success
        }
        if first == "--version" {
            environment.stdout.write("feishu-conformance \(version)\n")
            return .success
        }
        if first == "help" {
            guard arguments.count > 1 else {
                environment.stdout.write(rootHelp())
                return .success
            }
            guard let command = subcommand(arguments[1]) else {
                return report(unknownSubcommand(arguments[1]), environment)
            }
            environment.stdout.write(help(command, environment))
            return .success
        }
        if first.hasPrefix("-") {
            let names = subcommands.map { $0.configuration.name }.joined(separator: ", ")
            return report(
                CommandFailure("unknown option '\(ArgumentParser.displayable(first))' before the subcommand; start with one of: \(names)"), environment)
        }
        guard let command = subcommand(first) else { return report(unknownSubcommand(first), environment) }
        let rest = Array(arguments.dropFirst())
        if rest.contains(where: ArgumentParser.helpWords.contains) {
            environment.stdout.write(help(command, environment))
            return .success
        }
        do {
            let parsed = try command.parse(rest)
            return try await parsed.run(environment)
        } catch {
            return report(error, environment)
        }
    }

    /// Prints an error on stderr (with the usage line for usage errors) and returns its exit code.
    static func report(_ error: any Error, _ environment: CommandEnvironment) -> ExitCode {
        switch error {
        case let error as CommandLineError:
            var text = "error: \(error)\n"
            if let name = error.commandName, let command = subcommand(name) {
                text += HelpRenderer.usage(command.configuration) + "\n"
                text += "  See '\(HelpRenderer.toolName) \(name) --help'.\n"
            } else {
                text += "  See '\(HelpRenderer.toolName) --help'.\n"
            }
            environment.stderr.write(text)
            return .usageError
        case let failure as CommandFailure:
            environment.stderr.write("error: \(failure.message)\n")
            return failure.exitCode
        default:
            environment.stderr.write("error: \(error)\n")
            return .usageError
        }
    }

    static func subcommand(_ name: String) -> (any ParsableCommand.Type)? {
        subcommands.first { $0.configuration.name == name }
    }

    static func unknownSubcommand(_ name: String) -> CommandLineError {
        .unknownSubcommand(name, suggestion: ArgumentParser.closest(to: name, among: subcommands.map { $0.configuration.name }))
    }

    /// The root `--help` text.
    public static func rootHelp() -> String {
        HelpRenderer.rootHelp(abstract: abstract, discussion: discussion, subcommands: subcommands.map { $0.configuration })
    }

    /// A subcommand's `--help` text.
    public static func help(_ command: any ParsableCommand.Type, _ environment: CommandEnvironment) -> String {
        HelpRenderer.help(command.configuration, addendum: command.helpAddendum(environment))
    }

    /// Secrets that must never be printed: credential variables and the secret half of every `--app`.
    static func secretValues(arguments: [String], variables: [String: String]) -> [String] {
        var secrets = ["FEISHU_APP_SECRET", "FEISHU_SECOND_APP_SECRET", "FEISHU_USER_ACCESS_TOKEN"].compactMap { variables[$0] }
        for (index, argument) in arguments.enumerated() {
            var value: String?
            if argument.hasPrefix("--app=") {
                value = String(argument.dropFirst("--app=".count))
            } else if argument == "--app", index + 1 < arguments.count {
                value = arguments[index + 1]
            }
            if let value, let colon = value.firstIndex(of: ":") { secrets.append(String(value[value.index(after: colon)...])) }
        }
        return secrets.filter { !$0.isEmpty }
    }
}
