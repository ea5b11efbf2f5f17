import ConformanceSpec

/// The last reading of a page's JSON example, after ``ExampleJSON``'s spelling repairs: a
/// forgiving recursive descent that reads what the example shows where a strict parser stops.
///
/// - `//`, `/* */` and ` # ` remarks, trailing and missing commas, `，` and `：` for `,` and `:`;
/// - unquoted keys (`{user_id: "ou_x"}`) and single-quoted strings;
/// - `...`, `…` and `[-]` placeholders in arrays and objects: skipped;
/// - a value string with quotes inside it (`"page_token":"{"cn":"x"}"`, `""200000""`): it ends at
///   the quote after which only closers, commas or a remark follow on the line, or a next key;
///   a string that reaches the line's end unclosed ends there;
/// - a bare word (`123.doc`, `and`) is the string it spells; `0/1/-1` (alternatives) is the first;
/// - several examples in one block (one per case): the first;
/// - a closer of the other kind (`]` where `}` is open) closes the open one.
///
/// Used only when the strict and repaired readings fail, so a well-formed example is read exactly.
struct LenientJSON {
    private let chars: [Character]
    private var i = 0
    private var steps = 0

    private init(_ text: String) { chars = Array(text) }

    /// The first JSON value `text` shows, or nil when it shows none (no `{` or `[` to start from,
    /// or nothing of it can be read).
    static func parse(_ text: String) -> JSONValue? {
        var parser = LenientJSON(text)
        parser.skipSpace()
        guard parser.peek == "{" || parser.peek == "[" else { return nil }
        return parser.value(depth: 0)
    }

    private var peek: Character? { i < chars.count ? chars[i] : nil }
    private func at(_ k: Int) -> Character? { i + k < chars.count ? chars[i + k] : nil }

