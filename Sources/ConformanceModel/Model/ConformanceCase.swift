import ConformanceSpec

/// One conformance case derived from a spec: a sequence of steps (set-up requests, clock moves,
/// the request under test) and what each must observe. The same catalog backs `run` and the
/// generated Swift Testing suites.
public struct ConformanceCase: Sendable, Hashable, Codable, Identifiable, CustomStringConvertible {
    /// Stable id: `<endpoint id>/<rule>/<variant>`, e.g. `admin.v1.badge.create/name.maxLength/above`.
    public var id: String
    /// The endpoint spec id the case is about.
    public var endpointID: String
    /// Readable, e.g. `POST /open-apis/admin/v1/badges: name of 31 characters -> 1051104`. Never holds secrets.
    public var title: String
    /// What the case is mainly about.
    public var kind: CaseKind
    /// The spec rule this case checks, as a dotted reference (`request.name.maxLength`, `errors.1051104`,
    /// `behaviours.unique.name`, `auth.missingToken`, `rateLimits.0`).
    public var rule: String
    /// Provenance of the exact answer expected. For a refusal case, that of its code and HTTP
    /// status, which the docs may give or we may infer (a catch-all code, a status the doc leaves
    /// out): a refusal with another code than an inferred one is a warning. For other cases the
    /// same as ``ruleProvenance``.
    public var provenance: Provenance
    /// Provenance of the rule that forbids the value a refusal case sends, or allows the value a
    /// success case sends (the limit, enum, format, required field or behaviour under test): it
    /// decides whether the target must refuse (or accept) the request at all, whatever
    /// ``provenance`` says about the code. Accepting what a documented rule forbids, or refusing
    /// what it allows, is a failure even when the code expected is inferred.
    public var ruleProvenance: Provenance
    /// What the target must offer for the case to run; unmet -> skipped with the reason.
    public var requirements: [Requirement]
    /// Report coverage keys this case exercises (fields, limits, error codes, behaviours).
    public var covers: [CoverageKey]
    /// Set-up requests, clock moves and the request under test, in order.
    public var steps: [CaseStep]
    /// When set, the case can never be exercised from outside (e.g. a server-fault code): always skipped.
    public var notExercisableReason: String?

    /// Creates a case; `ruleProvenance` defaults to `provenance` (a rule whose answer is as
    /// documented, or inferred, as the rule itself).
    public init(
        id: String, endpointID: String, title: String, kind: CaseKind, rule: String, provenance: Provenance,
        ruleProvenance: Provenance? = nil, requirements: [Requirement] = [], covers: [CoverageKey] = [],
        steps: [CaseStep], notExercisableReason: String? = nil
    ) {
        self.id = id
        self.endpointID = endpointID
        self.title = title
        self.kind = kind
        self.rule = rule
        self.provenance = provenance
        self.ruleProvenance = ruleProvenance ?? provenance
        self.requirements = requirements
        self.covers = covers
        self.steps = steps
        self.notExercisableReason = notExercisableReason
    }

    /// Readable form for test output.
    public var description: String { title }

    /// True when the expectation is inferred rather than documented.
    public var isInferred: Bool { !provenance.isDocumented }

    enum CodingKeys: String, CodingKey {
        case id, endpointID, title, kind, rule, provenance, ruleProvenance, requirements, covers, steps, notExercisableReason
    }

    /// Decodes a case; one encoded before `ruleProvenance` existed gets its `provenance` there.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        endpointID = try c.decode(String.self, forKey: .endpointID)
        title = try c.decode(String.self, forKey: .title)
        kind = try c.decode(CaseKind.self, forKey: .kind)
        rule = try c.decode(String.self, forKey: .rule)
        provenance = try c.decode(Provenance.self, forKey: .provenance)
        ruleProvenance = try c.decodeIfPresent(Provenance.self, forKey: .ruleProvenance) ?? provenance
        requirements = try c.decodeIfPresent([Requirement].self, forKey: .requirements) ?? []
        covers = try c.decodeIfPresent([CoverageKey].self, forKey: .covers) ?? []
        steps = try c.decode([CaseStep].self, forKey: .steps)
        notExercisableReason = try c.decodeIfPresent(String.self, forKey: .notExercisableReason)
    }
}

