import ConformanceSpec
import Foundation
import Synchronization

/// Which side of an exchange a finding is about.
public enum ExchangeSide: String, Sendable, Hashable, Codable {
    /// The client's request (what an SDK sent).
    case request
    /// The upstream's reply (what the platform or mock answered).
    case reply
}

/// One rule a request or reply breaks. Never holds a secret: values of credential fields are
/// redacted at the source and every text passes through the proxy's redactor.
public struct ProxyFinding: Sendable, Hashable, Codable {
    /// Request or reply.
    public var side: ExchangeSide
    /// Failure (a documented rule) or warning (an inferred one, an undocumented field or code).
    public var severity: Severity
    /// The spec rule: `request.name.maxLength`, `auth.missingToken`, `errors.1051104.httpStatus`,
    /// `response.image_key.type`, `envelope.logIdHeader`, `drift`.
    public var rule: String
    /// The request field (`name`) or reply JSON path (`$.data.image_key`), when there is one.
    public var location: String?
    /// What the spec expects.
    public var expected: String
    /// What was sent or answered.
    public var observed: String
    /// Where the rule comes from.
    public var provenance: Provenance

    /// Failure or warning.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// A documented rule is broken.
        case failure
        /// An inferred rule is broken, or the exchange holds something the specs do not describe.
        case warning
    }

    /// Creates a finding.
    public init(side: ExchangeSide, severity: Severity, rule: String, location: String?, expected: String, observed: String, provenance: Provenance) {
        self.side = side
        self.severity = severity
        self.rule = rule
        self.location = location
        self.expected = expected
        self.observed = observed
        self.provenance = provenance
    }
}

/// The verdict on a request.
public enum RequestVerdict: String, Sendable, Hashable, Codable {
    /// It broke no request rule (it may still have been refused for state, quota, rate or capability).
    case conforming
    /// It broke a request rule: auth header, body encoding or a field rule.
    case nonconforming
    /// No spec describes its endpoint: forwarded unchecked.
    case unknown
}

/// The verdict on a reply.
public enum ReplyVerdict: String, Sendable, Hashable, Codable {
    /// It follows every documented rule checked (warnings aside).
    case asDocumented = "as-documented"
    /// It breaks a documented rule.
    case differs
    /// Not checked: no spec describes the endpoint.
    case unchecked
    /// The upstream failed: no reply at all (the proxy answered 502 or 504), or a server error
    /// that is not a platform reply (passed through as it was).
    case upstreamFailure = "upstream-failure"
}

/// One exchange the proxy forwarded, with its verdicts.
public struct ProxyEntry: Sendable, Hashable, Codable {
    /// 1-based, in arrival order of the replies.
    public var seq: Int
    /// The request method.
    public var method: String
    /// The request path (no query: it may carry page tokens or other values).
    public var path: String
    /// The spec id the request matched, or nil.
    public var endpoint: String?
    /// The HTTP status the client got.
    public var httpStatus: Int
    /// The reply's `code`, when it had one.
    public var code: Int?
    /// The reply's log id (`X-Tt-Logid`), when it had one: what the platform's support asks for.
    public var logID: String?
    /// The verdict on the request.
    public var request: RequestVerdict
    /// The verdict on the reply.
    public var reply: ReplyVerdict
    /// What the upstream failure was, when `reply` is `upstreamFailure`.
    public var failure: String?
    /// Broken rules, request side first.
    public var findings: [ProxyFinding]

    /// Creates an entry.
    public init(
        seq: Int, method: String, path: String, endpoint: String?, httpStatus: Int, code: Int?, logID: String?,
        request: RequestVerdict, reply: ReplyVerdict, failure: String? = nil, findings: [ProxyFinding]
    ) {
        self.seq = seq
        self.method = method
        self.path = path
        self.endpoint = endpoint
        self.httpStatus = httpStatus
        self.code = code
        self.logID = logID
        self.request = request
        self.reply = reply
        self.failure = failure
        self.findings = findings
    }

    /// True when the reply has warnings but breaks no documented rule.
    public var hasWarnings: Bool { findings.contains { $0.severity == .warning } }
}

/// The exchanges seen so far, in arrival order, up to a capacity (older ones are dropped and counted).
final class ProxyJournal: Sendable {
    private struct Store {
        var entries: [ProxyEntry] = []
        var next = 0
        var dropped = 0
    }

    private let store = Mutex(Store())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Numbers and keeps `entry`.
    func record(_ entry: ProxyEntry) {
        store.withLock { store in
            var numbered = entry
            store.next += 1
            numbered.seq = store.next
            if store.entries.count >= capacity {
                let drop = max(1, capacity / 10)
                store.entries.removeFirst(min(drop, store.entries.count))
                store.dropped += drop
            }
            store.entries.append(numbered)
        }
    }

    var snapshot: (entries: [ProxyEntry], dropped: Int) { store.withLock { ($0.entries, $0.dropped) } }
}
