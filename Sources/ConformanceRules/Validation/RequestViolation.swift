import ConformanceModel
import ConformanceSpec
import Foundation

/// One rule of a spec that a request breaks, with the platform error code that answers it.
public struct RequestViolation: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The validation stage the rule belongs to; stages order violations by the spec's `validationOrder`.
    public var stage: ValidationStage
    /// The spec rule as a dotted reference: `request.name.maxLength`, `request.body.encoding`,
    /// `auth.missingToken`, `rateLimits.0`, `behaviours.unique.name`.
    public var rule: String
    /// The field's dotted path (`name`, `i18n_name.zh_cn`, `image_file`), when the rule is about one field.
    public var field: String?
    /// What the spec expects, in words (`at most 30 characters`).
    public var expected: String
    /// What the request had (`31 characters`). Never a secret: credential values are redacted.
    public var observed: String
    /// The platform error code this violation is answered with.
    public var code: Int
    /// Where the rule comes from.
    public var provenance: Provenance

    /// Creates a violation.
    public init(stage: ValidationStage, rule: String, field: String?, expected: String, observed: String, code: Int, provenance: Provenance) {
        self.stage = stage
        self.rule = rule
        self.field = field
        self.expected = expected
        self.observed = observed
        self.code = code
        self.provenance = provenance
    }

    /// `request.name.maxLength (name): expected at most 30 characters, observed 31 characters -> 1051104`.
    public var description: String {
        let f = field.map { " (\($0))" } ?? ""
        return "\(rule)\(f): expected \(expected), observed \(observed) -> \(code)"
    }
}

/// A file part received in a request body.
public struct UploadedFile: Sendable, Hashable {
    /// The bytes of the part.
    public var data: Data
    /// The part's `filename`, when the client sent one.
    public var filename: String?
    /// The part's `Content-Type`, when the client sent one.
    public var contentType: String?

    /// Creates an uploaded file.
    public init(data: Data, filename: String? = nil, contentType: String? = nil) {
        self.data = data
        self.filename = filename
        self.contentType = contentType
    }
}

/// The typed values a request carried, as its spec reads them (multipart text `"1"` of an `int`
/// field becomes `.int(1)`). Fields whose values broke their type rule are absent.
public struct RequestValues: Sendable, Hashable {
    /// Body fields (non-file), by name; for JSON bodies, every member of the top-level object.
    public var body: [String: JSONValue]
    /// Query parameters described by the spec, typed.
    public var query: [String: JSONValue]
    /// Path parameters described by the spec, typed.
    public var path: [String: JSONValue]
    /// File parts by field name.
    public var files: [String: UploadedFile]

    /// Creates values.
    public init(body: [String: JSONValue] = [:], query: [String: JSONValue] = [:], path: [String: JSONValue] = [:], files: [String: UploadedFile] = [:]) {
        self.body = body
        self.query = query
        self.path = path
        self.files = files
    }

    /// The body as one JSON object.
    public var bodyObject: JSONValue { .object(body) }
}

/// The outcome of checking one request against its spec.
public struct RequestValidation: Sendable, Hashable {
    /// Every violation, in precedence order (the spec's stage order, then the order fields and
    /// their constraints are declared in).
    public var violations: [RequestViolation]
    /// The typed values read from the request.
    public var values: RequestValues

    /// Creates a validation outcome.
    public init(violations: [RequestViolation], values: RequestValues) {
        self.violations = violations
        self.values = values
    }

    /// The violation the platform answers with: the first in precedence order.
    public var first: RequestViolation? { violations.first }

    /// True when the request breaks no rule the validator checks.
    public var isValid: Bool { violations.isEmpty }
}
