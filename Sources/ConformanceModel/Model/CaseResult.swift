import ConformanceSpec
import Foundation

/// The outcome of one case against one target.
public struct CaseResult: Sendable, Hashable, Codable {
    /// The case's stable id (`ConformanceCase.id`).
    public var caseID: String
    /// The endpoint spec id the case belongs to.
    public var endpointID: String
    /// The case's readable title (redacted).
    public var title: String
    /// What the case is mainly about, for grouping.
    public var kind: CaseKind
    /// The spec rule the case checks (`request.name.maxLength`).
    public var rule: String
    /// Provenance of the case's expectation: inferred mismatches are warnings.
    public var provenance: Provenance
    /// Report coverage keys the case exercises.
    public var covers: [CoverageKey]
    /// The verdict.
    public var status: CaseStatus
    /// Every difference seen (failures and warnings), including response drift on success.
    public var findings: [Finding]
    /// Why the case was not exercised, when `status` is `.skipped`.
    public var skipReason: String?
    /// The requests sent: method, path, status, code, log id (no headers, no secrets). Cases that
    /// repeat a request many times keep the first and last ``ExchangeLog/edge`` exchanges only.
    public var exchanges: [ExchangeRecord]
    /// How many exchanges were sent but left out of ``exchanges`` (nil or 0 when none were).
    public var omittedExchanges: Int?
    /// Wall time of the case, in seconds.
    public var durationSeconds: Double

    /// Creates a result.
    public init(
        caseID: String, endpointID: String, title: String, kind: CaseKind, rule: String, provenance: Provenance,
        covers: [CoverageKey], status: CaseStatus, findings: [Finding] = [], skipReason: String? = nil,
        exchanges: [ExchangeRecord] = [], omittedExchanges: Int? = nil, durationSeconds: Double = 0
    ) {
        self.caseID = caseID
        self.endpointID = endpointID
        self.title = title
        self.kind = kind
        self.rule = rule
        self.provenance = provenance
        self.covers = covers
        self.status = status
        self.findings = findings
        self.skipReason = skipReason
        self.exchanges = exchanges
        self.omittedExchanges = omittedExchanges.flatMap { $0 > 0 ? $0 : nil }
        self.durationSeconds = durationSeconds
    }
}

extension CaseResult {
    /// True unless a documented expectation failed or the case could not complete (warnings and
    /// skips conform; a skip is still reported as not exercised, never as passed).
    public var conforms: Bool { status != .failed && status != .error }

    /// One line per finding (or the skip reason): what a generated test prints when it fails.
    public var findingsSummary: String {
        if status == .skipped { return "skipped: \(skipReason ?? "no reason given")" }
        if findings.isEmpty { return "\(status.rawValue): no findings" }
        return findings.map { "[\($0.severity.rawValue), \($0.provenance.kind)] \($0)" }.joined(separator: "\n")
    }
}

/// A case's verdict.
public enum CaseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every documented expectation held.
    case passed
    /// A documented expectation did not hold.
    case failed
    /// Only inferred expectations (or drift) differed: reported, not a failure.
    case warning
    /// Not exercised; `skipReason` says why. Never counted as passed.
    case skipped
    /// The case could not complete (transport failure mid-case).
    case error
}

/// One difference between expected and observed.
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Failures break documented rules; warnings break inferred ones or report drift.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable { case failure, warning }

    /// Failure (documented rule) or warning (inferred rule, drift).
    public var severity: Severity
    /// The spec rule (`request.name.maxLength`, `response.badge.id.type`, `drift`).
    public var rule: String
    /// JSON path in the reply (`$.data.badge.id`), when about a reply field.
    public var path: String?
    /// What the spec expects, in words.
    public var expected: String
    /// What the target did, in words (redacted).
    public var observed: String
    /// Provenance of the rule the finding is about (the doc's words, or our reason).
    public var provenance: Provenance

    /// Creates a finding.
    public init(severity: Severity, rule: String, path: String? = nil, expected: String, observed: String, provenance: Provenance) {
        self.severity = severity
        self.rule = rule
        self.path = path
        self.expected = expected
        self.observed = observed
        self.provenance = provenance
    }

    /// `rule at path: expected …, observed …`.
    public var description: String {
        "\(rule)\(path.map { " at \($0)" } ?? ""): expected \(expected), observed \(observed)"
    }
}

/// A request/response pair as recorded for reports: never headers or bodies that might hold secrets.
public struct ExchangeRecord: Sendable, Hashable, Codable {
    /// The HTTP method.
    public var method: String
    /// The request target (path and query; never headers).
    public var path: String
    /// The reply's HTTP status; nil when no reply came.
    public var httpStatus: Int?
    /// The reply's platform `code`, when the body had one.
    public var code: Int?
    /// The reply's log id header, for support requests.
    public var logID: String?

    /// Creates a record.
    public init(method: String, path: String, httpStatus: Int?, code: Int?, logID: String?) {
        self.method = method
        self.path = path
        self.httpStatus = httpStatus
        self.code = code
        self.logID = logID
    }
}

/// The objects a run created on its target (successful requests to endpoints that create) and
/// the prefix their names start with, so a tenant's owner can find them.
public struct CreatedObjects: Sendable, Hashable, Codable {
    /// `fc-<run id>-`: names the run gave start with it (names too short for it were checked free on the tenant).
    public var namePrefix: String
    /// Endpoint spec id -> objects created through it (reused set-up objects count once).
    public var byEndpoint: [String: Int]

