import Foundation

/// Whether a request met the specs' request rules.
public enum JournalVerdict: String, Sendable, Hashable, Codable {
    /// The request broke no request rule (it may still have been refused for state, quota, rate or capability).
    case conforming
    /// The request broke a request rule: auth header, body encoding, a field rule, or it matched no endpoint.
    case nonconforming
}

/// One broken rule in a journal entry. Never holds a secret.
public struct JournalViolation: Sendable, Hashable, Codable {
    /// The spec rule (`request.name.maxLength`, `auth.missingToken`, `rateLimits.0`).
    public var rule: String
    /// The field's dotted path, when the rule is about a field.
    public var field: String?
    /// What the spec expects.
    public var expected: String
    /// What the request had (credentials redacted).
    public var observed: String
    /// The code the rule is answered with.
    public var code: Int
    /// The validation stage (`auth`, `fields`, `state`, ...).
    public var stage: String
    /// True when the rule binds the client (auth, routing, body, fields); false for platform-side
    /// refusals such as rate limits, quotas and duplicates that a conforming client can meet.
    public var clientFault: Bool

    enum CodingKeys: String, CodingKey {
        case rule, field, expected, observed, code, stage
        case clientFault = "client_fault"
    }

    /// Creates a journal violation.
    public init(rule: String, field: String?, expected: String, observed: String, code: Int, stage: String, clientFault: Bool) {
        self.rule = rule
        self.field = field
        self.expected = expected
        self.observed = observed
        self.code = code
        self.stage = stage
        self.clientFault = clientFault
    }

    /// Encodes every key, `null` included, so clients see a stable shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(field, forKey: .field)
        try c.encode(expected, forKey: .expected)
        try c.encode(observed, forKey: .observed)
        try c.encode(code, forKey: .code)
        try c.encode(stage, forKey: .stage)
        try c.encode(clientFault, forKey: .clientFault)
    }
}

/// One request the mock served, with its verdict. Served at `GET /__mock/journal`; never holds
/// secrets or tokens.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// 1-based sequence number since start or the last reset.
    public var seq: Int
    /// ISO 8601 time of the request as the caller's tenant saw it.
    public var time: String
    /// The HTTP method.
    public var method: String
    /// The request path (no query).
    public var path: String
    /// The spec id the request matched (`platform.tokenEndpoint` for the token endpoint), or nil.
    public var endpoint: String?
    /// The calling app, when known from the token or the token request.
    public var appID: String?
    /// The HTTP status answered.
    public var httpStatus: Int
    /// The `code` answered.
    public var code: Int
    /// The verdict on the request.
    public var verdict: JournalVerdict
    /// Broken rules in precedence order; the first one with a platform answer decided `code`.
    public var violations: [JournalViolation]
    /// The log id sent in `X-Tt-Logid`.
    public var logID: String

    enum CodingKeys: String, CodingKey {
        case seq, time, method, path, endpoint
        case appID = "app_id"
        case httpStatus = "http_status"
        case code, verdict, violations
        case logID = "log_id"
    }

    /// Creates an entry.
    public init(
        seq: Int, time: String, method: String, path: String, endpoint: String?, appID: String?, httpStatus: Int, code: Int,
        verdict: JournalVerdict, violations: [JournalViolation], logID: String
    ) {
        self.seq = seq
        self.time = time
        self.method = method
        self.path = path
        self.endpoint = endpoint
        self.appID = appID
        self.httpStatus = httpStatus
        self.code = code
        self.verdict = verdict
        self.violations = violations
        self.logID = logID
    }

    /// Encodes every key, `null` included, so clients see a stable shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(time, forKey: .time)
        try c.encode(method, forKey: .method)
        try c.encode(path, forKey: .path)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(appID, forKey: .appID)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(code, forKey: .code)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(violations, forKey: .violations)
        try c.encode(logID, forKey: .logID)
    }
}

/// The journal document served at `GET /__mock/journal`.
public struct JournalDocument: Sendable, Hashable, Codable {
    /// Entries in arrival order.
    public var entries: [JournalEntry]
    /// Creates a document.
    public init(entries: [JournalEntry]) { self.entries = entries }
}

/// Calendar helpers for journal times and log ids (UTC, proleptic Gregorian), free of formatters.
enum UTC {
    /// (year, month, day, hour, minute, second) of an epoch time.
    static func components(_ epoch: Double) -> (Int, Int, Int, Int, Int, Int) {
        // Clamped (NaN as 0) so the conversion and the day arithmetic below cannot overflow,
        // whatever a MockClock reports; the admin API keeps clocks within FeishuMock.clockRange.
        let secs = epoch.isNaN ? 0 : Int(min(max(epoch, -1e15), 1e15).rounded(.down))
        var days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = secs - days * 86_400
        // Howard Hinnant's civil_from_days.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `2024-01-01T00:00:00Z`.
    static func iso8601(_ epoch: Double) -> String {
        let (y, mo, d, h, mi, s) = components(epoch)
        guard (0...9999).contains(y) else {
            return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))Z"
        }
        return format([(y, 4), (mo, 2), (d, 2), (h, 2), (mi, 2), (s, 2)], separators: [0x2D, 0x2D, 0x54, 0x3A, 0x3A, 0x5A])
    }

    /// `20240101000000`, the leading part of a platform log id.
    static func compact(_ epoch: Double) -> String {
        let (y, mo, d, h, mi, s) = components(epoch)
        guard (0...9999).contains(y) else {
            return "\(pad(y, 4))\(pad(mo, 2))\(pad(d, 2))\(pad(h, 2))\(pad(mi, 2))\(pad(s, 2))"
        }
        return format([(y, 4), (mo, 2), (d, 2), (h, 2), (mi, 2), (s, 2)], separators: [])
    }

    /// Zero-padded non-negative numbers, each followed by its separator byte when there is one,
    /// written straight into the string's storage (one allocation at most, no interpolation).
    private static func format(_ parts: [(Int, Int)], separators: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            var i = 0
            for (n, (value, width)) in parts.enumerated() {
                var v = value
                var k = width - 1
                while k >= 0 {
                    buffer[i + k] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                    v /= 10
                    k -= 1
                }
                i += width
                if n < separators.count {
                    buffer[i] = separators[n]
                    i += 1
                }
            }
            return i
        }
    }
}
