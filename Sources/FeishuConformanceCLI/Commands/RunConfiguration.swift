import Foundation

/// Everything the runner needs from the command line and the environment. Its description never
/// shows secrets.
public struct RunConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Where the cases run.
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        /// An embedded mock, in process (no `--base-url`).
        case embeddedMock
        /// A mock on a port or the live platform.
        case baseURL(URL)

        /// `embedded mock` or the URL.
        public var description: String {
            switch self {
            case .embeddedMock: "embedded mock"
            case .baseURL(let url): url.absoluteString
            }
        }
    }

    /// Where the cases run.
    public var target: Target
    /// `--specs`: the directory whose specs the cases are derived from (and the embedded mock
    /// serves); nil for the compiled-in catalog.
    public var specsDirectory: String?
    /// `--endpoint` ids; empty means every endpoint.
    public var endpointIDs: [String]
    /// `--allow-writes`: cases that create platform objects may run.
    public var allowWrites: Bool
    /// `--max-writes`: at most this many objects created; nil for the default budget (10).
    public var maxWrites: Int?
    /// `--quota-share`: a live run with writes is refused past this share of a documented quota.
    public var quotaShare: Double
    /// `--probe-rate-limits`: run the rate-limit probes on a live target.
    public var probeRateLimits: Bool
    /// `FEISHU_APP_ID` / `FEISHU_APP_SECRET`.
    public var primaryApp: AppCredential?
    /// `FEISHU_SECOND_APP_ID` / `FEISHU_SECOND_APP_SECRET`, for cross-tenant cases.
    public var secondApp: AppCredential?
    /// `FEISHU_USER_ACCESS_TOKEN`, for user-token cases; never printed.
    public var userAccessToken: String?

    /// A configuration.
    public init(
        target: Target, specsDirectory: String? = nil, endpointIDs: [String] = [], allowWrites: Bool = false, maxWrites: Int? = nil,
        quotaShare: Double = 0.9, probeRateLimits: Bool = false, primaryApp: AppCredential? = nil, secondApp: AppCredential? = nil,
        userAccessToken: String? = nil
    ) {
        self.target = target
        self.specsDirectory = specsDirectory
        self.endpointIDs = endpointIDs
        self.allowWrites = allowWrites
        self.maxWrites = maxWrites
        self.quotaShare = quotaShare
        self.probeRateLimits = probeRateLimits
        self.primaryApp = primaryApp
        self.secondApp = secondApp
        self.userAccessToken = userAccessToken
    }

    /// A one-line summary without secrets.
    public var description: String {
        var parts = ["target \(target)"]
        if let specsDirectory { parts.append("specs \(specsDirectory)") }
        parts.append(endpointIDs.isEmpty ? "every endpoint" : "endpoints \(endpointIDs.joined(separator: ", "))")
        parts.append(allowWrites ? "writes allowed" + (maxWrites.map { " (at most \($0))" } ?? "") : "no writes")
        if let primaryApp { parts.append("app \(primaryApp)") }
        if let secondApp { parts.append("second app \(secondApp)") }
        if userAccessToken != nil { parts.append("user token <redacted>") }
        return parts.joined(separator: ", ")
    }

    /// Reads an `ID` / `SECRET` variable pair: both or neither; one alone is a configuration error.
    static func credential(_ environment: CommandEnvironment, id idName: String, secret secretName: String) throws(CommandFailure) -> AppCredential? {
        switch (environment.variable(idName), environment.variable(secretName)) {
        case (nil, nil): return nil
        case (let id?, let secret?): return AppCredential(id: id, secret: secret)
        case (nil, _?): throw CommandFailure("\(secretName) is set but \(idName) is not; set both or neither")
        case (_?, nil): throw CommandFailure("\(idName) is set but \(secretName) is not; set both or neither")
        }
    }
}