    private mutating func skipSpace() {
        while let c = peek {
            if c.isWhitespace {
                i += 1
            } else if c == "/", at(1) == "/" || (at(1) == "*") {
                if at(1) == "/" {
                    while let d = peek, d != "\n" { i += 1 }
                } else {
                    i += 2
                    while i < chars.count, !(chars[i] == "*" && at(1) == "/") { i += 1 }
                    i = min(chars.count, i + 2)
                }
            } else if c == "#", i > 0, chars[i - 1].isWhitespace {
                while let d = peek, d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    /// `...`, `……`, `…`: a placeholder for more of the same.
    private mutating func skipEllipsis() -> Bool {
        var j = i
        var dots = 0
        while j < chars.count, chars[j] == "." || chars[j] == "…" || chars[j] == "。" {
            dots += chars[j] == "." ? 1 : 3
            j += 1
        }
        guard dots >= 2 else { return false }
        i = j
        return true
    }

    private mutating func value(depth: Int) -> JSONValue? {
        steps += 1
        guard depth < 200, steps < 200_000 else { return nil }
        skipSpace()
        guard let c = peek else { return nil }
        switch c {
        case "{": return object(depth: depth)
        case "[": return array(depth: depth)
        case "\"", "'", "“": return .string(string(key: false))
        default: return scalar()
        }
    }

    private static func closes(_ c: Character) -> Bool { c == "}" || c == "]" }
    private static func separates(_ c: Character) -> Bool { c == "," || c == "，" }

    private mutating func object(depth: Int) -> JSONValue? {
        i += 1
        var members: [String: JSONValue] = [:]
        while true {
            skipSpace()
            guard let c = peek else { return .object(members) }
            if Self.closes(c) {
                i += 1
                return .object(members)
            }
            if Self.separates(c) || skipEllipsis() {
                if Self.separates(c) { i += 1 }
                continue
            }
            guard let key = key() else { return .object(members) }
            skipSpace()
            if peek == ":" || peek == "：" { i += 1 } else { return .object(members) }
            skipSpace()
            if let v = value(depth: depth + 1) { members[key] = v } else { return nil }
        }
    }

    private mutating func array(depth: Int) -> JSONValue? {
        i += 1
        var items: [JSONValue] = []
        while true {
            skipSpace()
            guard let c = peek else { return .array(items) }
            if Self.closes(c) {
                i += 1
                return .array(items)
            }
            if Self.separates(c) {
                i += 1
                continue
            }
            if skipEllipsis() { continue }
            if c == "-", let next = at(1), next == "]" || next == "," || next.isWhitespace {
                i += 1
                continue
            }  // `[-]`
            guard let v = value(depth: depth + 1) else { return nil }
            items.append(v)
        }
    }

    private mutating func key() -> String? {
        guard let c = peek else { return nil }
        if c == "\"" || c == "'" || c == "“" { return string(key: true) }
        var name = ""
        while let d = peek, d != ":", d != "：", !d.isWhitespace, !Self.closes(d), !Self.separates(d), d != "{", d != "[" {
            name.append(d)
            i += 1
        }
        return name.isEmpty ? nil : name
    }

    /// A quoted string. A key ends at its closing quote; a value string at the quote the rest of
    /// the line shows to be its end (see the type's notes).
    private mutating func string(key: Bool) -> String {
        let open = chars[i]
        let close: Character = open == "“" ? "”" : open
        i += 1
        var out = ""
        while let c = peek {
            if c == "\\", let next = at(1) {
                switch next {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b", "f": break
                case "u":
                    let hex = String(chars[min(chars.count, i + 2)..<min(chars.count, i + 6)])
                    if hex.count == 4, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                        out.unicodeScalars.append(scalar)
                        i += 4
                    }
                default: out.append(next)
                }
                i += 2
                continue
            }
            if c == "\n" {
                // Unclosed on its line: it ends there (a trailing comma is the separator).
                if out.hasSuffix(",") { out.removeLast() }
                return out.trimmingCharactersInSet()
            }
            if c == close, key || endsValue(after: i + 1) {
                i += 1
                return out
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// Whether a quote at `j - 1` ends a value string: what follows on its line is only closers,
    /// separators, whitespace or a remark; or a separator and then a next key (`"a":"x","b":1`).
    private func endsValue(after j: Int) -> Bool {
        var k = j
        while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
        guard k < chars.count else { return true }
        let c = chars[k]
        if c == "\n" || c == "\r" { return true }
        if c == "/" || c == "#" { return true }
        if Self.closes(c) || Self.separates(c) {
            // Only closers and separators to the line's end, or a separator followed by a key.
            var m = k
            while m < chars.count, Self.closes(chars[m]) || Self.separates(chars[m]) || chars[m] == " " || chars[m] == "\t" || chars[m] == "\r" { m += 1 }
            if m >= chars.count || chars[m] == "\n" || chars[m] == "/" { return true }
            if Self.separates(chars[m - 1]) || chars[k...m].contains(where: Self.separates) {
                // `,"b":` or `, b:`: a next key; `,"x"]` in an array: a next item.
                if chars[m] == "\"" || chars[m] == "{" || chars[m] == "[" || chars[m].isNumber || chars[m] == "-" || chars[m].isLetter { return true }
            }
            return false
        }
        return false
    }

    /// A number, `true`, `false`, `null`, or a bare word read as the string it spells.
    private mutating func scalar() -> JSONValue? {
        var word = ""
        while let c = peek, !Self.separates(c), !Self.closes(c), c != "\n", c != "\r" {
            if c == "/", at(1) == "/" { break }
            word.append(c)
            i += 1
        }
        word = word.trimmingCharactersInSet()
        guard !word.isEmpty else { return nil }
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if let n = Self.number(word) { return n }
        // `0/1/-1`: alternatives, the first stands for them.
        let parts = word.split(separator: "/").map { String($0).trimmingCharactersInSet() }
        if parts.count > 1, let first = parts.first, let n = Self.number(first), parts.allSatisfy({ Self.number($0) != nil }) { return n }
        return .string(word)
    }

    private static func number(_ text: String) -> JSONValue? {
        guard let first = text.first, first.isNumber || first == "-" else { return nil }
        if let n = Int(text) { return .int(n) }
        if text.allSatisfy({ $0.isNumber || "-+.eE".contains($0) }), let d = Double(text), d.isFinite { return .double(d) }
        return nil
    }
}
