/// One platform endpoint, transcribed from its documentation page: the unit the mock serves,
/// the generator turns into Swift, and the runner checks. File: `Specs/<id>.json`.
public struct EndpointSpec: Sendable, Hashable, Codable {
    /// Stable id, also the file name: `admin.v1.badge.create`.
    public var id: String
    /// The doc page's title (as published, usually Chinese).
    public var title: String
    /// A short English title for reports and generated names: `Create badge`.
    public var summary: String
    /// The doc page this spec was transcribed from.
    public var source: SourceDoc
    /// `GET`, `POST`, ...
    public var method: String
    /// Path template under the domain: `/open-apis/admin/v1/badges` (path parameters as `:name`).
    public var path: String
    /// Domains the endpoint is served on (`feishu`, `lark`).
    public var domains: Rule<[String]>
    /// How the request body is encoded.
    public var bodyEncoding: BodyEncoding
    /// Token types, scopes and app types.
    public var auth: AuthSpec
    /// Rate limits, each applied per app per tenant; any one reached triggers the limit.
    public var rateLimits: [Rule<RateLimit>]
    /// Header, query, path and body fields of the request.
    public var request: [FieldSpec]
    /// The fields under `data` in a successful reply.
    public var response: ResponseSpec
    /// The endpoint's error table.
    public var errors: [ErrorEntry]
    /// Stateful behaviours: what the endpoint creates, lists, and which state rules apply.
    public var behaviours: [Behaviour]
    /// The catch-all error for an invalid parameter with no more specific code.
    public var invalidParamError: ErrorBinding
    /// Order in which checks are applied when a request breaks several rules; when nil the
    /// platform spec's `validationOrder` applies.
    public var validationOrder: Rule<[ValidationStage]>?
    /// Decisions taken for this endpoint where its doc is silent or contradicts itself.
    public var decisions: [Decision]?
    /// `curated` (transcribed by hand, with decisions; `import` never overwrites it) or `imported`
    /// (written by `import` from the doc page); curated when absent.
    public var tier: SpecTier?
    /// The rate-limit tier the page names when it gives no counts (`特殊频控`, a link to the
    /// platform's tier table), with the page's words.
    public var rateLimitTier: Rule<String>?
    /// What `import` could not fully read from the page, naming the table or cell; `lint` reports
    /// each as a warning, so a spec with any is not lint clean.
    public var importWarnings: [ImportWarning]?

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(
        id: String, title: String, summary: String, source: SourceDoc, method: String, path: String,
        domains: Rule<[String]>, bodyEncoding: BodyEncoding, auth: AuthSpec, rateLimits: [Rule<RateLimit>],
        request: [FieldSpec], response: ResponseSpec, errors: [ErrorEntry], behaviours: [Behaviour],
        invalidParamError: ErrorBinding, validationOrder: Rule<[ValidationStage]>? = nil, decisions: [Decision]? = nil,
        tier: SpecTier? = nil, rateLimitTier: Rule<String>? = nil, importWarnings: [ImportWarning]? = nil
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.source = source
        self.method = method
        self.path = path
        self.domains = domains
        self.bodyEncoding = bodyEncoding
        self.auth = auth
        self.rateLimits = rateLimits
        self.request = request
        self.response = response
        self.errors = errors
        self.behaviours = behaviours
        self.invalidParamError = invalidParamError
        self.validationOrder = validationOrder
        self.decisions = decisions
        self.tier = tier
        self.rateLimitTier = rateLimitTier
        self.importWarnings = importWarnings
    }

    /// The spec's tier: `tier`, or `curated` when the file does not say.
    public var effectiveTier: SpecTier { tier ?? .curated }

    /// `POST /open-apis/admin/v1/badges`.
    public var signature: String { "\(method) \(path)" }

    /// Request fields at one location.
    public func fields(in location: FieldLocation) -> [FieldSpec] { request.filter { $0.location == location } }

    /// The error table entry for `code`, if any.
    public func error(code: Int) -> ErrorEntry? { errors.first { $0.code == code } }
}

/// The doc page a spec comes from.
public struct SourceDoc: Sendable, Hashable, Codable {
    /// The page's URL.
    public var url: String
    /// The page's "last updated" date (`2023-05-16`), when it gives one.
    public var updated: String?
    /// The seed file it was transcribed from, relative to `shared/seeds/`.
    public var seed: String?
    /// The doc page file it was imported from, relative to the directory `import` read
    /// (`admin-v1/badge/badge/get.md` in `shared/feishu-docs/`).
    public var page: String?

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(url: String, updated: String? = nil, seed: String? = nil, page: String? = nil) {
        self.url = url
        self.updated = updated
        self.seed = seed
        self.page = page
    }
}