    /// Creates the record.
    public init(namePrefix: String, byEndpoint: [String: Int]) {
        self.namePrefix = namePrefix
        self.byEndpoint = byEndpoint
    }

    /// All objects together.
    public var total: Int { byEndpoint.values.reduce(0, +) }
}

/// A whole run: what `results.json` holds and every report is rendered from.
///
/// JSON: the `results.json` format, described by `Reports/results.schema.json`. Its top-level
/// `formatVersion` member is ``formatVersion``; decoding refuses any other version (and a file
/// without one).
public struct RunResult: Sendable, Hashable, Codable {
    /// The version of the `results.json` format this type writes and reads (its `formatVersion`
    /// member). Adding an optional member keeps the version (readers ignore members they do not
    /// know); removing, renaming or retyping a member, or adding a value to a closed set (a
    /// coverage key `kind`, a case `kind`, a `status`, a `severity`), makes a new version.
    public static let formatVersion = 1

    /// `embedded mock`, `mock at http://127.0.0.1:PORT`, or the live base URL.
    public var target: String
    /// The tool version that ran.
    public var toolVersion: String
    /// When the run started.
    public var startedAt: Date
    /// When the run finished.
    public var finishedAt: Date
    /// The endpoints run, with spec facts the reports need.
    public var endpoints: [EndpointSummary]
    /// One result per case, in catalog order.
    public var cases: [CaseResult]
    /// What the run created on the target and how to find it; nil for runs that did not record it.
    public var createdObjects: CreatedObjects?

    /// Creates a run result.
    public init(
        target: String, toolVersion: String, startedAt: Date, finishedAt: Date, endpoints: [EndpointSummary], cases: [CaseResult],
        createdObjects: CreatedObjects? = nil
    ) {
        self.target = target
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.endpoints = endpoints
        self.cases = cases
        self.createdObjects = createdObjects
    }

    private enum CodingKeys: String, CodingKey { case formatVersion, target, toolVersion, startedAt, finishedAt, endpoints, cases, createdObjects }

    /// Decodes a run of format version ``formatVersion``; any other version, or none, is an error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .formatVersion)
        guard version == Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: container,
                debugDescription: "results.json format version \(version.map(String.init) ?? "absent"), expected \(Self.formatVersion)")
        }
        target = try container.decode(String.self, forKey: .target)
        toolVersion = try container.decode(String.self, forKey: .toolVersion)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        finishedAt = try container.decode(Date.self, forKey: .finishedAt)
        endpoints = try container.decode([EndpointSummary].self, forKey: .endpoints)
        cases = try container.decode([CaseResult].self, forKey: .cases)
        createdObjects = try container.decodeIfPresent(CreatedObjects.self, forKey: .createdObjects)
    }

    /// Encodes the run and its `formatVersion`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .formatVersion)
        try container.encode(target, forKey: .target)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(endpoints, forKey: .endpoints)
        try container.encodeIfPresent(createdObjects, forKey: .createdObjects)
        try container.encode(cases, forKey: .cases)
    }

    /// True when some documented expectation failed (exit code 1).
    public var hasFailures: Bool { cases.contains { $0.status == .failed || $0.status == .error } }
}

/// Spec facts about one endpoint that the reports list (so every field, limit and code gets a row,
/// even when no case exercised it).
public struct EndpointSummary: Sendable, Hashable, Codable {
    /// The endpoint spec id.
    public var id: String
    /// `POST /open-apis/...`.
    public var signature: String
    /// The spec's short English title.
    public var summary: String
    /// Every coverage key the spec defines for this endpoint, in spec order.
    public var coverage: [CoverageKey]
    /// The spec's tier: `curated` (transcribed by hand) or `imported` (made by `import`); absent
    /// in results from before tiers, which were all curated.
    public var tier: String?

    /// Creates a summary.
    public init(id: String, signature: String, summary: String, coverage: [CoverageKey], tier: String? = nil) {
        self.id = id
        self.signature = signature
        self.summary = summary
        self.coverage = coverage
        self.tier = tier
    }

    /// True for a spec made by `import` rather than transcribed by hand.
    public var isImported: Bool { tier == "imported" }
}

/// The exchanges of one case, bounded: the first and the last ``edge`` are kept, the ones in
/// between only counted, so a case that sends 1,000 requests (a quota, a rate limit) does not
/// bloat `results.json` and `junit.xml`.
public struct ExchangeLog: Sendable, Hashable {
    /// How many exchanges are kept at each end.
    public static let edge = 10

    private var head: [ExchangeRecord] = []
    private var tail: [ExchangeRecord] = []
    /// Exchanges counted but not kept.
    public private(set) var omitted = 0

    /// An empty log.
    public init() {}

    /// Records one exchange.
    public mutating func append(_ record: ExchangeRecord) {
        if head.count < Self.edge {
            head.append(record)
            return
        }
        tail.append(record)
        if tail.count > Self.edge {
            tail.removeFirst()
            omitted += 1
        }
    }

    /// The kept exchanges in order: the first ones, then the last ones.
    public var kept: [ExchangeRecord] { head + tail }
}