/// What a case is mainly about, for counting and report grouping.
public enum CaseKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A field's presence, type, enum value or success with a valid value.
    case field
    /// A boundary of a length, range, byte-size or pixel limit (at and past the edge).
    case limit
    /// An error code from the error table.
    case errorCode
    /// A stateful behaviour: uniqueness, quota, ownership, expiry, pagination, order, filter.
    case behaviour
    /// Token handling: missing, malformed, unknown, expired, wrong type, scope.
    case auth
    /// Documented rate limits.
    case rateLimit
}

/// A report coverage key: one row in the per-endpoint table of fields, limits and error codes.
///
/// JSON (part of the `results.json` format, `Reports/results.schema.json`): an object whose
/// `kind` names the case and whose other member holds its payload:
/// `{"kind": "field", "name": "Content-Type"}`, `{"kind": "limit", "name": "name.maxLength"}`,
/// `{"kind": "errorCode", "code": 1051104}`, `{"kind": "behaviour", "name": "unique.name"}`.
public enum CoverageKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The `kind` discriminator of the JSON form, one per case.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// ``CoverageKey/field(_:)``: payload member `name`.
        case field
        /// ``CoverageKey/limit(_:)``: payload member `name`.
        case limit
        /// ``CoverageKey/errorCode(_:)``: payload member `code`.
        case errorCode
        /// ``CoverageKey/behaviour(_:)``: payload member `name`.
        case behaviour
    }

    /// A request field, by name.
    case field(String)
    /// A limit (`name.maxLength`, `image.maxBytes`, rate limits).
    case limit(String)
    /// An error code of the spec's table.
    case errorCode(Int)
    /// A behaviour, by kind and resource.
    case behaviour(String)

    /// Readable form for test output.
    public var description: String {
        switch self {
        case .field(let f): "field \(f)"
        case .limit(let l): "limit \(l)"
        case .errorCode(let c): "error \(c)"
        case .behaviour(let b): "behaviour \(b)"
        }
    }

    /// Which case this is: the JSON form's `kind`.
    public var kind: Kind {
        switch self {
        case .field: .field
        case .limit: .limit
        case .errorCode: .errorCode
        case .behaviour: .behaviour
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, name, code }

    /// Decodes `{"kind": ..., "name" | "code": ...}`; an unknown `kind` is an error that lists the known ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .kind)
        guard let kind = Kind(rawValue: text) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown coverage key kind '\(text)' (known: \(known))")
        }
        switch kind {
        case .field: self = .field(try container.decode(String.self, forKey: .name))
        case .limit: self = .limit(try container.decode(String.self, forKey: .name))
        case .errorCode: self = .errorCode(try container.decode(Int.self, forKey: .code))
        case .behaviour: self = .behaviour(try container.decode(String.self, forKey: .name))
        }
    }

    /// Encodes `{"kind": ..., "name" | "code": ...}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .field(let name), .limit(let name), .behaviour(let name): try container.encode(name, forKey: .name)
        case .errorCode(let code): try container.encode(code, forKey: .code)
        }
    }
}

/// Something a target must offer for a case to run.
public enum Requirement: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Credentials of a second tenant (`FEISHU_SECOND_APP_ID` / `FEISHU_SECOND_APP_SECRET`).
    case secondTenant
    /// A user access token (`FEISHU_USER_ACCESS_TOKEN`).
    case userToken
    /// A controllable clock (only the mock has one).
    case controllableClock
    /// A fresh tenant with a known empty state (only the mock can make one on demand).
    case freshTenant
    /// An app lacking a capability (`bot`, `badgePlan`); the mock makes one on demand.
    case appLacking(String)

    /// Readable form for test output.
    public var description: String {
        switch self {
        case .secondTenant: "a second tenant"
        case .userToken: "a user access token"
        case .controllableClock: "a controllable clock"
        case .freshTenant: "a fresh, empty tenant"
        case .appLacking(let c): "an app lacking \(c)"
        }
    }

    /// What `steps` need by themselves, in first-use order without repeats: clock steps and
    /// expired tokens a controllable clock, a `second` caller a second tenant, a `lacking:<name>`
    /// caller an app lacking that capability, a user-token caller a user token. The generator
    /// declares these on each case; the runner adds them to hand-built cases too.
    public static func implied(by steps: [CaseStep]) -> [Requirement] {
        var found: [Requirement] = []
        func add(_ r: Requirement) { if !found.contains(r) { found.append(r) } }
        for step in steps {
            switch step {
            case .advanceClock, .freezeClock: add(.controllableClock)
            case .request(let r):
                switch r.caller.app {
                case .second: add(.secondTenant)
                case .lacking(let capability): add(.appLacking(capability))
                case .primary: break
                }
                if r.caller.credential == .userToken { add(.userToken) }
                if r.caller.credential == .expiredTenantToken { add(.controllableClock) }
            }
        }
        return found
    }
}

