/// `feishu-conformance generate [--specs DIR] [--check]`: write the generated sources.
public struct GenerateCommand: ParsableCommand {
    static let specs = SharedOptions.specs
    static let check = FlagDeclaration(
        "check", help: "Write nothing; exit 1 if the generated sources are stale.")

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "generate",
        abstract: "Generate the request builders, validators, case catalog and test suites from the specs.",
        discussion: """
            Files are rewritten only when their bytes change. With --check nothing is written and
            the exit status says whether the committed sources match the specs.
            """,
        arguments: [specs.definition, check.definition])

    /// The directory given with `--specs`, nil for the compiled-in specs.
    public var specsDirectory: String?
    /// `--check`: compare, do not write.
    public var checkOnly: Bool

    /// A generate command.
    public init(specsDirectory: String? = nil, checkOnly: Bool = false) {
        self.specsDirectory = specsDirectory
        self.checkOnly = checkOnly
    }

    /// Reads `--specs` and `--check`.
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        specsDirectory = try parsed.value(Self.specs)
        checkOnly = parsed.isSet(Self.check)
    }

    /// Delegates to `environment.actions.generate`.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        try await environment.actions.generate(self, environment)
    }
}