/// How a request body is encoded.
public enum BodyEncoding: String, Sendable, Hashable, Codable {
    /// `application/json`; multipart form data; no body.
    case json, multipart, none
}

/// Who may call an endpoint.
public struct AuthSpec: Sendable, Hashable, Codable {
    /// Accepted token types (`tenant`, `user`); any one suffices.
    public var tokenTypes: Rule<[TokenType]>
    /// Scopes; holding any one of them suffices.
    public var scopes: Rule<[String]>
    /// App types the doc lists (`custom`, `store`).
    public var appTypes: Rule<[String]>?

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(tokenTypes: Rule<[TokenType]>, scopes: Rule<[String]>, appTypes: Rule<[String]>? = nil) {
        self.tokenTypes = tokenTypes
        self.scopes = scopes
        self.appTypes = appTypes
    }
}

/// Access token kinds.
public enum TokenType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `tenant_access_token` (`t-`), `user_access_token` (`u-`), `app_access_token`.
    case tenant, user, app
}

/// A rate limit: `count` requests per `window`.
public struct RateLimit: Sendable, Hashable, Codable {
    /// Requests allowed per window.
    public var count: Int
    /// The window the count applies to (`second`, `minute`).
    public var window: RateWindow

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(count: Int, window: RateWindow) {
        self.count = count
        self.window = window
    }
}

/// A rate-limit window.
public enum RateWindow: String, Sendable, Hashable, Codable {
    /// "N 次/秒"; "N 次/分钟".
    case second, minute

    /// The window's length in seconds.
    public var seconds: Int { self == .second ? 1 : 60 }
}

/// Where a request field travels.
public enum FieldLocation: String, Sendable, Hashable, Codable {
    /// An HTTP header; a query parameter; a `:name` path segment; the body (JSON member or multipart part).
    case header, query, path, body
}

/// A field's type as the docs name it.
public enum FieldType: String, Sendable, Hashable, Codable {
    /// `i18n` is an object of locale -> string (`zh_cn`, `en_us`, `ja_jp`); the others are as named.
    case string, int, bool, number, file, object, array, i18n
}

/// How string length is counted for `minLength` / `maxLength`.
public enum LengthUnit: String, Sendable, Hashable, Codable {
    /// Unicode scalars (what Go's `utf8.RuneCountInString` counts).
    case characters
    /// UTF-8 bytes.
    case bytes
}

/// One value of an enumeration with its documented meaning.
public struct EnumCase: Sendable, Hashable, Codable {
    /// The value as sent.
    public var value: JSONValue
    /// What the doc says it means.
    public var description: String?

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(value: JSONValue, description: String? = nil) {
        self.value = value
        self.description = description
    }
}

/// A request or response field with every constraint the docs give it.
public struct FieldSpec: Sendable, Hashable, Codable {
    /// The field name as sent (`name`, `image_type`, `Authorization`).
    public var name: String
    /// Where it travels; required on top-level request fields, absent on nested and response fields.
    public var location: FieldLocation?
    /// The field type.
    public var type: FieldType
    /// What the doc says it means.
    public var description: String?
    /// For requests: must be sent. For responses: in the reply on success (for a row of the doc's
    /// response table, documented by the row), unless ``conditional`` says when it is left out;
    /// `false` on a response field only where its row is not in any table (lint asks for
    /// `conditional` instead).
    public var required: Rule<Bool>
    /// Response fields only: the reply leaves the field out unless this condition holds (the doc's
    /// "only when `has_more` is true", or our inference that an optional field is echoed only when
    /// sent). A missing field is a failure unless its condition is known not to hold, or cannot be
    /// known from the exchange; the provenance says whether the doc states the condition.
    public var conditional: Rule<PresenceCondition>?
    /// The value the platform assumes when the field is absent.
    public var `default`: Rule<JSONValue>?
    /// The accepted values, when the doc lists them; for an array, the values its items may take.
    public var `enum`: Rule<[EnumCase]>?
    /// Shortest accepted length, counted in `lengthUnit`.
    public var minLength: Rule<Int>?
    /// Longest accepted length, counted in `lengthUnit`.
    public var maxLength: Rule<Int>?
    /// How `minLength`/`maxLength` count; `characters` when absent.
    public var lengthUnit: Rule<LengthUnit>?
    /// Smallest accepted number.
    public var minimum: Rule<Int>?
    /// Largest accepted number.
    public var maximum: Rule<Int>?
    /// A fixed value the field must have (e.g. a JSON `Content-Type`). Media-type comparison for headers.
    public var fixedValue: Rule<String>?
    /// A value format such as `Bearer <access_token>`, informational.
    public var valueFormat: Rule<String>?
    /// File rules for `file` fields.
    public var file: FileRules?
    /// Members of `object` and `i18n` fields, and of the element objects of an `array` of `object`.
    public var fields: [FieldSpec]?
    /// Element type of `array` fields.
    public var itemType: FieldType?
    /// A regular expression (as the page gives it, 数据校验规则 正则校验) the value must match
    /// somewhere, as Go's `regexp.MatchString` does; `^` and `$` anchor it to the whole value.
    public var pattern: Rule<String>?
    /// The doc's example value.
    public var example: JSONValue?
    /// The error a value of the wrong type (or unparseable text) gets; the endpoint's
    /// `invalidParamError` when absent.
    public var typeError: ErrorBinding?

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(name: String, location: FieldLocation? = nil, type: FieldType, description: String? = nil, required: Rule<Bool>) {
        self.name = name
        self.location = location
        self.type = type
        self.description = description
        self.required = required
    }

