/// `feishu-conformance import [--out DIR] [--check] [--verbose] PAGE.md|DIR...`: endpoint specs
/// from the platform's Markdown doc pages.
public struct ImportCommand: ParsableCommand {
    static let out = OptionDeclaration<String>(
        "out", valueName: "dir",
        help:
            "Write the specs into this directory, one <id>.json per endpoint page; a curated spec there (no \"tier\": \"imported\") is never overwritten. With --check: the curated specs to compare with.",
        default: "Specs", parser: .text("a directory path"))
    static let check = FlagDeclaration(
        "check",
        help: "Write nothing: compare each page with the curated spec of its endpoint and print what the page says differently (doc drift) as Markdown.")
    static let verbose = FlagDeclaration("verbose", help: "Name every skipped page and every lint finding, not the first few.")

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "import",
        abstract: "Make endpoint specs from the platform's Markdown doc pages.",
        discussion: """
            Reads doc pages in both Markdown exports (the seeds' export: tables without outer pipes,
            cells over several lines, front matter source_url; the GFM export: outer pipes, nested
            rows marked └, <br> in cells, front matter title/fullPath/updateTime) and writes one
            spec per endpoint page, marked "tier": "imported". Every fact quotes the page
            (documented); conventions the page only implies are inferred and named in the spec's
            decisions. Pages that are not endpoints (guides, events, overviews) are skipped with the
            reason; what a page does not let the importer read becomes a lint warning naming the
            table or cell. Each spec is linted; the counts and every problem are printed.

            Exit status: 0 when every endpoint page was imported lint clean (and, with --check, no
            page differs from its curated spec); 1 when some page had a problem (each is named) or
            drifted; 2 for usage errors (a path that does not exist, an unreadable --out).
            """,
        positionals: [
            PositionalDefinition(
                "page.md|dir", help: "Doc pages (*.md, *.markdown, *.txt) or directories holding them, walked recursively.",
                expectation: "one or more doc pages or directories of them", repeating: true)
        ],
        arguments: [out.definition, check.definition, verbose.definition])

    /// `--out`, nil for the default `Specs`.
    public var outDirectory: String?
    /// `--check`: compare, do not write.
    public var checkOnly: Bool
    /// `--verbose`.
    public var verbose: Bool
    /// The pages and directories given.
    public var paths: [String]

    /// An import command.
    public init(paths: [String], outDirectory: String? = nil, checkOnly: Bool = false, verbose: Bool = false) {
        self.paths = paths
        self.outDirectory = outDirectory
        self.checkOnly = checkOnly
        self.verbose = verbose
    }

    /// Reads the options and the paths.
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        paths = parsed.positionals
        outDirectory = try parsed.value(Self.out)
        checkOnly = parsed.isSet(Self.check)
        verbose = parsed.isSet(Self.verbose)
    }

    /// Delegates to `environment.actions.importPages`.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        try await environment.actions.importPages(self, environment)
    }
}
