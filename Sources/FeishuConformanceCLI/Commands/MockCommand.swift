import FeishuMock

/// `feishu-conformance mock [--host 127.0.0.1] [--port N|0] [--config FILE] [--app ID:SECRET]... [--reports DIR]
/// [--specs DIR] [--no-admin] [--rate-limits documented|off|xN]`.
public struct MockCommand: ParsableCommand {
    static let host = OptionDeclaration<String>(
        "host", valueName: "host", help: "Address to listen on.", default: "127.0.0.1",
        parser: ValueParser(expectation: "a host name or IP address such as 127.0.0.1") { text in
            let allowed = text.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || ".-:_[]".unicodeScalars.contains($0)
            }
            return !text.isEmpty && allowed ? text : nil
        })
    static let port = OptionDeclaration<Int>(
        "port", valueName: "n", help: "Port to listen on; 0 picks a free one (see the first stdout line).",
        default: "0", parser: .integer(in: 0...65535))
    static let config = OptionDeclaration<String>(
        "config", valueName: "file", help: "Mock configuration file (apps, quotas, clock).",
        parser: .text("a file path"))
    static let app = OptionDeclaration<AppCredential>(
        "app", valueName: "id:secret", help: "Add an app that is its own tenant.",
        repeatable: true, secret: true, parser: AppCredential.parser)
    static let reports = SharedOptions.reports("Where the request-conformance report is written on shutdown.")
    static let specs = OptionDeclaration<String>(
        "specs", valueName: "dir",
        help:
            "Serve the specs in this directory instead of the compiled-in ones (e.g. a copy with one fact changed, to see what an SDK or the proxy makes of it).",
        default: "the compiled-in specs", parser: .text("a directory path"))
    static let noAdmin = FlagDeclaration(
        "no-admin", help: "Serve no /__mock/ admin API, so `run --base-url` treats the mock as a live tenant (paced, budgeted writes, the apps given).")
    static let rateLimits = OptionDeclaration<MockRateLimits>(
        "rate-limits", valueName: "policy",
        help:
            "documented: every rate limit as the specs give it; off: never refuse for rate; xN: every limit times N. Lift them only for fuzzers and load tools (Schemathesis) that must reach the endpoints' logic; run's rate-limit cases fail then.",
        default: "documented",
        parser: ValueParser(expectation: "documented, off, or x<N> with N >= 1 (such as x10)") { MockRateLimits(argument: $0) })

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "mock",
        abstract: "Serve the strict, stateful mock of every spec.",
        discussion: """
            The first line on stdout is `listening on http://HOST:PORT`. SIGINT or SIGTERM stops
            the server cleanly and writes its report of which requests conformed to the specs.
            Point an SDK at it, e.g. the Python SDK's domain("http://127.0.0.1:PORT").
            """,
        arguments: [
            host.definition, port.definition, config.definition, app.definition, reports.definition, specs.definition,
            noAdmin.definition, rateLimits.definition,
        ])

    /// Lists the mock's default apps (fake test credentials) when the environment knows them.
    public static func helpAddendum(_ environment: CommandEnvironment) -> String {
        let apps = environment.actions.mockDefaultApps()
        guard !apps.isEmpty else { return "" }
        return "DEFAULT APPS (fake test credentials):\n" + apps.map { "  " + $0 }.joined(separator: "\n")
    }

    /// `--host`.
    public var host: String
    /// `--port` (0: any free port).
    public var port: Int
    /// `--config`.
    public var configFile: String?
    /// `--app` values, in order.
    public var apps: [AppCredential]
    /// `--reports`.
    public var reportsDirectory: String
    /// `--no-admin`.
    public var noAdmin: Bool
    /// `--rate-limits`.
    public var rateLimits: MockRateLimits
    /// `--specs`, nil for the compiled-in specs.
    public var specsDirectory: String?

    /// A mock command.
    public init(
        host: String = "127.0.0.1", port: Int = 0, configFile: String? = nil, apps: [AppCredential] = [],
        reportsDirectory: String = "Reports", noAdmin: Bool = false, rateLimits: MockRateLimits = .documented,
        specsDirectory: String? = nil
    ) {
        self.host = host
        self.port = port
        self.configFile = configFile
        self.apps = apps
        self.reportsDirectory = reportsDirectory
        self.noAdmin = noAdmin
        self.rateLimits = rateLimits
        self.specsDirectory = specsDirectory
    }

    /// Reads the options; two `--app` with the same id are an error.
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        host = try parsed.value(Self.host) ?? "127.0.0.1"
        port = try parsed.value(Self.port) ?? 0
        configFile = try parsed.value(Self.config)
        apps = try parsed.values(Self.app)
        reportsDirectory = try parsed.value(Self.reports) ?? "Reports"
        noAdmin = parsed.isSet(Self.noAdmin)
        rateLimits = try parsed.value(Self.rateLimits) ?? .documented
        specsDirectory = try parsed.value(Self.specs)
        var ids = Set<String>()
        for app in apps where !ids.insert(app.id).inserted {
            throw .invalidCombination("--app \(ArgumentParser.displayable(app.id)) is given twice; each app id may appear once")
        }
    }

    /// Delegates to `environment.actions.mock`.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        try await environment.actions.mock(self, environment)
    }
}
