import ConformanceKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything a command touches outside itself: output streams, environment variables, the
/// working directory, whether stderr is a terminal, and the implementations behind each
/// subcommand. Tests build one with captured output and stub actions.
public struct CommandEnvironment: Sendable {
    /// Where results go (`listening on ...`, report paths).
    public var stdout: any TextOutput
    /// Where progress, warnings and errors go.
    public var stderr: any TextOutput
    /// Environment variables (`FEISHU_APP_ID`, ...).
    public var variables: [String: String]
    /// Relative paths given on the command line resolve against this directory.
    public var currentDirectory: URL
    /// True when stderr is an interactive terminal (progress may use colour).
    public var stderrIsTerminal: Bool
    /// The work behind each subcommand.
    public var actions: CommandActions
    /// The time `run` paces and waits by: the system clock; tests replay a live run faster with an
    /// ``AcceleratedClock`` shared with the server.
    public var runClock: any RunClock

    /// An environment from parts.
    public init(
        stdout: any TextOutput, stderr: any TextOutput, variables: [String: String] = [:],
        currentDirectory: URL, stderrIsTerminal: Bool = false, actions: CommandActions = .unwired,
        runClock: any RunClock = SystemRunClock()
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.variables = variables
        self.currentDirectory = currentDirectory
        self.stderrIsTerminal = stderrIsTerminal
        self.actions = actions
        self.runClock = runClock
    }

    /// The real process: its streams, environment, working directory and `isatty(2)`.
    public static func process(actions: CommandActions) -> CommandEnvironment {
        CommandEnvironment(
            stdout: StandardStream.standardOutput, stderr: StandardStream.standardError,
            variables: ProcessInfo.processInfo.environment,
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            stderrIsTerminal: isatty(2) != 0, actions: actions)
    }

    /// `path` as a file URL, relative to `currentDirectory` unless absolute.
    public func resolve(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return currentDirectory.appendingPathComponent(path).standardizedFileURL
    }

    /// A non-empty environment variable (CI secrets that are not set often expand to "").
    public func variable(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}

/// The implementations behind the subcommands, as closures so the command layer stays testable
/// and the lead can wire SpecLinter, GeneratorPipeline, the mock server and the runner in one place
/// (`CommandActions.standard`).
public struct CommandActions: Sendable {
    /// `lint`: validate the specs; 0 clean, 1 errors, 2 cannot read them.
    public var lint: @Sendable (LintCommand, CommandEnvironment) async throws -> ExitCode
    /// `generate`: write or check the generated sources; 0 done/fresh, 1 stale with `--check`.
    public var generate: @Sendable (GenerateCommand, CommandEnvironment) async throws -> ExitCode
    /// `mock`: serve until SIGINT/SIGTERM; first stdout line `listening on http://HOST:PORT`.
    public var mock: @Sendable (MockCommand, CommandEnvironment) async throws -> ExitCode
    /// `run`: execute the cases and return the run; report each case to the progress sink.
    /// Throw `CommandFailure` for configuration or connection errors (exit 2).
    public var executeRun: @Sendable (RunConfiguration, any RunProgress, CommandEnvironment) async throws -> RunResult
    /// `run --plan`: what the run would do, sending nothing that writes.
    public var planRun: @Sendable (RunConfiguration, CommandEnvironment) async throws -> RunPlan
    /// Lines describing the mock's default apps (fake test credentials) for `mock --help`.
    public var mockDefaultApps: @Sendable () -> [String]
    /// `export`: write the specs as an OpenAPI document; 0 written, 2 cannot.
    public var export: @Sendable (ExportCommand, CommandEnvironment) async throws -> ExitCode
    /// `diff`: classify spec changes, write the reports; 0 none at or above `--fail-on`, 1 some.
    public var diff: @Sendable (DiffCommand, CommandEnvironment) async throws -> ExitCode
    /// `proxy`: forward and check traffic until SIGINT/SIGTERM; first stdout line `listening on http://HOST:PORT`.
    public var proxy: @Sendable (ProxyCommand, CommandEnvironment) async throws -> ExitCode
    /// `import`: doc pages to specs (or, with `--check`, doc drift); 0 all imported clean, 1 problems or drift, 2 usage.
    public var importPages: @Sendable (ImportCommand, CommandEnvironment) async throws -> ExitCode

    /// Actions from closures.
    public init(
        lint: @escaping @Sendable (LintCommand, CommandEnvironment) async throws -> ExitCode,
        generate: @escaping @Sendable (GenerateCommand, CommandEnvironment) async throws -> ExitCode,
        mock: @escaping @Sendable (MockCommand, CommandEnvironment) async throws -> ExitCode,
        executeRun: @escaping @Sendable (RunConfiguration, any RunProgress, CommandEnvironment) async throws -> RunResult,
        planRun: @escaping @Sendable (RunConfiguration, CommandEnvironment) async throws -> RunPlan = { _, _ in
            throw CommandFailure.notAvailable("run --plan")
        },
        mockDefaultApps: @escaping @Sendable () -> [String] = { [] },
        export: @escaping @Sendable (ExportCommand, CommandEnvironment) async throws -> ExitCode = { _, _ in
            throw CommandFailure.notAvailable("export")
        },
        diff: @escaping @Sendable (DiffCommand, CommandEnvironment) async throws -> ExitCode = { _, _ in
            throw CommandFailure.notAvailable("diff")
        },
        proxy: @escaping @Sendable (ProxyCommand, CommandEnvironment) async throws -> ExitCode = { _, _ in
            throw CommandFailure.notAvailable("proxy")
        },
        importPages: @escaping @Sendable (ImportCommand, CommandEnvironment) async throws -> ExitCode = { _, _ in
            throw CommandFailure.notAvailable("import")
        }
    ) {
        self.lint = lint
        self.generate = generate
        self.mock = mock
        self.executeRun = executeRun
        self.planRun = planRun
        self.mockDefaultApps = mockDefaultApps
        self.export = export
        self.diff = diff
        self.proxy = proxy
        self.importPages = importPages
    }

    /// Every action fails with "not available in this build yet" (exit 2).
    public static let unwired = CommandActions(
        lint: { _, _ in throw CommandFailure.notAvailable("lint") },
        generate: { _, _ in throw CommandFailure.notAvailable("generate") },
        mock: { _, _ in throw CommandFailure.notAvailable("mock") },
        executeRun: { _, _, _ in throw CommandFailure.notAvailable("run") })
}
