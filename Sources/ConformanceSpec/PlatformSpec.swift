/// Platform-wide facts shared by every endpoint: domains, the reply envelope, the token
/// endpoint, token formats, platform error codes and rate-limit answers. File: `Specs/platform.json`.
public struct PlatformSpec: Sendable, Hashable, Codable {
    /// Domain name -> base URL (`feishu` -> `https://open.feishu.cn`).
    public var domains: [String: String]
    /// The reply envelope.
    public var envelope: EnvelopeSpec
    /// `POST /open-apis/auth/v3/tenant_access_token/internal`, as an endpoint with a `flat` response.
    public var tokenEndpoint: EndpointSpec
    /// Token formats and lifetimes.
    public var tokens: TokenRules
    /// Platform-wide error codes.
    public var errors: [ErrorEntry]
    /// Which platform code answers each generic failure.
    public var roles: PlatformErrorRoles
    /// How a rate-limited request is answered.
    public var rateLimiting: RateLimitAnswer
    /// Default precedence of checks when a request breaks several rules.
    public var validationOrder: Rule<[ValidationStage]>
    /// How unknown paths and wrong methods are answered.
    public var routing: RoutingRules
    /// Platform-level decisions.
    public var decisions: [Decision]?

    /// The error entry for `code`, if any.
    public func error(code: Int) -> ErrorEntry? { errors.first { $0.code == code } }
}

/// The reply envelope.
public struct EnvelopeSpec: Sendable, Hashable, Codable {
    /// Header carrying the request's log id on every reply, in canonical casing: `X-Tt-Logid`.
    public var logIdHeader: Rule<String>
    /// Dotted path of the log id in error bodies (`error.log_id`), when sent.
    public var errorLogIdPath: Rule<String>?
    /// `msg` of a success reply (`success`).
    public var successMessage: Rule<String>
    /// Content-Type of replies.
    public var contentType: Rule<String>
    /// The names of the envelope's members (`code`, `msg`, `data`): the one place that says them.
    public var members: Rule<EnvelopeMembers>
}

/// The member names of the reply envelope `{"code": 0, "msg": "success", "data": {...}}`.
public struct EnvelopeMembers: Sendable, Hashable, Codable {
    /// The platform code (0 on success): `code`.
    public var code: String
    /// The message: `msg`.
    public var message: String
    /// The payload of a success: `data`.
    public var data: String

    /// Creates the names.
    public init(code: String, message: String, data: String) {
        self.code = code
        self.message = message
        self.data = data
    }
}

extension PlatformSpec {
    /// The names of the envelope's members.
    public var envelopeMembers: EnvelopeMembers { envelope.members.value }

    /// A reply body's platform code, when it has an integer one.
    public func code(of body: JSONValue?) -> Int? { body?[envelopeMembers.code]?.intValue }

    /// A reply body's message, when it has a string one.
    public func message(of body: JSONValue?) -> String? { body?[envelopeMembers.message]?.stringValue }

    /// Where an endpoint's documented response fields sit in a reply body: its envelope's data
    /// member, or the body itself for a flat reply (the token endpoint).
    public func payload(of body: JSONValue?, shape: ResponseShape) -> JSONValue? {
        shape == .envelope ? body?[envelopeMembers.data] : body
    }
}

/// Token formats and lifetimes.
public struct TokenRules: Sendable, Hashable, Codable {
    /// Prefix of tenant access tokens (`t-`).
    public var tenantPrefix: Rule<String>
    /// Prefix of user access tokens (`u-`).
    public var userPrefix: Rule<String>
    /// Lifetime of a tenant access token in seconds (7200).
    public var tenantTokenLifetimeSeconds: Rule<Int>
    /// When the remaining lifetime is below this, the token endpoint issues a new token (1800).
    public var refreshWindowSeconds: Rule<Int>
    /// The `Authorization` header scheme (`Bearer`).
    public var scheme: Rule<String>
    /// The token endpoint's request and reply fields by role: the one place that says which
    /// field carries the app id, the secret, the token and its lifetime.
    public var endpointFields: Rule<TokenEndpointFields>
}

/// The token endpoint's fields by role.
public struct TokenEndpointFields: Sendable, Hashable, Codable {
    /// Request body field with the app id (`app_id`).
    public var appID: String
    /// Request body field with the app secret (`app_secret`).
    public var appSecret: String
    /// Reply field with the token (`tenant_access_token`).
    public var token: String
    /// Reply field with the token's remaining lifetime in seconds (`expire`).
    public var expire: String

    /// Creates the roles.
    public init(appID: String, appSecret: String, token: String, expire: String) {
        self.appID = appID
        self.appSecret = appSecret
        self.token = token
        self.expire = expire
    }
}

/// Which code answers each generic failure.
public struct PlatformErrorRoles: Sendable, Hashable, Codable {
    /// No `Authorization` header.
    public var missingToken: ErrorBinding
    /// `Authorization` present but not `Bearer <token>`.
    public var malformedAuthorization: ErrorBinding
    /// A token that does not start with a known prefix.
    public var badTokenPrefix: ErrorBinding
    /// Unknown or expired tenant token.
    public var invalidTenantToken: ErrorBinding
    /// Unknown or expired user token.
    public var invalidUserToken: ErrorBinding
    /// A token of a type the endpoint does not accept.
    public var wrongTokenType: ErrorBinding
    /// The app lacks every scope the endpoint accepts.
    public var missingScope: ErrorBinding
    /// Rate limit reached.
    public var rateLimited: ErrorBinding
    /// Unknown path.
    public var notFound: ErrorBinding
    /// Known path, wrong method.
    public var methodMismatch: ErrorBinding
    /// Token endpoint: app id unknown or secret wrong.
    public var badCredentials: ErrorBinding
    /// Token endpoint: body missing fields or not JSON.
    public var tokenBadRequest: ErrorBinding
}

/// How a rate-limited request is answered.
public struct RateLimitAnswer: Sendable, Hashable, Codable {
    /// HTTP status (429; some older APIs 400).
    public var httpStatus: Rule<Int>
    /// Header with the window's limit (`x-ogw-ratelimit-limit`).
    public var limitHeader: Rule<String>
    /// Header with seconds until the window resets (`x-ogw-ratelimit-reset`).
    public var resetHeader: Rule<String>
    /// Scope of counting (`app+tenant+api`).
    public var scope: Rule<String>
    /// How a limit's window moves: `sliding` (the last 60 s / 1 s before each request) or
    /// `fixed` (clock-aligned minutes / seconds); absent when the spec does not say.
    public var window: Rule<String>?

    /// The values `window` may take (`lint` refuses others).
    public static let windowKinds = [slidingWindow, fixedWindow]
    /// `window` of a sliding window: at most N accepted requests in the last window length.
    public static let slidingWindow = "sliding"
    /// `window` of a fixed, clock-aligned window.
    public static let fixedWindow = "fixed"
}

/// Answers for requests that match no endpoint.
public struct RoutingRules: Sendable, Hashable, Codable {
    /// HTTP status for an unknown path (404).
    public var notFoundStatus: Rule<Int>
    /// HTTP status for a known path with the wrong method.
    public var methodMismatchStatus: Rule<Int>
}
