import ConformanceModel
import ConformanceRules
import Foundation
import HTTPWire

/// App credentials and tokens a run may use. Never printed: ``description`` masks everything.
public struct Credentials: Sendable, CustomStringConvertible {
    /// One app's id and secret.
    public struct App: Sendable, Hashable {
        /// The app id (`cli_…`); not secret, but kept out of reports anyway.
        public var appID: String
        /// The app secret.
        public var appSecret: String

        /// Creates app credentials.
        public init(appID: String, appSecret: String) {
            self.appID = appID
            self.appSecret = appSecret
        }
    }

    /// The app every case calls with (required for a live target).
    public var primary: App?
    /// An app of another tenant, for cross-tenant cases.
    public var second: App?
    /// A user access token, for user-token cases.
    public var userAccessToken: String?

    /// Creates credentials.
    public init(primary: App? = nil, second: App? = nil, userAccessToken: String? = nil) {
        self.primary = primary
        self.second = second
        self.userAccessToken = userAccessToken
    }

    /// Reads `FEISHU_APP_ID` / `FEISHU_APP_SECRET`, `FEISHU_SECOND_APP_ID` / `FEISHU_SECOND_APP_SECRET`
    /// and `FEISHU_USER_ACCESS_TOKEN` from `environment` (pass `ProcessInfo.processInfo.environment`).
    /// An app is set only when both its id and secret are non-empty.
    public static func fromEnvironment(_ environment: [String: String]) -> Credentials {
        func app(_ id: String, _ secret: String) -> App? {
            guard let i = environment[id]?.trimmingCharacters(in: .whitespacesAndNewlines), !i.isEmpty,
                let s = environment[secret]?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty
            else { return nil }
            return App(appID: i, appSecret: s)
        }
        let user = environment["FEISHU_USER_ACCESS_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return Credentials(
            primary: app("FEISHU_APP_ID", "FEISHU_APP_SECRET"),
            second: app("FEISHU_SECOND_APP_ID", "FEISHU_SECOND_APP_SECRET"),
            userAccessToken: user?.isEmpty == false ? user : nil)
    }

    /// Every secret these credentials hold, for the ``Redactor``.
    public var secrets: [String] {
        [primary?.appSecret, second?.appSecret, userAccessToken].compactMap { $0 }
    }

    /// A masked summary: which credentials are set, never their values.
    public var description: String {
        "Credentials(primary: \(primary == nil ? "none" : "set"), second: \(second == nil ? "none" : "set"), "
            + "user token: \(userAccessToken == nil ? "none" : "set"))"
    }
}

/// What a run talks to.
public struct RunTarget: Sendable {
    /// Sends the requests.
    public var transport: any Transport
    /// For reports: `embedded mock`, `mock at http://127.0.0.1:PORT`, or the live base URL.
    public var description: String
    /// True when the target serves the mock admin API (`/__mock/…`): fresh apps per case, a
    /// controllable clock, writes without a budget.
    public var isMock: Bool
    /// Credentials (a live target needs at least the primary app; a mock makes its own apps).
    public var credentials: Credentials

    /// Creates a target.
    public init(transport: any Transport, description: String, isMock: Bool, credentials: Credentials = Credentials()) {
        self.transport = transport
        self.description = description
        self.isMock = isMock
        self.credentials = credentials
    }
}

/// How a run behaves: live-safety limits, pacing, timeouts, concurrency.
public struct RunOptions: Sendable {
    /// When pacing applies.
    public enum Pacing: Sendable, Hashable {
        /// Pace on live targets only (the mock answers with its own clock).
        case auto
        /// Always pace.
        case always
        /// Never pace.
        case never
    }

