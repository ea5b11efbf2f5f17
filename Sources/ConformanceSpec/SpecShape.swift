/// The expected JSON shape of spec files: every object type with its required and optional
/// keys. `SpecLinter` walks raw JSON against it (Codable alone ignores unknown keys), and
/// `SpecShape.jsonSchema()` renders the same table as `Specs/spec.schema.json`, so the schema
/// and the linter cannot drift apart.
public enum SpecShape {
    /// A JSON value's expected shape.
    indirect enum Shape: Sendable {
        case string
        case int
        case number
        case bool
        /// Any JSON value.
        case any
        /// A string from a fixed set.
        case oneOf([String])
        case array(Shape)
        /// An object with free keys, each value of one shape.
        case dictionary(Shape)
        /// A named object type from `objects`.
        case ref(String)
        /// `Rule<T>`: `value`, exactly one of `documented`/`inferred`, optional `error`.
        case rule(Shape)
        /// A behaviour, discriminated by `kind`.
        case behaviour
    }

    /// An object type.
    struct Object: Sendable {
        var required: [String: Shape]
        var optional: [String: Shape] = [:]
        /// True when the object carries its provenance inline (`documented` or `inferred`).
        var inlineProvenance = false
    }

    static let fieldTypes = ["string", "int", "bool", "number", "file", "object", "array", "i18n"]
    static let stages = ["auth", "scope", "rateLimit", "capability", "body", "fields", "state"]

    /// Behaviour kinds -> their object types (each also has `kind`).
    static let behaviourKinds: [String: String] = [
        "creates": "Creates", "lists": "Lists", "unique": "Unique", "quota": "Quota",
        "references": "References", "requiresCapability": "RequiresCapability", "item": "ItemAccess", "nested": "Nested",
    ]

