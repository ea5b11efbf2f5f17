import ConformanceSpec

/// A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1): the subset the export writes.
///
/// A plain value: the translator builds it, tests compare it, the renderer turns it into JSON.
/// Every member is optional; an empty schema accepts anything.
public struct JSONSchema: Sendable, Hashable {
    /// The JSON type (`type`).
    public var type: SchemaType?
    /// What the value means (`description`).
    public var description: String?
    /// The only accepted value (`const`).
    public var constant: JSONValue?
    /// The accepted values (`enum`).
    public var enumValues: [JSONValue]?
    /// Smallest accepted number (`minimum`).
    public var minimum: Int?
    /// Largest accepted number (`maximum`).
    public var maximum: Int?
    /// Shortest accepted string, in Unicode code points (`minLength`).
    public var minLength: Int?
    /// Longest accepted string, in Unicode code points (`maxLength`).
    public var maxLength: Int?
    /// A regular expression the string must match (`pattern`).
    public var pattern: String?
    /// A format annotation (`format`), e.g. `binary` for file parts.
    public var format: String?
    /// The media type of a string's content (`contentMediaType`), e.g. `image/png`.
    public var contentMediaType: String?
    /// The value assumed when absent (`default`).
    public var defaultValue: JSONValue?
    /// Example values (`examples`); each is valid against the schema.
    public var examples: [JSONValue]?
    /// Object members (`properties`).
    public var properties: [String: JSONSchema]?
    /// Members that must be present (`required`), in declared order.
    public var required: [String]?
    /// Alternatives of which exactly one matches (`oneOf`).
    public var oneOf: [JSONSchema]?
    /// A reference to a component (`$ref`), e.g. `#/components/schemas/ErrorReply`.
    public var ref: String?
    /// Vendor extensions; every key starts with `x-`.
    public var extensions: [String: JSONValue] = [:]
    /// The element schema of an array, stored in an array so the type can hold itself.
    private var itemStorage: [JSONSchema] = []

    /// The element schema of an array (`items`).
    public var items: JSONSchema? {
        get { itemStorage.first }
        set { itemStorage = newValue.map { [$0] } ?? [] }
    }

    /// A schema of `type`, optionally described.
    public init(type: SchemaType? = nil, description: String? = nil) {
        self.type = type
        self.description = description
    }

    /// `{"$ref": ref}`.
    public static func reference(_ ref: String) -> JSONSchema {
        var schema = JSONSchema()
        schema.ref = ref
        return schema
    }
}

/// The JSON Schema type names.
public enum SchemaType: String, Sendable, Hashable, CaseIterable {
    /// `string`, `integer`, `number`, `boolean`, `object`, `array`.
    case string, integer, number, boolean, object, array
}
