import ConformanceKit
import ConformanceReport
import Foundation

/// `feishu-conformance run [--base-url URL] [--specs DIR] [--endpoint ID]... [--allow-writes] [--max-writes N]
/// [--reports DIR] [--baseline FILE] [--quiet] [--fail-on failure|warning]`: run the cases, write
/// the reports, exit by verdict.
public struct RunCommand: ParsableCommand {
    static let baseURL = OptionDeclaration<URL>(
        "base-url", valueName: "url",
        help: "Run against this mock or live platform (http or https).",
        default: "an embedded mock", parser: .httpURL)
    static let specs = OptionDeclaration<String>(
        "specs", valueName: "dir",
        help: "Derive the cases from the specs in this directory instead of running the compiled-in catalog; the embedded mock serves the same specs.",
        default: "the compiled-in catalog", parser: .text("a directory path"))
    static let endpoint = OptionDeclaration<String>(
        "endpoint", valueName: "id", help: "Only run this endpoint's cases, e.g. admin.v1.badge.create.",
        default: "every endpoint", repeatable: true,
        parser: ValueParser(expectation: "an endpoint id such as admin.v1.badge.create") { text in
            let ok =
                !text.isEmpty
                && text.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
                }
            return ok ? text : nil
        })
    static let allowWrites = FlagDeclaration(
        "allow-writes", help: "Let cases create platform objects (uploads, badges); without it they are skipped.")
    static let maxWrites = OptionDeclaration<Int>(
        "max-writes", valueName: "n", help: "Create at most this many objects; cases past the budget are skipped.",
        default: "10", parser: .integer(in: 0...Int.max))
    static let reports = SharedOptions.reports("Where conformance.md, junit.xml and results.json are written.")
    static let baseline = OptionDeclaration<String>(
        "baseline", valueName: "file", help: "A results.json from an earlier run: list new and fixed differences.",
        parser: .text("a file path"))
    static let quiet = FlagDeclaration("quiet", help: "Print only the final summary to stderr.")
    static let plan = FlagDeclaration(
        "plan", help: "Print what the run would do (cases, objects created, least time under the rate limits) and send nothing that writes.")
    static let probeRateLimits = FlagDeclaration(
        "probe-rate-limits",
        help: "On a live target, run the rate-limit probes: limit + 1 requests in one window per endpoint, after the other cases (writes count in the budget).")
    static let quotaShare = OptionDeclaration<Double>(
        "quota-share", valueName: "fraction",
        help: "Refuse a live run with writes that would take the tenant past this share of a documented quota.",
        default: "0.9",
        parser: ValueParser(expectation: "a fraction between 0 and 1, such as 0.9") { text in
            guard let value = Double(text), value.isFinite, (0...1).contains(value) else { return nil }
            return value
        })
    static let failOn = OptionDeclaration<FailOn>(
        "fail-on", valueName: "level",
        help: "failure: exit 1 when a documented behaviour does not conform; warning: also on any warning (an inferred expectation missed, response drift).",
        default: "failure",
        parser: ValueParser(expectation: "failure or warning") { FailOn(rawValue: $0) })

    /// What makes `run` exit 1.
    public enum FailOn: String, Sendable, Hashable {
        /// A documented behaviour that does not conform (or a case that could not complete).
        case failure
        /// That, or any warning: a difference from an inferred expectation, or response drift.
        case warning
    }

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "run",
        abstract: "Run the conformance cases against the embedded mock, a mock on a port, or a live tenant.",
        discussion: """
            Credentials come from the environment: FEISHU_APP_ID and FEISHU_APP_SECRET; a second
            tenant for cross-tenant cases: FEISHU_SECOND_APP_ID and FEISHU_SECOND_APP_SECRET; a
            user token for user-token cases: FEISHU_USER_ACCESS_TOKEN. Cases that cannot run
            against the target are skipped with their reason and reported as not exercised.

            A live tenant (a base URL without the mock's /__mock/ admin API) is someone's
            production: cases that create objects need --allow-writes and stay within
            --max-writes; endpoints run side by side, each paced under its documented rate
            limits; set-up objects (badge images) are made once and reused while fresh; names
            start with fc-<run id>- or, when too short for that, are checked free on the tenant
            first. Before creating objects under a documented quota the run counts what the
            tenant holds and refuses (exit 2) past --quota-share of it. --plan prints what a
            run would do and sends nothing that writes.

            --specs DIR runs the cases derived from that spec set at start (a spec set the
            tool was not built with: a fresh import of the doc pages, say); with no --base-url
            the embedded mock serves the same specs.

            Exit status: 0 everything documented conforms, 1 some documented behaviour does
            not (with --fail-on warning: or some warning was reported), 2 usage,
            configuration or connection error.
            """,
        arguments: [
            baseURL.definition, specs.definition, endpoint.definition, allowWrites.definition, maxWrites.definition,
            quotaShare.definition, probeRateLimits.definition, reports.definition, baseline.definition, quiet.definition,
            failOn.definition, plan.definition,
        ])

    /// `--base-url`, nil for an embedded mock.
    public var baseURL: URL?
    /// `--specs`, nil for the compiled-in catalog and specs.
    public var specsDirectory: String?
    /// `--endpoint` ids, in order, without duplicates.
    public var endpointIDs: [String]
    /// `--allow-writes`.
    public var allowWrites: Bool
    /// `--max-writes`.
    public var maxWrites: Int?
    /// `--reports`.
    public var reportsDirectory: String
    /// `--baseline`.
    public var baselineFile: String?
    /// `--quiet`.
    public var quiet: Bool
    /// `--plan`.
    public var planOnly: Bool
    /// `--quota-share`.
    public var quotaShare: Double
    /// `--probe-rate-limits`.
    public var probeRateLimits: Bool
    /// `--fail-on`.
    public var failOn: FailOn

    /// A run command.
    public init(
        baseURL: URL? = nil, specsDirectory: String? = nil, endpointIDs: [String] = [], allowWrites: Bool = false, maxWrites: Int? = nil,
        reportsDirectory: String = "Reports", baselineFile: String? = nil, quiet: Bool = false,
        planOnly: Bool = false, quotaShare: Double = 0.9, probeRateLimits: Bool = false, failOn: FailOn = .failure
    ) {
        self.baseURL = baseURL
        self.specsDirectory = specsDirectory
        self.endpointIDs = endpointIDs
        self.allowWrites = allowWrites
        self.maxWrites = maxWrites
        self.reportsDirectory = reportsDirectory
        self.baselineFile = baselineFile
        self.quiet = quiet
        self.planOnly = planOnly
        self.quotaShare = quotaShare
        self.probeRateLimits = probeRateLimits
        self.failOn = failOn
    }

    /// Reads the options; `--max-writes` without `--allow-writes` is an error (it would do nothing).
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        baseURL = try parsed.value(Self.baseURL)
        specsDirectory = try parsed.value(Self.specs)
        var seen = Set<String>()
        endpointIDs = try parsed.values(Self.endpoint).filter { seen.insert($0).inserted }
        allowWrites = parsed.isSet(Self.allowWrites)
        maxWrites = try parsed.value(Self.maxWrites)
        reportsDirectory = try parsed.value(Self.reports) ?? "Reports"
        baselineFile = try parsed.value(Self.baseline)
        quiet = parsed.isSet(Self.quiet)
        planOnly = parsed.isSet(Self.plan)
        quotaShare = try parsed.value(Self.quotaShare) ?? 0.9
        probeRateLimits = parsed.isSet(Self.probeRateLimits)
        failOn = try parsed.value(Self.failOn) ?? .failure
        if planOnly, baselineFile != nil {
            throw .invalidCombination("--baseline needs a run; --plan writes no reports")
        }
        if maxWrites != nil && !allowWrites {
            throw .invalidCombination("--max-writes needs --allow-writes (without it no case writes)")
        }
    }

    /// The runner's configuration: these options plus credentials from the environment.
    public func configuration(_ environment: CommandEnvironment) throws(CommandFailure) -> RunConfiguration {
        RunConfiguration(
            target: baseURL.map { .baseURL($0) } ?? .embeddedMock, specsDirectory: specsDirectory,
            endpointIDs: endpointIDs, allowWrites: allowWrites, maxWrites: maxWrites, quotaShare: quotaShare, probeRateLimits: probeRateLimits,
            primaryApp: try RunConfiguration.credential(environment, id: "FEISHU_APP_ID", secret: "FEISHU_APP_SECRET"),
            secondApp: try RunConfiguration.credential(environment, id: "FEISHU_SECOND_APP_ID", secret: "FEISHU_SECOND_APP_SECRET"),
            userAccessToken: environment.variable("FEISHU_USER_ACCESS_TOKEN"))
    }

    /// Loads the baseline (before running, so a bad file fails fast), runs the cases through
    /// `environment.actions.executeRun` with progress on stderr, writes the reports, prints their
    /// paths on stdout, and maps the verdict to the exit code.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        let configuration = try configuration(environment)
        if planOnly {
            let plan = try await environment.actions.planRun(configuration, environment)
            environment.stdout.write(PlanText.render(plan, configuration: configuration))
            return .success
        }
        var baseline: RunResult?
        if let baselineFile {
            do {
                baseline = try ResultsJSON.load(from: environment.resolve(baselineFile))
            } catch {
                throw CommandFailure(error.description)
            }
        }
        let style: RunProgressPrinter.Style =
            quiet
            ? .quiet
            : environment.stderrIsTerminal && environment.variable("NO_COLOR") == nil ? .terminal : .plain
        let printer = RunProgressPrinter(output: environment.stderr, style: style, clock: environment.runClock)
        let result = try await environment.actions.executeRun(configuration, printer, environment)
        printer.finishEndpoint()
        let urls: [URL]
        do {
            urls = try ReportWriter.write(result, to: environment.resolve(reportsDirectory), baseline: baseline)
        } catch let error as ReportError {
            throw CommandFailure(error.description)
        }
        let exitCode = Self.exitCode(for: result, failOn: failOn)
        if failOn == .warning, !quiet, exitCode != Self.exitCode(for: result) {
            let warnings = StatusCounts(result.cases).warnings
            environment.stderr.write("--fail-on warning: \(warnings) case\(warnings == 1 ? "" : "s") with warnings fail the run\n")
        }
        printer.summary(result, exitCode: exitCode)
        for url in urls { environment.stdout.write(url.path + "\n") }
        return exitCode
    }

    /// 1 when a documented expectation failed, or some cases could not complete while others
    /// reached a verdict, or (`failOn` `.warning`) some case ended with a warning; 2 when no case
    /// reached a verdict because every one that ran could not complete (the target was
    /// unreachable); 0 otherwise (skips never fail a run, warnings only with `.warning`).
    public static func exitCode(for result: RunResult, failOn: FailOn = .failure) -> ExitCode {
        let counts = StatusCounts(result.cases)
        if counts.failed > 0 { return .failure }
        if counts.errors > 0 { return counts.passed + counts.warnings == 0 ? .usageError : .failure }
        if failOn == .warning, counts.warnings > 0 { return .failure }
        return .success
    }
}
