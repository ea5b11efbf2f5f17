import Foundation

/// `feishu-conformance proxy --upstream URL [--host H] [--port N] [--reports DIR] [--specs DIR]`:
/// forward traffic unchanged and check it against the specs.
public struct ProxyCommand: ParsableCommand {
    static let upstream = OptionDeclaration<URL>(
        "upstream", valueName: "url",
        help: "Where requests go: the live platform (https://open.feishu.cn) or a mock (http://127.0.0.1:PORT).",
        required: true, parser: .httpURL)
    static let host = MockCommand.host
    static let port = MockCommand.port
    static let reports = SharedOptions.reports("Where proxy-report.md and proxy-junit.xml are written on shutdown.")
    static let specs = OptionDeclaration<String>(
        "specs", valueName: "dir", help: "Check traffic against the specs in this directory instead of the compiled-in ones.",
        default: "the compiled-in specs", parser: .text("a directory path"))

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "proxy",
        abstract: "Forward traffic to the platform or a mock unchanged, checking requests and replies against the specs.",
        discussion: """
            Point an SDK at the proxy instead of the platform, e.g. the Python SDK's
            domain("http://127.0.0.1:PORT"). Every request and reply is forwarded as it is
            (hop-by-hop headers aside; Host names the upstream), including multipart uploads
            and file downloads; bodies are held whole in memory (up to 128 MiB) rather than
            streamed. Upstream error replies pass through as they are; an upstream that cannot
            be reached gets 502 (504 on a timeout).

            Each request is checked against its endpoint's spec (auth header, body, fields, the
            rule it breaks) and each reply against the documented envelope, fields, error
            codes and HTTP statuses; a request to an endpoint no spec describes is forwarded
            and reported as unknown. Tokens, app secrets and Authorization values never reach
            the report.

            The first line on stdout is `listening on http://HOST:PORT`. SIGINT or SIGTERM
            stops the proxy after the requests in flight and writes proxy-report.md and
            proxy-junit.xml.
            """,
        arguments: [upstream.definition, host.definition, port.definition, reports.definition, specs.definition])

    /// `--upstream`.
    public var upstream: URL
    /// `--host`.
    public var host: String
    /// `--port` (0: any free port).
    public var port: Int
    /// `--reports`.
    public var reportsDirectory: String
    /// `--specs`, nil for the compiled-in specs.
    public var specsDirectory: String?

    /// A proxy command.
    public init(upstream: URL, host: String = "127.0.0.1", port: Int = 0, reportsDirectory: String = "Reports", specsDirectory: String? = nil) {
        self.upstream = upstream
        self.host = host
        self.port = port
        self.reportsDirectory = reportsDirectory
        self.specsDirectory = specsDirectory
    }

    /// Reads the options; `--upstream` is required.
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        guard let upstream = try parsed.value(Self.upstream) else {
            throw .missingOption(option: "--upstream", valueName: "url", expectation: Self.upstream.parser.expectation)
        }
        self.upstream = upstream
        host = try parsed.value(Self.host) ?? "127.0.0.1"
        port = try parsed.value(Self.port) ?? 0
        reportsDirectory = try parsed.value(Self.reports) ?? "Reports"
        specsDirectory = try parsed.value(Self.specs)
    }

    /// Delegates to `environment.actions.proxy`.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        try await environment.actions.proxy(self, environment)
    }
}
