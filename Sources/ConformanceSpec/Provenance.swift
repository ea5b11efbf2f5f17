/// Where a spec fact comes from. Reports keep the two apart: a mismatch against an
/// inferred expectation is a warning, never a conformance failure.
public enum Provenance: Sendable, Hashable, Codable {
    /// Stated by the platform's documentation; carries the doc's own words.
    case documented(String)
    /// Decided by us where the docs are silent or contradict themselves; carries the reason.
    case inferred(String)

    /// True for `.documented`.
    public var isDocumented: Bool { if case .documented = self { true } else { false } }

    /// The quote or the reason.
    public var text: String {
        switch self {
        case .documented(let s), .inferred(let s): s
        }
    }

    /// `documented` or `inferred`.
    public var kind: String { isDocumented ? "documented" : "inferred" }

    enum CodingKeys: String, CodingKey { case documented, inferred }

    /// Decodes from exactly one of `documented` / `inferred`.
    public init(from decoder: any Decoder) throws {
        self = try Provenance.decode(from: decoder.container(keyedBy: CodingKeys.self))
    }

    /// Encodes as `documented` or `inferred`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try encode(into: &container)
    }

    /// Reads `documented` or `inferred` (exactly one) from a keyed container that may hold other keys.
    static func decode<K: CodingKey>(from container: KeyedDecodingContainer<K>) throws -> Provenance {
        let documented = K(stringValue: "documented").flatMap { try? container.decodeIfPresent(String.self, forKey: $0) }
        let inferred = K(stringValue: "inferred").flatMap { try? container.decodeIfPresent(String.self, forKey: $0) }
        switch (documented, inferred) {
        case (let d?, nil): return .documented(d)
        case (nil, let i?): return .inferred(i)
        case (nil, nil):
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "missing provenance: add \"documented\": \"<the doc's words>\" or \"inferred\": \"<why>\""))
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "both \"documented\" and \"inferred\" given: keep exactly one"))
        }
    }

    func encode<K: CodingKey>(into container: inout KeyedEncodingContainer<K>) throws {
        switch self {
        case .documented(let s): if let key = K(stringValue: "documented") { try container.encode(s, forKey: key) }
        case .inferred(let s): if let key = K(stringValue: "inferred") { try container.encode(s, forKey: key) }
        }
    }
}

/// Which platform error code a violated rule is answered with, and where that mapping comes from.
///
/// JSON: `{"code": 1051104, "documented": "..."}` or `{"code": 1051001, "inferred": "..."}`.
public struct ErrorBinding: Sendable, Hashable, Codable {
    /// The platform error code the violation is answered with.
    public var code: Int
    /// Where the fact comes from.
    public var provenance: Provenance

    /// Creates a binding.
    public init(code: Int, provenance: Provenance) {
        self.code = code
        self.provenance = provenance
    }

    enum CodingKeys: String, CodingKey { case code, documented, inferred }

    /// Decodes from exactly one of `documented` / `inferred`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(Int.self, forKey: .code)
        provenance = try Provenance.decode(from: c)
    }

    /// Encodes as `documented` or `inferred`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try provenance.encode(into: &c)
    }
}

/// One constraint or fact with its provenance and, for constraints, the error its violation gets.
///
/// JSON: `{"value": 30, "documented": "最多30个字符", "error": {"code": 1051104, "documented": "..."}}`.
/// When `error` is absent the endpoint's `invalidParamError` applies.
public struct Rule<Value: Codable & Sendable & Hashable>: Sendable, Hashable, Codable {
    /// The constrained value (`30`, `["png", "jpeg"]`).
    public var value: Value
    /// Where the fact comes from.
    public var provenance: Provenance
    /// The error a violation gets; the endpoint's `invalidParamError` when nil.
    public var error: ErrorBinding?

    /// Creates a rule.
    public init(_ value: Value, _ provenance: Provenance, error: ErrorBinding? = nil) {
        self.value = value
        self.provenance = provenance
        self.error = error
    }

    enum CodingKeys: String, CodingKey { case value, documented, inferred, error }

    /// Decodes from exactly one of `documented` / `inferred`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(Value.self, forKey: .value)
        provenance = try Provenance.decode(from: c)
        error = try c.decodeIfPresent(ErrorBinding.self, forKey: .error)
    }

    /// Encodes as `documented` or `inferred`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try provenance.encode(into: &c)
        try c.encodeIfPresent(error, forKey: .error)
    }
}