    /// Cases that create objects run only when true (`--allow-writes`). Ignored on a mock.
    public var allowWrites: Bool
    /// At most this many objects are created on a live target (`--max-writes`, default 10).
    public var maxWrites: Int
    /// The run id: names of created objects start with `fc-<run id>-`.
    public var runID: String
    /// Per-request timeout.
    public var requestTimeout: Duration
    /// Cases run at once against a mock; a live target always runs one case at a time.
    public var mockConcurrency: Int
    /// Spacing under documented rate limits.
    public var pacing: Pacing
    /// Longest wait honoured from a rate-limit `reset` header before the one retry, in seconds.
    public var maxRateLimitWait: Double
    /// Time source for pacing and retries.
    public var clock: any RunClock
    /// Where file values come from (the runner caches them by recipe).
    public var fixtures: FixtureSource
    /// Recorded in ``RunResult/toolVersion``.
    public var toolVersion: String
    /// On a live target, run the rate-limit cases (`--probe-rate-limits`): each sends its limit + 1
    /// requests within one window after the endpoint's bucket has been quiet for a window, once
    /// every other case has run. Off by default: the probes spend writes and quota.
    public var probeRateLimits: Bool
    /// A live run with writes is refused when the tenant's existing items plus the planned ones
    /// would pass this share of a documented quota (`--quota-share`, default 0.9).
    public var quotaShare: Double

    /// Creates options; the defaults are the safe ones (no writes, 10 at most when allowed).
    public init(
        allowWrites: Bool = false, maxWrites: Int = 10, runID: String = UniqueNames.randomRunID(),
        requestTimeout: Duration = .seconds(30), mockConcurrency: Int = 4, pacing: Pacing = .auto,
        maxRateLimitWait: Double = 120, clock: any RunClock = SystemRunClock(),
        fixtures: FixtureSource = .media, toolVersion: String = ConformanceTool.version, quotaShare: Double = 0.9,
        probeRateLimits: Bool = false
    ) {
        self.allowWrites = allowWrites
        self.maxWrites = max(0, maxWrites)
        self.runID = runID
        self.requestTimeout = requestTimeout
        self.mockConcurrency = max(1, mockConcurrency)
        self.pacing = pacing
        self.maxRateLimitWait = maxRateLimitWait
        self.clock = clock
        self.fixtures = fixtures
        self.toolVersion = toolVersion
        self.quotaShare = min(max(quotaShare, 0), 1)
        self.probeRateLimits = probeRateLimits
    }
}

/// Progress of a run, for a CLI line per case. Strings are already redacted.
public enum RunEvent: Sendable {
    /// The run starts with this many cases.
    case started(total: Int, target: String)
    /// A case starts.
    case caseStarted(id: String, title: String)
    /// A case finished with this result.
    case caseFinished(CaseResult)
    /// The run waits (pacing or a rate-limit reset), with the reason.
    case waiting(seconds: Double, reason: String)
    /// What the run will do (sent before `started`): cases per endpoint, objects, the time floor.
    case planned(RunPlan)
}

/// Why a run could not happen at all (the CLI exits 2).
public enum RunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target could not be reached (no HTTP reply). The message is redacted.
    case connection(String)
    /// The token endpoint refused the primary app; carries the platform's `msg` (redacted).
    case badCredentials(platformMessage: String)
    /// A live target needs `FEISHU_APP_ID` and `FEISHU_APP_SECRET`.
    case missingCredentials
    /// The target claims to be a mock but its admin API did not answer as documented.
    case mockAdmin(String)
    /// The run would take the tenant past its share of a quota, or the quota could not be checked.
    case quotaExceeded(String)

    /// A masked summary: which credentials are set, never their values.
    public var description: String {
        switch self {
        case .connection(let m): "cannot reach the target: \(m)"
        case .badCredentials(let m): "the token endpoint refused the app credentials (FEISHU_APP_ID / FEISHU_APP_SECRET): \(m)"
        case .missingCredentials: "a live target needs app credentials: set FEISHU_APP_ID and FEISHU_APP_SECRET"
        case .mockAdmin(let m): "the mock admin API (/__mock/) did not answer as expected: \(m)"
        case .quotaExceeded(let m): "refusing to create objects: \(m)"
        }
    }
}
