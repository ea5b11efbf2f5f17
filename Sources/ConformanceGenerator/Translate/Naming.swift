/// Swift names derived from spec names: `admin.v1.badge_image.create` -> `AdminV1BadgeImageCreate`,
/// `image_type` -> `imageType`, with keywords escaped.
enum Naming {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout", "internal",
        "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias",
        "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in",
        "repeat", "return", "switch", "where", "while", "as", "catch", "false", "is", "nil", "super", "self", "Self",
        "throw", "throws", "true", "try", "any", "some", "Type",
    ]

    static func words(_ s: String) -> [String] {
        var words: [String] = []
        var current = ""
        for ch in s {
            if ch.isLetter || ch.isNumber, ch.isASCII {
                if ch.isUppercase, let last = current.last, last.isLowercase {
                    words.append(current)
                    current = ""
                }
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Names a nested type may not have (`Foo.Type` and friends are the language's).
    static let reservedTypeNames: Set<String> = ["Type", "Self", "Protocol", "Any", "Optional", "String", "Int", "Bool", "Double"]

    /// `UpperCamelCase`, never starting with a digit, never a reserved name.
    static func typeName(_ s: String) -> String {
        let name = words(s).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if name.isEmpty { return "Value" }
        if reservedTypeNames.contains(name) { return "\(name)Value" }
        return name.first?.isNumber == true ? "V\(name)" : name
    }

    /// `lowerCamelCase`, escaped with backticks when a keyword.
    static func memberName(_ s: String) -> String {
        let parts = words(s)
        guard let first = parts.first else { return "value" }
        var name = first.lowercased() + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if name.first?.isNumber == true { name = "value\(name)" }
        return keywords.contains(name) ? "`\(name)`" : name
    }
}