/// One step of a case.
public enum CaseStep: Sendable, Hashable, Codable {
    /// Send a request and check the reply.
    case request(RequestStep)
    /// Move the target's clock forward (mock only; needs `.controllableClock`).
    case advanceClock(seconds: Int)
    /// Stop the target's clock (mock only), so rate windows and expiry do not move while a case runs.
    case freezeClock
}

/// Who sends a request.
public struct Caller: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the request is authorised.
    public enum Credential: Sendable, Hashable, Codable {
        /// A tenant access token for the caller's app.
        case tenantToken
        /// A user access token.
        case userToken
        /// No `Authorization` header.
        case none
        /// This exact `Authorization` value (malformed or unknown tokens). Never a real secret.
        case raw(String)
        /// A tenant token that the target has since expired (mock: issue, then advance the clock past its lifetime).
        case expiredTenantToken
    }

    /// Which app.
    public var app: CallerApp
    /// How the request is authorised.
    public var credential: Credential

    /// Creates a caller (the primary app with a tenant token by default).
    public init(app: CallerApp = .primary, credential: Credential = .tenantToken) {
        self.app = app
        self.credential = credential
    }

    /// The primary app with a tenant token.
    public static let primary = Caller()

    /// Readable form for test output.
    public var description: String { "\(app) \(credential)" }
}

/// Which app sends a request. JSON (and text): `primary`, `second` or `lacking:<capability>`.
public enum CallerApp: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The app every case calls with (`FEISHU_APP_ID`; on a mock, a fresh app per case).
    case primary
    /// An app of another tenant (`FEISHU_SECOND_APP_ID`; on a mock, a second fresh app).
    case second
    /// An app lacking this capability (`bot`, `badgePlan`): only a mock makes one on demand.
    case lacking(String)

    /// Reads the text form; nil for anything else.
    public init?(text: String) {
        switch text {
        case "primary": self = .primary
        case "second": self = .second
        default:
            guard text.hasPrefix("lacking:"), text.count > "lacking:".count else { return nil }
            self = .lacking(String(text.dropFirst("lacking:".count)))
        }
    }

    /// `primary`, `second` or `lacking:<capability>`.
    public var description: String {
        switch self {
        case .primary: "primary"
        case .second: "second"
        case .lacking(let capability): "lacking:\(capability)"
        }
    }

    /// Decodes the text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let app = CallerApp(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected primary, second or lacking:<capability>, got '\(text)'")
        }
        self = app
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// How to produce one request field's value.
public indirect enum ValueRecipe: Sendable, Hashable, Codable {
    /// A JSON value as is (JSON bodies); for multipart, query and headers its text form is sent.
    case json(JSONValue)
    /// Raw text (multipart text part, query parameter, header), sent exactly.
    case text(String)
    /// A string of exactly `length` characters (Unicode scalars), unique in the run (prefix + filler);
    /// `filler` is the padding character (defaults to `字`, which is 3 UTF-8 bytes).
    case uniqueText(length: Int, filler: String?)
    /// A value captured by an earlier step.
    case captured(String)
    /// A JSON object whose members are themselves recipes (i18n objects).
    case object([String: ValueRecipe])
    /// A forged image file.
    case image(ImageRecipe)
    /// A non-image or near-miss file from `Media.FixtureForge.NearMiss` by raw value.
    case nearMiss(String, filename: String?, contentType: String?)
}