    /// Every named object type.
    static let objects: [String: Object] = [
        "EndpointSpec": Object(
            required: [
                "id": .string, "title": .string, "summary": .string, "source": .ref("SourceDoc"),
                "method": .oneOf(["GET", "POST", "PUT", "PATCH", "DELETE"]), "path": .string,
                "domains": .rule(.array(.string)), "bodyEncoding": .oneOf(["json", "multipart", "none"]),
                "auth": .ref("AuthSpec"), "rateLimits": .array(.rule(.ref("RateLimit"))),
                "request": .array(.ref("FieldSpec")), "response": .ref("ResponseSpec"),
                "errors": .array(.ref("ErrorEntry")), "behaviours": .array(.behaviour),
                "invalidParamError": .ref("ErrorBinding"),
            ],
            optional: [
                "validationOrder": .rule(.array(.oneOf(stages))), "decisions": .array(.ref("Decision")),
                "tier": .oneOf(SpecTier.allCases.map(\.rawValue)), "rateLimitTier": .rule(.string),
                "importWarnings": .array(.ref("ImportWarning")),
            ]),
        "SourceDoc": Object(required: ["url": .string], optional: ["updated": .string, "seed": .string, "page": .string]),
        "ImportWarning": Object(required: ["location": .string, "message": .string]),
        "AuthSpec": Object(
            required: ["tokenTypes": .rule(.array(.oneOf(["tenant", "user", "app"]))), "scopes": .rule(.array(.string))],
            optional: ["appTypes": .rule(.array(.string))]),
        "RateLimit": Object(required: ["count": .int, "window": .oneOf(["second", "minute"])]),
        "FieldSpec": Object(
            required: ["name": .string, "type": .oneOf(fieldTypes), "required": .rule(.bool)],
            optional: [
                "location": .oneOf(["header", "query", "path", "body"]), "description": .string,
                "default": .rule(.any), "enum": .rule(.array(.ref("EnumCase"))),
                "minLength": .rule(.int), "maxLength": .rule(.int), "lengthUnit": .rule(.oneOf(["characters", "bytes"])),
                "minimum": .rule(.int), "maximum": .rule(.int), "fixedValue": .rule(.string), "valueFormat": .rule(.string),
                "file": .ref("FileRules"), "fields": .array(.ref("FieldSpec")), "itemType": .oneOf(fieldTypes),
                "example": .any, "typeError": .ref("ErrorBinding"), "conditional": .rule(.ref("PresenceCondition")),
                "pattern": .rule(.string),
            ]),
        "PresenceCondition": Object(required: ["when": .string], optional: ["sent": .string]),
        "EnumCase": Object(required: ["value": .any], optional: ["description": .string]),
        "FileRules": Object(
            required: [:],
            optional: [
                "formats": .rule(.array(.string)), "minBytes": .rule(.int), "maxBytes": .rule(.int),
                "pixels": .array(.ref("PixelLimits")),
            ]),
        "PixelLimits": Object(
            required: [:],
            optional: [
                "formats": .array(.string), "minWidth": .rule(.int), "maxWidth": .rule(.int),
                "minHeight": .rule(.int), "maxHeight": .rule(.int),
                "minAspectRatio": .rule(.number), "maxAspectRatio": .rule(.number),
            ]),
        "ResponseSpec": Object(
            required: ["shape": .oneOf(["envelope", "flat", "binary"]), "fields": .array(.ref("FieldSpec"))],
            optional: ["example": .any, "successMessage": .rule(.string)]),
        "ErrorEntry": Object(
            required: ["code": .int, "httpStatus": .rule(.int), "message": .string],
            optional: ["advice": .string, "trigger": .string, "triggerable": .bool, "whyNotTriggerable": .string],
            inlineProvenance: true),
        "ErrorBinding": Object(required: ["code": .int], inlineProvenance: true),
        "Provenance": Object(required: [:], inlineProvenance: true),
        "Decision": Object(required: ["id": .string, "question": .string, "decision": .string]),
        "Creates": Object(
            required: ["kind": .string, "resource": .string, "keyPath": .string, "keyStyle": .string, "provenance": .ref("Provenance")],
            optional: ["echoPath": .string, "storedFields": .array(.string)]),
        "Lists": Object(
            required: [
                "kind": .string, "resource": .string, "itemsPath": .string, "pageSizeParam": .string,
                "pageTokenParam": .string, "pageTokenPath": .string, "hasMorePath": .string,
                "pageTokenOnlyWhenMore": .rule(.bool), "order": .rule(.ref("ListOrder")), "provenance": .ref("Provenance"),
            ],
            optional: ["filters": .array(.ref("ListFilter"))]),
        "Unique": Object(required: [
            "kind": .string, "resource": .string, "field": .string, "error": .ref("ErrorBinding"), "provenance": .ref("Provenance"),
        ]),
        "Quota": Object(required: [
            "kind": .string, "resource": .string, "limit": .int, "error": .ref("ErrorBinding"), "provenance": .ref("Provenance"),
        ]),
        "References": Object(
            required: [
                "kind": .string, "field": .string, "resource": .string, "foreignTenantError": .ref("ErrorBinding"),
                "unknownKeyError": .ref("ErrorBinding"), "provenance": .ref("Provenance"),
            ],
            optional: ["maxAgeSeconds": .rule(.int), "expiredError": .ref("ErrorBinding")]),
        "RequiresCapability": Object(required: [
            "kind": .string, "capability": .string, "error": .ref("ErrorBinding"), "provenance": .ref("Provenance"),
        ]),
        "ItemAccess": Object(
            required: [
                "kind": .string, "operation": .oneOf(Behaviour.ItemAccess.Operation.allCases.map(\.rawValue)), "resource": .string,
                "keyParam": .string, "notFoundError": .ref("ErrorBinding"), "provenance": .ref("Provenance"),
            ],
            optional: ["echoPath": .string]),
        "Nested": Object(required: [
            "kind": .string, "param": .string, "resource": .string, "notFoundError": .ref("ErrorBinding"), "provenance": .ref("Provenance"),
        ]),
        "ListOrder": Object(required: ["by": .string, "direction": .oneOf(["ascending", "descending"])]),
        "ListFilter": Object(required: ["param": .string, "field": .string, "provenance": .ref("Provenance")]),
        "PlatformSpec": Object(
            required: [
                "domains": .dictionary(.string), "envelope": .ref("EnvelopeSpec"), "tokenEndpoint": .ref("EndpointSpec"),
                "tokens": .ref("TokenRules"), "errors": .array(.ref("ErrorEntry")), "roles": .ref("PlatformErrorRoles"),
                "rateLimiting": .ref("RateLimitAnswer"), "validationOrder": .rule(.array(.oneOf(stages))),
                "routing": .ref("RoutingRules"),
            ],
            optional: ["decisions": .array(.ref("Decision"))]),
        "EnvelopeSpec": Object(
            required: [
                "logIdHeader": .rule(.string), "successMessage": .rule(.string), "contentType": .rule(.string),
                "members": .rule(.ref("EnvelopeMembers")),
            ],
            optional: ["errorLogIdPath": .rule(.string)]),
        "EnvelopeMembers": Object(required: ["code": .string, "message": .string, "data": .string]),
        "TokenRules": Object(required: [
            "tenantPrefix": .rule(.string), "userPrefix": .rule(.string), "tenantTokenLifetimeSeconds": .rule(.int),
            "refreshWindowSeconds": .rule(.int), "scheme": .rule(.string), "endpointFields": .rule(.ref("TokenEndpointFields")),
        ]),
        "TokenEndpointFields": Object(required: ["appID": .string, "appSecret": .string, "token": .string, "expire": .string]),
        "PlatformErrorRoles": Object(
            required: Dictionary(
                uniqueKeysWithValues: [
                    "missingToken", "malformedAuthorization", "badTokenPrefix", "invalidTenantToken", "invalidUserToken",
                    "wrongTokenType", "missingScope", "rateLimited", "notFound", "methodMismatch", "badCredentials", "tokenBadRequest",
                ].map { ($0, Shape.ref("ErrorBinding")) })),
        "RateLimitAnswer": Object(
            required: [
                "httpStatus": .rule(.int), "limitHeader": .rule(.string), "resetHeader": .rule(.string), "scope": .rule(.string),
            ],
            optional: ["window": .rule(.oneOf(RateLimitAnswer.windowKinds))]),
        "RoutingRules": Object(required: ["notFoundStatus": .rule(.int), "methodMismatchStatus": .rule(.int)]),
    ]

