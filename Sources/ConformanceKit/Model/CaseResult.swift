import ConformanceSpec
import Foundation

/// The outcome of one case against one target.
public struct CaseResult: Sendable, Hashable, Codable {
    public var caseID: String
    public var endpointID: String
    public var title: String
    public var kind: CaseKind
    public var rule: String
    public var provenance: Provenance
    public var covers: [CoverageKey]
    public var status: CaseStatus
    /// Every difference seen (failures and warnings), including response drift on success.
    public var findings: [Finding]
    /// Why the case was not exercised, when `status` is `.skipped`.
    public var skipReason: String?
    /// The requests sent: method, path, status, code, log id (no headers, no secrets).
    public var exchanges: [ExchangeRecord]
    public var durationSeconds: Double

    public init(caseID: String, endpointID: String, title: String, kind: CaseKind, rule: String, provenance: Provenance,
                covers: [CoverageKey], status: CaseStatus, findings: [Finding] = [], skipReason: String? = nil,
                exchanges: [ExchangeRecord] = [], durationSeconds: Double = 0) {
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
        self.durationSeconds = durationSeconds
    }
}

/// A case's verdict.
public enum CaseStatus: String, Sendable, Hashable, Codable {
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
    public enum Severity: String, Sendable, Hashable, Codable { case failure, warning }

    public var severity: Severity
    /// The spec rule (`request.name.maxLength`, `response.badge.id.type`, `drift`).
    public var rule: String
    /// JSON path in the reply (`$.data.badge.id`), when about a reply field.
    public var path: String?
    public var expected: String
    public var observed: String
    public var provenance: Provenance

    public init(severity: Severity, rule: String, path: String? = nil, expected: String, observed: String, provenance: Provenance) {
        self.severity = severity
        self.rule = rule
        self.path = path
        self.expected = expected
        self.observed = observed
        self.provenance = provenance
    }

    public var description: String {
        "\(rule)\(path.map { " at \($0)" } ?? ""): expected \(expected), observed \(observed)"
    }
}

/// A request/response pair as recorded for reports: never headers or bodies that might hold secrets.
public struct ExchangeRecord: Sendable, Hashable, Codable {
    public var method: String
    public var path: String
    public var httpStatus: Int?
    public var code: Int?
    public var logID: String?

    public init(method: String, path: String, httpStatus: Int?, code: Int?, logID: String?) {
        self.method = method
        self.path = path
        self.httpStatus = httpStatus
        self.code = code
        self.logID = logID
    }
}

/// A whole run: what `results.json` holds and every report is rendered from.
public struct RunResult: Sendable, Hashable, Codable {
    /// `embedded mock`, `mock at http://127.0.0.1:PORT`, or the live base URL.
    public var target: String
    public var toolVersion: String
    public var startedAt: Date
    public var finishedAt: Date
    /// The endpoints run, with spec facts the reports need.
    public var endpoints: [EndpointSummary]
    public var cases: [CaseResult]

    public init(target: String, toolVersion: String, startedAt: Date, finishedAt: Date, endpoints: [EndpointSummary], cases: [CaseResult]) {
        self.target = target
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.endpoints = endpoints
        self.cases = cases
    }

    /// True when some documented expectation failed (exit code 1).
    public var hasFailures: Bool { cases.contains { $0.status == .failed || $0.status == .error } }
}

/// Spec facts about one endpoint that the reports list (so every field, limit and code gets a row,
/// even when no case exercised it).
public struct EndpointSummary: Sendable, Hashable, Codable {
    public var id: String
    public var signature: String
    public var summary: String
    /// Every coverage key the spec defines for this endpoint, in spec order.
    public var coverage: [CoverageKey]

    public init(id: String, signature: String, summary: String, coverage: [CoverageKey]) {
        self.id = id
        self.signature = signature
        self.summary = summary
        self.coverage = coverage
    }
}
