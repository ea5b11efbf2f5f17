import ConformanceDiff

/// `feishu-conformance diff OLD NEW [--fail-on breaking|potentially-breaking|any] [--reports DIR]`:
/// classify every change between two spec sets and write the reports.
public struct DiffCommand: ParsableCommand {
    static let old = PositionalDefinition(
        "old", help: "The old specs: a spec directory, a spec file, or a git revision (HEAD~1 reads HEAD~1:Specs; REV:PATH reads PATH at REV).",
        expectation: "the old specs (a spec directory or file, or a git revision such as HEAD~1)")
    static let new = PositionalDefinition(
        "new", help: "The new specs, in the same forms.",
        expectation: "the new specs (a spec directory or file, or a git revision such as HEAD)")
    static let failOn = OptionDeclaration<FailOn>(
        "fail-on", valueName: "level",
        help: "Exit 1 when a change at or above this severity is found: breaking, potentially-breaking or any.",
        default: "breaking",
        parser: ValueParser(expectation: "breaking, potentially-breaking or any") { FailOn(rawValue: $0) })
    static let reports = SharedOptions.reports("Where diff-report.md, diff-junit.xml and diff-results.json are written.")

    /// Which changes make `diff` exit 1.
    public enum FailOn: String, Sendable, Hashable {
        /// Breaking changes only.
        case breaking
        /// Breaking and potentially breaking changes.
        case potentiallyBreaking = "potentially-breaking"
        /// Any change at all.
        case any

        /// The least severity that fails.
        public var threshold: ChangeSeverity {
            switch self {
            case .breaking: .breaking
            case .potentiallyBreaking: .potentiallyBreaking
            case .any: .nonBreaking
            }
        }
    }

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "diff",
        abstract: "Classify the changes between two spec sets as breaking, potentially breaking or non-breaking.",
        discussion: """
            OLD and NEW are spec directories, spec files, or git revisions of Specs/ (`diff
            HEAD~1 HEAD`, `diff v1:Specs Specs`); a path that exists wins over a revision of the
            same name. Every difference is reported with its class (request.limit.tightened,
            error.added, ...), severity, endpoint, rule, old and new value, provenance and JSON
            path; one no class accounts for is unclassified.changed. The README lists the
            classes.

            Exit status: 0 no change at or above --fail-on, 1 some, 2 usage or configuration
            error (a directory, file or revision that cannot be read, a spec that does not
            decode, git missing).
            """,
        positionals: [old, new],
        arguments: [failOn.definition, reports.definition])

    /// OLD as given.
    public var oldArgument: String
    /// NEW as given.
    public var newArgument: String
    /// `--fail-on`.
    public var failOn: FailOn
    /// `--reports`.
    public var reportsDirectory: String

    /// A diff command.
    public init(old: String, new: String, failOn: FailOn = .breaking, reportsDirectory: String = "Reports") {
        self.oldArgument = old
        self.newArgument = new
        self.failOn = failOn
        self.reportsDirectory = reportsDirectory
    }

    /// Reads OLD, NEW and the options.
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        oldArgument = try parsed.positional(0, of: Self.configuration.positionals)
        newArgument = try parsed.positional(1, of: Self.configuration.positionals)
        failOn = try parsed.value(Self.failOn) ?? .breaking
        reportsDirectory = try parsed.value(Self.reports) ?? "Reports"
    }

    /// Delegates to `environment.actions.diff`.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        try await environment.actions.diff(self, environment)
    }
}