    /// Every key an object type accepts (required, optional and inline provenance), for tests and tools.
    public static func allowedKeys(of typeName: String) -> Set<String>? {
        guard let object = objects[typeName] else { return nil }
        var keys = Set(object.required.keys).union(object.optional.keys)
        if object.inlineProvenance { keys.formUnion(["documented", "inferred"]) }
        return keys
    }

    /// The names of every object type in the table.
    public static var typeNames: [String] { objects.keys.sorted() }

    // MARK: JSON Schema rendering

    /// The JSON Schema (draft 2020-12) for endpoint files and the platform file, rendered
    /// from the same table the linter uses. Written to `Specs/spec.schema.json`.
    public static func jsonSchema() -> JSONValue {
        var defs: [String: JSONValue] = [:]
        for (name, object) in objects { defs[name] = schema(object) }
        defs["Behaviour"] = .object([
            "oneOf": .array(
                behaviourKinds.keys.sorted().map { kind in
                    guard let typeName = behaviourKinds[kind], let object = objects[typeName] else { return .null }
                    var s = schema(object)
                    if case .object(var o) = s, case .object(var props)? = o["properties"] {
                        props["kind"] = .object(["const": .string(kind)])
                        o["properties"] = .object(props)
                        s = .object(o)
                    }
                    return s
                })
        ])
        return .object([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://github.com/feishu-conformance/specs/spec.schema.json",
            "title": "feishu-conformance spec file (an endpoint spec or platform.json)",
            "description":
                "GENERATED from Sources/ConformanceSpec/SpecShape.swift; do not edit by hand. Re-record with RECORD_SCHEMA=1 swift test --filter ConformanceSpecTests.",
            "oneOf": [.object(["$ref": "#/$defs/EndpointSpec"]), .object(["$ref": "#/$defs/PlatformSpec"])],
            "$defs": .object(defs),
        ])
    }

    static let provenanceOneOf: JSONValue = .array([
        .object(["required": ["documented"]]), .object(["required": ["inferred"]]),
    ])

    static func schema(_ object: Object) -> JSONValue {
        var props: [String: JSONValue] = [:]
        for (key, shape) in object.required { props[key] = schema(shape) }
        for (key, shape) in object.optional { props[key] = schema(shape) }
        var o: [String: JSONValue] = ["type": "object", "additionalProperties": false]
        if object.inlineProvenance {
            props["documented"] = .object(["type": "string", "minLength": 1])
            props["inferred"] = .object(["type": "string", "minLength": 1])
            o["oneOf"] = provenanceOneOf
        }
        o["properties"] = .object(props)
        if !object.required.isEmpty { o["required"] = .array(object.required.keys.sorted().map { .string($0) }) }
        return .object(o)
    }

    static func schema(_ shape: Shape) -> JSONValue {
        switch shape {
        case .string: return .object(["type": "string"])
        case .int: return .object(["type": "integer"])
        case .number: return .object(["type": "number"])
        case .bool: return .object(["type": "boolean"])
        case .any: return .object([:])
        case .oneOf(let values): return .object(["enum": .array(values.map { .string($0) })])
        case .array(let element): return .object(["type": "array", "items": schema(element)])
        case .dictionary(let value): return .object(["type": "object", "additionalProperties": schema(value)])
        case .ref(let name): return .object(["$ref": .string("#/$defs/\(name)")])
        case .behaviour: return .object(["$ref": "#/$defs/Behaviour"])
        case .rule(let value):
            return .object([
                "type": "object", "additionalProperties": false,
                "properties": .object([
                    "value": schema(value),
                    "documented": .object(["type": "string", "minLength": 1]),
                    "inferred": .object(["type": "string", "minLength": 1]),
                    "error": .object(["$ref": "#/$defs/ErrorBinding"]),
                ]),
                "required": ["value"],
                "oneOf": provenanceOneOf,
            ])
        }
    }
}
