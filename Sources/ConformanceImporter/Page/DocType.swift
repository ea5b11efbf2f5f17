/// A type cell as the docs write it (`string`, `int`, `boolean`, `badge[]`, `map<string, string>`,
/// `number(float)`, `\-`), classified.
public struct DocType: Sendable, Equatable {
    /// The base kind, after any array marks.
    public enum Base: Sendable, Equatable {
        /// `string`.
        case string
        /// `int`, `integer`, `long`, `int64`.
        case int
        /// `boolean`, `bool`.
        case bool
        /// `float`, `double`, `number`, `number(float)`.
        case number
        /// `file`.
        case file
        /// `i18n`: locale -> text, unless its members say otherwise.
        case i18n
        /// `object`, `map<...>`, `object(X)`.
        case object
        /// A named structure (`badge`, `message_body`): an object.
        case custom(String)
        /// `enum`, `enum(Align)`: the values decide the type.
        case enumeration
        /// `-`, `\-`, `--`, `/` or empty: an object when it has members, else unknown.
        case unspecified
        /// Anything else (the cell holds text, not a type).
        case unknown(String)
    }

    /// The type cell the reader gives rows of a table without a type column.
    public static let untyped = "(no type column)"

    /// The base kind.
    public var base: Base
    /// How many array levels wrap it (`badge[]` is 1, `string[][]` is 2).
    public var arrayDepth: Int
    /// The cell as written, trimmed.
    public var text: String

    /// Classifies a type cell (plain text, escapes already removed).
    public init(_ cell: String) {
        var t = cell.trimmingCharactersInSet()
        text = t
        var depth = 0
        while true {
            let lower = t.lowercased()
            if t.hasSuffix("[]") {
                t = String(t.dropLast(2)).trimmingCharactersInSet()
            } else if t.hasPrefix("[]") {
                t = String(t.dropFirst(2)).trimmingCharactersInSet()
            } else if let inner = Self.wrapped(lower, t, ["array<", "list<"], close: ">") ?? Self.wrapped(lower, t, ["array("], close: ")") {
                t = inner
            } else if lower == "array" || lower == "list" || lower == "array>" || lower.hasPrefix("list\\") || lower.hasPrefix("list<") {
                // `array>`: an `array<...>` whose inner type the export lost (the example shows it).
                t = "unspecified-array-item"
            } else {
                break
            }
            depth += 1
        }
        arrayDepth = depth
        base = Self.base(t)
    }

    static func wrapped(_ lower: String, _ original: String, _ openers: [String], close: String) -> String? {
        for opener in openers where lower.hasPrefix(opener) && lower.hasSuffix(close) {
            return String(original.dropFirst(opener.count).dropLast(close.count)).trimmingCharactersInSet()
        }
        return nil
    }

    static func base(_ t: String) -> Base {
        let lower = t.lowercased()
        switch lower {
        case "string", "str": return .string
        case "int", "integer", "long", "int32", "int64", "uint32", "uint64", "short": return .int
        case "boolean", "bool", "true/false": return .bool
        case "float", "double", "number", "number(float)", "number(double)", "decimal": return .number
        case "file", "binary": return .file
        case "i18n": return .i18n
        case "object", "map", "json", "struct", "interface", "any": return .object
        case "enum": return .enumeration
        case "-", "--", "/", "", untyped.lowercased(), "unspecified-array-item": return .unspecified
        default: break
        }
        if lower.hasPrefix("map<") || lower.hasPrefix("object(") || lower.hasPrefix("object<") { return .object }
        if lower.hasPrefix("enum(") { return .enumeration }
        if lower.hasPrefix("string(") || lower.hasPrefix("string<") { return .string }
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        if let first = t.unicodeScalars.first, isLetter(first) || first == "_",
            t.unicodeScalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "-" })
        {
            return .custom(t)
        }
        return .unknown(t)
    }

    /// True for i18n.
    public var isI18n: Bool { base == .i18n && arrayDepth == 0 }

    /// True when rows may be nested under it: objects, named structures, i18n, unspecified, and arrays of those.
    public var opensMembers: Bool {
        switch base {
        case .object, .custom, .i18n, .unspecified: true
        default: false
        }
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    func trimmingCharactersInSet() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
