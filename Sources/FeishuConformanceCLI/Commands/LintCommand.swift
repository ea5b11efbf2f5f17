/// `feishu-conformance lint [--specs DIR]`: validate every spec.
public struct LintCommand: ParsableCommand {
    static let specs = SharedOptions.specs

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "lint",
        abstract: "Validate every spec against the spec schema and the model's rules.",
        discussion: """
            Checks each Specs/<endpoint>.json and the shared platform file. Every problem is
            printed with its file and JSON path. Exits 1 when any spec has an error.
            """,
        arguments: [specs.definition])

    /// The directory given with `--specs`, nil for the compiled-in specs.
    public var specsDirectory: String?

    /// A lint command.
    public init(specsDirectory: String? = nil) { self.specsDirectory = specsDirectory }

    /// Reads `--specs`.
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        specsDirectory = try parsed.value(Self.specs)
    }

    /// Delegates to `environment.actions.lint`.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        try await environment.actions.lint(self, environment)
    }
}