/// A forged image: format, pixel size, optional exact byte size, and how the part is labelled.
public struct ImageRecipe: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `Media.ImageFormat` raw value: `png`, `jpeg`, `gif`, `webp`, `bmp`, `tiff`, `ico`.
    public var format: String
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Exact file size in bytes (padded or trimmed by the forge), when set.
    public var byteSize: Int?
    /// The part's filename; `image.<format>` when nil.
    public var filename: String?
    /// The part's Content-Type; the format's media type when nil.
    public var contentType: String?

    /// Creates a recipe.
    public init(format: String, width: Int, height: Int, byteSize: Int? = nil, filename: String? = nil, contentType: String? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.byteSize = byteSize
        self.filename = filename
        self.contentType = contentType
    }

    /// Readable form for test output.
    public var description: String {
        "\(format.uppercased()) \(width)x\(height)" + (byteSize.map { " of \($0) bytes" } ?? "")
    }
}

/// A request step: caller, endpoint, field values, and the expected reply.
public struct RequestStep: Sendable, Hashable, Codable {
    /// Who sends the request.
    public var caller: Caller
    /// The endpoint spec id.
    public var endpointID: String
    /// Field name -> value; fields absent here are not sent. Location comes from the spec.
    public var values: [String: ValueRecipe]
    /// Body bytes to send instead of encoding `values` (malformed JSON or multipart).
    public var rawBody: String?
    /// `Content-Type` to send instead of the spec's encoding.
    public var contentTypeOverride: String?
    /// Send this step this many times (e.g. to reach a quota or a rate limit); values may use
    /// `.uniqueText` so each repetition differs. Only the last repetition is checked against
    /// `expect`; earlier ones must succeed (or, for rate limits, must not be limited).
    public var repeatCount: Int
    /// What the reply (of the last repetition) must show.
    public var expect: Expectation
    /// Variable name -> dotted path under `data` to capture from a successful reply.
    public var captures: [String: String]

    /// Creates a request step.
    public init(
        caller: Caller = .primary, endpointID: String, values: [String: ValueRecipe], rawBody: String? = nil,
        contentTypeOverride: String? = nil, repeatCount: Int = 1, expect: Expectation, captures: [String: String] = [:]
    ) {
        self.caller = caller
        self.endpointID = endpointID
        self.values = values
        self.rawBody = rawBody
        self.contentTypeOverride = contentTypeOverride
        self.repeatCount = repeatCount
        self.expect = expect
        self.captures = captures
    }
}

/// What a step must observe.
public enum Expectation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `code` 0, HTTP 200, and a reply that passes the response validator.
    case success
    /// This platform code with this HTTP status.
    case error(code: Int, httpStatus: Int)
    /// A rate-limit answer: the platform code, status, and both rate-limit headers.
    case rateLimited(code: Int, httpStatus: Int)
    /// A successful list whose items, walked page by page with this page size, contain the
    /// captured ids in this order (newest first), with `has_more`/`page_token` consistent.
    case listWalk(pageSize: Int, expectedOrder: [String])
    /// A successful list whose items are exactly the items whose `field` equals the value captured as `capture`.
    case listFiltered(field: String, capture: String, expectedCount: Int)
    /// A successful first page (no page token sent) holding exactly `count` items, with `has_more`
    /// equal to `hasMore` (and a page token exactly when more follow, where the spec says so):
    /// how a page-size default or bound is checked against a tenant holding a known number of items.
    case listPage(count: Int, hasMore: Bool)
    /// A success whose reply holds, at the dotted `path` under `data`, the value captured as
    /// `capture`: how an update is seen by a later read.
    case successMatching(path: String, capture: String)

    /// True when the step must succeed (a plain success or any list expectation).
    public var isSuccess: Bool {
        switch self {
        case .success, .listWalk, .listFiltered, .listPage, .successMatching: true
        case .error, .rateLimited: false
        }
    }

    /// Readable form for test output.
    public var description: String {
        switch self {
        case .success: "success"
        case .error(let code, let status): "code \(code) (HTTP \(status))"
        case .rateLimited(let code, let status): "rate limited: code \(code) (HTTP \(status)) with rate-limit headers"
        case .listWalk(let size, let order): "pages of \(size) listing \(order.joined(separator: ", ")) in that order"
        case .listFiltered(let field, let capture, let count): "\(count) item(s) with \(field) = \(capture)"
        case .listPage(let count, let hasMore): "one page of exactly \(count) item(s) with has_more \(hasMore)"
        case .successMatching(let path, let capture): "success with \(path) = the value captured as \(capture)"
        }
    }
}