    /// The effective length unit.
    public var effectiveLengthUnit: LengthUnit { lengthUnit?.value ?? .characters }
}

/// When a response field that the reply may leave out is present.
///
/// JSON: `{"when": "has_more is true"}` or `{"when": "i18n_name.zh_cn was sent", "sent": "i18n_name.zh_cn"}`.
public struct PresenceCondition: Sendable, Hashable, Codable {
    /// The condition in words, for reports.
    public var when: String
    /// The field echoes this request field (a dotted request path, `i18n_name.zh_cn`): present
    /// whenever the request sent it. A condition without `sent` cannot be checked from one reply,
    /// so absence is never held against the field (a behaviour may check it, as `lists` does for page tokens).
    public var sent: String?

    /// Creates a condition.
    public init(when: String, sent: String? = nil) {
        self.when = when
        self.sent = sent
    }
}

/// Rules for an uploaded file.
public struct FileRules: Sendable, Hashable, Codable {
    /// Accepted formats by `Media` name: `png`, `jpeg`, `gif`, `webp`, `bmp`, `tiff`, `ico`.
    public var formats: Rule<[String]>?
    /// Smallest accepted size in bytes (an empty file is refused by `minBytes` 1).
    public var minBytes: Rule<Int>?
    /// Largest accepted size in bytes.
    public var maxBytes: Rule<Int>?
    /// Pixel limits, checked in order; a limit with `formats` applies to those formats only.
    public var pixels: [PixelLimits]?

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(formats: Rule<[String]>? = nil, minBytes: Rule<Int>? = nil, maxBytes: Rule<Int>? = nil, pixels: [PixelLimits]? = nil) {
        self.formats = formats
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.pixels = pixels
    }
}

/// Pixel bounds for an image, optionally for some formats only.
public struct PixelLimits: Sendable, Hashable, Codable {
    /// Formats this applies to; all formats when nil.
    public var formats: [String]?
    /// Narrowest accepted width in pixels.
    public var minWidth: Rule<Int>?
    /// Widest accepted width in pixels.
    public var maxWidth: Rule<Int>?
    /// Lowest accepted height in pixels.
    public var minHeight: Rule<Int>?
    /// Highest accepted height in pixels.
    public var maxHeight: Rule<Int>?
    /// Width divided by height.
    public var minAspectRatio: Rule<Double>?
    /// Largest accepted width / height.
    public var maxAspectRatio: Rule<Double>?

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(formats: [String]? = nil) { self.formats = formats }
}

/// The successful reply's shape.
public struct ResponseSpec: Sendable, Hashable, Codable {
    /// `envelope`: `{code, msg, data: {...}}`; `flat`: fields beside `code` and `msg` (token endpoint);
    /// `binary`: the file's bytes (downloads).
    public var shape: ResponseShape
    /// The fields under `data` (or at the top level for `flat`).
    public var fields: [FieldSpec]
    /// The doc's response example.
    public var example: JSONValue?
    /// The `msg` of a successful reply when it differs from the platform envelope's
    /// `successMessage` (the token endpoint answers `ok`).
    public var successMessage: Rule<String>?

