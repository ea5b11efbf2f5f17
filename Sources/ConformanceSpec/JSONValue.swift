import Foundation

/// A JSON value: what spec examples, defaults and enum values hold, and what validators walk.
public enum JSONValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number without fraction or exponent that fits `Int`.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object (member order is not kept).
    case object([String: JSONValue])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        // Commonest first: each miss throws a DecodingError whose coding path Foundation builds, and
        // strings (most enum values and example leaves in specs) came fourth. A JSON decoder never
        // reads a number or a Boolean as a String, nor a Boolean as a number, so the order changes
        // no value.
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    /// Encodes the value as JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let v): try container.encode(v)
        case .int(let v): try container.encode(v)
        case .double(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        case .array(let v): try container.encode(v)
        case .object(let v): try container.encode(v)
        }
    }

    /// Parses JSON bytes (any top-level value). Throws `JSONValue.ParseError` on malformed input.
    ///
    /// A hand-written single-pass parser (about 20x faster than `JSONDecoder` into `JSONValue`,
    /// which throws on every type probe); integers without fraction or exponent that fit `Int`
    /// become `.int`, other numbers `.double`; nesting deeper than 512 levels is refused.
    public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
        var parser = JSONTextParser(bytes: [UInt8](data))
        return try parser.parseDocument()
    }

    /// Why bytes could not be read as JSON.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong and where (byte offset).
        public var message: String
        /// Creates the error.
        public init(message: String) { self.message = message }
        /// The message.
        public var description: String { message }
    }

    /// Serialises with sorted keys, no escaped slashes: stable bytes for reports and generated code.
    ///
    /// Compact output is `JSONWriter`'s (the bytes `JSONEncoder` gives, for any depth). Pretty output
    /// is `JSONEncoder`'s; for a value it refuses (deeper than 512 levels, a non-finite double) it
    /// is the compact text rather than nothing.
    public func jsonData(pretty: Bool = false) -> Data {
        guard pretty else { return Data(JSONWriter.bytes(self)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data(JSONWriter.bytes(self))
    }

    /// Compact JSON text.
    public var jsonText: String { String(decoding: jsonData(), as: UTF8.self) }

    /// Compact JSON text.
    public var description: String { jsonText }

    /// The JSON type name as specs spell it: `null`, `bool`, `int`, `number`, `string`, `array`, `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The string, when this is one.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The integer, when this is one.
    public var intValue: Int? { if case .int(let i) = self { i } else { nil } }
    /// The boolean, when this is one.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    /// Follows a dotted path (`data.badge.id`); an empty path is `self`.
    public func value(at path: String) -> JSONValue? {
        guard !path.isEmpty else { return self }
        // One key (most paths): a lookup, without splitting the path into strings.
        if !path.utf8.contains(UInt8(ascii: ".")) { return self[path] }
        var current: JSONValue? = self
        for part in path.split(separator: ".") { current = current?[String(part)] }
        return current
    }
}