    /// The field at a dotted path of response fields (`badge.id`, `items`), or nil.
    public func field(at dotted: String) -> FieldSpec? {
        var members = fields
        var found: FieldSpec?
        for part in dotted.split(separator: ".") {
            guard let next = members.first(where: { $0.name == part }) else { return nil }
            found = next
            members = next.fields ?? []
        }
        return found
    }

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(shape: ResponseShape, fields: [FieldSpec], example: JSONValue? = nil, successMessage: Rule<String>? = nil) {
        self.shape = shape
        self.fields = fields
        self.example = example
        self.successMessage = successMessage
    }
}

/// Response body layouts.
public enum ResponseShape: String, Sendable, Hashable, Codable {
    /// `{code, msg, data: {...}}`; fields beside `code` and `msg` (the token endpoint).
    case envelope, flat
    /// A download: the successful reply's body is the file's bytes, not JSON (`fields` is empty);
    /// errors still come in the JSON envelope.
    case binary
}

/// One row of an error table.
public struct ErrorEntry: Sendable, Hashable, Codable {
    /// The platform error code (`code` in the reply).
    public var code: Int
    /// HTTP status with its provenance (for platform codes the docs often give none).
    public var httpStatus: Rule<Int>
    /// The platform's message (the `msg` it sends).
    public var message: String
    /// The doc's troubleshooting advice.
    public var advice: String?
    /// What triggers it, in words.
    public var trigger: String?
    /// False when it cannot be provoked from outside (server faults, tenant configuration).
    public var triggerable: Bool
    /// Why not, when `triggerable` is false.
    public var whyNotTriggerable: String?
    /// Where the entry comes from.
    public var provenance: Provenance

    enum CodingKeys: String, CodingKey {
        case code, httpStatus, message, advice, trigger, triggerable, whyNotTriggerable, documented, inferred
    }

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(
        code: Int, httpStatus: Rule<Int>, message: String, advice: String? = nil, trigger: String? = nil,
        triggerable: Bool = true, whyNotTriggerable: String? = nil, provenance: Provenance
    ) {
        self.code = code
        self.httpStatus = httpStatus
        self.message = message
        self.advice = advice
        self.trigger = trigger
        self.triggerable = triggerable
        self.whyNotTriggerable = whyNotTriggerable
        self.provenance = provenance
    }

    /// Decodes the entry; `triggerable` defaults to true, provenance sits inline.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(Int.self, forKey: .code)
        httpStatus = try c.decode(Rule<Int>.self, forKey: .httpStatus)
        message = try c.decode(String.self, forKey: .message)
        advice = try c.decodeIfPresent(String.self, forKey: .advice)
        trigger = try c.decodeIfPresent(String.self, forKey: .trigger)
        triggerable = try c.decodeIfPresent(Bool.self, forKey: .triggerable) ?? true
        whyNotTriggerable = try c.decodeIfPresent(String.self, forKey: .whyNotTriggerable)
        provenance = try Provenance.decode(from: c)
    }

    /// Encodes the entry with its provenance inline.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(advice, forKey: .advice)
        try c.encodeIfPresent(trigger, forKey: .trigger)
        try c.encode(triggerable, forKey: .triggerable)
        try c.encodeIfPresent(whyNotTriggerable, forKey: .whyNotTriggerable)
        try provenance.encode(into: &c)
    }
}

/// A stage of request checking, for precedence when a request breaks several rules.
public enum ValidationStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Token present, well formed, known, unexpired, of an accepted type.
    case auth
    /// Scope held by the app.
    case scope
    /// Per-tenant rate limits.
    case rateLimit
    /// App or tenant capabilities (bot ability, payment plan).
    case capability
    /// Body decodes (JSON / multipart) at all.
    case body
    /// Field rules in declared order: presence, type, enum, range, length, file bytes, format, pixels.
    case fields
    /// Stateful rules: references, uniqueness, quota.
    case state
}

/// A decision taken where the docs are silent or contradict themselves.
public struct Decision: Sendable, Hashable, Codable {
    /// Short stable id (`badge-name-length-unit`), also used in DECISIONS.md.
    public var id: String
    /// What the docs say or fail to say.
    public var question: String
    /// What we decided, and why.
    public var decision: String

    /// Creates the value from its parts (specs are normally decoded from JSON).
    public init(id: String, question: String, decision: String) {
        self.id = id
        self.question = question
        self.decision = decision
    }
}
